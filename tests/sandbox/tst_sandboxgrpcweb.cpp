// SPDX-License-Identifier: Apache-2.0
// The sandbox's HTTP port: gRPC-Web through a plain HTTP/1.1 client, parity with native gRPC,
// CORS, and the JSON routes.
#include "TransportTestHelpers.h"
#include "controlplane/v1/context.pb.h"
#include "controlplane/v1/status.pb.h"
#include "support/GrpcWebTestClient.h"
#include "support/SandboxProcess.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace adm::test;
namespace cp = controlplane::v1;

namespace {

struct HttpResult {
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers;
};

HttpResult httpRequest(const QUrl &url, const QByteArray &verb = "GET", const GrpcMetadata &headers = {})
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    for (const auto &[k, v] : headers)
        request.setRawHeader(k, v);
    QNetworkReply *reply = nam.sendCustomRequest(request, verb);
    QSignalSpy spy(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        spy.wait(10000);
    HttpResult r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    for (const auto &[k, v] : reply->rawHeaderPairs())
        r.headers.insert(k.toLower(), v);
    delete reply;
    return r;
}

} // namespace

class TestSandboxGrpcWeb : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void infoz();
    void infozAsText();
    void errorTrailer();
    void sameAnswersAsNativeGrpc_data();
    void sameAnswersAsNativeGrpc();
    void userTokenSeesItself();
    void concurrentCallsOneManager();
    void corsPreflight();
    void badFrames();
    void oversizedRequest();
    void jsonRoutes();
    void unknownPathIs404();
    void controlEndpointNeedsFlag();

private:
    QString orgName() const
    {
        return m_sandbox.seededTokens().value(QStringLiteral("org_tokens")).toObject().keys().value(0);
    }

    SandboxProcess m_sandbox { SandboxProcess::Options { true, false, {}, std::chrono::seconds(20) } };
    std::unique_ptr<GrpcWebTestClient> m_web;
    std::shared_ptr<grpc::Channel> m_channel;
};

void TestSandboxGrpcWeb::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    m_web = std::make_unique<GrpcWebTestClient>(m_sandbox.httpUrl());
    m_channel = grpcChannel(m_sandbox.grpcAddress());
}

void TestSandboxGrpcWeb::infoz()
{
    const GrpcWebResult r = m_web->call("/controlplane.v1.StatusService/Infoz", {});
    QCOMPARE(r.networkError, QNetworkReply::NoError);
    QCOMPARE(r.httpStatus, 200);
    QVERIFY(r.headers.value("content-type").startsWith("application/grpc-web+proto"));
    QVERIFY2(r.frameError.isEmpty(), qPrintable(r.frameError));
    QCOMPARE(r.grpcStatus, 0);
    QCOMPARE(r.messages.size(), 1);
    cp::InfozResponse infoz;
    QVERIFY(infoz.ParseFromArray(r.message().constData(), int(r.message().size())));
    QCOMPARE(QString::fromStdString(infoz.login_url()), m_sandbox.httpUrl(QStringLiteral("/auth/login")).toString());
}

void TestSandboxGrpcWeb::infozAsText()
{
    GrpcWebTestClient::Options options;
    options.text = true;
    const GrpcWebResult r = m_web->call("/controlplane.v1.StatusService/Infoz", {}, {}, options);
    QCOMPARE(r.httpStatus, 200);
    QVERIFY(r.headers.value("content-type").startsWith("application/grpc-web-text"));
    QVERIFY2(r.frameError.isEmpty(), qPrintable(r.frameError));
    QCOMPARE(r.grpcStatus, 0);
    cp::InfozResponse infoz;
    QVERIFY(infoz.ParseFromArray(r.message().constData(), int(r.message().size())));
    QVERIFY(!infoz.version().empty());
}

void TestSandboxGrpcWeb::errorTrailer()
{
    // No token: status, percent-encoded message and base64 details all in the trailer frame.
    const GrpcWebResult r = m_web->call("/controlplane.v1.APITokenService/List", {});
    QCOMPARE(r.httpStatus, 200);
    QVERIFY(r.messages.isEmpty());
    QCOMPARE(r.grpcStatus, 16);
    QVERIFY(!r.grpcMessage.isEmpty());
    QCOMPARE(errorInfoReason(r.statusDetails), QStringLiteral("UNAUTHORIZED"));
    // Same status message on both protocols (grpc++ decodes its own percent-encoding).
    const GrpcResult g = grpcCall(m_channel, "/controlplane.v1.APITokenService/List", {});
    QCOMPARE(r.grpcMessage, QString::fromStdString(g.status.error_message()));
    QCOMPARE(r.statusDetails, QByteArray::fromStdString(g.status.error_details()));
}

void TestSandboxGrpcWeb::sameAnswersAsNativeGrpc_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("tokenKey");
    for (const QByteArray &m : allMethods()) {
        // Read-only and failing-validation calls only: both protocols must see the same state.
        QTest::newRow((m + " user").constData()) << m << QStringLiteral("instance_admin_user_token");
        QTest::newRow((m + " none").constData()) << m << QString();
    }
}

void TestSandboxGrpcWeb::sameAnswersAsNativeGrpc()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, tokenKey);
    GrpcMetadata md;
    if (!tokenKey.isEmpty())
        md = bearerMetadata(m_sandbox.seededTokens().value(tokenKey).toString(), orgName());
    const GrpcResult g = grpcCall(m_channel, method, {}, md);
    const GrpcWebResult w = m_web->call(method, {}, md);
    QCOMPARE(w.httpStatus, 200);
    QVERIFY2(w.frameError.isEmpty(), qPrintable(w.frameError));
    QCOMPARE(w.grpcStatus, g.code());
    QCOMPARE(w.grpcMessage, QString::fromStdString(g.status.error_message()));
    // Reads return the same bytes; writes with an empty request fail validation on both.
    const bool read = method.contains("/List") || method.contains("/Current") || method.contains("StatusService");
    if (g.status.ok() && read)
        QCOMPARE(w.message(), g.body);
}

void TestSandboxGrpcWeb::userTokenSeesItself()
{
    const QJsonObject users = m_sandbox.seededTokens().value(QStringLiteral("user_tokens")).toObject();
    QVERIFY(!users.isEmpty());
    const GrpcWebResult r = m_web->call(
        "/controlplane.v1.ContextService/Current", {}, GrpcWebTestClient::bearer(users.begin().value().toString()));
    QCOMPARE(r.grpcStatus, 0);
    cp::ContextServiceCurrentResponse current;
    QVERIFY(current.ParseFromArray(r.message().constData(), int(r.message().size())));
    QCOMPARE(QString::fromStdString(current.result().current_user().email()), users.begin().key());
}

void TestSandboxGrpcWeb::concurrentCallsOneManager()
{
    // As the app does: one QNAM, many calls in flight over its HTTP/1.1 connections (keep-alive).
    QNetworkAccessManager nam;
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 60; ++i) {
        QNetworkRequest request(m_sandbox.httpUrl(QStringLiteral("/controlplane.v1.StatusService/Infoz")));
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/grpc-web+proto"));
        replies.append(nam.post(request, GrpcWebTestClient::frame({})));
    }
    for (QNetworkReply *reply : std::as_const(replies)) {
        if (!reply->isFinished())
            QVERIFY(QSignalSpy(reply, &QNetworkReply::finished).wait(10000));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QVERIFY(reply->readAll().contains("grpc-status: 0"));
    }
    qDeleteAll(replies);
}

void TestSandboxGrpcWeb::corsPreflight()
{
    const HttpResult r
        = httpRequest(m_sandbox.httpUrl(QStringLiteral("/controlplane.v1.APITokenService/List")), "OPTIONS",
            { { "Origin", "http://localhost:3000" }, { "Access-Control-Request-Method", "POST" },
                { "Access-Control-Request-Headers", "authorization,content-type,x-grpc-web" } });
    QCOMPARE(r.status, 204);
    QCOMPARE(r.headers.value("access-control-allow-origin"), QByteArray("http://localhost:3000"));
    QVERIFY(r.headers.value("access-control-allow-methods").contains("POST"));
    QVERIFY(r.headers.value("access-control-allow-headers").contains("authorization"));
    // And the actual call exposes the gRPC headers to the page's script.
    const GrpcWebResult w
        = m_web->call("/controlplane.v1.StatusService/Infoz", {}, { { "Origin", "http://localhost:3000" } });
    QCOMPARE(w.headers.value("access-control-allow-origin"), QByteArray("http://localhost:3000"));
    QVERIFY(w.headers.value("access-control-expose-headers").contains("grpc-status"));
}

void TestSandboxGrpcWeb::badFrames()
{
    GrpcWebTestClient::Options options;
    options.rawBody = QByteArray("\x00\x00\x00\x00\x10"
                                 "abc",
        8); // announces 16 bytes, has 3
    GrpcWebResult r = m_web->call("/controlplane.v1.StatusService/Infoz", {}, {}, options);
    QCOMPARE(r.grpcStatus, 13);
    options.rawBody = QByteArray("\x01\x00\x00\x00\x00", 5); // compressed flag, no grpc-encoding
    r = m_web->call("/controlplane.v1.StatusService/Infoz", {}, {}, options);
    QCOMPARE(r.grpcStatus, 13);
    options.rawBody = QByteArray("", 0);
    r = m_web->call("/controlplane.v1.StatusService/Infoz", {}, {}, options);
    QCOMPARE(r.grpcStatus, 13);
    // The server still answers normally afterwards.
    QCOMPARE(m_web->call("/controlplane.v1.StatusService/Infoz", {}).grpcStatus, 0);
}

void TestSandboxGrpcWeb::oversizedRequest()
{
    // Above grpc's default 4 MiB receive limit: RESOURCE_EXHAUSTED, as the real server.
    const GrpcWebResult r = m_web->call("/controlplane.v1.StatusService/Infoz", QByteArray(4 * 1024 * 1024 + 16, '\0'));
    QCOMPARE(r.grpcStatus, 8);
    const GrpcResult g
        = grpcCall(m_channel, "/controlplane.v1.StatusService/Infoz", QByteArray(4 * 1024 * 1024 + 16, '\0'));
    QCOMPARE(g.code(), int(grpc::StatusCode::RESOURCE_EXHAUSTED));
}

void TestSandboxGrpcWeb::jsonRoutes()
{
    const HttpResult infoz = httpRequest(m_sandbox.httpUrl(QStringLiteral("/infoz")));
    QCOMPARE(infoz.status, 200);
    QVERIFY(infoz.headers.value("content-type").startsWith("application/json"));
    const QJsonObject o = QJsonDocument::fromJson(infoz.body).object();
    for (const char *key : { "loginURL", "version", "chartVersion", "restrictedOrgCreation", "uiDashboardUrl" })
        QVERIFY2(o.contains(QLatin1String(key)), key);
    QCOMPARE(
        o.value(QStringLiteral("loginURL")).toString(), m_sandbox.httpUrl(QStringLiteral("/auth/login")).toString());

    const HttpResult statusz = httpRequest(m_sandbox.httpUrl(QStringLiteral("/statusz")));
    QCOMPARE(statusz.status, 200);
    QCOMPARE(QJsonDocument::fromJson(statusz.body).object(), QJsonObject());
    const HttpResult ready = httpRequest(m_sandbox.httpUrl(QStringLiteral("/statusz?readiness=true")));
    QVERIFY(ready.status == 200 || ready.status == 503);
}

void TestSandboxGrpcWeb::unknownPathIs404()
{
    QCOMPARE(httpRequest(m_sandbox.httpUrl(QStringLiteral("/nothing/here"))).status, 404);
    QCOMPARE(httpRequest(m_sandbox.httpUrl(QStringLiteral("/controlplane.v1.StatusService/Infoz"))).status, 404);
}

void TestSandboxGrpcWeb::controlEndpointNeedsFlag()
{
    // This sandbox runs without --enable-control.
    QCOMPARE(httpRequest(m_sandbox.httpUrl(QStringLiteral("/sandbox/faults"))).status, 404);
}

QTEST_GUILESS_MAIN(TestSandboxGrpcWeb)
#include "tst_sandboxgrpcweb.moc"
