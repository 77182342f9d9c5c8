// SPDX-License-Identifier: Apache-2.0
#include "storage/CredentialSetRepository.h"

#include "core/CasBackendForm.h"
#include "core/Validation.h"
#include "storage/Database.h"
#include "storage/SqlSupport.h"

#include <QCoreApplication>

namespace adm::storage {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("adm::storage::CredentialSetRepository", text);
}

Status invalid(const QString &message)
{
    return Status::error(Status::Code::Invalid, message);
}

// The name becomes part of the keychain key (casCredentialSetKey), whose lookup is
// case-sensitive, so a stored name is a DNS-1123 label (lower case) like the backend names it
// is shown next to; lookups by name (find, forget, a backend's set) ignore case.
Status checkSetName(const QString &name)
{
    if (name.trimmed().isEmpty())
        return invalid(tr("A credential set needs a name."));
    if (const Validity v = validateDnsLabel(name.trimmed()); !v.ok())
        return invalid(v.message);
    return {};
}

CredentialSetInfo setFromRow(const QSqlQuery &q)
{
    CredentialSetInfo s;
    s.name = q.value(0).toString();
    s.provider = q.value(1).toString();
    s.expiresAt = sql::fromDb(q.value(2));
    s.createdAt = sql::fromDb(q.value(3));
    s.updatedAt = sql::fromDb(q.value(4));
    return s;
}

} // namespace

CredentialSetRepository::CredentialSetRepository(Database &db)
    : m_db(db)
{ }

Status CredentialSetRepository::remember(const CredentialSetInfo &set)
{
    if (!m_db.isOpen())
        return sql::notOpen();
    if (Status s = checkSetName(set.name); !s.ok())
        return s;
    if (!casProviderFromId(set.provider))
        return invalid(tr("Unknown CAS provider \"%1\".").arg(set.provider));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q,
            QStringLiteral("INSERT INTO credential_sets (name, provider, expires_at, created_at, updated_at) "
                           "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET provider = excluded.provider, "
                           "expires_at = excluded.expires_at, "
                           "updated_at = excluded.updated_at")))
        return sql::queryFailed(q);
    q.addBindValue(set.name.trimmed());
    q.addBindValue(set.provider);
    q.addBindValue(sql::toDb(set.expiresAt));
    q.addBindValue(sql::toDb(set.createdAt.isValid() ? set.createdAt : now));
    q.addBindValue(sql::toDb(set.updatedAt.isValid() ? set.updatedAt : now));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    return {};
}

Status CredentialSetRepository::forget(const QString &name)
{
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q, QStringLiteral("DELETE FROM credential_sets WHERE name = ?")))
        return sql::queryFailed(q);
    q.addBindValue(sql::text(name.trimmed()));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    return {};
}

Result<QList<CredentialSetInfo>> CredentialSetRepository::list() const
{
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q,
            QStringLiteral("SELECT name, provider, expires_at, created_at, updated_at FROM credential_sets "
                           "ORDER BY name")))
        return sql::queryFailed(q);
    if (!sql::exec(q))
        return sql::queryFailed(q);
    QList<CredentialSetInfo> sets;
    while (q.next())
        sets.append(setFromRow(q));
    return sets;
}

Result<std::optional<CredentialSetInfo>> CredentialSetRepository::find(const QString &name) const
{
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q,
            QStringLiteral("SELECT name, provider, expires_at, created_at, updated_at FROM credential_sets "
                           "WHERE name = ?")))
        return sql::queryFailed(q);
    q.addBindValue(sql::text(name.trimmed()));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    if (!q.next())
        return std::optional<CredentialSetInfo> {};
    return std::optional<CredentialSetInfo> { setFromRow(q) };
}

Status CredentialSetRepository::recordBackend(const BackendCredentialInfo &info)
{
    if (!m_db.isOpen())
        return sql::notOpen();
    if (info.profileId.isNull() || info.organization.trimmed().isEmpty() || info.backend.trimmed().isEmpty())
        return invalid(tr("A backend's credentials need a profile, an organization and a backend name."));
    if (!info.credentialSet.isEmpty()) {
        if (Status s = checkSetName(info.credentialSet.toLower()); !s.ok())
            return s;
    }
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q,
            QStringLiteral("INSERT INTO backend_credentials (profile_id, organization, backend, credential_set, "
                           "expires_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
                           "ON CONFLICT (profile_id, organization, backend) DO UPDATE SET "
                           "credential_set = excluded.credential_set, expires_at = excluded.expires_at, "
                           "updated_at = excluded.updated_at")))
        return sql::queryFailed(q);
    q.addBindValue(sql::toDb(info.profileId));
    q.addBindValue(info.organization.trimmed());
    q.addBindValue(info.backend.trimmed());
    q.addBindValue(sql::text(info.credentialSet.trimmed()));
    q.addBindValue(sql::toDb(info.expiresAt));
    q.addBindValue(sql::toDb(info.updatedAt.isValid() ? info.updatedAt : QDateTime::currentDateTimeUtc()));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    return {};
}

Status CredentialSetRepository::forgetBackend(
    const QUuid &profileId, const QString &organization, const QString &backend)
{
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q,
            QStringLiteral(
                "DELETE FROM backend_credentials WHERE profile_id = ? AND organization = ? AND backend = ?")))
        return sql::queryFailed(q);
    q.addBindValue(sql::toDb(profileId));
    q.addBindValue(sql::text(organization.trimmed()));
    q.addBindValue(sql::text(backend.trimmed()));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    return {};
}

Result<QList<BackendCredentialInfo>> CredentialSetRepository::backends(
    const QUuid &profileId, const QString &organization) const
{
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    // A set that still exists decides the date (also when it was cleared there); a forgotten
    // set leaves the date recorded with the backend.
    if (!sql::prepare(q,
            QStringLiteral("SELECT b.organization, b.backend, b.credential_set, "
                           "CASE WHEN s.name IS NOT NULL THEN s.expires_at ELSE b.expires_at END, b.updated_at "
                           "FROM backend_credentials b LEFT JOIN credential_sets s "
                           "ON b.credential_set <> '' AND s.name = b.credential_set "
                           "WHERE b.profile_id = ? AND b.organization = ? ORDER BY b.backend")))
        return sql::queryFailed(q);
    q.addBindValue(sql::toDb(profileId));
    q.addBindValue(sql::text(organization.trimmed()));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    QList<BackendCredentialInfo> rows;
    while (q.next()) {
        BackendCredentialInfo b;
        b.profileId = profileId;
        b.organization = q.value(0).toString();
        b.backend = q.value(1).toString();
        b.credentialSet = q.value(2).toString();
        b.expiresAt = sql::fromDb(q.value(3));
        b.updatedAt = sql::fromDb(q.value(4));
        rows.append(b);
    }
    return rows;
}

} // namespace adm::storage
