// SPDX-License-Identifier: Apache-2.0
// The sandbox's state: one SQLite connection (QSQLITE) owned by the ControlPlane's thread,
// the schema, row types and the lookups every method needs. Writes specific to one method
// live with that method; this class only knows tables.
#pragma once

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>
#include <stdexcept>

namespace adm::sandbox {

// Thrown on any SQL failure; ControlPlane turns it into INTERNAL "server error", as upstream
// masks database errors.
struct StoreError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct UserRow {
    QString id;
    QString email;
    QString firstName;
    QString lastName;
    QDateTime createdAt;
    QDateTime updatedAt;
    bool instanceAdmin = false;
};

struct OrgRow {
    QString id;
    QString name;
    QDateTime createdAt;
    QDateTime updatedAt;
    bool blockOnPolicyViolation = false;
    QStringList policyAllowedHostnames;
    bool preventImplicitWorkflowCreation = false;
    bool restrictContractCreationToOrgAdmins = false;
    std::optional<int> apiTokenMaxDaysInactive;
    bool enableAiAgentCollector = false;
    bool blockAttestationsOnReleasedVersions = false;
    bool skipRunnerEnvVars = false;
};

struct MembershipRow {
    QString id;
    QString orgId;
    QString userId;
    int role = 0; // controlplane.v1.MembershipRole
    bool current = false;
    QDateTime createdAt;
    QDateTime updatedAt;
};

struct ProjectRow {
    QString id;
    QString orgId;
    QString name;
};

struct TokenRow {
    QString id;
    QString name;
    QString description;
    QString orgId; // empty for instance tokens
    QString orgName;
    QString projectId;
    QString projectName;
    QDateTime createdAt;
    QDateTime revokedAt;
    QDateTime expiresAt;
    QDateTime lastUsedAt;
    QStringList policies; // "resource:action"
    bool isInstance() const { return orgId.isEmpty(); }
};

struct InvitationRow {
    QString id;
    QString orgId;
    QString receiverEmail;
    QString senderId;
    int role = 0;
    QString status;
    QDateTime createdAt;
};

struct CasRow {
    QString id;
    QString orgId;
    QString name;
    QString location;
    QString description;
    QString provider;
    bool isDefault = false;
    bool isFallback = false;
    bool isInline = false;
    bool isManaged = false;
    qint64 maxBytes = 0;
    int validationStatus = 1; // CASBackendItem.ValidationStatus
    std::optional<QString> validationError;
    QDateTime validatedAt;
    QDateTime createdAt;
    QDateTime updatedAt;
    QString secret; // JSON of the credentials; never returned by an RPC
};

class SandboxStore
{
public:
    SandboxStore();
    ~SandboxStore();
    SandboxStore(const SandboxStore &) = delete;
    SandboxStore &operator=(const SandboxStore &) = delete;

    bool open(const QString &path, QString *error);

    // Runs one statement with positional binds; throws StoreError on failure.
    QSqlQuery exec(const QString &sql, const QVariantList &binds = {});
    QSqlQuery prepare(const QString &sql); // for batch loops: bind + execPrepared
    void execPrepared(QSqlQuery &query);

    // RAII: rolls back unless commit() ran.
    class Transaction
    {
    public:
        explicit Transaction(SandboxStore &store);
        ~Transaction();
        void commit();

    private:
        SandboxStore &m_store;
        bool m_done = false;
    };

    static QString newId();
    static QVariant ms(const QDateTime &t) { return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant(); }
    static QDateTime time(const QVariant &v);
    // Strictly increasing "now" so newest-first orders are stable within one millisecond.
    QDateTime now();

    std::optional<UserRow> user(const QString &id);
    std::optional<UserRow> userByEmail(const QString &email);
    std::optional<OrgRow> org(const QString &id);
    std::optional<OrgRow> orgByName(const QString &name);
    std::optional<MembershipRow> membership(const QString &id);
    std::optional<MembershipRow> membershipOf(const QString &userId, const QString &orgId);
    QList<MembershipRow> membershipsOfUser(const QString &userId);
    std::optional<ProjectRow> project(const QString &orgId, const QString &id, const QString &name);
    bool isProjectAdmin(const QString &projectId, const QString &userId);
    QStringList projectsAdministeredBy(const QString &userId, const QString &orgId);
    std::optional<TokenRow> token(const QString &id);
    std::optional<InvitationRow> invitation(const QString &id);
    std::optional<CasRow> casBackend(const QString &orgId, const QString &name);
    std::optional<CasRow> casDefault(const QString &orgId);
    QList<CasRow> casBackends(const QString &orgId);

    QString meta(const QString &key);
    void setMeta(const QString &key, const QString &value);

    // Column lists matching the row readers below.
    static const QString kUserCols, kOrgCols, kMembershipCols, kTokenCols, kInvitationCols, kCasCols;
    static UserRow readUser(const QSqlQuery &q, int at = 0);
    static OrgRow readOrg(const QSqlQuery &q, int at = 0);
    static MembershipRow readMembership(const QSqlQuery &q, int at = 0);
    static TokenRow readToken(const QSqlQuery &q);
    static InvitationRow readInvitation(const QSqlQuery &q);
    static CasRow readCas(const QSqlQuery &q);

    void insertUser(const UserRow &u);
    void insertOrg(const OrgRow &o);
    void insertMembership(const MembershipRow &m);
    void insertToken(const TokenRow &t, bool system = false);
    void insertInvitation(const InvitationRow &i);
    void insertCas(const CasRow &c);
    void insertProject(const ProjectRow &p);
    // The "default-inline" backend every new org gets, as default.
    CasRow makeInlineBackend(const QString &orgId);

private:
    void createSchema();
    QSqlDatabase db() const;
    QString m_connection;
    qint64 m_lastNow = 0;
};

} // namespace adm::sandbox
