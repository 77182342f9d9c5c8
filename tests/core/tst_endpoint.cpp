// SPDX-License-Identifier: Apache-2.0
#include "core/Endpoint.h"

#include <QTest>

using namespace adm;

class TestEndpoint : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("insecure");
        QTest::addColumn<QString>("url"); // empty = must fail
        QTest::addColumn<QString>("error");
        QTest::newRow("cli form is tls") << "api.cp.example.com:443" << false << "https://api.cp.example.com:443"
                                         << "";
        QTest::newRow("host only") << "api.cp.example.com" << false << "https://api.cp.example.com:443"
                                   << "";
        QTest::newRow("cli insecure") << "127.0.0.1:9000" << true << "http://127.0.0.1:9000"
                                      << "";
        QTest::newRow("ipv6") << "[::1]:9000" << true << "http://[::1]:9000"
                              << "";
        QTest::newRow("https url") << "https://cp.example.com" << false << "https://cp.example.com:443"
                                   << "";
        QTest::newRow("url with prefix") << "https://cp.example.com:8443/grpc/" << false
                                         << "https://cp.example.com:8443/grpc"
                                         << "";
        QTest::newRow("http needs insecure") << "http://cp.example.com:8000" << false << ""
                                             << "insecure";
        QTest::newRow("http with insecure") << "http://localhost:8000" << true << "http://localhost:8000"
                                            << "";
        QTest::newRow("https contradicts insecure") << "https://cp.example.com" << true << ""
                                                    << "https://";
        QTest::newRow("empty") << "" << false << ""
                               << "Enter";
        QTest::newRow("spaces") << "cp example.com" << false << ""
                                << "spaces";
        QTest::newRow("bad port") << "cp.example.com:99999" << false << ""
                                  << "";
        QTest::newRow("ftp") << "ftp://cp.example.com" << false << ""
                             << "scheme";
        QTest::newRow("query") << "https://cp.example.com/?a=b" << false << ""
                               << "query";
        QTest::newRow("path without scheme") << "cp.example.com:443/x" << false << ""
                                             << "URL";
    }
    void parse()
    {
        QFETCH(QString, address);
        QFETCH(bool, insecure);
        QFETCH(QString, url);
        QFETCH(QString, error);
        const auto r = parseEndpoint(address, insecure);
        if (url.isEmpty()) {
            QVERIFY2(!r.endpoint, qPrintable(address));
            QVERIFY(!r.error.isEmpty());
            QVERIFY2(r.error.contains(error), qPrintable(r.error));
        } else {
            QVERIFY2(r.endpoint, qPrintable(r.error));
            QCOMPARE(r.endpoint->baseUrl().toString(), url);
        }
    }
    void loopback()
    {
        QVERIFY(parseEndpoint(QStringLiteral("127.0.0.1:1"), true).endpoint->isLoopback());
        QVERIFY(parseEndpoint(QStringLiteral("localhost:1"), true).endpoint->isLoopback());
        QVERIFY(parseEndpoint(QStringLiteral("[::1]:1"), true).endpoint->isLoopback());
        QVERIFY(!parseEndpoint(QStringLiteral("10.0.0.1:1"), true).endpoint->isLoopback());
    }
    void protocols()
    {
        QCOMPARE(protocolFromName(QStringLiteral("grpc-web")), Protocol::GrpcWeb);
        QCOMPARE(protocolFromName(QStringLiteral("AUTO")), Protocol::Auto);
        QVERIFY(!protocolFromName(QStringLiteral("http")).has_value());
    }
};

QTEST_GUILESS_MAIN(TestEndpoint)
#include "tst_endpoint.moc"
