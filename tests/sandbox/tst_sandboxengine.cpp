// SPDX-License-Identifier: Apache-2.0
// Engine semantics: pipeline errors, the authorization matrix, organizations, tokens,
// invitations, memberships and pagination, called through ControlPlane::handle().
#include "EngineTestHelpers.h"
#include "controlplane/v1/api_token.pb.h"
#include "controlplane/v1/cas_backends.pb.h"
#include "controlplane/v1/context.pb.h"
#include "controlplane/v1/org_invitation.pb.h"
#include "controlplane/v1/organization.pb.h"
#include "controlplane/v1/status.pb.h"
#include "controlplane/v1/user.pb.h"
#include "core/JwtClaims.h"
#include "sandbox/SandboxJwt.h"

#include <QUuid>

using namespace adm::test;
namespace v1 = controlplane::v1;

namespace {
const QString kRandomUuid = QStringLiteral("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
}

class TestSandboxEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void routingAndDecoding();
    void bearerChecks();
    void statusNeedsNoAuth();
    void authorizationMatrix_data();
    void authorizationMatrix();
    void organizationCreateRules();
    void organizationCreateRestricted();
    void organizationUpdateAndDelete();
    void tokenLifecycle();
    void tokenRulesForRoles();
    void tokenListFilters();
    void invitationRules();
    void loginAcceptsInvitations();
    void membershipRules();
    void paginationLimits();
    void instanceTokens();
    void organizationHeaderSelection();
    void contextCurrent();

private:
    QString user(const char *email) const
    {
        return m_seed[QStringLiteral("user_tokens")].toObject()[QLatin1String(email)].toString();
    }
    QString orgToken(const char *org) const
    {
        return m_seed[QStringLiteral("org_tokens")].toObject()[QLatin1String(org)].toString();
    }
    QString instanceToken() const { return m_seed[QStringLiteral("instance_token")].toString(); }
    QString projectToken();
    QString membershipId(const QString &org, const QString &email);

    std::unique_ptr<ControlPlane> m_cp;
    QJsonObject m_seed;
    int m_serial = 0;
};

void TestSandboxEngine::init()
{
    m_cp = openEngine();
    m_seed = m_cp->seedDemo();
    QVERIFY(!m_seed.isEmpty());
}

QString TestSandboxEngine::projectToken()
{
    v1::APITokenServiceCreateRequest req;
    req.set_name("prj-" + std::to_string(++m_serial));
    req.mutable_project_reference()->set_name("backend");
    const auto r
        = call(*m_cp, "APITokenService/Create", req, user("olivia.owner@acme.example"), QStringLiteral("acme"));
    return str(parse<v1::APITokenServiceCreateResponse>(r).result().jwt());
}

QString TestSandboxEngine::membershipId(const QString &org, const QString &email)
{
    v1::OrganizationServiceListMembershipsRequest req;
    req.set_email(email.toStdString());
    const auto r = call(*m_cp, "OrganizationService/ListMemberships", req, user("olivia.owner@acme.example"), org);
    const auto res = parse<v1::OrganizationServiceListMembershipsResponse>(r);
    return res.result_size() ? str(res.result(0).id()) : QString();
}

void TestSandboxEngine::routingAndDecoding()
{
    auto r = call(*m_cp, "APITokenService/Frobnicate", v1::APITokenServiceListRequest());
    QCOMPARE(r.status, 12);
    QCOMPARE(r.message, QStringLiteral("unknown method Frobnicate for service controlplane.v1.APITokenService"));
    r = call(*m_cp, "/controlplane.v1.WorkflowService/List", v1::APITokenServiceListRequest());
    QCOMPARE(r.status, 12);
    QCOMPARE(r.message, QStringLiteral("unknown service controlplane.v1.WorkflowService"));

    RpcRequest bad;
    bad.method = "/controlplane.v1.APITokenService/List";
    bad.body = QByteArray("\xff\xff\xff", 3);
    std::optional<RpcReply> reply;
    m_cp->handle(bad, [&](RpcReply rr) { reply = rr; });
    QVERIFY(reply);
    QCOMPARE(reply->status, 13);
    QVERIFY(reply->details.isEmpty());
}

void TestSandboxEngine::bearerChecks()
{
    auto r = call(*m_cp, "APITokenService/List", v1::APITokenServiceListRequest());
    QCOMPARE(r.status, 16);
    QCOMPARE(reason(r), QStringLiteral("UNAUTHORIZED"));
    QCOMPARE(r.message, QStringLiteral("JWT token is missing"));

    // Signed with another secret.
    adm::sandbox::SandboxJwt other("not-the-secret");
    r = call(*m_cp, "APITokenService/List", v1::APITokenServiceListRequest(),
        other.signUser(QStringLiteral("x"), QDateTime::currentDateTimeUtc().addDays(1)));
    QCOMPARE(r.status, 16);
    QCOMPARE(reason(r), QStringLiteral("UNAUTHORIZED"));

    // Expired user token from the engine itself.
    const auto users = m_cp->loginUsers();
    QVERIFY(!users.isEmpty());
    const QString shortLived = m_cp->loginAs(users.first().id, std::chrono::seconds(-5));
    r = call(*m_cp, "ContextService/Current", v1::ContextServiceCurrentRequest(), shortLived);
    QCOMPARE(r.status, 16);
    QCOMPARE(r.message, QStringLiteral("JWT token has expired"));

    r = call(*m_cp, "ContextService/Current", v1::ContextServiceCurrentRequest(), QStringLiteral("garbage"));
    QCOMPARE(r.status, 16);

    // Scheme is case-insensitive.
    RpcRequest lower;
    lower.method = "/controlplane.v1.ContextService/Current";
    lower.metadata.insert("authorization", "bearer " + user("vera.viewer@acme.example").toLatin1());
    std::optional<RpcReply> reply;
    m_cp->handle(lower, [&](RpcReply rr) { reply = rr; });
    QVERIFY(reply);
    QCOMPARE(reply->status, 0);
}

void TestSandboxEngine::statusNeedsNoAuth()
{
    m_cp->setLoginUrl(QStringLiteral("http://127.0.0.1:1234/auth/login"));
    auto r = call(*m_cp, "StatusService/Infoz", v1::InfozRequest());
    ADM_EXPECT_CODE(r, 0);
    const auto info = parse<v1::InfozResponse>(r);
    QCOMPARE(str(info.login_url()), QStringLiteral("http://127.0.0.1:1234/auth/login"));
    QCOMPARE(str(info.version()), QStringLiteral("v1.106.1-sandbox"));
    QCOMPARE(
        m_cp->infoz().value(QStringLiteral("loginURL")).toString(), QStringLiteral("http://127.0.0.1:1234/auth/login"));
    v1::StatuszRequest statusz;
    statusz.set_readiness(true);
    ADM_EXPECT_CODE(call(*m_cp, "StatusService/Statusz", statusz), 0);
    QVERIFY(m_cp->ready());
}

// Credentials: viewer, contributor, member, admin, owner, ia (instance admin, not a member of
// acme), org (org token), prj (project token), inst (instance token + header). Every call
// selects acme by header. Codes: 0 OK, 5 NOT_FOUND, 7 PERMISSION_DENIED.
void TestSandboxEngine::authorizationMatrix_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QList<int>>("expected");
    //                                                 viewer contr member admin owner ia  org prj inst
    QTest::newRow("token list") << QStringLiteral("APITokenService/List") << QList<int> { 7, 0, 0, 0, 0, 7, 0, 7, 7 };
    QTest::newRow("list members") << QStringLiteral("OrganizationService/ListMemberships")
                                  << QList<int> { 0, 7, 7, 0, 0, 7, 7, 7, 7 };
    QTest::newRow("org update") << QStringLiteral("OrganizationService/Update")
                                << QList<int> { 7, 7, 7, 0, 0, 7, 7, 7, 7 };
    QTest::newRow("org delete") << QStringLiteral("OrganizationService/Delete")
                                << QList<int> { 7, 7, 7, 7, 7, 7, 5, 5, 5 };
    QTest::newRow("delete member") << QStringLiteral("OrganizationService/DeleteMembership")
                                   << QList<int> { 7, 7, 7, 5, 5, 7, 7, 7, 7 };
    QTest::newRow("update member") << QStringLiteral("OrganizationService/UpdateMembership")
                                   << QList<int> { 7, 7, 7, 5, 5, 7, 7, 7, 7 };
    QTest::newRow("invite") << QStringLiteral("OrgInvitationService/Create")
                            << QList<int> { 7, 7, 7, 0, 0, 0, 7, 7, 0 };
    QTest::newRow("revoke invite") << QStringLiteral("OrgInvitationService/Revoke")
                                   << QList<int> { 7, 7, 7, 5, 5, 7, 7, 7, 7 };
    QTest::newRow("list invites") << QStringLiteral("OrgInvitationService/ListSent")
                                  << QList<int> { 7, 7, 7, 0, 0, 7, 7, 7, 7 };
    QTest::newRow("cas list") << QStringLiteral("CASBackendService/List") << QList<int> { 0, 0, 0, 0, 0, 0, 7, 7, 0 };
    QTest::newRow("cas create") << QStringLiteral("CASBackendService/Create")
                                << QList<int> { 7, 7, 7, 0, 0, 0, 7, 7, 0 };
    QTest::newRow("cas delete") << QStringLiteral("CASBackendService/Delete")
                                << QList<int> { 7, 7, 7, 5, 5, 7, 7, 7, 7 };
    QTest::newRow("cas revalidate") << QStringLiteral("CASBackendService/Revalidate")
                                    << QList<int> { 7, 7, 7, 5, 5, 7, 7, 7, 7 };
    QTest::newRow("user memberships") << QStringLiteral("UserService/ListMemberships")
                                      << QList<int> { 0, 0, 0, 0, 0, 0, 5, 5, 5 };
    QTest::newRow("set current") << QStringLiteral("UserService/SetCurrentMembership")
                                 << QList<int> { 5, 5, 5, 5, 5, 5, 5, 5, 5 };
    QTest::newRow("current") << QStringLiteral("ContextService/Current") << QList<int> { 0, 0, 0, 0, 0, 7, 0, 0, 0 };
}

void TestSandboxEngine::authorizationMatrix()
{
    QFETCH(QString, method);
    QFETCH(QList<int>, expected);
    const QStringList names
        = QStringLiteral("viewer contributor member admin owner ia org prj inst").split(QLatin1Char(' '));
    const QStringList creds { user("vera.viewer@acme.example"), user("carla.contributor@acme.example"),
        user("mike.member@acme.example"), user("adam.admin@acme.example"), user("olivia.owner@acme.example"),
        user("ada@chainloop.local"), orgToken("acme"), projectToken(), instanceToken() };
    for (int i = 0; i < creds.size(); ++i) {
        std::unique_ptr<google::protobuf::Message> req;
        const std::string unique = std::to_string(++m_serial);
        if (method == QLatin1String("APITokenService/List")) {
            req = std::make_unique<v1::APITokenServiceListRequest>();
        } else if (method == QLatin1String("OrganizationService/ListMemberships")) {
            req = std::make_unique<v1::OrganizationServiceListMembershipsRequest>();
        } else if (method == QLatin1String("OrganizationService/Update")) {
            auto r = std::make_unique<v1::OrganizationServiceUpdateRequest>();
            r->set_name("acme");
            req = std::move(r);
        } else if (method == QLatin1String("OrganizationService/Delete")) {
            auto r = std::make_unique<v1::OrganizationServiceDeleteRequest>();
            r->set_name("globex"); // nobody in this matrix owns globex
            req = std::move(r);
        } else if (method == QLatin1String("OrganizationService/DeleteMembership")) {
            auto r = std::make_unique<v1::OrganizationServiceDeleteMembershipRequest>();
            r->set_membership_id(kRandomUuid.toStdString());
            req = std::move(r);
        } else if (method == QLatin1String("OrganizationService/UpdateMembership")) {
            auto r = std::make_unique<v1::OrganizationServiceUpdateMembershipRequest>();
            r->set_membership_id(kRandomUuid.toStdString());
            r->set_role(v1::MEMBERSHIP_ROLE_ORG_VIEWER);
            req = std::move(r);
        } else if (method == QLatin1String("OrgInvitationService/Create")) {
            auto r = std::make_unique<v1::OrgInvitationServiceCreateRequest>();
            r->set_receiver_email("matrix" + unique + "@example.com");
            r->set_role(v1::MEMBERSHIP_ROLE_ORG_VIEWER);
            req = std::move(r);
        } else if (method == QLatin1String("OrgInvitationService/Revoke")) {
            auto r = std::make_unique<v1::OrgInvitationServiceRevokeRequest>();
            r->set_id(kRandomUuid.toStdString());
            req = std::move(r);
        } else if (method == QLatin1String("OrgInvitationService/ListSent")) {
            req = std::make_unique<v1::OrgInvitationServiceListSentRequest>();
        } else if (method == QLatin1String("CASBackendService/List")) {
            req = std::make_unique<v1::CASBackendServiceListRequest>();
        } else if (method == QLatin1String("CASBackendService/Create")) {
            auto r = std::make_unique<v1::CASBackendServiceCreateRequest>();
            r->set_name("matrix-" + unique);
            r->set_provider("OCI");
            r->set_location("ghcr.io/acme/matrix");
            auto &f = *r->mutable_credentials()->mutable_fields();
            f["username"].set_string_value("u");
            f["password"].set_string_value("p");
            req = std::move(r);
        } else if (method == QLatin1String("CASBackendService/Delete")) {
            auto r = std::make_unique<v1::CASBackendServiceDeleteRequest>();
            r->set_name("does-not-exist");
            req = std::move(r);
        } else if (method == QLatin1String("CASBackendService/Revalidate")) {
            auto r = std::make_unique<v1::CASBackendServiceRevalidateRequest>();
            r->set_name("does-not-exist");
            req = std::move(r);
        } else if (method == QLatin1String("UserService/ListMemberships")) {
            req = std::make_unique<v1::UserServiceListMembershipsRequest>();
        } else if (method == QLatin1String("UserService/SetCurrentMembership")) {
            auto r = std::make_unique<v1::SetCurrentMembershipRequest>();
            r->set_membership_id(kRandomUuid.toStdString());
            req = std::move(r);
        } else {
            req = std::make_unique<v1::ContextServiceCurrentRequest>();
        }
        const auto r = call(*m_cp, method.toLatin1(), *req, creds[i], QStringLiteral("acme"));
        QVERIFY2(r.status == expected[i],
            qPrintable(QStringLiteral("%1 as %2: got %3").arg(method, names[i], QLatin1String(ADM_REPLY(r)))));
        if (r.status == 7 && method != QLatin1String("OrganizationService/Delete")
            && method != QLatin1String("ContextService/Current"))
            QCOMPARE(reason(r), QStringLiteral("forbidden"));
    }
}

void TestSandboxEngine::organizationCreateRules()
{
    const QString olivia = user("olivia.owner@acme.example");
    v1::OrganizationServiceCreateRequest req;
    auto r = call(*m_cp, "OrganizationService/Create", req, olivia);
    QCOMPARE(r.status, 3);
    QCOMPARE(violationSummary(r), QStringList { QStringLiteral("name [string.min_len]") });
    QVERIFY(r.message.startsWith(QStringLiteral("validation error")));

    for (const char *bad : { "Bad_Name", "-lead", "admin", "default",
             "a-very-long-name-that-is-longer-than-sixty-three-characters-in-total" }) {
        req.set_name(bad);
        r = call(*m_cp, "OrganizationService/Create", req, olivia);
        QVERIFY2(r.status == 3, bad);
        QCOMPARE(reason(r), QStringLiteral("invalid"));
    }
    req.set_name("acme");
    r = call(*m_cp, "OrganizationService/Create", req, olivia);
    QCOMPARE(r.status, 6);
    QVERIFY(r.details.isEmpty());
    QVERIFY(r.message.startsWith(QStringLiteral("duplicated: ")));

    req.set_name("newco");
    r = call(*m_cp, "OrganizationService/Create", req, olivia);
    ADM_EXPECT_CODE(r, 0);
    QCOMPARE(str(parse<v1::OrganizationServiceCreateResponse>(r).result().name()), QStringLiteral("newco"));
    // The creator is owner and the new org is current; it got the default inline backend.
    const auto current = parse<v1::ContextServiceCurrentResponse>(
        call(*m_cp, "ContextService/Current", v1::ContextServiceCurrentRequest(), olivia));
    QCOMPARE(str(current.result().current_membership().org().name()), QStringLiteral("newco"));
    QCOMPARE(current.result().current_membership().role(), v1::MEMBERSHIP_ROLE_ORG_OWNER);
    QCOMPARE(str(current.result().current_cas_backend().name()), QStringLiteral("default-inline"));
    QVERIFY(current.result().current_cas_backend().is_inline());
    QCOMPARE(current.result().current_cas_backend().limits().max_bytes(), qint64(500 * 1024));

    // An org-level token lacks organization:create; the instance token has it and adds no member.
    req.set_name("by-token");
    QCOMPARE(call(*m_cp, "OrganizationService/Create", req, orgToken("acme")).status, 7);
    ADM_EXPECT_CODE(call(*m_cp, "OrganizationService/Create", req, instanceToken()), 0);
    v1::OrganizationServiceListMembershipsRequest list;
    r = call(
        *m_cp, "OrganizationService/ListMemberships", list, user("ada@chainloop.local"), QStringLiteral("by-token"));
    QCOMPARE(r.status, 7); // instance admin without membership cannot list members
    v1::CASBackendServiceListRequest casList;
    r = call(*m_cp, "CASBackendService/List", casList, instanceToken(), QStringLiteral("by-token"));
    ADM_EXPECT_CODE(r, 0);
    QCOMPARE(parse<v1::CASBackendServiceListResponse>(r).result_size(), 1);

    // A deleted org's name can be reused.
    v1::OrganizationServiceDeleteRequest del;
    del.set_name("newco");
    ADM_EXPECT_CODE(call(*m_cp, "OrganizationService/Delete", del, olivia), 0);
    req.set_name("newco");
    ADM_EXPECT_CODE(call(*m_cp, "OrganizationService/Create", req, olivia), 0);
}

void TestSandboxEngine::organizationCreateRestricted()
{
    ControlPlaneOptions options;
    options.restrictOrgCreation = true;
    auto cp = openEngine(options);
    const QJsonObject seed = cp->seedDemo();
    const auto tokens = seed[QStringLiteral("user_tokens")].toObject();
    v1::OrganizationServiceCreateRequest req;
    req.set_name("restricted");
    auto r
        = call(*cp, "OrganizationService/Create", req, tokens[QStringLiteral("vera.viewer@acme.example")].toString());
    QCOMPARE(r.status, 7);
    QCOMPARE(reason(r), QStringLiteral("forbidden"));
    QCOMPARE(r.message, QStringLiteral("not allowed"));
    ADM_EXPECT_CODE(
        call(*cp, "OrganizationService/Create", req, seed[QStringLiteral("instance_admin_user_token")].toString()), 0);
    QVERIFY(parse<v1::InfozResponse>(call(*cp, "StatusService/Infoz", v1::InfozRequest())).restricted_org_creation());
}

void TestSandboxEngine::organizationUpdateAndDelete()
{
    const QString adam = user("adam.admin@acme.example");
    v1::OrganizationServiceUpdateRequest up;
    up.set_name("globex"); // not the selected org
    auto r = call(*m_cp, "OrganizationService/Update", up, adam, QStringLiteral("acme"));
    QCOMPARE(r.status, 7);
    up.set_name("acme");
    up.set_block_on_policy_violation(true);
    up.set_api_token_max_days_inactive(400);
    QCOMPARE(call(*m_cp, "OrganizationService/Update", up, adam, QStringLiteral("acme")).status, 3);
    up.set_api_token_max_days_inactive(30);
    up.set_update_policies_allowed_hostnames(true);
    up.add_policies_allowed_hostnames("policies.example.com");
    r = call(*m_cp, "OrganizationService/Update", up, adam, QStringLiteral("acme"));
    ADM_EXPECT_CODE(r, 0);
    auto org = parse<v1::OrganizationServiceUpdateResponse>(r).result();
    QCOMPARE(org.default_policy_violation_strategy(), v1::OrgItem::POLICY_VIOLATION_BLOCKING_STRATEGY_BLOCK);
    QCOMPARE(org.api_token_max_days_inactive(), 30);
    QCOMPARE(org.policy_allowed_hostnames_size(), 1);
    // 0 disables: the field is absent afterwards.
    v1::OrganizationServiceUpdateRequest off;
    off.set_name("acme");
    off.set_api_token_max_days_inactive(0);
    org = parse<v1::OrganizationServiceUpdateResponse>(
        call(*m_cp, "OrganizationService/Update", off, adam, QStringLiteral("acme")))
              .result();
    QVERIFY(!org.has_api_token_max_days_inactive());
    QCOMPARE(org.policy_allowed_hostnames_size(), 1); // untouched

    // Delete: only an owner of the named org.
    v1::OrganizationServiceDeleteRequest del;
    del.set_name("acme");
    r = call(*m_cp, "OrganizationService/Delete", del, adam, QStringLiteral("acme"));
    QCOMPARE(r.status, 7);
    del.set_name("nope");
    QCOMPARE(call(*m_cp, "OrganizationService/Delete", del, adam, QStringLiteral("acme")).status, 5);
    del.set_name("acme");
    const QString acmeToken = orgToken("acme");
    ADM_EXPECT_CODE(
        call(*m_cp, "OrganizationService/Delete", del, user("olivia.owner@acme.example"), QStringLiteral("acme")), 0);
    // Gone for everyone: the header now names a missing org, the org token's org is gone.
    r = call(*m_cp, "CASBackendService/List", v1::CASBackendServiceListRequest(), adam, QStringLiteral("acme"));
    QCOMPARE(r.status, 2);
    QVERIFY(call(*m_cp, "CASBackendService/List", v1::CASBackendServiceListRequest(), acmeToken).status != 0);
}

void TestSandboxEngine::tokenLifecycle()
{
    const QString olivia = user("olivia.owner@acme.example");
    v1::APITokenServiceCreateRequest create;
    create.set_name("ci-token");
    create.set_description("for CI");
    create.mutable_expires_in()->set_seconds(3600);
    auto r = call(*m_cp, "APITokenService/Create", create, olivia, QStringLiteral("acme"));
    ADM_EXPECT_CODE(r, 0);
    const auto full = parse<v1::APITokenServiceCreateResponse>(r).result();
    const QString jwt = str(full.jwt());
    QCOMPARE(str(full.item().name()), QStringLiteral("ci-token"));
    QCOMPARE(str(full.item().organization_name()), QStringLiteral("acme"));
    QVERIFY(full.item().has_expires_at());
    QVERIFY(!full.item().has_last_used_at());
    QVERIFY(!full.item().has_scoped_entity());

    // Claims as §6.4.
    const auto claims = adm::parseJwtClaims(jwt);
    QVERIFY(claims.claims);
    QCOMPARE(claims.claims->kind, adm::JwtClaims::Kind::OrgApiToken);
    QCOMPARE(claims.claims->tokenId, str(full.item().id()));
    QCOMPARE(claims.claims->orgName, QStringLiteral("acme"));
    QCOMPARE(claims.claims->issuer, QStringLiteral("cp.chainloop"));
    QCOMPARE(claims.claims->audience, QStringList { QStringLiteral("api-token-auth.chainloop") });
    QCOMPARE(claims.claims->expiresAt.toSecsSinceEpoch(), qint64(full.item().expires_at().seconds()));

    // Duplicate active name.
    QCOMPARE(call(*m_cp, "APITokenService/Create", create, olivia, QStringLiteral("acme")).status, 6);

    // Use updates last_used_at.
    ADM_EXPECT_CODE(call(*m_cp, "ContextService/Current", v1::ContextServiceCurrentRequest(), jwt), 0);
    v1::APITokenServiceListRequest list;
    auto items = parse<v1::APITokenServiceListResponse>(
        call(*m_cp, "APITokenService/List", list, olivia, QStringLiteral("acme")));
    bool seen = false;
    for (const auto &item : items.result()) {
        if (item.id() == full.item().id()) {
            seen = true;
            QVERIFY(item.has_last_used_at());
        }
    }
    QVERIFY(seen);

    // Revoke: the next call fails with the upstream quirk UNKNOWN, no details.
    v1::APITokenServiceRevokeRequest revoke;
    revoke.set_id(full.item().id());
    ADM_EXPECT_CODE(call(*m_cp, "APITokenService/Revoke", revoke, olivia, QStringLiteral("acme")), 0);
    r = call(*m_cp, "ContextService/Current", v1::ContextServiceCurrentRequest(), jwt);
    QCOMPARE(r.status, 2);
    QVERIFY(r.message.contains(QStringLiteral("API token revoked")));
    QVERIFY(r.details.isEmpty());
    QCOMPARE(call(*m_cp, "APITokenService/Revoke", revoke, olivia, QStringLiteral("acme")).status, 5);
    // Revoked names are free again.
    ADM_EXPECT_CODE(call(*m_cp, "APITokenService/Create", create, olivia, QStringLiteral("acme")), 0);

    // Revoke validation and foreign tokens.
    revoke.set_id("not-a-uuid");
    r = call(*m_cp, "APITokenService/Revoke", revoke, olivia, QStringLiteral("acme"));
    QCOMPARE(r.status, 3);
    QCOMPARE(violationSummary(r), QStringList { QStringLiteral("id [string.uuid]") });
    revoke.set_id(kRandomUuid.toStdString());
    QCOMPARE(call(*m_cp, "APITokenService/Revoke", revoke, olivia, QStringLiteral("acme")).status, 5);

    // Name rules.
    create.set_name("Not_DNS");
    r = call(*m_cp, "APITokenService/Create", create, olivia, QStringLiteral("acme"));
    QCOMPARE(r.status, 3);
    QCOMPARE(reason(r), QStringLiteral("invalid"));
    create.set_name("");
    QCOMPARE(violationSummary(call(*m_cp, "APITokenService/Create", create, olivia, QStringLiteral("acme"))),
        QStringList { QStringLiteral("name [string.min_len]") });
    create.set_name("x");
    create.mutable_project_reference(); // present but empty
    QCOMPARE(violationSummary(call(*m_cp, "APITokenService/Create", create, olivia, QStringLiteral("acme"))),
        QStringList { QStringLiteral("project_reference [id_or_name_required]") });
    create.mutable_project_reference()->set_name("no-such-project");
    QCOMPARE(call(*m_cp, "APITokenService/Create", create, olivia, QStringLiteral("acme")).status, 5);
}

void TestSandboxEngine::tokenRulesForRoles()
{
    const QString carla = user("carla.contributor@acme.example"); // project admin of "backend"
    v1::APITokenServiceCreateRequest create;
    create.set_name("carla-org");
    auto r = call(*m_cp, "APITokenService/Create", create, carla, QStringLiteral("acme"));
    QCOMPARE(r.status, 3);
    QCOMPARE(r.message, QStringLiteral("project is required"));
    create.mutable_project_reference()->set_name("frontend");
    QCOMPARE(call(*m_cp, "APITokenService/Create", create, carla, QStringLiteral("acme")).status, 7);
    create.mutable_project_reference()->set_name("backend");
    r = call(*m_cp, "APITokenService/Create", create, carla, QStringLiteral("acme"));
    ADM_EXPECT_CODE(r, 0);
    const auto item = parse<v1::APITokenServiceCreateResponse>(r).result().item();
    QCOMPARE(str(item.scoped_entity().type()), QStringLiteral("project"));
    QCOMPARE(str(item.scoped_entity().name()), QStringLiteral("backend"));
    QCOMPARE(adm::parseJwtClaims(str(parse<v1::APITokenServiceCreateResponse>(r).result().jwt())).claims->kind,
        adm::JwtClaims::Kind::ProjectApiToken);

    // Contributors see only their projects' tokens and cannot revoke org-level ones.
    auto list = parse<v1::APITokenServiceListResponse>(
        call(*m_cp, "APITokenService/List", v1::APITokenServiceListRequest(), carla, QStringLiteral("acme")));
    QVERIFY(list.result_size() >= 1);
    for (const auto &t : list.result())
        QCOMPARE(str(t.scoped_entity().name()), QStringLiteral("backend"));
    auto all = parse<v1::APITokenServiceListResponse>(call(*m_cp, "APITokenService/List",
        v1::APITokenServiceListRequest(), user("olivia.owner@acme.example"), QStringLiteral("acme")));
    QString orgLevelId;
    for (const auto &t : all.result()) {
        if (!t.has_scoped_entity())
            orgLevelId = str(t.id());
    }
    QVERIFY(!orgLevelId.isEmpty());
    v1::APITokenServiceRevokeRequest revoke;
    revoke.set_id(orgLevelId.toStdString());
    r = call(*m_cp, "APITokenService/Revoke", revoke, carla, QStringLiteral("acme"));
    QCOMPARE(r.status, 3);
    QCOMPARE(r.message, QStringLiteral("you can not manage a global API token"));

    // Org token: project tokens only, and lists only project tokens.
    const QString org = orgToken("acme");
    v1::APITokenServiceCreateRequest byToken;
    byToken.set_name("from-token");
    QCOMPARE(call(*m_cp, "APITokenService/Create", byToken, org).status, 7);
    byToken.mutable_project_reference()->set_name("backend");
    ADM_EXPECT_CODE(call(*m_cp, "APITokenService/Create", byToken, org), 0);
    list = parse<v1::APITokenServiceListResponse>(
        call(*m_cp, "APITokenService/List", v1::APITokenServiceListRequest(), org));
    QVERIFY(list.result_size() >= 1);
    for (const auto &t : list.result())
        QVERIFY(t.has_scoped_entity());
    revoke.set_id(orgLevelId.toStdString());
    QCOMPARE(call(*m_cp, "APITokenService/Revoke", revoke, org).status, 7);
}

void TestSandboxEngine::tokenListFilters()
{
    const QString olivia = user("olivia.owner@acme.example");
    auto names = [&](const v1::APITokenServiceListRequest &req) {
        QStringList out;
        const auto parsed1 = parse<v1::APITokenServiceListResponse>(
            call(*m_cp, "APITokenService/List", req, olivia, QStringLiteral("acme")));
        for (const auto &t : parsed1.result())
            out << str(t.name());
        return out;
    };
    v1::APITokenServiceListRequest req;
    const QStringList active = names(req);
    // Expired-but-not-revoked counts as active; revoked does not; oldest first.
    QVERIFY(active.contains(QStringLiteral("old-pipeline")));
    QVERIFY(active.contains(QStringLiteral("never-used")));
    QVERIFY(!active.contains(QStringLiteral("revoked-key")));
    QVERIFY(active.indexOf(QStringLiteral("release-bot")) < active.indexOf(QStringLiteral("demo-ci")));
    req.set_include_revoked(true); // ignored
    QCOMPARE(names(req), active);
    req.set_status_filter(v1::APITokenServiceListRequest::STATUS_FILTER_REVOKED);
    QCOMPARE(names(req), QStringList { QStringLiteral("revoked-key") });
    req.set_status_filter(v1::APITokenServiceListRequest::STATUS_FILTER_ALL);
    QCOMPARE(names(req).size(), active.size() + 1);
    req.set_status_filter(v1::APITokenServiceListRequest::STATUS_FILTER_ACTIVE);
    req.set_scope(v1::APITokenServiceListRequest::SCOPE_PROJECT);
    QCOMPARE(names(req), QStringList { QStringLiteral("backend-deploy") });
    req.set_scope(v1::APITokenServiceListRequest::SCOPE_GLOBAL);
    QVERIFY(!names(req).contains(QStringLiteral("backend-deploy")));
    req.clear_scope();
    req.mutable_project()->set_name("frontend");
    QVERIFY(names(req).isEmpty());
}

void TestSandboxEngine::invitationRules()
{
    const QString olivia = user("olivia.owner@acme.example");
    const QString adam = user("adam.admin@acme.example");
    v1::OrgInvitationServiceCreateRequest inv;
    inv.set_receiver_email("not-an-email");
    inv.set_role(v1::MEMBERSHIP_ROLE_ORG_VIEWER);
    auto r = call(*m_cp, "OrgInvitationService/Create", inv, adam, QStringLiteral("acme"));
    QCOMPARE(violationSummary(r), QStringList { QStringLiteral("receiver_email [string.email]") });
    inv.set_receiver_email("New.Person@Example.com");
    inv.set_role(v1::MEMBERSHIP_ROLE_UNSPECIFIED);
    r = call(*m_cp, "OrgInvitationService/Create", inv, adam, QStringLiteral("acme"));
    QCOMPARE(r.status, 3);
    QCOMPARE(r.message, QStringLiteral("role is required"));
    inv.set_role(static_cast<v1::MembershipRole>(42));
    QCOMPARE(violationSummary(call(*m_cp, "OrgInvitationService/Create", inv, adam, QStringLiteral("acme"))),
        QStringList { QStringLiteral("role [enum.defined_only]") });
    inv.set_role(v1::MEMBERSHIP_ROLE_ORG_MEMBER);
    r = call(*m_cp, "OrgInvitationService/Create", inv, adam, QStringLiteral("acme"));
    ADM_EXPECT_CODE(r, 0);
    const auto created = parse<v1::OrgInvitationServiceCreateResponse>(r).result();
    QCOMPARE(str(created.receiver_email()), QStringLiteral("new.person@example.com"));
    QCOMPARE(str(created.status()), QStringLiteral("pending"));
    QCOMPARE(str(created.sender().email()), QStringLiteral("adam.admin@acme.example"));
    QCOMPARE(str(created.organization().name()), QStringLiteral("acme"));
    // Duplicate pending, self, existing member.
    QCOMPARE(call(*m_cp, "OrgInvitationService/Create", inv, adam, QStringLiteral("acme")).status, 3);
    inv.set_receiver_email("adam.admin@acme.example");
    QCOMPARE(call(*m_cp, "OrgInvitationService/Create", inv, adam, QStringLiteral("acme")).status, 3);
    inv.set_receiver_email("vera.viewer@acme.example");
    QCOMPARE(call(*m_cp, "OrgInvitationService/Create", inv, adam, QStringLiteral("acme")).status, 3);
    // Owner invitations: admins no, owners yes, instance token with manage_owners yes (no sender).
    inv.set_receiver_email("boss@example.com");
    inv.set_role(v1::MEMBERSHIP_ROLE_ORG_OWNER);
    r = call(*m_cp, "OrgInvitationService/Create", inv, adam, QStringLiteral("acme"));
    QCOMPARE(r.status, 7);
    QCOMPARE(reason(r), QStringLiteral("unauthorized"));
    ADM_EXPECT_CODE(call(*m_cp, "OrgInvitationService/Create", inv, olivia, QStringLiteral("acme")), 0);
    inv.set_receiver_email("boss@globex.example");
    r = call(*m_cp, "OrgInvitationService/Create", inv, instanceToken(), QStringLiteral("globex"));
    ADM_EXPECT_CODE(r, 0);
    QVERIFY(!parse<v1::OrgInvitationServiceCreateResponse>(r).result().has_sender());

    // ListSent: pending and accepted; Revoke only pending.
    const auto sent = parse<v1::OrgInvitationServiceListSentResponse>(call(*m_cp, "OrgInvitationService/ListSent",
        v1::OrgInvitationServiceListSentRequest(), adam, QStringLiteral("acme")));
    QString acceptedId;
    int pending = 0;
    for (const auto &i : sent.result()) {
        if (i.status() == "accepted")
            acceptedId = str(i.id());
        else
            ++pending;
    }
    QVERIFY(!acceptedId.isEmpty());
    QVERIFY(pending >= 4);
    v1::OrgInvitationServiceRevokeRequest revoke;
    revoke.set_id(acceptedId.toStdString());
    QCOMPARE(call(*m_cp, "OrgInvitationService/Revoke", revoke, adam, QStringLiteral("acme")).status, 3);
    revoke.set_id(created.id());
    ADM_EXPECT_CODE(call(*m_cp, "OrgInvitationService/Revoke", revoke, adam, QStringLiteral("acme")), 0);
    QCOMPARE(call(*m_cp, "OrgInvitationService/Revoke", revoke, adam, QStringLiteral("acme")).status, 5);
    const auto after = parse<v1::OrgInvitationServiceListSentResponse>(call(*m_cp, "OrgInvitationService/ListSent",
        v1::OrgInvitationServiceListSentRequest(), adam, QStringLiteral("acme")));
    QCOMPARE(after.result_size(), sent.result_size() - 1);
    // Another org's invitation is NOT_FOUND here.
    revoke.set_id(created.id());
    QCOMPARE(
        call(*m_cp, "OrgInvitationService/Revoke", revoke, user("gina.owner@globex.example"), QStringLiteral("globex"))
            .status,
        5);
}

void TestSandboxEngine::loginAcceptsInvitations()
{
    QString ivanId;
    for (const auto &u : m_cp->loginUsers()) {
        if (u.email == QLatin1String("ivan.invitee@example.com"))
            ivanId = u.id;
    }
    QVERIFY(!ivanId.isEmpty());
    QVERIFY(m_cp->loginAs(QStringLiteral("no-such-user"), std::chrono::hours(1)).isEmpty());
    const QString token = m_cp->loginAs(ivanId, std::chrono::seconds(10));
    QVERIFY(!token.isEmpty());
    const auto claims = adm::parseJwtClaims(token).claims;
    QVERIFY(claims);
    QCOMPARE(claims->kind, adm::JwtClaims::Kind::User);
    QCOMPARE(claims->userId, ivanId);
    QVERIFY(claims->expiresAt <= QDateTime::currentDateTimeUtc().addSecs(11));
    const auto memberships = parse<v1::UserServiceListMembershipsResponse>(
        call(*m_cp, "UserService/ListMemberships", v1::UserServiceListMembershipsRequest(), token));
    QCOMPARE(memberships.result_size(), 2);
    QStringList orgs;
    for (const auto &m : memberships.result())
        orgs << str(m.org().name()) + QLatin1Char(':') + QString::number(m.role());
    orgs.sort();
    QCOMPARE(orgs, (QStringList { QStringLiteral("acme:4"), QStringLiteral("globex:1") }));
    const auto sent = parse<v1::OrgInvitationServiceListSentResponse>(call(*m_cp, "OrgInvitationService/ListSent",
        v1::OrgInvitationServiceListSentRequest(), user("olivia.owner@acme.example"), QStringLiteral("acme")));
    for (const auto &i : sent.result()) {
        if (i.receiver_email() == "ivan.invitee@example.com")
            QCOMPARE(str(i.status()), QStringLiteral("accepted"));
    }
    // Long-lived: 7 days.
    const auto longLived = adm::parseJwtClaims(m_cp->loginAs(ivanId, std::chrono::hours(24 * 7))).claims;
    QVERIFY(longLived->expiresAt > QDateTime::currentDateTimeUtc().addDays(6));
}

void TestSandboxEngine::membershipRules()
{
    const QString olivia = user("olivia.owner@acme.example");
    const QString adam = user("adam.admin@acme.example");
    const QString adamId = membershipId(QStringLiteral("acme"), QStringLiteral("adam.admin"));
    const QString oliviaId = membershipId(QStringLiteral("acme"), QStringLiteral("olivia.owner"));
    const QString veraId = membershipId(QStringLiteral("acme"), QStringLiteral("vera.viewer"));
    QVERIFY(!adamId.isEmpty() && !oliviaId.isEmpty() && !veraId.isEmpty());

    v1::OrganizationServiceUpdateMembershipRequest up;
    up.set_membership_id(adamId.toStdString());
    up.set_role(v1::MEMBERSHIP_ROLE_ORG_VIEWER);
    auto r = call(*m_cp, "OrganizationService/UpdateMembership", up, adam, QStringLiteral("acme"));
    QCOMPARE(r.status, 3); // own role
    up.set_membership_id(oliviaId.toStdString());
    r = call(*m_cp, "OrganizationService/UpdateMembership", up, adam, QStringLiteral("acme"));
    QCOMPARE(r.status, 7);
    QCOMPARE(reason(r), QStringLiteral("unauthorized"));
    up.set_membership_id(veraId.toStdString());
    up.set_role(v1::MEMBERSHIP_ROLE_ORG_OWNER);
    QCOMPARE(call(*m_cp, "OrganizationService/UpdateMembership", up, adam, QStringLiteral("acme")).status, 7);
    up.set_role(v1::MEMBERSHIP_ROLE_UNSPECIFIED);
    r = call(*m_cp, "OrganizationService/UpdateMembership", up, adam, QStringLiteral("acme"));
    QCOMPARE(r.status, 3);
    QCOMPARE(r.message, QStringLiteral("role is required"));
    up.set_role(v1::MEMBERSHIP_ROLE_ORG_MEMBER);
    r = call(*m_cp, "OrganizationService/UpdateMembership", up, adam, QStringLiteral("acme"));
    ADM_EXPECT_CODE(r, 0);
    QCOMPARE(parse<v1::OrganizationServiceUpdateMembershipResponse>(r).result().role(), v1::MEMBERSHIP_ROLE_ORG_MEMBER);
    QCOMPARE(str(parse<v1::OrganizationServiceUpdateMembershipResponse>(r).result().user().email()),
        QStringLiteral("vera.viewer@acme.example"));

    v1::OrganizationServiceDeleteMembershipRequest del;
    del.set_membership_id(adamId.toStdString());
    r = call(*m_cp, "OrganizationService/DeleteMembership", del, adam, QStringLiteral("acme"));
    QCOMPARE(r.status, 3);
    QCOMPARE(r.message, QStringLiteral("cannot delete yourself from the org"));
    del.set_membership_id(oliviaId.toStdString());
    QCOMPARE(call(*m_cp, "OrganizationService/DeleteMembership", del, adam, QStringLiteral("acme")).status, 7);
    del.set_membership_id(veraId.toStdString());
    ADM_EXPECT_CODE(call(*m_cp, "OrganizationService/DeleteMembership", del, adam, QStringLiteral("acme")), 0);
    QCOMPARE(call(*m_cp, "OrganizationService/DeleteMembership", del, adam, QStringLiteral("acme")).status, 5);

    // UserService: sole owner cannot leave; others can; current membership switching.
    v1::DeleteMembershipRequest leave;
    leave.set_membership_id(oliviaId.toStdString());
    QCOMPARE(call(*m_cp, "UserService/DeleteMembership", leave, olivia).status, 3);
    leave.set_membership_id(oliviaId.toStdString());
    QCOMPARE(call(*m_cp, "UserService/DeleteMembership", leave, adam).status, 5); // not adam's
    const auto mine = parse<v1::UserServiceListMembershipsResponse>(
        call(*m_cp, "UserService/ListMemberships", v1::UserServiceListMembershipsRequest(), olivia));
    QCOMPARE(mine.result_size(), 2);
    QString globexMembership;
    for (const auto &m : mine.result()) {
        QVERIFY(!m.has_user());
        if (m.org().name() == "globex") {
            QVERIFY(!m.current());
            globexMembership = str(m.id());
        }
    }
    v1::SetCurrentMembershipRequest setCurrent;
    setCurrent.set_membership_id(globexMembership.toStdString());
    r = call(*m_cp, "UserService/SetCurrentMembership", setCurrent, olivia);
    ADM_EXPECT_CODE(r, 0);
    QVERIFY(parse<v1::SetCurrentMembershipResponse>(r).result().current());
    const auto ctx = parse<v1::ContextServiceCurrentResponse>(
        call(*m_cp, "ContextService/Current", v1::ContextServiceCurrentRequest(), olivia));
    QCOMPARE(str(ctx.result().current_membership().org().name()), QStringLiteral("globex"));
    // Without a header, org-bound calls use the current membership (olivia is admin in globex).
    ADM_EXPECT_CODE(call(*m_cp, "OrgInvitationService/ListSent", v1::OrgInvitationServiceListSentRequest(), olivia), 0);
    leave.set_membership_id(globexMembership.toStdString());
    ADM_EXPECT_CODE(call(*m_cp, "UserService/DeleteMembership", leave, olivia), 0);
}

void TestSandboxEngine::paginationLimits()
{
    const QString vera = user("vera.viewer@acme.example");
    auto list = [&](const v1::OrganizationServiceListMembershipsRequest &req) {
        return call(*m_cp, "OrganizationService/ListMemberships", req, vera, QStringLiteral("acme"));
    };
    v1::OrganizationServiceListMembershipsRequest req;
    auto r = list(req);
    ADM_EXPECT_CODE(r, 0);
    auto page = parse<v1::OrganizationServiceListMembershipsResponse>(r);
    QCOMPARE(page.pagination().page(), 1);
    QCOMPARE(page.pagination().page_size(), 100);
    QCOMPARE(page.pagination().total_count(), 5);
    QCOMPARE(page.pagination().total_pages(), 1);
    QCOMPARE(page.result_size(), 5);
    // Newest first: the owner's membership (created with the org) is last.
    QCOMPARE(page.result(4).role(), v1::MEMBERSHIP_ROLE_ORG_OWNER);
    QVERIFY(page.result(0).created_at().seconds() * 1000 + page.result(0).created_at().nanos() / 1000000
        >= page.result(4).created_at().seconds() * 1000 + page.result(4).created_at().nanos() / 1000000);
    QCOMPARE(str(page.result(0).org().name()), QStringLiteral("acme"));
    QVERIFY(!page.result(0).user().email().empty());

    req.mutable_pagination()->set_page(2);
    req.mutable_pagination()->set_page_size(2);
    page = parse<v1::OrganizationServiceListMembershipsResponse>(list(req));
    QCOMPARE(page.result_size(), 2);
    QCOMPARE(page.pagination().total_pages(), 3);
    req.mutable_pagination()->set_page(9);
    page = parse<v1::OrganizationServiceListMembershipsResponse>(list(req));
    QCOMPARE(page.result_size(), 0);
    QCOMPARE(page.pagination().total_count(), 5);

    req.mutable_pagination()->set_page(0);
    req.mutable_pagination()->set_page_size(0);
    r = list(req);
    QCOMPARE(r.status, 3);
    QCOMPARE(violationSummary(r),
        (QStringList {
            QStringLiteral("pagination.page [int32.gte]"), QStringLiteral("pagination.page_size [int32.gt]") }));
    QVERIFY(r.message.startsWith(QStringLiteral("validation error")));
    const auto v = violations(r).violations(0);
    QCOMPARE(v.field().elements(0).field_number(), 5);
    QCOMPARE(v.field().elements(1).field_number(), 1);
    QCOMPARE(v.rule().elements(0).field_name(), std::string("int32"));
    req.mutable_pagination()->set_page(1);
    req.mutable_pagination()->set_page_size(101);
    QCOMPARE(violationSummary(list(req)), QStringList { QStringLiteral("pagination.page_size [int32.lte]") });

    // Filters: role, e-mail/name substrings (OR-ed), membership id.
    v1::OrganizationServiceListMembershipsRequest filter;
    filter.set_role(v1::MEMBERSHIP_ROLE_ORG_ADMIN);
    page = parse<v1::OrganizationServiceListMembershipsResponse>(list(filter));
    QCOMPARE(page.result_size(), 1);
    QCOMPARE(str(page.result(0).user().email()), QStringLiteral("adam.admin@acme.example"));
    filter.set_role(v1::MEMBERSHIP_ROLE_UNSPECIFIED);
    QCOMPARE(violationSummary(list(filter)), QStringList { QStringLiteral("role [enum.not_in]") });
    filter.clear_role();
    filter.set_email("MIKE");
    filter.set_name("carla");
    page = parse<v1::OrganizationServiceListMembershipsResponse>(list(filter));
    QCOMPARE(page.result_size(), 2);
    v1::OrganizationServiceListMembershipsRequest byId;
    byId.set_membership_id(page.result(0).id());
    QCOMPARE(parse<v1::OrganizationServiceListMembershipsResponse>(list(byId)).result_size(), 1);
    byId.set_membership_id("nope");
    QCOMPARE(violationSummary(list(byId)), QStringList { QStringLiteral("membership_id [string.uuid]") });
}

void TestSandboxEngine::instanceTokens()
{
    const QString ada = m_seed[QStringLiteral("instance_admin_user_token")].toString();
    const QString inst = instanceToken();
    const auto instClaims = adm::parseJwtClaims(inst).claims;
    QCOMPARE(instClaims->kind, adm::JwtClaims::Kind::InstanceApiToken);
    QCOMPARE(instClaims->scope, QStringLiteral("INSTANCE_ADMIN"));
    QVERIFY(instClaims->orgId.isEmpty() && instClaims->orgName.isEmpty());

    v1::APITokenServiceCreateRequest create;
    create.set_name("onboarding");
    create.mutable_expires_in()->set_seconds(86400);
    create.mutable_project_reference()->set_name("ignored");
    auto r = call(*m_cp, "InstanceAPITokenService/Create", create, ada);
    ADM_EXPECT_CODE(r, 0);
    const auto full = parse<v1::APITokenServiceCreateResponse>(r).result();
    QCOMPARE(str(full.item().organization_id()), QStringLiteral("00000000-0000-0000-0000-000000000000"));
    QVERIFY(full.item().organization_name().empty());
    QVERIFY(!full.item().has_scoped_entity());
    const auto claims = adm::parseJwtClaims(str(full.jwt())).claims;
    QCOMPARE(claims->scope, QStringLiteral("INSTANCE_ADMIN"));
    QVERIFY(claims->orgName.isEmpty());
    QCOMPARE(call(*m_cp, "InstanceAPITokenService/Create", create, ada).status, 6);

    // Who may call it.
    QCOMPARE(
        call(*m_cp, "InstanceAPITokenService/List", v1::APITokenServiceListRequest(), user("olivia.owner@acme.example"))
            .status,
        7);
    QCOMPARE(call(*m_cp, "InstanceAPITokenService/List", v1::APITokenServiceListRequest(), orgToken("acme")).status, 7);
    // Instance tokens hold the instance-token policies; org tokens and ordinary users do not.
    r = call(*m_cp, "InstanceAPITokenService/List", v1::APITokenServiceListRequest(), inst);
    ADM_EXPECT_CODE(r, 0);
    QStringList names;
    const auto parsed2 = parse<v1::APITokenServiceListResponse>(r);
    for (const auto &t : parsed2.result())
        names << str(t.name());
    QCOMPARE(names, (QStringList { QStringLiteral("provisioning"), QStringLiteral("onboarding") }));
    v1::APITokenServiceCreateRequest byToken;
    byToken.set_name("made-by-token");
    r = call(*m_cp, "InstanceAPITokenService/Create", byToken, inst);
    ADM_EXPECT_CODE(r, 0);
    const QString madeByToken = str(parse<v1::APITokenServiceCreateResponse>(r).result().jwt());
    // The new token provisions too: it may create an org (no members, inline default backend).
    v1::OrganizationServiceCreateRequest org;
    org.set_name("tenant-one");
    ADM_EXPECT_CODE(call(*m_cp, "OrganizationService/Create", org, madeByToken), 0);
    v1::APITokenServiceListRequest revokedOnly;
    revokedOnly.set_status_filter(v1::APITokenServiceListRequest::STATUS_FILTER_REVOKED);
    r = call(*m_cp, "InstanceAPITokenService/List", revokedOnly, ada);
    QCOMPARE(parse<v1::APITokenServiceListResponse>(r).result_size(), 1);

    // Revoke: instance tokens only.
    v1::APITokenServiceRevokeRequest revoke;
    revoke.set_id(full.item().id());
    ADM_EXPECT_CODE(call(*m_cp, "InstanceAPITokenService/Revoke", revoke, ada), 0);
    QCOMPARE(call(*m_cp, "ContextService/Current", v1::ContextServiceCurrentRequest(), str(full.jwt())).status, 2);
    revoke.set_id(adm::parseJwtClaims(orgToken("acme")).claims->tokenId.toStdString());
    QCOMPARE(call(*m_cp, "InstanceAPITokenService/Revoke", revoke, ada).status, 5);
    // An instance token cannot manage org tokens through APITokenService.
    QCOMPARE(
        call(*m_cp, "APITokenService/List", v1::APITokenServiceListRequest(), inst, QStringLiteral("acme")).status, 7);
}

void TestSandboxEngine::organizationHeaderSelection()
{
    const QString inst = instanceToken();
    // No header: CAS methods report the missing org; step-6 methods a plain "organization not found".
    auto r = call(*m_cp, "CASBackendService/List", v1::CASBackendServiceListRequest(), inst);
    QCOMPARE(r.status, 5);
    QCOMPARE(r.message, QStringLiteral("current organization not set"));
    v1::OrgInvitationServiceCreateRequest inv;
    inv.set_receiver_email("x@example.com");
    inv.set_role(v1::MEMBERSHIP_ROLE_ORG_VIEWER);
    r = call(*m_cp, "OrgInvitationService/Create", inv, inst);
    QCOMPARE(r.status, 2);
    QCOMPARE(r.message, QStringLiteral("organization not found"));
    // Header naming a missing org.
    r = call(*m_cp, "CASBackendService/List", v1::CASBackendServiceListRequest(), inst, QStringLiteral("nowhere"));
    QCOMPARE(r.status, 2);
    QVERIFY(r.details.isEmpty());
    // The header picks the org.
    r = call(*m_cp, "CASBackendService/List", v1::CASBackendServiceListRequest(), inst, QStringLiteral("globex"));
    ADM_EXPECT_CODE(r, 0);
    QStringList names;
    const auto parsed3 = parse<v1::CASBackendServiceListResponse>(r);
    for (const auto &b : parsed3.result())
        names << str(b.name());
    QVERIFY(names.contains(QStringLiteral("chainloop-managed")));
    // Org tokens ignore the header.
    r = call(*m_cp, "OrganizationService/ListMemberships", v1::OrganizationServiceListMembershipsRequest(),
        user("vera.viewer@acme.example"), QStringLiteral("acme"));
    ADM_EXPECT_CODE(r, 0);
    const auto acmeCas = parse<v1::ContextServiceCurrentResponse>(call(*m_cp, "ContextService/Current",
        v1::ContextServiceCurrentRequest(), orgToken("acme"), QStringLiteral("globex")));
    QCOMPARE(str(acmeCas.result().current_cas_backend().name()), QStringLiteral("s3-primary"));

    // Users: a header naming an org they are not in -> UNKNOWN (ordinary) / reasoned (instance admin).
    r = call(*m_cp, "CASBackendService/List", v1::CASBackendServiceListRequest(), user("adam.admin@acme.example"),
        QStringLiteral("globex"));
    QCOMPARE(r.status, 2);
    r = call(*m_cp, "CASBackendService/List", v1::CASBackendServiceListRequest(), user("ada@chainloop.local"),
        QStringLiteral("nowhere"));
    QCOMPARE(r.status, 7);
    QCOMPARE(reason(r), QStringLiteral("USER_NOT_MEMBER_OF_ORG_ERROR_NOT_IN_ORG"));
    // A user without any membership and no header.
    QString ivanId;
    for (const auto &u : m_cp->loginUsers()) {
        if (u.email == QLatin1String("ivan.invitee@example.com"))
            ivanId = u.id;
    }
    adm::sandbox::SandboxJwt jwt("chainloop-sandbox-development-secret");
    const QString ivan
        = jwt.signUser(ivanId, QDateTime::currentDateTimeUtc().addSecs(60)); // no login: invitations stay
    r = call(*m_cp, "CASBackendService/List", v1::CASBackendServiceListRequest(), ivan);
    QCOMPARE(r.status, 7);
    QCOMPARE(reason(r), QStringLiteral("USER_WITH_NO_MEMBERSHIP_ERROR_NOT_IN_ORG"));
}

void TestSandboxEngine::contextCurrent()
{
    auto r = call(*m_cp, "ContextService/Current", v1::ContextServiceCurrentRequest(), user("ada@chainloop.local"));
    ADM_EXPECT_CODE(r, 0);
    auto res = parse<v1::ContextServiceCurrentResponse>(r).result();
    QVERIFY(res.current_user().instance_admin());
    QCOMPARE(str(res.current_membership().org().name()), QStringLiteral("initech"));
    r = call(*m_cp, "ContextService/Current", v1::ContextServiceCurrentRequest(), user("ada@chainloop.local"),
        QStringLiteral("acme"));
    QCOMPARE(r.status, 7);
    QCOMPARE(reason(r), QStringLiteral("USER_NOT_MEMBER_OF_ORG_ERROR_NOT_IN_ORG"));

    r = call(*m_cp, "ContextService/Current", v1::ContextServiceCurrentRequest(), orgToken("globex"));
    res = parse<v1::ContextServiceCurrentResponse>(r).result();
    QCOMPARE(str(res.current_user().email()), QStringLiteral("API-token@chainloop"));
    QCOMPARE(res.current_user().id(), adm::parseJwtClaims(orgToken("globex")).claims->tokenId.toStdString());
    QVERIFY(!res.has_current_membership());
    QCOMPARE(str(res.current_cas_backend().name()), QStringLiteral("globex-oci"));

    r = call(*m_cp, "ContextService/Current", v1::ContextServiceCurrentRequest(), user("mike.member@acme.example"));
    res = parse<v1::ContextServiceCurrentResponse>(r).result();
    QVERIFY(!res.current_user().instance_admin());
    QCOMPARE(res.current_membership().role(), v1::MEMBERSHIP_ROLE_ORG_MEMBER);
    QVERIFY(res.current_membership().current());
}

QTEST_GUILESS_MAIN(TestSandboxEngine)
#include "tst_sandboxengine.moc"
