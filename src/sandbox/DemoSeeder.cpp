// SPDX-License-Identifier: Apache-2.0
#include "sandbox/DemoSeeder.h"

#include "sandbox/AccessPolicy.h"
#include "sandbox/CasBackendMethods.h"
#include "sandbox/CasCredentialCheck.h"
#include "sandbox/OrganizationMethods.h"
#include "sandbox/SandboxJwt.h"
#include "sandbox/TokenMethods.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace adm::sandbox {

namespace {
enum Role { Viewer = 1, Admin = 2, Owner = 3, Member = 4, Contributor = 5 };
constexpr int kUserTokenDays = 7;
const QString kDemoSeeded = QStringLiteral("demo_seeded");
const QString kLoadSeeded = QStringLiteral("load_seeded");
const QString kInstanceAdminEmail = QStringLiteral("ada@chainloop.local");
const QString kInstanceTokenName = QStringLiteral("provisioning");
const QString kOrgTokenName = QStringLiteral("demo-ci");
const QString kLoadOwnerEmail = QStringLiteral("load-owner@example.com");
const QStringList kDemoOrgs { QStringLiteral("acme"), QStringLiteral("globex"), QStringLiteral("initech") };

// Multi-row INSERTs with the values written as SQL literals: QtSql's placeholder handling
// grows badly with thousands of binds, while 500-row literal statements keep 100,000 rows to
// seconds. Only values generated here (UUIDs, numbers, fixed text) go through it.
class BatchInsert
{
public:
    BatchInsert(SandboxStore &store, QString table)
        : m_store(store)
        , m_table(std::move(table))
    { }
    void add(const QVariantList &row)
    {
        QStringList values;
        for (const QVariant &v : row) {
            if (v.typeId() == QMetaType::QString)
                values << QLatin1Char('\'') + v.toString().replace(QLatin1Char('\''), QStringLiteral("''"))
                        + QLatin1Char('\'');
            else if (v.typeId() == QMetaType::Bool)
                values << QString::number(v.toBool() ? 1 : 0);
            else
                values << QString::number(v.toLongLong());
        }
        m_rows << QLatin1Char('(') + values.join(QLatin1Char(',')) + QLatin1Char(')');
        if (m_rows.size() >= kRows)
            flush();
    }
    void flush()
    {
        if (m_rows.isEmpty())
            return;
        m_store.exec(QStringLiteral("INSERT INTO %1 VALUES %2").arg(m_table, m_rows.join(QLatin1Char(','))));
        m_rows.clear();
    }

private:
    static constexpr int kRows = 500;
    SandboxStore &m_store;
    QString m_table;
    QStringList m_rows;
};

QString loadOrgName(int i)
{
    return QStringLiteral("load-org-%1").arg(i, 5, 10, QLatin1Char('0'));
}
} // namespace

DemoSeeder::DemoSeeder(
    SandboxStore &store, const SandboxJwt &jwt, TokenMethods &tokens, OrganizationMethods &orgs, CasBackendMethods &cas)
    : m_store(store)
    , m_jwt(jwt)
    , m_tokens(tokens)
    , m_orgs(orgs)
    , m_cas(cas)
{ }

UserRow DemoSeeder::addUser(const QString &email, const QString &first, const QString &last, bool instanceAdmin)
{
    const QDateTime now = m_store.now();
    UserRow u { SandboxStore::newId(), email, first, last, now, now, instanceAdmin };
    m_store.insertUser(u);
    return u;
}

void DemoSeeder::addMember(const OrgRow &org, const UserRow &user, int role, bool current)
{
    const QDateTime now = m_store.now();
    m_store.insertMembership({ SandboxStore::newId(), org.id, user.id, role, current, now, now });
}

void DemoSeeder::addCas(const OrgRow &org, const QString &name, const QString &provider, const QString &location,
    const QString &secret, bool isDefault, bool isFallback, bool managed)
{
    CasRow c;
    c.id = SandboxStore::newId();
    c.orgId = org.id;
    c.name = name;
    c.provider = provider;
    c.location = location;
    c.description = QStringLiteral("Demo %1 backend").arg(provider);
    c.isDefault = isDefault;
    c.isFallback = isFallback;
    c.isManaged = managed;
    c.maxBytes = 100 * 1024 * 1024;
    c.createdAt = c.updatedAt = c.validatedAt = m_store.now();
    QJsonObject credentials;
    if (provider == QLatin1String("OCI"))
        credentials
            = { { QStringLiteral("username"), QStringLiteral("demo") }, { QStringLiteral("password"), secret } };
    else if (provider == QLatin1String("AzureBlob"))
        credentials = { { QStringLiteral("tenantID"), QStringLiteral("demo-tenant") },
            { QStringLiteral("clientID"), QStringLiteral("demo-client") }, { QStringLiteral("clientSecret"), secret } };
    else
        credentials = { { QStringLiteral("accessKeyID"), QStringLiteral("AKIADEMO") },
            { QStringLiteral("secretAccessKey"), secret } };
    c.secret = QString::fromUtf8(QJsonDocument(credentials).toJson(QJsonDocument::Compact));
    const auto outcome = managed ? CasCheckOutcome {} : CasCredentialCheck::check(provider, location, credentials);
    c.validationStatus = outcome.kind == CasCheckOutcome::Ok ? 1 : 2;
    if (outcome.kind != CasCheckOutcome::Ok)
        c.validationError = outcome.message;
    m_cas.insert(c);
}

void DemoSeeder::createDemoData()
{
    const UserRow ada = addUser(kInstanceAdminEmail, QStringLiteral("Ada"), QStringLiteral("Admin"), true);
    const UserRow olivia
        = addUser(QStringLiteral("olivia.owner@acme.example"), QStringLiteral("Olivia"), QStringLiteral("Owner"));
    const UserRow adam
        = addUser(QStringLiteral("adam.admin@acme.example"), QStringLiteral("Adam"), QStringLiteral("Admin"));
    const UserRow carla = addUser(
        QStringLiteral("carla.contributor@acme.example"), QStringLiteral("Carla"), QStringLiteral("Contributor"));
    const UserRow mike
        = addUser(QStringLiteral("mike.member@acme.example"), QStringLiteral("Mike"), QStringLiteral("Member"));
    const UserRow vera
        = addUser(QStringLiteral("vera.viewer@acme.example"), QStringLiteral("Vera"), QStringLiteral("Viewer"));
    const UserRow gina
        = addUser(QStringLiteral("gina.owner@globex.example"), QStringLiteral("Gina"), QStringLiteral("Owner"));
    addUser(QStringLiteral("ivan.invitee@example.com"), QStringLiteral("Ivan"), QStringLiteral("Invitee"));

    // Every role in acme and globex; Ada (instance admin) owns initech only, so acme and
    // globex show the instance-admin-without-membership case.
    const OrgRow acme = m_orgs.insertOrg(QStringLiteral("acme"), &olivia);
    addMember(acme, adam, Admin, true);
    addMember(acme, carla, Contributor, true);
    addMember(acme, mike, Member, true);
    addMember(acme, vera, Viewer, true);
    const OrgRow globex = m_orgs.insertOrg(QStringLiteral("globex"), &gina);
    addMember(globex, olivia, Admin);
    addMember(globex, vera, Contributor);
    addMember(globex, mike, Viewer);
    addMember(globex, carla, Member);
    m_orgs.insertOrg(QStringLiteral("initech"), &ada);

    const ProjectRow backend { SandboxStore::newId(), acme.id, QStringLiteral("backend") };
    m_store.insertProject(backend);
    m_store.insertProject({ SandboxStore::newId(), acme.id, QStringLiteral("frontend") });
    m_store.insertProject({ SandboxStore::newId(), globex.id, QStringLiteral("portal") });
    m_store.exec(
        QStringLiteral("INSERT INTO project_admins(project_id, user_id) VALUES(?, ?)"), { backend.id, carla.id });

    auto invite
        = [this](const OrgRow &org, const QString &email, int role, const QString &status, const QString &sender) {
              m_store.insertInvitation({ SandboxStore::newId(), org.id, email, sender, role, status, m_store.now() });
          };
    invite(acme, mike.email, Member, QStringLiteral("accepted"), olivia.id);
    invite(acme, vera.email, Viewer, QStringLiteral("accepted"), adam.id);
    invite(acme, QStringLiteral("ivan.invitee@example.com"), Member, QStringLiteral("pending"), olivia.id);
    invite(acme, QStringLiteral("newhire@example.com"), Viewer, QStringLiteral("pending"), adam.id);
    invite(acme, QStringLiteral("zoe@example.com"), Admin, QStringLiteral("pending"), QString()); // by an API token
    invite(globex, QStringLiteral("ivan.invitee@example.com"), Viewer, QStringLiteral("pending"), gina.id);

    // Token lifecycle states in acme; the active "demo-ci" tokens are created by activeOrgToken().
    const QDateTime now = m_store.now();
    const QStringList orgPolicies = AccessPolicy::orgTokenPolicies();
    auto token = [&](const QString &name, const QDateTime &expires, const std::optional<ProjectRow> &project = {}) {
        return m_tokens.insert(name, QStringLiteral("Demo token: %1").arg(name), acme, project, expires,
            project ? AccessPolicy::projectTokenPolicies() : orgPolicies);
    };
    auto setTimes = [this](const TokenRow &t, const QVariant &lastUsed, const QVariant &revoked) {
        m_store.exec(QStringLiteral("UPDATE api_tokens SET last_used_at = ?, revoked_at = ? WHERE id = ?"),
            { lastUsed, revoked, t.id });
    };
    setTimes(token(QStringLiteral("release-bot"), now.addDays(3)), SandboxStore::ms(now.addSecs(-7200)), {});
    setTimes(token(QStringLiteral("old-pipeline"), now.addDays(-2)), SandboxStore::ms(now.addDays(-3)), {});
    setTimes(token(QStringLiteral("revoked-key"), {}), SandboxStore::ms(now.addDays(-10)),
        SandboxStore::ms(now.addDays(-1)));
    token(QStringLiteral("never-used"), {});
    setTimes(
        token(QStringLiteral("backend-deploy"), now.addDays(30), backend), SandboxStore::ms(now.addSecs(-600)), {});

    const auto oldProvisioning = m_tokens.insert(QStringLiteral("old-provisioning"), QStringLiteral("Replaced"),
        std::nullopt, std::nullopt, {}, AccessPolicy::instanceTokenPolicies());
    setTimes(oldProvisioning, SandboxStore::ms(now.addDays(-40)), SandboxStore::ms(now.addDays(-30)));

    addCas(acme, QStringLiteral("s3-primary"), QStringLiteral("AWS-S3"), QStringLiteral("acme-attestations"),
        QStringLiteral("demo-secret"), true, false);
    addCas(acme, QStringLiteral("azure-fallback"), QStringLiteral("AzureBlob"), QStringLiteral("acmestorage/chainloop"),
        QStringLiteral("demo-secret"), false, true);
    addCas(acme, QStringLiteral("oci-ghcr"), QStringLiteral("OCI"), QStringLiteral("ghcr.io/acme/chainloop-cas"),
        QStringLiteral("demo-secret"), false, false);
    addCas(acme, QStringLiteral("minio-broken"), QStringLiteral("AWS-S3"),
        QStringLiteral("http://minio.local:9000/acme"), QStringLiteral("invalid"), false, false);
    addCas(globex, QStringLiteral("chainloop-managed"), QStringLiteral("AWS-S3-ACCESS-POINT"),
        QStringLiteral("arn:aws:s3:us-east-1:000000000000:accesspoint/globex"), QStringLiteral("managed"), false, false,
        true);
    addCas(globex, QStringLiteral("globex-oci"), QStringLiteral("OCI"), QStringLiteral("registry.globex.example/cas"),
        QStringLiteral("demo-secret"), true, false);
}

QString DemoSeeder::userToken(const QString &userId) const
{
    return m_jwt.signUser(userId, QDateTime::currentDateTimeUtc().addDays(kUserTokenDays));
}

QString DemoSeeder::activeOrgToken(const QString &orgName)
{
    const auto org = m_store.orgByName(orgName);
    if (!org)
        return {};
    auto q
        = m_store.exec(QStringLiteral("SELECT id FROM api_tokens WHERE org_id = ? AND name = ? AND project_id IS NULL"
                                      " AND revoked_at IS NULL"),
            { org->id, kOrgTokenName });
    // A demo user may have revoked it: the name is free again, so mint a new one.
    const auto token = q.next() ? m_store.token(q.value(0).toString())
                                : m_tokens.insert(kOrgTokenName, QStringLiteral("Demo CI token"), org, std::nullopt, {},
                                    AccessPolicy::orgTokenPolicies());
    return token ? m_tokens.jwtFor(*token) : QString();
}

QJsonObject DemoSeeder::seedDemo()
{
    SandboxStore::Transaction tx(m_store);
    if (m_store.meta(kDemoSeeded).isEmpty()) {
        createDemoData();
        m_store.setMeta(kDemoSeeded, QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    }

    QJsonObject result;
    QJsonObject users;
    auto q = m_store.exec(QStringLiteral("SELECT id, email, instance_admin FROM users WHERE synthetic = 0 AND email NOT"
                                         " LIKE 'load-%' ORDER BY created_at"));
    while (q.next()) {
        const QString token = userToken(q.value(0).toString());
        users.insert(q.value(1).toString(), token);
        if (q.value(1).toString() == kInstanceAdminEmail)
            result.insert(QStringLiteral("instance_admin_user_token"), token);
    }
    result.insert(QStringLiteral("instance_admin_email"), kInstanceAdminEmail);
    result.insert(QStringLiteral("user_tokens"), users);

    auto it = m_store.exec(
        QStringLiteral("SELECT id FROM api_tokens WHERE org_id IS NULL AND name = ? AND revoked_at IS NULL"),
        { kInstanceTokenName });
    const auto instance = it.next() ? m_store.token(it.value(0).toString())
                                    : m_tokens.insert(kInstanceTokenName, QStringLiteral("Provisioning (demo)"),
                                        std::nullopt, std::nullopt, {}, AccessPolicy::instanceTokenPolicies());
    result.insert(QStringLiteral("instance_token"), m_tokens.jwtFor(*instance));

    QJsonObject orgTokens;
    for (const QString &org : kDemoOrgs) {
        const QString jwt = activeOrgToken(org);
        if (!jwt.isEmpty())
            orgTokens.insert(org, jwt);
    }
    result.insert(QStringLiteral("org_tokens"), orgTokens);
    tx.commit();
    return result;
}

QJsonObject DemoSeeder::seedLoad(int orgs, int members)
{
    SandboxStore::Transaction tx(m_store);
    auto owner = m_store.userByEmail(kLoadOwnerEmail);
    if (!owner)
        owner = addUser(kLoadOwnerEmail, QStringLiteral("Load"), QStringLiteral("Owner"));
    // Idempotent: a database that already holds load data keeps it as it is.
    if (m_store.meta(kLoadSeeded).isEmpty() && orgs > 0) {
        // Timestamps one millisecond apart, ending now, so later API writes stay newer.
        const qint64 base = m_store.now().toMSecsSinceEpoch() - qint64(orgs) - qint64(members) - 1;
        BatchInsert orgInsert(m_store, QStringLiteral("orgs(id, name, created_at, updated_at)"));
        BatchInsert memberInsert(
            m_store, QStringLiteral("memberships(id, org_id, user_id, role, current, created_at, updated_at)"));
        BatchInsert userInsert(
            m_store, QStringLiteral("users(id, email, first_name, last_name, created_at, updated_at, synthetic)"));
        QString firstOrgId;
        for (int i = 1; i <= orgs; ++i) {
            const QString id = SandboxStore::newId();
            if (i == 1)
                firstOrgId = id;
            orgInsert.add({ id, loadOrgName(i), base + i, base + i });
            m_store.insertCas(m_store.makeInlineBackend(id));
            memberInsert.add({ SandboxStore::newId(), id, owner->id, int(Owner), i == 1, base + i, base + i });
        }
        orgInsert.flush();
        // Members of the first org, all newer than the owner's membership.
        static const int roles[] = { Viewer, Member, Contributor, Admin };
        for (int i = 1; i < members; ++i) {
            const QString userId = SandboxStore::newId();
            const qint64 at = base + orgs + i;
            userInsert.add({ userId, QStringLiteral("load-user-%1@example.com").arg(i, 6, 10, QLatin1Char('0')),
                QStringLiteral("Load"), QStringLiteral("User %1").arg(i, 6, 10, QLatin1Char('0')), at, at, 1 });
            memberInsert.add({ SandboxStore::newId(), firstOrgId, userId, roles[i % 4], false, at, at });
        }
        userInsert.flush();
        memberInsert.flush();
        m_store.setMeta(kLoadSeeded, QStringLiteral("%1,%2").arg(orgs).arg(members));
    }
    tx.commit();
    const QStringList seeded = m_store.meta(kLoadSeeded).split(QLatin1Char(','));
    return { { QStringLiteral("owner_email"), kLoadOwnerEmail },
        { QStringLiteral("owner_token"), userToken(owner->id) }, { QStringLiteral("first_org"), loadOrgName(1) },
        { QStringLiteral("orgs"), seeded.value(0).toInt() }, { QStringLiteral("members"), seeded.value(1).toInt() } };
}

} // namespace adm::sandbox
