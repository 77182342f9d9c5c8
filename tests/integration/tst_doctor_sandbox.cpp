// SPDX-License-Identifier: Apache-2.0
// `doctor` against the sandbox: exit statuses 0, 2, 3 and 4 in both protocols.
#include "SandboxFixture.h"
#include "app/DoctorCommand.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace adm;
using namespace adm::app;
using namespace adm::test;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(adm::Protocol)

class TestDoctorSandbox : public QObject
{
    Q_OBJECT
    SandboxProcess m_sandbox;

    struct Run {
        int exit = -1;
        QJsonObject report;
        QString text;
    };

    Run doctor(const QString &token, const QString &org = {}, quint16 port = 0)
    {
        QFETCH(Protocol, protocol);
        DoctorOptions o;
        const quint16 p = port ? port : (protocol == Protocol::GrpcWeb ? m_sandbox.httpPort() : m_sandbox.grpcPort());
        o.url = QStringLiteral("127.0.0.1:%1").arg(p);
        o.insecure = true;
        o.protocol = protocol;
        o.organization = org;
        o.token = token.toUtf8();
        o.timeout = 5s;
        DoctorCommand d(o);
        QSignalSpy spy(&d, &DoctorCommand::finished);
        d.start();
        if (!spy.wait(60000))
            return {};
        return { spy.at(0).at(0).toInt(), d.report(), d.text() };
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString())); }

    void exitStatuses_data()
    {
        QTest::addColumn<Protocol>("protocol");
        QTest::newRow("grpc") << Protocol::Grpc;
        QTest::newRow("grpc-web") << Protocol::GrpcWeb;
        QTest::newRow("auto") << Protocol::Auto;
    }
    void exitStatuses()
    {
        const QString owner = seededUser(m_sandbox, "olivia.owner@acme.example");
        Run r = doctor(owner, QStringLiteral("acme"));
        QVERIFY2(r.exit == DoctorCommand::Ok, qPrintable(r.text));
        QVERIFY(r.text.contains(QStringLiteral("olivia.owner@acme.example")));
        QVERIFY(!r.text.contains(owner)); // never the token
        QCOMPARE(r.report.value(QStringLiteral("checks")).toArray().size(), 4);
        qInfo().noquote() << "\n" << r.text; // the sample in the report

        r = doctor(QStringLiteral("not-a-jwt"));
        QVERIFY2(r.exit == DoctorCommand::AuthenticationFailed, qPrintable(r.text));

        r = doctor(seededUser(m_sandbox, "vera.viewer@acme.example"), QStringLiteral("acme"));
        QVERIFY2(r.exit == DoctorCommand::PermissionMissing, qPrintable(r.text));
        QVERIFY(r.text.contains(QStringLiteral("admin or owner")));

        quint16 closed = 0;
        {
            QTcpServer probe;
            probe.listen(QHostAddress::LocalHost, 0);
            closed = probe.serverPort();
        }
        r = doctor(owner, QStringLiteral("acme"), closed);
        QVERIFY2(r.exit == DoctorCommand::Unreachable, qPrintable(r.text));

        r = doctor({}); // no token: reachability, version and latency only
        QVERIFY2(r.exit == DoctorCommand::Ok, qPrintable(r.text));
        QVERIFY(r.report.contains(QStringLiteral("latencyMs")));
    }
};

QTEST_GUILESS_MAIN(TestDoctorSandbox)
#include "tst_doctor_sandbox.moc"
