// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "storage/Status.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>

namespace adm::storage {

class Database;

// An organization this app has seen (listed, switched to) or provisioned on an instance.
struct KnownOrganization {
    enum class Source { Seen, Provisioned };
    QUuid profileId;
    QString name;
    QString organizationId; // server id; may be empty when only the name is known
    Source source = Source::Seen;
    QDateTime firstSeen; // UTC
    QDateTime lastSeen; // UTC

    friend bool operator==(const KnownOrganization &, const KnownOrganization &) = default;
};

class KnownOrganizationRepository
{
public:
    // `db` must outlive this object.
    explicit KnownOrganizationRepository(Database &db);

    // Insert or update by (profile, name). Provisioned is sticky: a later Seen keeps it.
    Status remember(const KnownOrganization &org);
    // Many at once in one transaction (e.g. after listing organizations).
    Status rememberAll(const QList<KnownOrganization> &orgs);
    Status forget(const QUuid &profileId, const QString &name);
    // By name, case-insensitive.
    Result<QList<KnownOrganization>> list(const QUuid &profileId) const;

private:
    Database &m_db;
};

} // namespace adm::storage
