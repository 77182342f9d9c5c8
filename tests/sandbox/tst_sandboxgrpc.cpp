// SPDX-License-Identifier: Apache-2.0
// The sandbox's native gRPC port, checked with grpc++'s own client.
#include "TransportTestHelpers.h"
#include "controlplane/v1/api_token.grpc.pb.h"
#include "controlplane/v1/context.grpc.pb.h"
#include "controlplane/v1/status.grpc.pb.h"
#include "support/SandboxProcess.h"

#include <QTest>
#include <QUuid>

using namespace adm::test;
namespace cp = controlplane::v1;

class TestSandboxGrpc : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void infozNeedsNoToken();
    void everyMethodReachable_data();
    void everyMethodReachable();
    void unknownMethodIsUnimplemented();
    void missingTokenIsUnauthenticated();
    void garbageTokenIsUnauthenticated();
    void userTokenSeesItself();
    void tokenLifecycle();
    void invalidNameIsInvalidArgument();
    void concurrentCalls();

private:
    QString orgName() const
    {
        return m_sandbox.seededTokens().value(QStringLiteral("org_tokens")).toObject().keys().value(0);
    }
    QString ownerToken() const
    {
        return m_sandbox.seededTokens()
            .value(QStringLiteral("user_tokens"))
            .toObject()
            .value(QStringLiteral("olivia.owner@acme.example"))
            .toString();
    }
    QString orgToken() const
    {
        return m_sandbox.seededTokens().value(QStringLiteral("org_tokens")).toObject().value(orgName()).toString();
    }

    SandboxProcess m_sandbox;
    std::shared_ptr<grpc::Channel> m_channel;
};

void TestSandboxGrpc::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    m_channel = grpcChannel(m_sandbox.grpcAddress());
    QVERIFY(!m_sandbox.seededTokens().value(QStringLiteral("instance_token")).toString().isEmpty());
    QVERIFY(!orgName().isEmpty());
}

void TestSandboxGrpc::infozNeedsNoToken()
{
    auto stub = cp::StatusService::NewStub(m_channel);
    grpc::ClientContext context;
    cp::InfozResponse response;
    const grpc::Status status = stub->Infoz(&context, cp::InfozRequest(), &response);
    QVERIFY2(status.ok(), status.error_message().c_str());
    QCOMPARE(QString::fromStdString(response.login_url()), m_sandbox.httpUrl(QStringLiteral("/auth/login")).toString());
    QVERIFY(!response.version().empty());
}

void TestSandboxGrpc::everyMethodReachable_data()
{
    QTest::addColumn<QByteArray>("method");
    for (const QByteArray &m : allMethods())
        QTest::newRow(m.constData()) << m;
}

void TestSandboxGrpc::everyMethodReachable()
{
    // An empty request with a valid token: whatever the engine says (often a validation error),
    // it must not be UNIMPLEMENTED, and an error must come with a message.
    QFETCH(QByteArray, method);
    const QString adminToken = m_sandbox.seededTokens().value(QStringLiteral("instance_admin_user_token")).toString();
    const GrpcResult r = grpcCall(m_channel, method, {}, bearerMetadata(adminToken, orgName()));
    QVERIFY2(r.code() != grpc::StatusCode::UNIMPLEMENTED, r.status.error_message().c_str());
    QVERIFY2(r.code() != grpc::StatusCode::DEADLINE_EXCEEDED, "no answer");
    if (!r.status.ok())
        QVERIFY(!r.status.error_message().empty());
}

void TestSandboxGrpc::unknownMethodIsUnimplemented()
{
    const GrpcResult r = grpcCall(m_channel, "/controlplane.v1.NoSuchService/Nothing", {});
    QCOMPARE(r.code(), int(grpc::StatusCode::UNIMPLEMENTED));
    const GrpcResult r2
        = grpcCall(m_channel, "/controlplane.v1.APITokenService/NoSuchMethod", {}, bearerMetadata(orgToken()));
    QCOMPARE(r2.code(), int(grpc::StatusCode::UNIMPLEMENTED));
}

void TestSandboxGrpc::missingTokenIsUnauthenticated()
{
    const GrpcResult r = grpcCall(m_channel, "/controlplane.v1.APITokenService/List", {});
    QCOMPARE(r.code(), int(grpc::StatusCode::UNAUTHENTICATED));
    QVERIFY(!r.status.error_message().empty());
    // The details travel as grpc-status-details-bin and carry ErrorInfo{reason: UNAUTHORIZED}.
    const QByteArray details = QByteArray::fromStdString(r.status.error_details());
    QCOMPARE(errorInfoReason(details), QStringLiteral("UNAUTHORIZED"));
    google::rpc::Status status;
    QVERIFY(status.ParseFromString(r.status.error_details()));
    QCOMPARE(status.code(), int(grpc::StatusCode::UNAUTHENTICATED));
}

void TestSandboxGrpc::garbageTokenIsUnauthenticated()
{
    const GrpcResult r = grpcCall(
        m_channel, "/controlplane.v1.ContextService/Current", {}, bearerMetadata(QStringLiteral("not.a.jwt")));
    QCOMPARE(r.code(), int(grpc::StatusCode::UNAUTHENTICATED));
}

void TestSandboxGrpc::userTokenSeesItself()
{
    const QJsonObject users = m_sandbox.seededTokens().value(QStringLiteral("user_tokens")).toObject();
    QVERIFY(!users.isEmpty());
    auto stub = cp::ContextService::NewStub(m_channel);
    for (auto it = users.begin(); it != users.end(); ++it) {
        grpc::ClientContext context;
        context.AddMetadata("authorization", "Bearer " + it.value().toString().toStdString());
        cp::ContextServiceCurrentResponse response;
        const grpc::Status status = stub->Current(&context, cp::ContextServiceCurrentRequest(), &response);
        QVERIFY2(status.ok(), status.error_message().c_str());
        QCOMPARE(QString::fromStdString(response.result().current_user().email()), it.key());
    }
}

void TestSandboxGrpc::tokenLifecycle()
{
    // Create, list, duplicate, revoke, then use the revoked token: the rules the app's token
    // pages rely on (CHAINLOOP_API.md §2.4, §4.2). Acted out by the demo seed's owner of acme
    // (API tokens may not manage org-level tokens, instance admins may not manage tokens).
    const QString owner = ownerToken();
    if (owner.isEmpty())
        QSKIP("the demo seed has no olivia.owner@acme.example");
    const std::string admin = "Bearer " + owner.toStdString();
    const std::string org = "acme";
    auto stub = cp::APITokenService::NewStub(m_channel);
    const std::string name = "grpc-test-" + QUuid::createUuid().toString(QUuid::Id128).left(8).toStdString();
    cp::APITokenServiceCreateRequest create;
    create.set_name(name);
    cp::APITokenServiceCreateResponse created;
    {
        grpc::ClientContext context;
        context.AddMetadata("authorization", admin);
        context.AddMetadata("chainloop-organization", org);
        const grpc::Status status = stub->Create(&context, create, &created);
        QVERIFY2(status.ok(), status.error_message().c_str());
        QVERIFY(!created.result().jwt().empty());
        QCOMPARE(created.result().item().name(), name);
    }
    {
        grpc::ClientContext context;
        context.AddMetadata("authorization", admin);
        context.AddMetadata("chainloop-organization", org);
        cp::APITokenServiceCreateResponse again;
        QCOMPARE(int(stub->Create(&context, create, &again).error_code()), int(grpc::StatusCode::ALREADY_EXISTS));
    }
    {
        grpc::ClientContext context;
        context.AddMetadata("authorization", admin);
        context.AddMetadata("chainloop-organization", org);
        cp::APITokenServiceListResponse list;
        QVERIFY(stub->List(&context, cp::APITokenServiceListRequest(), &list).ok());
        const bool found = std::any_of(list.result().begin(), list.result().end(),
            [&](const cp::APITokenItem &item) { return item.name() == name; });
        QVERIFY(found);
    }
    {
        grpc::ClientContext context;
        context.AddMetadata("authorization", admin);
        context.AddMetadata("chainloop-organization", org);
        cp::APITokenServiceRevokeRequest revoke;
        revoke.set_id(created.result().item().id());
        cp::APITokenServiceRevokeResponse revoked;
        const grpc::Status status = stub->Revoke(&context, revoke, &revoked);
        QVERIFY2(status.ok(), status.error_message().c_str());
    }
    const GrpcResult r = grpcCall(m_channel, "/controlplane.v1.APITokenService/List", {},
        bearerMetadata(QString::fromStdString(created.result().jwt())));
    QCOMPARE(r.code(), int(grpc::StatusCode::UNKNOWN));
    QVERIFY2(QString::fromStdString(r.status.error_message()).contains(QLatin1String("revoked")),
        r.status.error_message().c_str());
}

void TestSandboxGrpc::invalidNameIsInvalidArgument()
{
    cp::APITokenServiceCreateRequest create;
    create.set_name("Not_A_DNS_Label");
    const GrpcResult r = grpcCall(m_channel, "/controlplane.v1.APITokenService/Create", serialize(create),
        bearerMetadata(ownerToken(), QStringLiteral("acme")));
    QCOMPARE(r.code(), int(grpc::StatusCode::INVALID_ARGUMENT));
}

void TestSandboxGrpc::concurrentCalls()
{
    // Many calls in flight on one HTTP/2 connection, all routed through the Qt main thread.
    auto stub = cp::StatusService::NewStub(m_channel);
    grpc::CompletionQueue queue;
    constexpr int calls = 64;
    struct Call {
        grpc::ClientContext context;
        cp::InfozResponse response;
        grpc::Status status;
        std::unique_ptr<grpc::ClientAsyncResponseReader<cp::InfozResponse>> reader;
    };
    std::vector<std::unique_ptr<Call>> all;
    for (int i = 0; i < calls; ++i) {
        auto c = std::make_unique<Call>();
        c->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(15));
        c->reader = stub->AsyncInfoz(&c->context, cp::InfozRequest(), &queue);
        c->reader->Finish(&c->response, &c->status, c.get());
        all.push_back(std::move(c));
    }
    int ok = 0;
    for (int i = 0; i < calls; ++i) {
        void *tag = nullptr;
        bool more = false;
        QVERIFY(queue.Next(&tag, &more));
        ok += static_cast<Call *>(tag)->status.ok() ? 1 : 0;
    }
    QCOMPARE(ok, calls);
    queue.Shutdown();
    void *tag = nullptr;
    bool more = false;
    while (queue.Next(&tag, &more)) { }
}

QTEST_GUILESS_MAIN(TestSandboxGrpc)
#include "tst_sandboxgrpc.moc"
