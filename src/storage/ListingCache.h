// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "storage/Status.h"

#include <QDateTime>
#include <QJsonArray>
#include <QString>
#include <QUuid>

#include <optional>

namespace adm::storage {

class Database;

enum class ListingKind { Organizations, ApiTokens, Members, Invitations, CasBackends };

QString listingKindName(ListingKind kind); // stable text stored in the database
std::optional<ListingKind> listingKindFromName(const QString &name);

struct CachedListing {
    QJsonArray rows;
    QDateTime fetchedAt; // UTC

    // Whole seconds between fetchedAt and `now` (0 if the clock went backwards).
    qint64 ageSeconds(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
};

// Last fetched rows per (profile, organization, kind) so a window can show them instantly
// with their age. `organization` is the org name; empty for instance-level listings
// (organizations, instance API tokens). Rows are stored as a JSON blob.
//
// Never a secret: put() refuses rows with secret-looking keys ("jwt", "password", "secret",
// "credentials", ...) or JWT-shaped values, with Status::Code::SecretRefused.
class ListingCache
{
public:
    // `db` must outlive this object.
    explicit ListingCache(Database &db);

    Status put(const QUuid &profileId, const QString &organization, ListingKind kind, const QJsonArray &rows,
        const QDateTime &fetchedAt = {});
    // std::nullopt on a miss; a read error is logged and treated as a miss.
    std::optional<CachedListing> get(const QUuid &profileId, const QString &organization, ListingKind kind) const;
    Status invalidate(const QUuid &profileId, const QString &organization, ListingKind kind);
    Status clearProfile(const QUuid &profileId);
    Status clearAll();

    // The guard put() applies; public so other writers of JSON (onboarding plans) reuse it.
    // Returns the offending key path ("rows[3].jwt") or an empty string.
    static QString findSecretLikeData(const QJsonValue &value);

private:
    Database &m_db;
};

} // namespace adm::storage
