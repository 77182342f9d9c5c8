// SPDX-License-Identifier: Apache-2.0
#include "StorageTestSupport.h"
#include "storage/Database.h"
#include "storage/KnownOrganizationRepository.h"
#include "storage/ListingCache.h"
#include "storage/ListingJson.h"
#include "storage/ProfileRepository.h"

#include <QJsonObject>
#include <QTest>

using namespace adm;
using namespace adm::storage;
using namespace adm::storage::test;

namespace {

const QDateTime T0 = QDateTime(QDate(2026, 11, 27), QTime(10, 0, 0), Qt::UTC);

ApiToken sampleToken()
{
    ApiToken t;
    t.id = QStringLiteral("tok-1");
    t.name = QStringLiteral("ci-bot");
    t.description = QStringLiteral("CI pipeline");
    t.organizationId = QStringLiteral("org-1");
    t.organizationName = QStringLiteral("acme");
    t.scope = ApiToken::Scope::Project;
    t.projectId = QStringLiteral("p-1");
    t.projectName = QStringLiteral("web");
    t.createdAt = T0;
    t.expiresAt = T0.addDays(30);
    t.lastUsedAt = T0.addSecs(3600);
    return t;
}

} // namespace

class TestListingCache : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_db = std::make_unique<Database>();
        QVERIFY(m_db->open(Database::memoryPath()).ok());
        m_profile = sampleProfile();
        QVERIFY(ProfileRepository(*m_db).save(m_profile).ok());
    }
    void cleanup() { m_db.reset(); }

    void roundTripWithAge()
    {
        ListingCache cache(*m_db);
        const QJsonArray rows = toJsonArray(QList<ApiToken> { sampleToken() });
        QVERIFY(cache.put(m_profile.id, QStringLiteral("acme"), ListingKind::ApiTokens, rows, T0).ok());
        const auto hit = cache.get(m_profile.id, QStringLiteral("acme"), ListingKind::ApiTokens);
        QVERIFY(hit);
        QCOMPARE(hit->rows, rows);
        QCOMPARE(hit->fetchedAt, T0);
        QCOMPARE(hit->ageSeconds(T0.addSecs(90)), 90);
        QCOMPARE(hit->ageSeconds(T0.addSecs(-10)), 0); // clock went back
        QVERIFY(hit->ageSeconds() > 0); // against the real clock

        // The cached rows read back as the same entity.
        const QList<ApiToken> tokens = fromJsonArray(hit->rows, apiTokenFromJson);
        QCOMPARE(tokens.size(), 1);
        QCOMPARE(tokens.first().name, QStringLiteral("ci-bot"));
        QCOMPARE(tokens.first().scope, ApiToken::Scope::Project);
        QCOMPARE(tokens.first().expiresAt, T0.addDays(30));
        QVERIFY(!tokens.first().revokedAt.isValid());
    }

    void keyedByOrganizationAndKind()
    {
        ListingCache cache(*m_db);
        const QJsonArray a { QJsonObject { { QStringLiteral("id"), QStringLiteral("a") } } };
        const QJsonArray b { QJsonObject { { QStringLiteral("id"), QStringLiteral("b") } } };
        QVERIFY(cache.put(m_profile.id, QStringLiteral("acme"), ListingKind::Members, a).ok());
        QVERIFY(cache.put(m_profile.id, QStringLiteral("beta"), ListingKind::Members, b).ok());
        QVERIFY(cache.put(m_profile.id, QString(), ListingKind::Organizations, b).ok());
        QCOMPARE(cache.get(m_profile.id, QStringLiteral("acme"), ListingKind::Members)->rows, a);
        QCOMPARE(cache.get(m_profile.id, QStringLiteral("beta"), ListingKind::Members)->rows, b);
        QCOMPARE(cache.get(m_profile.id, QString(), ListingKind::Organizations)->rows, b);
        QVERIFY(!cache.get(m_profile.id, QStringLiteral("acme"), ListingKind::Invitations));
        QVERIFY(!cache.get(QUuid::createUuid(), QStringLiteral("acme"), ListingKind::Members));

        // put replaces
        QVERIFY(cache.put(m_profile.id, QStringLiteral("acme"), ListingKind::Members, b, T0).ok());
        QCOMPARE(cache.get(m_profile.id, QStringLiteral("acme"), ListingKind::Members)->rows, b);
        QCOMPARE(cache.get(m_profile.id, QStringLiteral("acme"), ListingKind::Members)->fetchedAt, T0);

        QVERIFY(cache.invalidate(m_profile.id, QStringLiteral("acme"), ListingKind::Members).ok());
        QVERIFY(!cache.get(m_profile.id, QStringLiteral("acme"), ListingKind::Members));
        QVERIFY(cache.clearProfile(m_profile.id).ok());
        QVERIFY(!cache.get(m_profile.id, QStringLiteral("beta"), ListingKind::Members));
        QVERIFY(cache.put(m_profile.id, QStringLiteral("acme"), ListingKind::Members, a).ok());
        QVERIFY(cache.clearAll().ok());
        QVERIFY(!cache.get(m_profile.id, QStringLiteral("acme"), ListingKind::Members));
    }

    void unknownProfileIsRejectedByForeignKey()
    {
        ListingCache cache(*m_db);
        const Status s = cache.put(QUuid::createUuid(), QString(), ListingKind::Organizations, QJsonArray {});
        QCOMPARE(s.code(), Status::Code::QueryFailed);
    }

    void refusesSecrets_data()
    {
        const QString jwt = QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaS1ib3QifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ");
        QTest::addColumn<QJsonArray>("rows");
        QTest::addColumn<QString>("where");
        QTest::newRow("jwt key") << QJsonArray { QJsonObject {
            { QStringLiteral("name"), QStringLiteral("x") }, { QStringLiteral("jwt"), QStringLiteral("abc") } } }
                                 << "rows[0].jwt";
        QTest::newRow("nested credentials") << QJsonArray { QJsonObject {},
            QJsonObject { { QStringLiteral("cas"),
                QJsonObject { { QStringLiteral("secret_access_key"), QStringLiteral("wJalrXUtnFEMI") } } } } }
                                            << "rows[1].cas.secret_access_key";
        QTest::newRow("jwt under innocent key")
            << QJsonArray { QJsonObject { { QStringLiteral("description"), QStringLiteral("token: ") + jwt } } }
            << "rows[0].description";
        QTest::newRow("jwt as array element") << QJsonArray { jwt } << "rows[0]";
    }
    void refusesSecrets()
    {
        QFETCH(QJsonArray, rows);
        QFETCH(QString, where);
        ListingCache cache(*m_db);
        const Status s = cache.put(m_profile.id, QStringLiteral("acme"), ListingKind::ApiTokens, rows);
        QCOMPARE(s.code(), Status::Code::SecretRefused);
        QVERIFY2(s.message().contains(where), qPrintable(s.message()));
        QVERIFY(!cache.get(m_profile.id, QStringLiteral("acme"), ListingKind::ApiTokens));
    }

    void acceptsOrdinaryRows()
    {
        // Empty secret-named fields and ordinary strings that merely mention tokens pass.
        const QJsonArray rows { QJsonObject { { QStringLiteral("name"), QStringLiteral("eyJ-not-a-token") },
            { QStringLiteral("password"), QString() },
            { QStringLiteral("description"), QStringLiteral("rotate the jwt monthly") } } };
        QCOMPARE(ListingCache::findSecretLikeData(rows), QString());
        QVERIFY(ListingCache(*m_db).put(m_profile.id, QString(), ListingKind::Organizations, rows).ok());
    }

    // Times are read on a fast path when they are in the form the cache writes, and through
    // QDateTime::fromString otherwise (older or hand-edited entries, offsets, no milliseconds).
    void cachedTimesReadBack_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime withMs = QDateTime(QDate(2026, 5, 4), QTime(10, 20, 30, 123), Qt::UTC);
        QTest::newRow("written form") << QStringLiteral("2026-05-04T10:20:30.123Z") << withMs;
        QTest::newRow("no milliseconds") << QStringLiteral("2026-05-04T10:20:30Z") << withMs.addMSecs(-123);
        QTest::newRow("offset") << QStringLiteral("2026-05-04T12:20:30.123+02:00") << withMs;
        QTest::newRow("invalid date") << QStringLiteral("2026-02-30T10:20:30.123Z") << QDateTime();
        QTest::newRow("empty") << QString() << QDateTime();
    }

    void cachedTimesReadBack()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, expected);
        const Membership m = membershipFromJson(QJsonObject { { QStringLiteral("createdAt"), text } });
        QCOMPARE(m.createdAt.isValid(), expected.isValid());
        if (expected.isValid()) {
            QCOMPARE(m.createdAt, expected);
            QCOMPARE(m.createdAt.timeSpec(), Qt::UTC);
        }
        // And what toJson writes comes back unchanged.
        Membership written;
        written.createdAt = QDateTime(QDate(2026, 5, 4), QTime(10, 20, 30, 7), Qt::UTC);
        QCOMPARE(membershipFromJson(toJson(written)).createdAt, written.createdAt);
    }

    // Organizations are written without their default values (every cached member row carries
    // one); what comes back must be the same organization, defaults or not.
    void organizationJsonKeepsEveryField()
    {
        Organization plain;
        plain.id = QStringLiteral("org-1");
        plain.name = QStringLiteral("acme");
        const QJsonObject plainJson = toJson(plain);
        QCOMPARE(plainJson.keys(), QStringList({ QStringLiteral("id"), QStringLiteral("name") }));
        Organization back = organizationFromJson(plainJson);
        QCOMPARE(back.id, plain.id);
        QCOMPARE(back.name, plain.name);
        QVERIFY(!back.createdAt.isValid() && !back.updatedAt.isValid());
        QVERIFY(!back.blockOnPolicyViolation && !back.preventImplicitWorkflowCreation
            && !back.restrictContractCreationToOrgAdmins && !back.enableAiAgentCollector
            && !back.blockAttestationsOnReleasedVersions && !back.skipRunnerEnvVars);
        QVERIFY(back.policyAllowedHostnames.isEmpty() && !back.apiTokenMaxDaysInactive);

        Organization full = plain;
        full.createdAt = T0;
        full.updatedAt = T0.addSecs(60);
        full.blockOnPolicyViolation = true;
        full.policyAllowedHostnames = { QStringLiteral("a.example") };
        full.preventImplicitWorkflowCreation = true;
        full.restrictContractCreationToOrgAdmins = true;
        full.apiTokenMaxDaysInactive = 0;
        full.enableAiAgentCollector = true;
        full.blockAttestationsOnReleasedVersions = true;
        full.skipRunnerEnvVars = true;
        back = organizationFromJson(toJson(full));
        QCOMPARE(back.createdAt, full.createdAt);
        QCOMPARE(back.updatedAt, full.updatedAt);
        QCOMPARE(back.policyAllowedHostnames, full.policyAllowedHostnames);
        QCOMPARE(back.apiTokenMaxDaysInactive, std::optional<int>(0));
        QVERIFY(back.blockOnPolicyViolation && back.preventImplicitWorkflowCreation
            && back.restrictContractCreationToOrgAdmins && back.enableAiAgentCollector
            && back.blockAttestationsOnReleasedVersions && back.skipRunnerEnvVars);
    }

    void entityJsonRoundTrips()
    {
        Organization org;
        org.id = QStringLiteral("org-1");
        org.name = QStringLiteral("acme");
        org.createdAt = T0;
        org.policyAllowedHostnames = { QStringLiteral("a.example"), QStringLiteral("b.example") };
        org.apiTokenMaxDaysInactive = 90;
        org.blockOnPolicyViolation = true;
        const Organization orgBack = organizationFromJson(toJson(org));
        QCOMPARE(orgBack.name, org.name);
        QCOMPARE(orgBack.createdAt, T0);
        QCOMPARE(orgBack.policyAllowedHostnames, org.policyAllowedHostnames);
        QCOMPARE(orgBack.apiTokenMaxDaysInactive, std::optional<int>(90));
        QVERIFY(orgBack.blockOnPolicyViolation);
        QVERIFY(!organizationFromJson(QJsonObject {}).apiTokenMaxDaysInactive);

        Membership m;
        m.id = QStringLiteral("m-1");
        m.org = org;
        m.user.email = QStringLiteral("dev@acme.example");
        m.user.firstName = QStringLiteral("Dev");
        m.role = Role::Admin;
        m.current = true;
        const Membership mBack = membershipFromJson(toJson(m));
        QCOMPARE(mBack.user.email, m.user.email);
        QCOMPARE(mBack.role, Role::Admin);
        QCOMPARE(mBack.org.name, QStringLiteral("acme"));
        QVERIFY(mBack.current);

        Invitation inv;
        inv.id = QStringLiteral("i-1");
        inv.receiverEmail = QStringLiteral("new@acme.example");
        inv.role = Role::Viewer;
        inv.status = QStringLiteral("pending");
        const Invitation invBack = invitationFromJson(toJson(inv));
        QCOMPARE(invBack.receiverEmail, inv.receiverEmail);
        QCOMPARE(invBack.role, Role::Viewer);
        QVERIFY(invBack.isPending());

        CasBackend b;
        b.id = QStringLiteral("cas-1");
        b.name = QStringLiteral("s3-main");
        b.provider = QStringLiteral("AWS-S3");
        b.maxBytes = 104857600LL * 1024;
        b.isDefault = true;
        b.validation = CasBackend::Validation::Invalid;
        b.validationError = QStringLiteral("bucket not found");
        const CasBackend bBack = casBackendFromJson(toJson(b));
        QCOMPARE(bBack.maxBytes, b.maxBytes);
        QCOMPARE(bBack.validation, CasBackend::Validation::Invalid);
        QVERIFY(bBack.isDefault);

        // Every listing converts to rows the cache accepts.
        ListingCache cache(*m_db);
        QVERIFY(cache.put(m_profile.id, QString(), ListingKind::Organizations, toJsonArray(QList { org })).ok());
        QVERIFY(cache.put(m_profile.id, org.name, ListingKind::Members, toJsonArray(QList { m })).ok());
        QVERIFY(cache.put(m_profile.id, org.name, ListingKind::Invitations, toJsonArray(QList { inv })).ok());
        QVERIFY(cache.put(m_profile.id, org.name, ListingKind::CasBackends, toJsonArray(QList { b })).ok());
        QVERIFY(cache.put(m_profile.id, org.name, ListingKind::ApiTokens, toJsonArray(QList { sampleToken() })).ok());
    }

    void kindNamesAreStable()
    {
        for (auto kind : { ListingKind::Organizations, ListingKind::ApiTokens, ListingKind::Members,
                 ListingKind::Invitations, ListingKind::CasBackends })
            QCOMPARE(listingKindFromName(listingKindName(kind)), kind);
        QCOMPARE(listingKindName(ListingKind::CasBackends), QStringLiteral("cas-backends"));
        QVERIFY(!listingKindFromName(QStringLiteral("nope")));
    }

    void knownOrganizations()
    {
        KnownOrganizationRepository orgs(*m_db);
        QVERIFY(orgs.remember({ m_profile.id, QStringLiteral("zeta"), QStringLiteral("org-z"),
                                  KnownOrganization::Source::Provisioned, T0, T0 })
                    .ok());
        // Seen later without id: stays provisioned, keeps its id, updates lastSeen.
        QVERIFY(orgs.remember({ m_profile.id, QStringLiteral("ZETA"), QString(), KnownOrganization::Source::Seen, {},
                                  T0.addDays(1) })
                    .ok());
        QVERIFY(orgs.rememberAll(
                        { { m_profile.id, QStringLiteral("alpha"), QStringLiteral("org-a"),
                              KnownOrganization::Source::Seen, {}, T0 },
                            { m_profile.id, QStringLiteral("beta"), {}, KnownOrganization::Source::Seen, {}, T0 } })
                    .ok());
        const auto list = orgs.list(m_profile.id);
        QVERIFY(list.ok());
        QCOMPARE(list.value().size(), 3);
        QCOMPARE(list.value().at(0).name, QStringLiteral("alpha"));
        const KnownOrganization zeta = list.value().at(2);
        QCOMPARE(zeta.name, QStringLiteral("zeta"));
        QCOMPARE(zeta.organizationId, QStringLiteral("org-z"));
        QCOMPARE(zeta.source, KnownOrganization::Source::Provisioned);
        QCOMPARE(zeta.firstSeen, T0);
        QCOMPARE(zeta.lastSeen, T0.addDays(1));

        QVERIFY(orgs.forget(m_profile.id, QStringLiteral("beta")).ok());
        QCOMPARE(orgs.list(m_profile.id).value().size(), 2);
        QCOMPARE(orgs.remember({ m_profile.id, QString(), {}, KnownOrganization::Source::Seen, {}, {} }).code(),
            Status::Code::Invalid);
    }

private:
    std::unique_ptr<Database> m_db;
    Profile m_profile;
};

QTEST_GUILESS_MAIN(TestListingCache)
#include "tst_storage_listingcache.moc"
