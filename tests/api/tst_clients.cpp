// SPDX-License-Identifier: Apache-2.0
// Typed clients over a tiny gRPC-Web server: requests carry the right fields, responses become
// core values, errors arrive typed, and a destroyed context silences the callback.
#include "TinyServer.h"
#include "api/Clients.h"
#include "api/UnaryCall.h"
#include "controlplane/v1/api_token.pb.h"
#include "controlplane/v1/cas_backends.pb.h"
#include "controlplane/v1/organization.pb.h"
#include "controlplane/v1/status.pb.h"

#include <QTest>

using namespace adm;
using namespace adm::api;
using namespace adm::test;
using namespace std::chrono_literals;
namespace v1 = controlplane::v1;

namespace {
QByteArray bytes(const google::protobuf::MessageLite &m)
{
    const std::string s = m.SerializeAsString();
    return QByteArray(s.data(), qsizetype(s.size()));
}

template<typename M> M parseRequest(const HttpRequest &req)
{
    GrpcFrameDecoder dec(1 << 20, false);
    dec.feed(req.body);
    M m;
    const QByteArray data = dec.takeFrame().data;
    m.ParseFromArray(data.constData(), int(data.size()));
    return m;
}

ChannelConfig config(quint16 port)
{
    ChannelConfig c;
    c.endpoint = *parseEndpoint(QStringLiteral("127.0.0.1:%1").arg(port), true).endpoint;
    c.protocol = Protocol::GrpcWeb;
    c.defaultDeadline = 5s;
    return c;
}
} // namespace

class TestClients : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tokenList()
    {
        TinyServer server;
        server.setHandler([](const HttpRequest &, QTcpSocket *s) {
            v1::APITokenServiceListResponse r;
            auto *t = r.add_result();
            t->set_id("11111111-1111-1111-1111-111111111111");
            t->set_name("ci");
            t->set_organization_name("acme");
            t->set_organization_id("22222222-2222-2222-2222-222222222222");
            t->mutable_created_at()->set_seconds(1700000000);
            t->mutable_expires_at()->set_seconds(1800000000);
            auto *p = r.add_result();
            p->set_name("proj");
            p->set_organization_name("acme");
            p->mutable_scoped_entity()->set_type("project");
            p->mutable_scoped_entity()->set_name("web");
            s->write(grpcWebOk(bytes(r)));
        });
        Channel channel(config(server.port()));
        ApiTokenClient client(&channel);
        std::optional<Result<QList<ApiToken>>> got;
        TokenFilter f;
        f.status = TokenFilter::Status::All;
        f.projectName = QStringLiteral("web");
        client.list(f, this, [&](Result<QList<ApiToken>> r) { got = std::move(r); });
        QTRY_VERIFY(got.has_value());
        QVERIFY2(got->ok(), qPrintable(got->error().toString()));
        QCOMPARE(got->value().size(), 2);
        const ApiToken &t = got->value()[0];
        QCOMPARE(t.name, QStringLiteral("ci"));
        QCOMPARE(t.scope, ApiToken::Scope::Organization);
        QCOMPARE(t.createdAt.toSecsSinceEpoch(), 1700000000);
        QVERIFY(t.expiresAt.isValid());
        QVERIFY(!t.revokedAt.isValid());
        QVERIFY(!t.lastUsedAt.isValid());
        QCOMPARE(got->value()[1].scope, ApiToken::Scope::Project);
        QCOMPARE(got->value()[1].projectName, QStringLiteral("web"));

        const auto req = parseRequest<v1::APITokenServiceListRequest>(server.requests[0]);
        QCOMPARE(req.status_filter(), v1::APITokenServiceListRequest::STATUS_FILTER_ALL);
        QVERIFY(req.has_project());
        QCOMPARE(req.project().name(), "web");
        QVERIFY(!req.project().has_id());
        QCOMPARE(server.requests[0].path, QByteArray("/controlplane.v1.APITokenService/List"));
    }

    void tokenCreateLeavesProjectUnset()
    {
        TinyServer server;
        server.setHandler([](const HttpRequest &, QTcpSocket *s) {
            v1::APITokenServiceCreateResponse r;
            r.mutable_result()->mutable_item()->set_name("new");
            r.mutable_result()->set_jwt("secret-jwt");
            s->write(grpcWebOk(bytes(r)));
        });
        Channel channel(config(server.port()));
        std::optional<Result<CreatedApiToken>> got;
        NewApiToken t;
        t.name = QStringLiteral("new");
        t.expiresIn = std::chrono::seconds(3600);
        ApiTokenClient(&channel).create(t, this, [&](Result<CreatedApiToken> r) { got = std::move(r); });
        QTRY_VERIFY(got.has_value());
        QVERIFY(got->ok());
        QCOMPARE(got->value().jwt, QStringLiteral("secret-jwt"));
        const auto req = parseRequest<v1::APITokenServiceCreateRequest>(server.requests[0]);
        QVERIFY(!req.has_project_reference()); // an empty reference would fail validation
        QVERIFY(!req.has_description());
        QCOMPARE(req.expires_in().seconds(), 3600);
    }

    void membershipsPaginationAndFilters()
    {
        TinyServer server;
        server.setHandler([](const HttpRequest &, QTcpSocket *s) {
            v1::OrganizationServiceListMembershipsResponse r;
            auto *m = r.add_result();
            m->set_id("m1");
            m->set_role(v1::MEMBERSHIP_ROLE_ORG_ADMIN);
            m->mutable_user()->set_email("a@example.com");
            r.mutable_pagination()->set_page(2);
            r.mutable_pagination()->set_total_count(101);
            r.mutable_pagination()->set_total_pages(3);
            s->write(grpcWebOk(bytes(r)));
        });
        Channel channel(config(server.port()));
        std::optional<Result<MembershipPage>> got;
        MembershipFilter f;
        f.page = 0; // clamped: the server refuses page 0
        f.pageSize = 500; // clamped to 100
        f.role = Role::Admin;
        OrganizationClient(&channel).listMemberships(f, this, [&](Result<MembershipPage> r) { got = std::move(r); });
        QTRY_VERIFY(got.has_value());
        QVERIFY(got->ok());
        QCOMPARE(got->value().items.size(), 1);
        QCOMPARE(got->value().items[0].role, Role::Admin);
        QCOMPARE(got->value().page.totalPages, 3);
        const auto req = parseRequest<v1::OrganizationServiceListMembershipsRequest>(server.requests[0]);
        QCOMPARE(req.pagination().page(), 1);
        QCOMPARE(req.pagination().page_size(), 100);
        QVERIFY(req.has_role());
        QVERIFY(!req.has_email());
    }

    void orgUpdateOnlySetFields()
    {
        TinyServer server;
        server.setHandler([](const HttpRequest &, QTcpSocket *s) {
            v1::OrganizationServiceUpdateResponse r;
            r.mutable_result()->set_name("acme");
            r.mutable_result()->set_api_token_max_days_inactive(30);
            s->write(grpcWebOk(bytes(r)));
        });
        Channel channel(config(server.port()));
        OrganizationSettings settings;
        settings.policyAllowedHostnames = QStringList(); // clear the list
        settings.apiTokenMaxDaysInactive = 30;
        std::optional<Result<Organization>> got;
        OrganizationClient(&channel).update(
            QStringLiteral("acme"), settings, this, [&](Result<Organization> r) { got = std::move(r); });
        QTRY_VERIFY(got.has_value());
        QCOMPARE(got->value().apiTokenMaxDaysInactive.value_or(-1), 30);
        const auto req = parseRequest<v1::OrganizationServiceUpdateRequest>(server.requests[0]);
        QVERIFY(req.update_policies_allowed_hostnames());
        QCOMPARE(req.policies_allowed_hostnames_size(), 0);
        QVERIFY(req.has_api_token_max_days_inactive());
        QVERIFY(!req.has_block_on_policy_violation());
    }

    void casCreateCredentials()
    {
        TinyServer server;
        server.setHandler([](const HttpRequest &, QTcpSocket *s) {
            v1::CASBackendServiceCreateResponse r;
            r.mutable_result()->set_name("s3");
            r.mutable_result()->set_default_(true);
            r.mutable_result()->set_validation_status(v1::CASBackendItem::VALIDATION_STATUS_OK);
            r.mutable_result()->mutable_limits()->set_max_bytes(104857600);
            s->write(grpcWebOk(bytes(r)));
        });
        Channel channel(config(server.port()));
        NewCasBackend b;
        b.name = QStringLiteral("s3");
        b.provider = QStringLiteral("AWS-S3");
        b.location = QStringLiteral("bucket");
        b.isDefault = true;
        b.credentials = { { QStringLiteral("accessKeyID"), QStringLiteral("AK") },
            { QStringLiteral("secretAccessKey"), QStringLiteral("SK") } };
        std::optional<Result<CasBackend>> got;
        CasBackendClient(&channel).create(b, this, [&](Result<CasBackend> r) { got = std::move(r); });
        QTRY_VERIFY(got.has_value());
        QVERIFY(got->ok());
        QVERIFY(got->value().isDefault);
        QCOMPARE(got->value().validation, CasBackend::Validation::Ok);
        QCOMPARE(got->value().maxBytes, 104857600);
        const auto req = parseRequest<v1::CASBackendServiceCreateRequest>(server.requests[0]);
        QCOMPARE(req.credentials().fields().at("accessKeyID").string_value(), "AK");
        QVERIFY(req.default_());
        QVERIFY(!req.has_max_bytes());
    }

    void errorIsTyped()
    {
        TinyServer server;
        server.setHandler([](const HttpRequest &, QTcpSocket *s) { s->write(grpcWebStatus(12, "unknown%20service")); });
        Channel channel(config(server.port()));
        std::optional<Result<QList<ApiToken>>> got;
        InstanceTokenClient(&channel).list({}, this, [&](Result<QList<ApiToken>> r) { got = std::move(r); });
        QTRY_VERIFY(got.has_value());
        QVERIFY(!got->ok());
        QCOMPARE(got->error().kind(), ApiError::Kind::Unimplemented);
        QVERIFY(got->error().userMessage().contains(QStringLiteral("InstanceAPITokenService/List")));
    }

    void unparsableResponse()
    {
        TinyServer server;
        server.setHandler([](const HttpRequest &, QTcpSocket *s) { s->write(grpcWebOk("\xff\xff\xff\xff")); });
        Channel channel(config(server.port()));
        std::optional<Result<ServerInfo>> got;
        StatusClient(&channel).infoz(this, [&](Result<ServerInfo> r) { got = std::move(r); });
        QTRY_VERIFY(got.has_value());
        QCOMPARE(got->error().kind(), ApiError::Kind::Protocol);
    }

    void destroyedContextSilencesCallback()
    {
        TinyServer server;
        server.setHandler([](const HttpRequest &, QTcpSocket *s) {
            QTimer::singleShot(100, s, [s] { s->write(grpcWebOk(bytes(v1::InfozResponse()))); });
        });
        Channel channel(config(server.port()));
        auto *context = new QObject;
        bool called = false;
        QPointer<UnaryCall> call = StatusClient(&channel).infoz(context, [&](Result<ServerInfo>) { called = true; });
        delete context;
        QTRY_VERIFY_WITH_TIMEOUT(call.isNull(), 5000);
        QVERIFY(!called);
    }

    void voidResult()
    {
        TinyServer server;
        server.setHandler([](const HttpRequest &, QTcpSocket *s) { s->write(grpcWebOk({})); });
        Channel channel(config(server.port()));
        std::optional<Result<void>> got;
        InvitationClient(&channel).revoke(QStringLiteral("id"), this, [&](Result<void> r) { got = r; });
        QTRY_VERIFY(got.has_value());
        QVERIFY(got->ok());
    }
};

QTEST_GUILESS_MAIN(TestClients)
#include "tst_clients.moc"
