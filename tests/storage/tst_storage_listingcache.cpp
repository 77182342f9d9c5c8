// SPDX-License-Identifier: Apache-2.0
#include "StorageTestSupport.h"
#include "storage/Database.h"
#include "storage/KnownOrganizationRepository.h"
#include "storage/ListingCache.h"
#include "storage/ListingCodec.h"
#include "storage/ListingJson.h"
#include "storage/ProfileRepository.h"
#include "storage/SqlSupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
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
        QVERIFY(
            cache.put(m_profile.id, QStringLiteral("acme"), ListingKind::ApiTokens, QList { sampleToken() }, T0).ok());
        const auto hit = cache.get<ApiToken>(m_profile.id, QStringLiteral("acme"), ListingKind::ApiTokens);
        QVERIFY(hit);
        QCOMPARE(hit->fetchedAt, T0);
        QCOMPARE(hit->ageSeconds(T0.addSecs(90)), 90);
        QCOMPARE(hit->ageSeconds(T0.addSecs(-10)), 0); // clock went back
        QVERIFY(hit->ageSeconds() > 0); // against the real clock

        // The cached rows read back as the same entity.
        const QList<ApiToken> tokens = hit->rows;
        QCOMPARE(tokens.size(), 1);
        QCOMPARE(tokens.first().name, QStringLiteral("ci-bot"));
        QCOMPARE(tokens.first().scope, ApiToken::Scope::Project);
        QCOMPARE(tokens.first().expiresAt, T0.addDays(30));
        QVERIFY(!tokens.first().revokedAt.isValid());
    }

    void keyedByOrganizationAndKind()
    {
        ListingCache cache(*m_db);
        auto member = [](const QString &id) {
            Membership m;
            m.id = id;
            return QList { m };
        };
        auto ids = [](const std::optional<CachedRows<Membership>> &hit) {
            QStringList out;
            for (const Membership &m : hit ? hit->rows : QList<Membership> {})
                out << m.id;
            return out;
        };
        const QString acme = QStringLiteral("acme");
        QVERIFY(cache.put(m_profile.id, acme, ListingKind::Members, member(QStringLiteral("a"))).ok());
        QVERIFY(
            cache.put(m_profile.id, QStringLiteral("beta"), ListingKind::Members, member(QStringLiteral("b"))).ok());
        // The organizations listing holds memberships too: same row type, another kind.
        QVERIFY(cache.put(m_profile.id, QString(), ListingKind::Organizations, member(QStringLiteral("o"))).ok());
        QCOMPARE(
            ids(cache.get<Membership>(m_profile.id, acme, ListingKind::Members)), QStringList { QStringLiteral("a") });
        QCOMPARE(ids(cache.get<Membership>(m_profile.id, QStringLiteral("beta"), ListingKind::Members)),
            QStringList { QStringLiteral("b") });
        QCOMPARE(ids(cache.get<Membership>(m_profile.id, QString(), ListingKind::Organizations)),
            QStringList { QStringLiteral("o") });
        QVERIFY(!cache.get<Membership>(m_profile.id, QString(), ListingKind::Members));
        QVERIFY(!cache.get<Invitation>(m_profile.id, acme, ListingKind::Invitations));
        QVERIFY(!cache.get<Membership>(QUuid::createUuid(), acme, ListingKind::Members));

        // Replaced, not appended.
        QVERIFY(cache.put(m_profile.id, acme, ListingKind::Members, member(QStringLiteral("b")), T0).ok());
        QCOMPARE(
            ids(cache.get<Membership>(m_profile.id, acme, ListingKind::Members)), QStringList { QStringLiteral("b") });
        QCOMPARE(cache.get<Membership>(m_profile.id, acme, ListingKind::Members)->fetchedAt, T0);

        QVERIFY(cache.invalidate(m_profile.id, acme, ListingKind::Members).ok());
        QVERIFY(!cache.get<Membership>(m_profile.id, acme, ListingKind::Members));
        QVERIFY(cache.clearProfile(m_profile.id).ok());
        QVERIFY(!cache.get<Membership>(m_profile.id, QStringLiteral("beta"), ListingKind::Members));
        QVERIFY(cache.put(m_profile.id, acme, ListingKind::Members, member(QStringLiteral("a"))).ok());
        QVERIFY(cache.clearAll().ok());
        QVERIFY(!cache.get<Membership>(m_profile.id, acme, ListingKind::Members));
    }

    void unknownProfileIsRejectedByForeignKey()
    {
        ListingCache cache(*m_db);
        const Status s = cache.put(QUuid::createUuid(), QString(), ListingKind::Organizations, QList<Membership> {});
        QCOMPARE(s.code(), Status::Code::QueryFailed);
    }

    // The guard itself, on JSON: what put() checks (the rows as JSON) and what the onboarding
    // journal checks (plans).
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
        QCOMPARE(QStringLiteral("rows") + ListingCache::findSecretLikeData(rows), where);
    }

    // A JWT that ended up in an ordinary field (a token's description) never reaches the disk.
    void refusesRowsCarryingAJwt()
    {
        ApiToken leaked = sampleToken();
        leaked.description = QStringLiteral("token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaS1ib3QifQ.c2lnbmF0dXJl");
        ListingCache cache(*m_db);
        const Status s = cache.put(m_profile.id, QStringLiteral("acme"), ListingKind::ApiTokens, QList { leaked });
        QCOMPARE(s.code(), Status::Code::SecretRefused);
        QVERIFY2(s.message().contains(QStringLiteral("rows[0].description")), qPrintable(s.message()));
        QVERIFY(!s.message().contains(QStringLiteral("eyJ")));
        QVERIFY(!cache.get<ApiToken>(m_profile.id, QStringLiteral("acme"), ListingKind::ApiTokens));
    }

    void acceptsOrdinaryRows()
    {
        // Empty secret-named fields and ordinary strings that merely mention tokens pass.
        const QJsonArray rows { QJsonObject { { QStringLiteral("name"), QStringLiteral("eyJ-not-a-token") },
            { QStringLiteral("password"), QString() },
            { QStringLiteral("description"), QStringLiteral("rotate the jwt monthly") } } };
        QCOMPARE(ListingCache::findSecretLikeData(rows), QString());
        ApiToken token = sampleToken();
        token.name = QStringLiteral("eyJ-not-a-token");
        token.description = QStringLiteral("rotate the jwt monthly");
        QVERIFY(ListingCache(*m_db).put(m_profile.id, QString(), ListingKind::ApiTokens, QList { token }).ok());
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
    }

    // What the cache stores now: every field of every entity comes back from the binary form,
    // through the database.
    void everyEntityRoundTripsThroughTheCache()
    {
        Organization org;
        org.id = QStringLiteral("org-1");
        org.name = QStringLiteral("acme");
        org.createdAt = T0;
        org.updatedAt = T0.addSecs(5);
        org.blockOnPolicyViolation = true;
        org.policyAllowedHostnames = { QStringLiteral("a.example"), QStringLiteral("b.example") };
        org.restrictContractCreationToOrgAdmins = true;
        org.apiTokenMaxDaysInactive = 0;
        org.skipRunnerEnvVars = true;
        Membership m;
        m.id = QStringLiteral("m-1");
        m.org = org;
        m.user.id = QStringLiteral("u-1");
        m.user.email = QStringLiteral("dev@acme.example");
        m.user.firstName = QStringLiteral("Zoë");
        m.user.lastName = QStringLiteral("Ødegård");
        m.user.instanceAdmin = true;
        m.user.createdAt = T0.addMSecs(7);
        m.role = Role::Contributor;
        m.current = true;
        m.createdAt = T0;
        Invitation inv;
        inv.id = QStringLiteral("i-1");
        inv.receiverEmail = QStringLiteral("new@acme.example");
        inv.role = Role::Viewer;
        inv.status = QStringLiteral("pending");
        inv.organizationId = org.id;
        inv.organizationName = org.name;
        inv.senderEmail = QStringLiteral("owner@acme.example");
        inv.createdAt = T0;
        CasBackend b;
        b.id = QStringLiteral("cas-1");
        b.name = QStringLiteral("s3-main");
        b.location = QStringLiteral("bucket-a");
        b.description = QStringLiteral("main");
        b.provider = QStringLiteral("AWS-S3");
        b.maxBytes = 104857600LL * 1024;
        b.isDefault = b.isFallback = b.isInline = b.isManaged = true;
        b.validation = CasBackend::Validation::Invalid;
        b.validationError = QStringLiteral("bucket not found");
        b.createdAt = T0;
        b.validatedAt = T0.addSecs(1);
        b.updatedAt = T0.addSecs(2);
        ApiToken revoked = sampleToken();
        revoked.scope = ApiToken::Scope::Instance;
        revoked.revokedAt = T0.addDays(1);

        ListingCache cache(*m_db);
        const QString acme = org.name;
        QVERIFY(cache.put(m_profile.id, QString(), ListingKind::Organizations, QList { m }).ok());
        QVERIFY(cache.put(m_profile.id, acme, ListingKind::Members, QList { m, Membership {} }).ok());
        QVERIFY(cache.put(m_profile.id, acme, ListingKind::Invitations, QList { inv }).ok());
        QVERIFY(cache.put(m_profile.id, acme, ListingKind::CasBackends, QList { b }).ok());
        QVERIFY(cache.put(m_profile.id, acme, ListingKind::ApiTokens, QList { sampleToken(), revoked }).ok());

        const auto members = cache.get<Membership>(m_profile.id, acme, ListingKind::Members);
        QVERIFY(members);
        QCOMPARE(members->rows.size(), 2);
        const Membership &mb = members->rows.at(0);
        QCOMPARE(mb.id, m.id);
        QCOMPARE(mb.role, Role::Contributor);
        QVERIFY(mb.current);
        QCOMPARE(mb.createdAt, T0);
        QVERIFY(!mb.updatedAt.isValid());
        QCOMPARE(mb.user.id, m.user.id);
        QCOMPARE(mb.user.email, m.user.email);
        QCOMPARE(mb.user.firstName, m.user.firstName);
        QCOMPARE(mb.user.lastName, m.user.lastName);
        QVERIFY(mb.user.instanceAdmin);
        QCOMPARE(mb.user.createdAt, m.user.createdAt);
        QCOMPARE(mb.user.createdAt.timeSpec(), Qt::UTC);
        QCOMPARE(mb.org.id, org.id);
        QCOMPARE(mb.org.name, org.name);
        QCOMPARE(mb.org.createdAt, org.createdAt);
        QCOMPARE(mb.org.updatedAt, org.updatedAt);
        QCOMPARE(mb.org.policyAllowedHostnames, org.policyAllowedHostnames);
        QCOMPARE(mb.org.apiTokenMaxDaysInactive, std::optional<int>(0));
        QVERIFY(
            mb.org.blockOnPolicyViolation && mb.org.restrictContractCreationToOrgAdmins && mb.org.skipRunnerEnvVars);
        QVERIFY(!mb.org.preventImplicitWorkflowCreation && !mb.org.enableAiAgentCollector
            && !mb.org.blockAttestationsOnReleasedVersions);
        QVERIFY(members->rows.at(1).id.isEmpty() && !members->rows.at(1).org.apiTokenMaxDaysInactive);

        const auto orgs = cache.get<Membership>(m_profile.id, QString(), ListingKind::Organizations);
        QVERIFY(orgs && orgs->rows.size() == 1);
        QCOMPARE(orgs->rows.at(0).org.name, org.name);

        const auto invitations = cache.get<Invitation>(m_profile.id, acme, ListingKind::Invitations);
        QVERIFY(invitations && invitations->rows.size() == 1);
        const Invitation &ib = invitations->rows.at(0);
        QCOMPARE(ib.receiverEmail, inv.receiverEmail);
        QCOMPARE(ib.role, Role::Viewer);
        QCOMPARE(ib.status, inv.status);
        QCOMPARE(ib.organizationId, inv.organizationId);
        QCOMPARE(ib.organizationName, inv.organizationName);
        QCOMPARE(ib.senderEmail, inv.senderEmail);
        QCOMPARE(ib.createdAt, T0);

        const auto backends = cache.get<CasBackend>(m_profile.id, acme, ListingKind::CasBackends);
        QVERIFY(backends && backends->rows.size() == 1);
        const CasBackend &bb = backends->rows.at(0);
        QCOMPARE(bb.name, b.name);
        QCOMPARE(bb.location, b.location);
        QCOMPARE(bb.description, b.description);
        QCOMPARE(bb.provider, b.provider);
        QCOMPARE(bb.maxBytes, b.maxBytes);
        QVERIFY(bb.isDefault && bb.isFallback && bb.isInline && bb.isManaged);
        QCOMPARE(bb.validation, CasBackend::Validation::Invalid);
        QCOMPARE(bb.validationError, b.validationError);
        QCOMPARE(bb.validatedAt, b.validatedAt);
        QCOMPARE(bb.updatedAt, b.updatedAt);

        const auto tokens = cache.get<ApiToken>(m_profile.id, acme, ListingKind::ApiTokens);
        QVERIFY(tokens && tokens->rows.size() == 2);
        const ApiToken &tb = tokens->rows.at(1);
        QCOMPARE(tb.name, revoked.name);
        QCOMPARE(tb.description, revoked.description);
        QCOMPARE(tb.organizationId, revoked.organizationId);
        QCOMPARE(tb.organizationName, revoked.organizationName);
        QCOMPARE(tb.projectId, revoked.projectId);
        QCOMPARE(tb.projectName, revoked.projectName);
        QCOMPARE(tb.scope, ApiToken::Scope::Instance);
        QCOMPARE(tb.revokedAt, revoked.revokedAt);
        QCOMPARE(tb.expiresAt, revoked.expiresAt);
        QCOMPARE(tb.lastUsedAt, revoked.lastUsedAt);
        QCOMPARE(tokens->rows.at(0).scope, ApiToken::Scope::Project);
        QVERIFY(!tokens->rows.at(0).revokedAt.isValid());
    }

    // A damaged or foreign blob is a miss (the page then loads from the server), never a crash,
    // a huge allocation or half a listing.
    // Members carrying the same organization record decode it once and share it; a record that
    // differs in any field (here the name, then only a flag) is read on its own.
    void repeatedOrganizationsDecodeAsWritten()
    {
        Organization acme;
        acme.id = QStringLiteral("o1");
        acme.name = QStringLiteral("acme");
        acme.policyAllowedHostnames = { QStringLiteral("ghcr.io") };
        acme.createdAt = T0;
        Organization beta = acme;
        beta.name = QStringLiteral("beta");
        Organization acmeFlag = acme;
        acmeFlag.skipRunnerEnvVars = true;
        QList<Membership> rows;
        for (const Organization &o : { acme, acme, beta, acme, acmeFlag, acmeFlag, acme }) {
            Membership m;
            m.id = QStringLiteral("m%1").arg(rows.size());
            m.org = o;
            m.createdAt = T0.addSecs(rows.size());
            rows << m;
        }
        const auto back = decodeListing<Membership>(encodeListing(rows));
        QVERIFY(back);
        QCOMPARE(back->size(), rows.size());
        for (int i = 0; i < rows.size(); ++i) {
            const Membership &m = back->at(i);
            QCOMPARE(m.id, rows.at(i).id);
            QCOMPARE(m.createdAt, rows.at(i).createdAt);
            QCOMPARE(m.org.name, rows.at(i).org.name);
            QCOMPARE(m.org.skipRunnerEnvVars, rows.at(i).org.skipRunnerEnvVars);
            QCOMPARE(m.org.policyAllowedHostnames, rows.at(i).org.policyAllowedHostnames);
            QCOMPARE(m.org.createdAt, rows.at(i).org.createdAt);
        }
        // Shared, not copied: the second member's organization name is the first one's string.
        QVERIFY(back->at(0).org.name.constData() == back->at(1).org.name.constData());

        // A repeat is stored as a reference: 100 members of one organization take far less
        // room than 100 members of 100 organizations.
        QList<Membership> same, distinct;
        for (int i = 0; i < 100; ++i) {
            Membership m = rows.first();
            same << m;
            m.org.id = QStringLiteral("o-%1").arg(i, 3, 10, QLatin1Char('0'));
            distinct << m;
        }
        QVERIFY(encodeListing(same).size() + 99 * 40 < encodeListing(distinct).size());
    }

    // Strings are stored as UTF-8: text beyond ASCII, empty and null strings read back as written.
    void textRoundTripsAsUtf8()
    {
        Membership m;
        m.id = QStringLiteral("m-1");
        m.user.firstName = QStringLiteral("Zo\u00eb \u6771\u4eac \U0001F600");
        m.user.lastName = QLatin1String("");
        const auto back = decodeListing<Membership>(encodeListing(QList { m }));
        QVERIFY(back && back->size() == 1);
        QCOMPARE(back->first().user.firstName, m.user.firstName);
        QVERIFY(back->first().user.lastName.isEmpty() && !back->first().user.lastName.isNull());
        QVERIFY(back->first().user.email.isNull());
    }

    void damagedEntriesReadAsMisses_data()
    {
        QTest::addColumn<QByteArray>("blob");
        Membership m;
        m.id = QStringLiteral("m-1");
        m.org.policyAllowedHostnames = { QStringLiteral("a.example") };
        const QByteArray good = encodeListing(QList { m, m });
        QTest::newRow("truncated") << good.left(good.size() - 3);
        QTest::newRow("trailing bytes") << good + QByteArray(4, '\0');
        QTest::newRow("header only") << good.left(11);
        QByteArray hugeCount = good;
        hugeCount[7] = char(0xff), hugeCount[8] = char(0xff), hugeCount[9] = char(0xff), hugeCount[10] = char(0x7f);
        QTest::newRow("row count beyond the blob") << hugeCount;
        QByteArray otherVersion = good;
        otherVersion[4] = char(99);
        QTest::newRow("unknown format version") << otherVersion;
        QTest::newRow("another kind's rows") << encodeListing(QList { sampleToken() });
        QTest::newRow("not JSON either") << QByteArray("garbage");
    }

    void damagedEntriesReadAsMisses()
    {
        QFETCH(QByteArray, blob);
        QVERIFY(!decodeListing<Membership>(blob));
        storeRaw(ListingKind::Members, blob);
        QVERIFY(!ListingCache(*m_db).get<Membership>(m_profile.id, QStringLiteral("acme"), ListingKind::Members));
    }

    // Entries written as JSON by earlier versions still show at the next start.
    void olderJsonEntriesStillRead()
    {
        Membership m;
        m.id = QStringLiteral("m-1");
        m.org.name = QStringLiteral("acme");
        m.user.email = QStringLiteral("dev@acme.example");
        m.role = Role::Admin;
        m.createdAt = T0;
        // Older versions bound the JSON as text.
        storeRaw(ListingKind::Members,
            QString::fromUtf8(QJsonDocument(toJsonArray(QList { m })).toJson(QJsonDocument::Compact)));
        const auto hit
            = ListingCache(*m_db).get<Membership>(m_profile.id, QStringLiteral("acme"), ListingKind::Members);
        QVERIFY(hit);
        QCOMPARE(hit->rows.size(), 1);
        QCOMPARE(hit->rows.at(0).user.email, m.user.email);
        QCOMPARE(hit->rows.at(0).role, Role::Admin);
        QCOMPARE(hit->rows.at(0).createdAt, T0);
        QCOMPARE(hit->fetchedAt, T0);
    }

    // Start-up decodes the first page's entry on another thread; get() then takes that result
    // once. Each check swaps the stored bytes behind the cache's back (storeRaw) to tell which
    // read answered.
    void prefetchedEntryIsTakenOnce()
    {
        const QList<Membership> rows = manyMembers(3000);
        ListingCache cache(*m_db);
        QVERIFY(cache.put(m_profile.id, QStringLiteral("acme"), ListingKind::Members, rows, T0).ok());
        cache.prefetch<Membership>(m_profile.id, QStringLiteral("acme"), ListingKind::Members);
        storeRaw(ListingKind::Members, encodeListing(QList { rows.first() }));

        const auto first = cache.get<Membership>(m_profile.id, QStringLiteral("acme"), ListingKind::Members);
        QVERIFY(first);
        QCOMPARE(first->fetchedAt, T0);
        QCOMPARE(first->rows.size(), rows.size());
        for (int i : { 0, 1, 1499, 2999 }) {
            QCOMPARE(first->rows.at(i).id, rows.at(i).id);
            QCOMPARE(first->rows.at(i).user.email, rows.at(i).user.email);
            QCOMPARE(first->rows.at(i).role, rows.at(i).role);
            QCOMPARE(first->rows.at(i).createdAt, rows.at(i).createdAt);
        }
        // Taken: the next read is the database's.
        const auto second = cache.get<Membership>(m_profile.id, QStringLiteral("acme"), ListingKind::Members);
        QVERIFY(second);
        QCOMPARE(second->rows.size(), 1);
    }

    void prefetchServesOnlyItsEntryAndType()
    {
        ListingCache cache(*m_db);
        QVERIFY(cache.put(m_profile.id, QStringLiteral("acme"), ListingKind::Members, manyMembers(5), T0).ok());
        QVERIFY(cache.put(m_profile.id, QStringLiteral("beta"), ListingKind::Members, manyMembers(7), T0).ok());
        cache.prefetch<Membership>(m_profile.id, QStringLiteral("acme"), ListingKind::Members);
        QCOMPARE(cache.get<Membership>(m_profile.id, QStringLiteral("beta"), ListingKind::Members)->rows.size(), 7);
        QCOMPARE(cache.get<Membership>(m_profile.id, QStringLiteral("acme"), ListingKind::Members)->rows.size(), 5);

        // Decoded as another row type: unreadable as that, so get() reads the entry itself.
        cache.prefetch<ApiToken>(m_profile.id, QStringLiteral("acme"), ListingKind::Members);
        QCOMPARE(cache.get<Membership>(m_profile.id, QStringLiteral("acme"), ListingKind::Members)->rows.size(), 5);

        // A miss stays a miss; a damaged entry reads as one too.
        cache.prefetch<Membership>(m_profile.id, QStringLiteral("gamma"), ListingKind::Members);
        QVERIFY(!cache.get<Membership>(m_profile.id, QStringLiteral("gamma"), ListingKind::Members));
        const QByteArray good = encodeListing(manyMembers(2));
        storeRaw(ListingKind::Members, good.left(good.size() - 3));
        cache.prefetch<Membership>(m_profile.id, QStringLiteral("acme"), ListingKind::Members);
        QVERIFY(!cache.get<Membership>(m_profile.id, QStringLiteral("acme"), ListingKind::Members));
    }

    // A prefetched listing never hides a newer write, and one nobody took can be dropped.
    void writesAndCancelDropThePrefetch()
    {
        ListingCache cache(*m_db);
        const QString acme = QStringLiteral("acme");
        QVERIFY(cache.put(m_profile.id, acme, ListingKind::Members, manyMembers(5), T0).ok());

        cache.prefetch<Membership>(m_profile.id, acme, ListingKind::Members);
        QVERIFY(cache.put(m_profile.id, acme, ListingKind::Members, manyMembers(9), T0).ok());
        QCOMPARE(cache.get<Membership>(m_profile.id, acme, ListingKind::Members)->rows.size(), 9);

        cache.prefetch<Membership>(m_profile.id, acme, ListingKind::Members);
        QVERIFY(cache.invalidate(m_profile.id, acme, ListingKind::Members).ok());
        QVERIFY(!cache.get<Membership>(m_profile.id, acme, ListingKind::Members));

        QVERIFY(cache.put(m_profile.id, acme, ListingKind::Members, manyMembers(5), T0).ok());
        cache.prefetch<Membership>(m_profile.id, acme, ListingKind::Members);
        QVERIFY(cache.clearProfile(m_profile.id).ok());
        QVERIFY(!cache.get<Membership>(m_profile.id, acme, ListingKind::Members));

        QVERIFY(cache.put(m_profile.id, acme, ListingKind::Members, manyMembers(5), T0).ok());
        cache.prefetch<Membership>(m_profile.id, acme, ListingKind::Members);
        QVERIFY(cache.clearAll().ok());
        QVERIFY(!cache.get<Membership>(m_profile.id, acme, ListingKind::Members));

        QVERIFY(cache.put(m_profile.id, acme, ListingKind::Members, manyMembers(5), T0).ok());
        cache.prefetch<Membership>(m_profile.id, acme, ListingKind::Members);
        cache.cancelPrefetch();
        storeRaw(ListingKind::Members, encodeListing(manyMembers(3)));
        QCOMPARE(cache.get<Membership>(m_profile.id, acme, ListingKind::Members)->rows.size(), 3);

        // Destroyed while its thread may still decode: waits, nothing leaks (ASan build).
        ListingCache(*m_db).prefetch<Membership>(m_profile.id, acme, ListingKind::Members);
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
    static QList<Membership> manyMembers(int n)
    {
        QList<Membership> rows;
        for (int i = 0; i < n; ++i) {
            Membership m;
            m.id = QStringLiteral("m-%1").arg(i);
            m.org.name = QStringLiteral("acme");
            m.user.email = QStringLiteral("user-%1@acme.example").arg(i);
            m.role = i % 2 ? Role::Admin : Role::Viewer;
            m.createdAt = T0.addSecs(i);
            rows << m;
        }
        return rows;
    }

    // An entry as another version (or damage) left it: `value` is bound as is (text or blob).
    void storeRaw(ListingKind kind, const QVariant &value)
    {
        QSqlQuery q(m_db->connection());
        QVERIFY(q.prepare(QStringLiteral("INSERT OR REPLACE INTO listing_cache (profile_id, organization, kind, "
                                         "rows_json, row_count, fetched_at) VALUES (?, 'acme', ?, ?, 1, ?)")));
        q.addBindValue(sql::toDb(m_profile.id));
        q.addBindValue(listingKindName(kind));
        q.addBindValue(value);
        q.addBindValue(sql::toDb(T0));
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }

    std::unique_ptr<Database> m_db;
    Profile m_profile;
};

QTEST_GUILESS_MAIN(TestListingCache)
#include "tst_storage_listingcache.moc"
