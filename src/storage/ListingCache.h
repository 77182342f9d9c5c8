// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "storage/Status.h"

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QString>
#include <QUuid>

#include <memory>
#include <optional>
#include <utility>

namespace adm::storage {

class Database;

enum class ListingKind { Organizations, ApiTokens, Members, Invitations, CasBackends };

QString listingKindName(ListingKind kind); // stable text stored in the database
std::optional<ListingKind> listingKindFromName(const QString &name);

// Whole seconds between fetchedAt and `now` (0 if the clock went backwards).
qint64 cacheAgeSeconds(const QDateTime &fetchedAt, const QDateTime &now);

template<typename T> struct CachedRows {
    QList<T> rows;
    QDateTime fetchedAt; // UTC

    qint64 ageSeconds(const QDateTime &now = QDateTime::currentDateTimeUtc()) const
    {
        return cacheAgeSeconds(fetchedAt, now);
    }
};

// Last fetched rows per (profile, organization, kind) so a window can show them instantly
// with their age. `organization` is the org name; empty for instance-level listings
// (organizations, instance API tokens). T is one of Organization, ApiToken, Membership,
// Invitation and CasBackend (the organizations listing holds the caller's memberships). Rows are stored in the binary
// form of ListingCodec.h (read at every start-up); entries in the JSON of older versions still read.
//
// Never a secret: put() refuses rows with JWT-shaped values (and the JSON guard below refuses
// secret-looking keys: "jwt", "password", "secret", "credentials", ...), with
// Status::Code::SecretRefused.
class ListingCache
{
public:
    // `db` must outlive this object.
    explicit ListingCache(Database &db);
    ~ListingCache();
    ListingCache(const ListingCache &) = delete;
    ListingCache &operator=(const ListingCache &) = delete;

    template<typename T>
    Status put(const QUuid &profileId, const QString &organization, ListingKind kind, const QList<T> &rows,
        const QDateTime &fetchedAt = {});
    // std::nullopt on a miss; a read error or an unreadable entry is logged and treated as a miss.
    template<typename T>
    std::optional<CachedRows<T>> get(const QUuid &profileId, const QString &organization, ListingKind kind) const;
    // Reads one entry now and decodes it on another thread; the next get() of the same entry
    // and type takes the result, waiting for it if needed. For start-up, where the window is
    // built meanwhile. One at a time: a newer prefetch, or any write, drops the previous one.
    template<typename T> void prefetch(const QUuid &profileId, const QString &organization, ListingKind kind);
    // Drops a prefetch nobody took (waiting for its thread), so its rows are not kept.
    void cancelPrefetch();
    Status invalidate(const QUuid &profileId, const QString &organization, ListingKind kind);
    Status clearProfile(const QUuid &profileId);
    Status clearAll();

    // The guard put() applies; public so other writers of JSON (onboarding plans) reuse it.
    // Returns the offending key path ("rows[3].jwt") or an empty string.
    static QString findSecretLikeData(const QJsonValue &value);

private:
    Status putEncoded(const QUuid &profileId, const QString &organization, ListingKind kind, const QJsonArray &json,
        const QByteArray &encoded, qsizetype rowCount, const QDateTime &fetchedAt);
    // The stored bytes and when they were fetched.
    std::optional<std::pair<QByteArray, QDateTime>> getStored(
        const QUuid &profileId, const QString &organization, ListingKind kind) const;

    struct Prefetch;

    Database &m_db;
    mutable std::unique_ptr<Prefetch> m_prefetch; // taken by get()
};

} // namespace adm::storage
