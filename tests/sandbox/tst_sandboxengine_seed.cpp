// SPDX-License-Identifier: Apache-2.0
// Seeding and persistence: demo contents, idempotent reseeding on the same file, state
// surviving a reopen, and load seeding (100,000 members, 1,000 orgs) with correct pages.
#include "EngineTestHelpers.h"
#include "controlplane/v1/api_token.pb.h"
#include "controlplane/v1/cas_backends.pb.h"
#include "controlplane/v1/context.pb.h"
#include "controlplane/v1/org_invitation.pb.h"
#include "controlplane/v1/organization.pb.h"
#include "controlplane/v1/user.pb.h"
#include "core/JwtClaims.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace adm::test;
namespace v1 = controlplane::v1;

class TestSandboxEngineSeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void demoContents();
    void demoIsIdempotentAcrossRestarts();
    void stateSurvivesReopen();
    void missingDefaultCasBlocksStepSixMethods();
    void loadSeeding();

private:
    static int count(ControlPlane &cp, const QString &token, const QByteArray &method,
        const google::protobuf::Message &req, const QString &org);
};

int TestSandboxEngineSeed::count(ControlPlane &cp, const QString &token, const QByteArray &method,
    const google::protobuf::Message &req, const QString &org)
{
    const auto r = call(cp, method, req, token, org);
    if (r.status != 0)
        return -r.status;
    if (method.contains("ListMemberships") && method.contains("Organization"))
        return parse<v1::OrganizationServiceListMembershipsResponse>(r).pagination().total_count();
    if (method.contains("CASBackendService"))
        return parse<v1::CASBackendServiceListResponse>(r).result_size();
    if (method.contains("ListSent"))
        return parse<v1::OrgInvitationServiceListSentResponse>(r).result_size();
    return parse<v1::APITokenServiceListResponse>(r).result_size();
}

void TestSandboxEngineSeed::demoContents()
{
    auto cp = openEngine();
    const QJsonObject seed = cp->seedDemo();
    for (const char *key : { "instance_token", "instance_admin_user_token", "user_tokens", "org_tokens" })
        QVERIFY2(seed.contains(QLatin1String(key)), key);
    const auto orgTokens = seed[QStringLiteral("org_tokens")].toObject();
    QCOMPARE(orgTokens.keys(),
        (QStringList { QStringLiteral("acme"), QStringLiteral("globex"), QStringLiteral("initech") }));
    const auto users = seed[QStringLiteral("user_tokens")].toObject();
    QVERIFY(users.size() >= 8);

    // Each user token identifies its user.
    for (auto it = users.begin(); it != users.end(); ++it) {
        const auto r = call(*cp, "ContextService/Current", v1::ContextServiceCurrentRequest(), it.value().toString());
        ADM_EXPECT_CODE(r, 0);
        QCOMPARE(str(parse<v1::ContextServiceCurrentResponse>(r).result().current_user().email()), it.key());
    }
    const auto ada = parse<v1::ContextServiceCurrentResponse>(call(*cp, "ContextService/Current",
        v1::ContextServiceCurrentRequest(), seed[QStringLiteral("instance_admin_user_token")].toString()));
    QVERIFY(ada.result().current_user().instance_admin());

    // Every role in acme; tokens in every state; CAS backends of each provider, one invalid.
    const QString olivia = users[QStringLiteral("olivia.owner@acme.example")].toString();
    QSet<int> roles;
    const auto parsed1
        = parse<v1::OrganizationServiceListMembershipsResponse>(call(*cp, "OrganizationService/ListMemberships",
            v1::OrganizationServiceListMembershipsRequest(), olivia, QStringLiteral("acme")));
    for (const auto &m : parsed1.result())
        roles.insert(m.role());
    QCOMPARE(roles, (QSet<int> { 1, 2, 3, 4, 5 }));
    v1::APITokenServiceListRequest all;
    all.set_status_filter(v1::APITokenServiceListRequest::STATUS_FILTER_ALL);
    const auto tokens = parse<v1::APITokenServiceListResponse>(
        call(*cp, "APITokenService/List", all, olivia, QStringLiteral("acme")));
    bool expiringSoon = false, expired = false, revoked = false, neverUsed = false, used = false;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const auto &t : tokens.result()) {
        const QDateTime expires = QDateTime::fromSecsSinceEpoch(t.expires_at().seconds(), Qt::UTC);
        expiringSoon |= t.has_expires_at() && expires > now && expires < now.addDays(7);
        expired |= t.has_expires_at() && expires < now;
        revoked |= t.has_revoked_at();
        neverUsed |= !t.has_last_used_at();
        used |= t.has_last_used_at();
    }
    QVERIFY(expiringSoon && expired && revoked && neverUsed && used);
    QSet<QString> providers;
    int invalid = 0;
    const auto parsed2 = parse<v1::CASBackendServiceListResponse>(
        call(*cp, "CASBackendService/List", v1::CASBackendServiceListRequest(), olivia, QStringLiteral("acme")));
    for (const auto &b : parsed2.result()) {
        providers.insert(str(b.provider()));
        invalid += b.validation_status() == v1::CASBackendItem::VALIDATION_STATUS_INVALID;
    }
    QCOMPARE(providers,
        (QSet<QString> {
            QStringLiteral("INLINE"), QStringLiteral("AWS-S3"), QStringLiteral("AzureBlob"), QStringLiteral("OCI") }));
    QCOMPARE(invalid, 1);
    const auto sent = parse<v1::OrgInvitationServiceListSentResponse>(call(*cp, "OrgInvitationService/ListSent",
        v1::OrgInvitationServiceListSentRequest(), olivia, QStringLiteral("acme")));
    QSet<QString> statuses;
    for (const auto &i : sent.result())
        statuses.insert(str(i.status()));
    QCOMPARE(statuses, (QSet<QString> { QStringLiteral("pending"), QStringLiteral("accepted") }));

    // The instance token provisions: org creation and CAS listing by header.
    v1::OrganizationServiceCreateRequest org;
    org.set_name("provisioned");
    ADM_EXPECT_CODE(call(*cp, "OrganizationService/Create", org, seed[QStringLiteral("instance_token")].toString()), 0);
}

void TestSandboxEngineSeed::demoIsIdempotentAcrossRestarts()
{
    QTemporaryDir dir;
    ControlPlaneOptions options;
    options.databasePath = dir.filePath(QStringLiteral("sandbox.db"));
    QJsonObject first;
    int members = 0;
    {
        auto cp = openEngine(options);
        first = cp->seedDemo();
        members = count(*cp,
            first[QStringLiteral("user_tokens")].toObject()[QStringLiteral("olivia.owner@acme.example")].toString(),
            "OrganizationService/ListMemberships", v1::OrganizationServiceListMembershipsRequest(),
            QStringLiteral("acme"));
        QCOMPARE(members, 5);
        // A demo user revokes the seeded acme token: the next seeding must mint a new one.
        v1::APITokenServiceRevokeRequest revoke;
        revoke.set_id(
            adm::parseJwtClaims(first[QStringLiteral("org_tokens")].toObject()[QStringLiteral("acme")].toString())
                .claims->tokenId.toStdString());
        ADM_EXPECT_CODE(
            call(*cp, "APITokenService/Revoke", revoke,
                first[QStringLiteral("user_tokens")].toObject()[QStringLiteral("olivia.owner@acme.example")].toString(),
                QStringLiteral("acme")),
            0);
    }
    auto cp = openEngine(options);
    const QJsonObject second = cp->seedDemo();
    QCOMPARE(second[QStringLiteral("user_tokens")].toObject().keys(),
        first[QStringLiteral("user_tokens")].toObject().keys());
    const QString olivia
        = second[QStringLiteral("user_tokens")].toObject()[QStringLiteral("olivia.owner@acme.example")].toString();
    QCOMPARE(count(*cp, olivia, "OrganizationService/ListMemberships", v1::OrganizationServiceListMembershipsRequest(),
                 QStringLiteral("acme")),
        members);
    QCOMPARE(
        count(*cp, olivia, "CASBackendService/List", v1::CASBackendServiceListRequest(), QStringLiteral("acme")), 5);
    QCOMPARE(cp->loginUsers().size(), 8);
    // Same identities: the instance token is the same row, the acme token a fresh one.
    QCOMPARE(second[QStringLiteral("instance_token")].toString(), first[QStringLiteral("instance_token")].toString());
    const QString acme = second[QStringLiteral("org_tokens")].toObject()[QStringLiteral("acme")].toString();
    QVERIFY(acme != first[QStringLiteral("org_tokens")].toObject()[QStringLiteral("acme")].toString());
    ADM_EXPECT_CODE(call(*cp, "ContextService/Current", v1::ContextServiceCurrentRequest(), acme), 0);
    for (const QString &token : { second[QStringLiteral("instance_token")].toString(),
             second[QStringLiteral("instance_admin_user_token")].toString() })
        ADM_EXPECT_CODE(call(*cp, "ContextService/Current", v1::ContextServiceCurrentRequest(), token), 0);
    // And a third time in the same process.
    cp->seedDemo();
    QCOMPARE(cp->loginUsers().size(), 8);
}

void TestSandboxEngineSeed::stateSurvivesReopen()
{
    QTemporaryDir dir;
    ControlPlaneOptions options;
    options.databasePath = dir.filePath(QStringLiteral("state.db"));
    QString ownerToken;
    QString tokenJwt;
    {
        auto cp = openEngine(options);
        const QJsonObject seed = cp->seedDemo();
        ownerToken
            = seed[QStringLiteral("user_tokens")].toObject()[QStringLiteral("gina.owner@globex.example")].toString();
        v1::OrganizationServiceCreateRequest org;
        org.set_name("persisted");
        ADM_EXPECT_CODE(call(*cp, "OrganizationService/Create", org, ownerToken), 0);
        v1::APITokenServiceCreateRequest create;
        create.set_name("kept");
        const auto r = call(*cp, "APITokenService/Create", create, ownerToken, QStringLiteral("persisted"));
        ADM_EXPECT_CODE(r, 0);
        tokenJwt = str(parse<v1::APITokenServiceCreateResponse>(r).result().jwt());
    }
    QVERIFY(QFile::exists(options.databasePath));
    auto cp = openEngine(options);
    // Tokens minted before the restart still verify (same secret); data is there.
    const auto r = call(*cp, "ContextService/Current", v1::ContextServiceCurrentRequest(), ownerToken);
    ADM_EXPECT_CODE(r, 0);
    QCOMPARE(str(parse<v1::ContextServiceCurrentResponse>(r).result().current_membership().org().name()),
        QStringLiteral("persisted"));
    const auto list = parse<v1::APITokenServiceListResponse>(
        call(*cp, "APITokenService/List", v1::APITokenServiceListRequest(), ownerToken, QStringLiteral("persisted")));
    QCOMPARE(list.result_size(), 1);
    QCOMPARE(str(list.result(0).name()), QStringLiteral("kept"));
    ADM_EXPECT_CODE(call(*cp, "ContextService/Current", v1::ContextServiceCurrentRequest(), tokenJwt), 0);
    // Another secret invalidates every token.
    options.jwtSecret = "rotated";
    auto rotated = openEngine(options);
    QCOMPARE(call(*rotated, "ContextService/Current", v1::ContextServiceCurrentRequest(), ownerToken).status, 16);
}

void TestSandboxEngineSeed::missingDefaultCasBlocksStepSixMethods()
{
    QTemporaryDir dir;
    ControlPlaneOptions options;
    options.databasePath = dir.filePath(QStringLiteral("nocas.db"));
    QJsonObject seed;
    {
        auto cp = openEngine(options);
        seed = cp->seedDemo();
    }
    {
        // No RPC can leave an org without a default backend; edit the file like an operator would.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("poke"));
        db.setDatabaseName(options.databasePath);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral(
            "UPDATE cas_backends SET is_default = 0 WHERE org_id = (SELECT id FROM orgs WHERE name = 'initech')")));
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("poke"));
    auto cp = openEngine(options);
    const QString ada = seed[QStringLiteral("instance_admin_user_token")].toString();
    auto r = call(*cp, "APITokenService/List", v1::APITokenServiceListRequest(), ada, QStringLiteral("initech"));
    QCOMPARE(r.status, 7);
    QCOMPARE(reason(r), QStringLiteral("CAS_BACKEND_ERROR_REASON_REQUIRED"));
    r = call(*cp, "OrgInvitationService/ListSent", v1::OrgInvitationServiceListSentRequest(), ada,
        QStringLiteral("initech"));
    QCOMPARE(reason(r), QStringLiteral("CAS_BACKEND_ERROR_REASON_REQUIRED"));
    // CAS and organization methods are exempt.
    ADM_EXPECT_CODE(
        call(*cp, "CASBackendService/List", v1::CASBackendServiceListRequest(), ada, QStringLiteral("initech")), 0);
    ADM_EXPECT_CODE(call(*cp, "OrganizationService/ListMemberships", v1::OrganizationServiceListMembershipsRequest(),
                        ada, QStringLiteral("initech")),
        0);
}

void TestSandboxEngineSeed::loadSeeding()
{
    auto cp = openEngine();
    QElapsedTimer timer;
    timer.start();
    const QJsonObject load = cp->seedLoad(1000, 100000);
    qInfo("seedLoad(1000, 100000) took %lld ms", timer.elapsed());
    QCOMPARE(load[QStringLiteral("orgs")].toInt(), 1000);
    QCOMPARE(load[QStringLiteral("members")].toInt(), 100000);
    const QString owner = load[QStringLiteral("owner_token")].toString();
    const QString org = load[QStringLiteral("first_org")].toString();
    QCOMPARE(org, QStringLiteral("load-org-00001"));

    v1::OrganizationServiceListMembershipsRequest req;
    req.mutable_pagination()->set_page(1000);
    req.mutable_pagination()->set_page_size(100);
    timer.restart();
    auto r = call(*cp, "OrganizationService/ListMemberships", req, owner, org);
    qInfo("last page took %lld ms", timer.elapsed());
    ADM_EXPECT_CODE(r, 0);
    auto page = parse<v1::OrganizationServiceListMembershipsResponse>(r);
    QCOMPARE(page.pagination().total_count(), 100000);
    QCOMPARE(page.pagination().total_pages(), 1000);
    QCOMPARE(page.result_size(), 100);
    // Newest first: the oldest membership, the owner's, closes the last page.
    QCOMPARE(page.result(99).role(), v1::MEMBERSHIP_ROLE_ORG_OWNER);
    QCOMPARE(str(page.result(99).user().email()), QStringLiteral("load-owner@example.com"));
    QCOMPARE(str(page.result(0).user().email()), QStringLiteral("load-user-000099@example.com"));
    req.mutable_pagination()->set_page(1);
    page = parse<v1::OrganizationServiceListMembershipsResponse>(
        call(*cp, "OrganizationService/ListMemberships", req, owner, org));
    QCOMPARE(str(page.result(0).user().email()), QStringLiteral("load-user-099999@example.com"));
    req.mutable_pagination()->set_page(1001);
    page = parse<v1::OrganizationServiceListMembershipsResponse>(
        call(*cp, "OrganizationService/ListMemberships", req, owner, org));
    QCOMPARE(page.result_size(), 0);
    req.mutable_pagination()->set_page(1);
    req.set_email("load-user-05000");
    page = parse<v1::OrganizationServiceListMembershipsResponse>(
        call(*cp, "OrganizationService/ListMemberships", req, owner, org));
    QCOMPARE(page.pagination().total_count(), 10); // 050000..050009

    const auto mine = parse<v1::UserServiceListMembershipsResponse>(
        call(*cp, "UserService/ListMemberships", v1::UserServiceListMembershipsRequest(), owner));
    QCOMPARE(mine.result_size(), 1000);
    // Other load orgs work (inline default present) and only have their owner.
    ADM_EXPECT_CODE(
        call(*cp, "APITokenService/List", v1::APITokenServiceListRequest(), owner, QStringLiteral("load-org-01000")),
        0);
    // Synthetic users stay off the login page; seeding again changes nothing.
    QVERIFY(cp->loginUsers().size() < 10);
    const QJsonObject again = cp->seedLoad(1000, 100000);
    QCOMPARE(again[QStringLiteral("members")].toInt(), 100000);
    page = parse<v1::OrganizationServiceListMembershipsResponse>(
        call(*cp, "OrganizationService/ListMemberships", v1::OrganizationServiceListMembershipsRequest(), owner, org));
    QCOMPARE(page.pagination().total_count(), 100000);
}

QTEST_GUILESS_MAIN(TestSandboxEngineSeed)
#include "tst_sandboxengine_seed.moc"
