// SPDX-License-Identifier: Apache-2.0
#include "sandbox/SandboxStore.h"

#include <QSqlError>
#include <QSqlRecord>
#include <QUuid>

#include <atomic>

namespace adm::sandbox {

namespace {
constexpr int kSchemaVersion = 1;
constexpr qint64 kInlineMaxBytes = 500 * 1024;

const char *const kSchema[] = {
    "CREATE TABLE users(id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, first_name TEXT NOT NULL DEFAULT '',"
    " last_name TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    " instance_admin INTEGER NOT NULL DEFAULT 0, synthetic INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE orgs(id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL, block_on_policy_violation INTEGER NOT NULL DEFAULT 0,"
    " policy_allowed_hostnames TEXT NOT NULL DEFAULT '', prevent_implicit_workflow_creation INTEGER NOT NULL DEFAULT 0,"
    " restrict_contract_creation_to_org_admins INTEGER NOT NULL DEFAULT 0, api_token_max_days_inactive INTEGER,"
    " enable_ai_agent_collector INTEGER NOT NULL DEFAULT 0,"
    " block_attestations_on_released_versions INTEGER NOT NULL DEFAULT 0,"
    " skip_runner_env_vars INTEGER NOT NULL DEFAULT 0, deleted_at INTEGER)",
    // A deleted org's name can be reused.
    "CREATE UNIQUE INDEX orgs_live_name ON orgs(name) WHERE deleted_at IS NULL",
    "CREATE TABLE memberships(id TEXT PRIMARY KEY, org_id TEXT NOT NULL, user_id TEXT NOT NULL,"
    " role INTEGER NOT NULL, current INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL, UNIQUE(org_id, user_id))",
    // Serves "members of an org, newest first" pages and counts without touching other orgs.
    "CREATE INDEX memberships_org_page ON memberships(org_id, created_at)",
    "CREATE INDEX memberships_user ON memberships(user_id)",
    "CREATE TABLE projects(id TEXT PRIMARY KEY, org_id TEXT NOT NULL, name TEXT NOT NULL,"
    " created_at INTEGER NOT NULL, UNIQUE(org_id, name))",
    "CREATE TABLE project_admins(project_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY(project_id, user_id))",
    "CREATE TABLE api_tokens(id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',"
    " org_id TEXT, project_id TEXT, created_at INTEGER NOT NULL, revoked_at INTEGER, expires_at INTEGER,"
    " last_used_at INTEGER, policies TEXT NOT NULL DEFAULT '', is_system INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX api_tokens_org ON api_tokens(org_id)",
    "CREATE TABLE invitations(id TEXT PRIMARY KEY, org_id TEXT NOT NULL, receiver_email TEXT NOT NULL,"
    " sender_id TEXT, role INTEGER NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL, deleted_at INTEGER)",
    "CREATE INDEX invitations_org ON invitations(org_id)",
    "CREATE INDEX invitations_email ON invitations(receiver_email)",
    "CREATE TABLE cas_backends(id TEXT PRIMARY KEY, org_id TEXT NOT NULL, name TEXT NOT NULL,"
    " location TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', provider TEXT NOT NULL,"
    " is_default INTEGER NOT NULL DEFAULT 0, is_fallback INTEGER NOT NULL DEFAULT 0,"
    " is_inline INTEGER NOT NULL DEFAULT 0, is_managed INTEGER NOT NULL DEFAULT 0, max_bytes INTEGER NOT NULL,"
    " validation_status INTEGER NOT NULL, validation_error TEXT, validated_at INTEGER NOT NULL,"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER,"
    " secret TEXT NOT NULL DEFAULT '{}')",
    "CREATE INDEX cas_backends_org ON cas_backends(org_id)",
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
};

QString nullable(const QString &s)
{
    return s.isEmpty() ? QString() : s;
}
} // namespace

const QString SandboxStore::kUserCols
    = QStringLiteral("u.id, u.email, u.first_name, u.last_name, u.created_at, u.updated_at, u.instance_admin");
const QString SandboxStore::kOrgCols = QStringLiteral(
    "o.id, o.name, o.created_at, o.updated_at, o.block_on_policy_violation, o.policy_allowed_hostnames,"
    " o.prevent_implicit_workflow_creation, o.restrict_contract_creation_to_org_admins,"
    " o.api_token_max_days_inactive, o.enable_ai_agent_collector, o.block_attestations_on_released_versions,"
    " o.skip_runner_env_vars");
const QString SandboxStore::kMembershipCols
    = QStringLiteral("m.id, m.org_id, m.user_id, m.role, m.current, m.created_at, m.updated_at");
const QString SandboxStore::kTokenCols
    = QStringLiteral("t.id, t.name, t.description, t.org_id, o.name, t.project_id, p.name, t.created_at, t.revoked_at,"
                     " t.expires_at, t.last_used_at, t.policies FROM api_tokens t LEFT JOIN orgs o ON o.id = t.org_id"
                     " LEFT JOIN projects p ON p.id = t.project_id");
const QString SandboxStore::kInvitationCols
    = QStringLiteral("id, org_id, receiver_email, sender_id, role, status, created_at FROM invitations");
const QString SandboxStore::kCasCols = QStringLiteral(
    "id, org_id, name, location, description, provider, is_default, is_fallback, is_inline, is_managed,"
    " max_bytes, validation_status, validation_error, validated_at, created_at, updated_at, secret FROM cas_backends");

SandboxStore::SandboxStore()
{
    static std::atomic<int> counter { 0 };
    m_connection = QStringLiteral("adm-sandbox-%1").arg(++counter);
}

SandboxStore::~SandboxStore()
{
    if (QSqlDatabase::contains(m_connection)) {
        {
            QSqlDatabase database = QSqlDatabase::database(m_connection, false);
            database.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QSqlDatabase SandboxStore::db() const
{
    return QSqlDatabase::database(m_connection, false);
}

bool SandboxStore::open(const QString &path, QString *error)
{
    QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    database.setDatabaseName(path.isEmpty() ? QStringLiteral(":memory:") : path);
    if (!database.open()) {
        *error = database.lastError().text();
        return false;
    }
    try {
        if (!path.isEmpty())
            exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
        exec(QStringLiteral("PRAGMA busy_timeout=5000"));
        QSqlQuery q = exec(QStringLiteral("PRAGMA user_version"));
        const int version = q.next() ? q.value(0).toInt() : 0;
        if (version == 0) {
            createSchema();
        } else if (version != kSchemaVersion) {
            *error = QStringLiteral("unsupported sandbox database version %1 in %2").arg(version).arg(path);
            return false;
        }
    } catch (const StoreError &e) {
        *error = QString::fromUtf8(e.what());
        return false;
    }
    return true;
}

void SandboxStore::createSchema()
{
    Transaction tx(*this);
    for (const char *statement : kSchema)
        exec(QString::fromLatin1(statement));
    exec(QStringLiteral("PRAGMA user_version=%1").arg(kSchemaVersion));
    tx.commit();
}

QSqlQuery SandboxStore::exec(const QString &sql, const QVariantList &binds)
{
    QSqlQuery q(db());
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        throw StoreError((q.lastError().text() + QStringLiteral(" in ") + sql).toStdString());
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec())
        throw StoreError((q.lastError().text() + QStringLiteral(" in ") + sql).toStdString());
    return q;
}

QSqlQuery SandboxStore::prepare(const QString &sql)
{
    QSqlQuery q(db());
    if (!q.prepare(sql))
        throw StoreError((q.lastError().text() + QStringLiteral(" in ") + sql).toStdString());
    return q;
}

void SandboxStore::execPrepared(QSqlQuery &query)
{
    if (!query.exec())
        throw StoreError(query.lastError().text().toStdString());
}

SandboxStore::Transaction::Transaction(SandboxStore &store)
    : m_store(store)
{
    if (!m_store.db().transaction())
        throw StoreError("cannot start a transaction");
}

SandboxStore::Transaction::~Transaction()
{
    if (!m_done)
        m_store.db().rollback();
}

void SandboxStore::Transaction::commit()
{
    if (!m_store.db().commit())
        throw StoreError("commit failed");
    m_done = true;
}

QString SandboxStore::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QDateTime SandboxStore::time(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

QDateTime SandboxStore::now()
{
    m_lastNow = std::max(m_lastNow + 1, QDateTime::currentMSecsSinceEpoch());
    return QDateTime::fromMSecsSinceEpoch(m_lastNow, Qt::UTC);
}

UserRow SandboxStore::readUser(const QSqlQuery &q, int at)
{
    return { q.value(at).toString(), q.value(at + 1).toString(), q.value(at + 2).toString(), q.value(at + 3).toString(),
        time(q.value(at + 4)), time(q.value(at + 5)), q.value(at + 6).toBool() };
}

OrgRow SandboxStore::readOrg(const QSqlQuery &q, int at)
{
    OrgRow o;
    o.id = q.value(at).toString();
    o.name = q.value(at + 1).toString();
    o.createdAt = time(q.value(at + 2));
    o.updatedAt = time(q.value(at + 3));
    o.blockOnPolicyViolation = q.value(at + 4).toBool();
    o.policyAllowedHostnames = q.value(at + 5).toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    o.preventImplicitWorkflowCreation = q.value(at + 6).toBool();
    o.restrictContractCreationToOrgAdmins = q.value(at + 7).toBool();
    if (!q.value(at + 8).isNull())
        o.apiTokenMaxDaysInactive = q.value(at + 8).toInt();
    o.enableAiAgentCollector = q.value(at + 9).toBool();
    o.blockAttestationsOnReleasedVersions = q.value(at + 10).toBool();
    o.skipRunnerEnvVars = q.value(at + 11).toBool();
    return o;
}

MembershipRow SandboxStore::readMembership(const QSqlQuery &q, int at)
{
    return { q.value(at).toString(), q.value(at + 1).toString(), q.value(at + 2).toString(), q.value(at + 3).toInt(),
        q.value(at + 4).toBool(), time(q.value(at + 5)), time(q.value(at + 6)) };
}

TokenRow SandboxStore::readToken(const QSqlQuery &q)
{
    TokenRow t;
    t.id = q.value(0).toString();
    t.name = q.value(1).toString();
    t.description = q.value(2).toString();
    t.orgId = q.value(3).toString();
    t.orgName = q.value(4).toString();
    t.projectId = q.value(5).toString();
    t.projectName = q.value(6).toString();
    t.createdAt = time(q.value(7));
    t.revokedAt = time(q.value(8));
    t.expiresAt = time(q.value(9));
    t.lastUsedAt = time(q.value(10));
    t.policies = q.value(11).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    return t;
}

InvitationRow SandboxStore::readInvitation(const QSqlQuery &q)
{
    return { q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
        q.value(4).toInt(), q.value(5).toString(), time(q.value(6)) };
}

CasRow SandboxStore::readCas(const QSqlQuery &q)
{
    CasRow c;
    c.id = q.value(0).toString();
    c.orgId = q.value(1).toString();
    c.name = q.value(2).toString();
    c.location = q.value(3).toString();
    c.description = q.value(4).toString();
    c.provider = q.value(5).toString();
    c.isDefault = q.value(6).toBool();
    c.isFallback = q.value(7).toBool();
    c.isInline = q.value(8).toBool();
    c.isManaged = q.value(9).toBool();
    c.maxBytes = q.value(10).toLongLong();
    c.validationStatus = q.value(11).toInt();
    if (!q.value(12).isNull())
        c.validationError = q.value(12).toString();
    c.validatedAt = time(q.value(13));
    c.createdAt = time(q.value(14));
    c.updatedAt = time(q.value(15));
    c.secret = q.value(16).toString();
    return c;
}

std::optional<UserRow> SandboxStore::user(const QString &id)
{
    auto q = exec(QStringLiteral("SELECT %1 FROM users u WHERE u.id = ?").arg(kUserCols), { id });
    return q.next() ? std::optional(readUser(q)) : std::nullopt;
}

std::optional<UserRow> SandboxStore::userByEmail(const QString &email)
{
    auto q = exec(QStringLiteral("SELECT %1 FROM users u WHERE u.email = ?").arg(kUserCols), { email.toLower() });
    return q.next() ? std::optional(readUser(q)) : std::nullopt;
}

std::optional<OrgRow> SandboxStore::org(const QString &id)
{
    auto q
        = exec(QStringLiteral("SELECT %1 FROM orgs o WHERE o.id = ? AND o.deleted_at IS NULL").arg(kOrgCols), { id });
    return q.next() ? std::optional(readOrg(q)) : std::nullopt;
}

std::optional<OrgRow> SandboxStore::orgByName(const QString &name)
{
    auto q = exec(
        QStringLiteral("SELECT %1 FROM orgs o WHERE o.name = ? AND o.deleted_at IS NULL").arg(kOrgCols), { name });
    return q.next() ? std::optional(readOrg(q)) : std::nullopt;
}

std::optional<MembershipRow> SandboxStore::membership(const QString &id)
{
    auto q = exec(QStringLiteral("SELECT %1 FROM memberships m WHERE m.id = ?").arg(kMembershipCols), { id });
    return q.next() ? std::optional(readMembership(q)) : std::nullopt;
}

std::optional<MembershipRow> SandboxStore::membershipOf(const QString &userId, const QString &orgId)
{
    auto q
        = exec(QStringLiteral("SELECT %1 FROM memberships m WHERE m.user_id = ? AND m.org_id = ?").arg(kMembershipCols),
            { userId, orgId });
    return q.next() ? std::optional(readMembership(q)) : std::nullopt;
}

QList<MembershipRow> SandboxStore::membershipsOfUser(const QString &userId)
{
    auto q = exec(QStringLiteral("SELECT %1 FROM memberships m WHERE m.user_id = ?"
                                 " ORDER BY m.created_at DESC, m.rowid DESC")
                      .arg(kMembershipCols),
        { userId });
    QList<MembershipRow> rows;
    while (q.next())
        rows << readMembership(q);
    return rows;
}

std::optional<ProjectRow> SandboxStore::project(const QString &orgId, const QString &id, const QString &name)
{
    auto q = id.isEmpty()
        ? exec(QStringLiteral("SELECT id, org_id, name FROM projects WHERE org_id = ? AND name = ?"), { orgId, name })
        : exec(QStringLiteral("SELECT id, org_id, name FROM projects WHERE org_id = ? AND id = ?"), { orgId, id });
    if (!q.next())
        return std::nullopt;
    return ProjectRow { q.value(0).toString(), q.value(1).toString(), q.value(2).toString() };
}

bool SandboxStore::isProjectAdmin(const QString &projectId, const QString &userId)
{
    return exec(
        QStringLiteral("SELECT 1 FROM project_admins WHERE project_id = ? AND user_id = ?"), { projectId, userId })
        .next();
}

QStringList SandboxStore::projectsAdministeredBy(const QString &userId, const QString &orgId)
{
    auto q = exec(QStringLiteral("SELECT p.id FROM projects p JOIN project_admins a ON a.project_id = p.id"
                                 " WHERE a.user_id = ? AND p.org_id = ?"),
        { userId, orgId });
    QStringList ids;
    while (q.next())
        ids << q.value(0).toString();
    return ids;
}

std::optional<TokenRow> SandboxStore::token(const QString &id)
{
    auto q = exec(QStringLiteral("SELECT %1 WHERE t.id = ? AND t.is_system = 0").arg(kTokenCols), { id });
    return q.next() ? std::optional(readToken(q)) : std::nullopt;
}

std::optional<InvitationRow> SandboxStore::invitation(const QString &id)
{
    auto q = exec(QStringLiteral("SELECT %1 WHERE id = ? AND deleted_at IS NULL").arg(kInvitationCols), { id });
    return q.next() ? std::optional(readInvitation(q)) : std::nullopt;
}

std::optional<CasRow> SandboxStore::casBackend(const QString &orgId, const QString &name)
{
    auto q = exec(QStringLiteral("SELECT %1 WHERE org_id = ? AND name = ? AND deleted_at IS NULL").arg(kCasCols),
        { orgId, name });
    return q.next() ? std::optional(readCas(q)) : std::nullopt;
}

std::optional<CasRow> SandboxStore::casDefault(const QString &orgId)
{
    auto q = exec(QStringLiteral("SELECT %1 WHERE org_id = ? AND is_default = 1 AND deleted_at IS NULL").arg(kCasCols),
        { orgId });
    return q.next() ? std::optional(readCas(q)) : std::nullopt;
}

QList<CasRow> SandboxStore::casBackends(const QString &orgId)
{
    auto q
        = exec(QStringLiteral("SELECT %1 WHERE org_id = ? AND deleted_at IS NULL ORDER BY created_at DESC, rowid DESC")
                   .arg(kCasCols),
            { orgId });
    QList<CasRow> rows;
    while (q.next())
        rows << readCas(q);
    return rows;
}

QString SandboxStore::meta(const QString &key)
{
    auto q = exec(QStringLiteral("SELECT value FROM meta WHERE key = ?"), { key });
    return q.next() ? q.value(0).toString() : QString();
}

void SandboxStore::setMeta(const QString &key, const QString &value)
{
    exec(QStringLiteral("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)"), { key, value });
}

void SandboxStore::insertUser(const UserRow &u)
{
    exec(QStringLiteral("INSERT INTO users(id, email, first_name, last_name, created_at, updated_at, instance_admin)"
                        " VALUES(?, ?, COALESCE(?, ''), COALESCE(?, ''), ?, ?, ?)"),
        { u.id, u.email.toLower(), u.firstName, u.lastName, ms(u.createdAt), ms(u.updatedAt), u.instanceAdmin });
}

void SandboxStore::insertOrg(const OrgRow &o)
{
    exec(QStringLiteral("INSERT INTO orgs(id, name, created_at, updated_at) VALUES(?, ?, ?, ?)"),
        { o.id, o.name, ms(o.createdAt), ms(o.updatedAt) });
}

void SandboxStore::insertMembership(const MembershipRow &m)
{
    exec(QStringLiteral("INSERT INTO memberships(id, org_id, user_id, role, current, created_at, updated_at)"
                        " VALUES(?, ?, ?, ?, ?, ?, ?)"),
        { m.id, m.orgId, m.userId, m.role, m.current, ms(m.createdAt), ms(m.updatedAt) });
}

void SandboxStore::insertToken(const TokenRow &t, bool system)
{
    exec(QStringLiteral("INSERT INTO api_tokens(id, name, description, org_id, project_id, created_at, revoked_at,"
                        " expires_at, last_used_at, policies, is_system)"
                        " VALUES(?, ?, COALESCE(?, ''), ?, ?, ?, ?, ?, ?, COALESCE(?, ''), ?)"),
        { t.id, t.name, t.description, nullable(t.orgId), nullable(t.projectId), ms(t.createdAt), ms(t.revokedAt),
            ms(t.expiresAt), ms(t.lastUsedAt), t.policies.join(QLatin1Char(',')), system });
}

void SandboxStore::insertInvitation(const InvitationRow &i)
{
    exec(QStringLiteral("INSERT INTO invitations(id, org_id, receiver_email, sender_id, role, status, created_at)"
                        " VALUES(?, ?, ?, ?, ?, ?, ?)"),
        { i.id, i.orgId, i.receiverEmail, nullable(i.senderId), i.role, i.status, ms(i.createdAt) });
}

void SandboxStore::insertCas(const CasRow &c)
{
    exec(QStringLiteral("INSERT INTO cas_backends(id, org_id, name, location, description, provider, is_default,"
                        " is_fallback, is_inline, is_managed, max_bytes, validation_status, validation_error,"
                        " validated_at, created_at, updated_at, secret) VALUES(?, ?, ?, COALESCE(?, ''),"
                        " COALESCE(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, '{}'))"),
        { c.id, c.orgId, c.name, c.location, c.description, c.provider, c.isDefault, c.isFallback, c.isInline,
            c.isManaged, c.maxBytes, c.validationStatus, c.validationError ? QVariant(*c.validationError) : QVariant(),
            ms(c.validatedAt), ms(c.createdAt), ms(c.updatedAt), c.secret });
}

void SandboxStore::insertProject(const ProjectRow &p)
{
    exec(QStringLiteral("INSERT INTO projects(id, org_id, name, created_at) VALUES(?, ?, ?, ?)"),
        { p.id, p.orgId, p.name, ms(now()) });
}

CasRow SandboxStore::makeInlineBackend(const QString &orgId)
{
    CasRow c;
    c.id = newId();
    c.orgId = orgId;
    c.name = QStringLiteral("default-inline");
    c.provider = QStringLiteral("INLINE");
    c.description = QStringLiteral("Embed artifacts content in the attestation (fallback)");
    c.isDefault = true;
    c.isInline = true;
    c.maxBytes = kInlineMaxBytes;
    c.validationStatus = 1;
    c.createdAt = c.updatedAt = c.validatedAt = now();
    c.secret = QStringLiteral("{}");
    return c;
}

} // namespace adm::sandbox
