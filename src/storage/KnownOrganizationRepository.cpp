// SPDX-License-Identifier: Apache-2.0
#include "storage/KnownOrganizationRepository.h"

#include "storage/Database.h"
#include "storage/SqlSupport.h"

#include <QCoreApplication>

namespace adm::storage {

namespace {

QString sourceName(KnownOrganization::Source s)
{
    return s == KnownOrganization::Source::Provisioned ? QStringLiteral("provisioned") : QStringLiteral("seen");
}

Status upsert(Database &db, const KnownOrganization &org)
{
    if (org.name.trimmed().isEmpty() || org.profileId.isNull())
        return Status::error(Status::Code::Invalid,
            QCoreApplication::translate(
                "adm::storage::KnownOrganizationRepository", "An organization needs a name and a profile."));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime seen = org.lastSeen.isValid() ? org.lastSeen : now;
    QSqlQuery q(db.connection());
    // Provisioned wins over seen; an empty id does not erase a known one.
    if (!sql::prepare(q,
            QStringLiteral("INSERT INTO known_organizations (profile_id, name, organization_id, source, "
                           "first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?) "
                           "ON CONFLICT (profile_id, name) DO UPDATE SET "
                           "organization_id = CASE WHEN excluded.organization_id <> '' "
                           "  THEN excluded.organization_id ELSE organization_id END, "
                           "source = CASE WHEN source = 'provisioned' THEN source ELSE excluded.source END, "
                           "last_seen_at = MAX(last_seen_at, excluded.last_seen_at)")))
        return sql::queryFailed(q);
    q.addBindValue(sql::toDb(org.profileId));
    q.addBindValue(sql::text(org.name.trimmed()));
    q.addBindValue(sql::text(org.organizationId));
    q.addBindValue(sql::text(sourceName(org.source)));
    q.addBindValue(sql::toDb(org.firstSeen.isValid() ? org.firstSeen : seen));
    q.addBindValue(sql::toDb(seen));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    return {};
}

} // namespace

KnownOrganizationRepository::KnownOrganizationRepository(Database &db)
    : m_db(db)
{ }

Status KnownOrganizationRepository::remember(const KnownOrganization &org)
{
    return rememberAll({ org });
}

Status KnownOrganizationRepository::rememberAll(const QList<KnownOrganization> &orgs)
{
    if (!m_db.isOpen())
        return sql::notOpen();
    Transaction tx(m_db);
    if (!tx.isActive())
        return tx.beginStatus();
    for (const auto &org : orgs) {
        if (Status s = upsert(m_db, org); !s.ok())
            return s;
    }
    return tx.commit();
}

Status KnownOrganizationRepository::forget(const QUuid &profileId, const QString &name)
{
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q, QStringLiteral("DELETE FROM known_organizations WHERE profile_id = ? AND name = ?")))
        return sql::queryFailed(q);
    q.addBindValue(sql::toDb(profileId));
    q.addBindValue(sql::text(name.trimmed()));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    return {};
}

Result<QList<KnownOrganization>> KnownOrganizationRepository::list(const QUuid &profileId) const
{
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q,
            QStringLiteral("SELECT name, organization_id, source, first_seen_at, last_seen_at "
                           "FROM known_organizations WHERE profile_id = ? ORDER BY name")))
        return sql::queryFailed(q);
    q.addBindValue(sql::toDb(profileId));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    QList<KnownOrganization> orgs;
    while (q.next()) {
        KnownOrganization o;
        o.profileId = profileId;
        o.name = q.value(0).toString();
        o.organizationId = q.value(1).toString();
        o.source = q.value(2).toString() == QLatin1String("provisioned") ? KnownOrganization::Source::Provisioned
                                                                         : KnownOrganization::Source::Seen;
        o.firstSeen = sql::fromDb(q.value(3));
        o.lastSeen = sql::fromDb(q.value(4));
        orgs.append(o);
    }
    return orgs;
}

} // namespace adm::storage
