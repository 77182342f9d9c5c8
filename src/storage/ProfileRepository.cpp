// SPDX-License-Identifier: Apache-2.0
#include "storage/ProfileRepository.h"

#include "storage/Database.h"
#include "storage/SqlSupport.h"
#include "storage/StorageLog.h"

#include <QCoreApplication>
#include <QSqlError>

namespace adm::storage {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("adm::storage::ProfileRepository", text);
}

const QString SelectColumns = QStringLiteral(
    "SELECT id, name, address, protocol, insecure, ca_file, default_organization, token_kind, created_at, "
    "last_used_at FROM profiles ");

Profile fromRow(const QSqlQuery &q)
{
    Profile p;
    p.id = QUuid::fromString(q.value(0).toString());
    p.name = q.value(1).toString();
    p.address = q.value(2).toString();
    p.protocol = protocolFromName(q.value(3).toString()).value_or(Protocol::Auto);
    p.insecure = q.value(4).toBool();
    p.caFile = q.value(5).toString();
    p.defaultOrganization = q.value(6).toString();
    p.tokenKind = tokenKindFromName(q.value(7).toString());
    p.createdAt = sql::fromDb(q.value(8));
    p.lastUsed = sql::fromDb(q.value(9));
    return p;
}

Status notFound()
{
    return Status::error(Status::Code::NotFound, tr("This profile no longer exists."));
}

// Catches what the UI should have caught; the database keeps only usable profiles.
Status validate(const Profile &p)
{
    if (p.name.trimmed().isEmpty())
        return Status::error(Status::Code::Invalid, tr("Enter a name for the profile."));
    const auto endpoint = parseEndpoint(p.address, p.insecure);
    if (!endpoint.endpoint)
        return Status::error(Status::Code::Invalid, endpoint.error);
    return {};
}

} // namespace

ProfileRepository::ProfileRepository(Database &db, QObject *parent)
    : QObject(parent)
    , m_db(db)
{ }

Result<QList<Profile>> ProfileRepository::list() const
{
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    // NULLs (never used) sort last in DESC order in SQLite.
    if (!sql::prepare(q, SelectColumns + QStringLiteral("ORDER BY last_used_at DESC, name COLLATE NOCASE"))
        || !sql::exec(q))
        return sql::queryFailed(q);
    QList<Profile> profiles;
    while (q.next())
        profiles.append(fromRow(q));
    return profiles;
}

Result<Profile> ProfileRepository::find(const QUuid &id) const
{
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q, SelectColumns + QStringLiteral("WHERE id = ?")))
        return sql::queryFailed(q);
    q.addBindValue(sql::toDb(id));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    if (!q.next())
        return notFound();
    return fromRow(q);
}

Result<Profile> ProfileRepository::findByName(const QString &name) const
{
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q, SelectColumns + QStringLiteral("WHERE name = ?")))
        return sql::queryFailed(q);
    q.addBindValue(sql::text(name.trimmed()));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    if (!q.next())
        return notFound();
    return fromRow(q);
}

Status ProfileRepository::save(Profile &profile)
{
    if (!m_db.isOpen())
        return sql::notOpen();
    if (Status valid = validate(profile); !valid.ok())
        return valid;

    Profile row = profile;
    row.name = row.name.trimmed();
    row.address = row.address.trimmed();
    const bool insert = row.id.isNull();
    if (insert) {
        row.id = QUuid::createUuid();
        if (!row.createdAt.isValid())
            row.createdAt = QDateTime::currentDateTimeUtc();
    }

    Transaction tx(m_db);
    if (!tx.isActive())
        return tx.beginStatus();
    {
        // Checked first to give a sentence naming the profile instead of a constraint error.
        QSqlQuery dup(m_db.connection());
        if (!sql::prepare(dup, QStringLiteral("SELECT 1 FROM profiles WHERE name = ? AND id <> ?")))
            return sql::queryFailed(dup);
        dup.addBindValue(sql::text(row.name));
        dup.addBindValue(sql::toDb(row.id));
        if (!sql::exec(dup))
            return sql::queryFailed(dup);
        if (dup.next())
            return Status::error(Status::Code::DuplicateName,
                tr("A profile named \"%1\" already exists. Choose another name.").arg(row.name));
    }
    QSqlQuery q(m_db.connection());
    const QString text = insert
        ? QStringLiteral("INSERT INTO profiles (name, address, protocol, insecure, ca_file, default_organization, "
                         "token_kind, created_at, last_used_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        : QStringLiteral("UPDATE profiles SET name = ?, address = ?, protocol = ?, insecure = ?, ca_file = ?, "
                         "default_organization = ?, token_kind = ?, created_at = COALESCE(?, created_at), "
                         "last_used_at = ? WHERE id = ?");
    if (!sql::prepare(q, text))
        return sql::queryFailed(q);
    q.addBindValue(sql::text(row.name));
    q.addBindValue(sql::text(row.address));
    q.addBindValue(sql::text(protocolName(row.protocol)));
    q.addBindValue(row.insecure ? 1 : 0);
    q.addBindValue(sql::text(row.caFile));
    q.addBindValue(sql::text(row.defaultOrganization));
    q.addBindValue(sql::text(tokenKindName(row.tokenKind)));
    q.addBindValue(sql::toDb(row.createdAt));
    q.addBindValue(sql::toDb(row.lastUsed));
    q.addBindValue(sql::toDb(row.id));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    if (!insert && q.numRowsAffected() == 0)
        return notFound();
    if (Status committed = tx.commit(); !committed.ok())
        return committed;

    profile = row;
    qCDebug(lcStorage) << (insert ? "inserted" : "updated") << "profile" << row.id;
    Q_EMIT changed();
    return {};
}

Status ProfileRepository::remove(const QUuid &id)
{
    if (!m_db.isOpen())
        return sql::notOpen();
    Transaction tx(m_db);
    if (!tx.isActive())
        return tx.beginStatus();
    QSqlQuery q(m_db.connection());
    // foreign_keys = ON cascades to known_organizations, listing_cache and onboarding_runs.
    if (!sql::prepare(q, QStringLiteral("DELETE FROM profiles WHERE id = ?")))
        return sql::queryFailed(q);
    q.addBindValue(sql::toDb(id));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    if (q.numRowsAffected() == 0)
        return notFound();
    if (Status committed = tx.commit(); !committed.ok())
        return committed;
    Q_EMIT changed();
    return {};
}

Status ProfileRepository::touch(const QUuid &id, const QDateTime &when)
{
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q, QStringLiteral("UPDATE profiles SET last_used_at = ? WHERE id = ?")))
        return sql::queryFailed(q);
    q.addBindValue(sql::toDb(when.isValid() ? when : QDateTime::currentDateTimeUtc()));
    q.addBindValue(sql::toDb(id));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    if (q.numRowsAffected() == 0)
        return notFound();
    Q_EMIT changed();
    return {};
}

} // namespace adm::storage
