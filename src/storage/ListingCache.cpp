// SPDX-License-Identifier: Apache-2.0
#include "storage/ListingCache.h"

#include "storage/Database.h"
#include "storage/ListingCodec.h"
#include "storage/ListingJson.h"
#include "storage/SqlSupport.h"
#include "storage/StorageLog.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <any>
#include <future>
#include <system_error>

namespace adm::storage {

namespace {

// Lower-case key names that only ever hold secrets. Listings from the API never carry them;
// if one shows up, someone passed the wrong object and it must not reach the disk.
bool isSecretKey(const QString &key)
{
    static const QStringList names = {
        QStringLiteral("jwt"),
        QStringLiteral("secret"),
        QStringLiteral("password"),
        QStringLiteral("credentials"),
        QStringLiteral("accesskeyid"),
        QStringLiteral("secretaccesskey"),
        QStringLiteral("secretkey"),
        QStringLiteral("clientsecret"),
        QStringLiteral("privatekey"),
        QStringLiteral("bearer"),
        QStringLiteral("authorization"),
        QStringLiteral("storageaccountkey"),
        QStringLiteral("sessiontoken"),
        QStringLiteral("accesstoken"),
        QStringLiteral("refreshtoken"),
    };
    QString k = key.toLower();
    k.remove(QLatin1Char('_')).remove(QLatin1Char('-'));
    return names.contains(k);
}

bool looksLikeJwt(const QString &value)
{
    // header.payload.signature, base64url, header starting with '{"' -> "eyJ".
    static const QRegularExpression jwt(QStringLiteral("eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"));
    return value.size() > 20 && jwt.match(value).hasMatch();
}

QString findIn(const QJsonValue &value, const QString &path)
{
    if (value.isString())
        return looksLikeJwt(value.toString()) ? path : QString();
    if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString found = findIn(a.at(i), QStringLiteral("%1[%2]").arg(path).arg(i));
            if (!found.isEmpty())
                return found;
        }
    }
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString child = path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key();
            const bool emptyValue = it.value().isNull() || (it.value().isString() && it.value().toString().isEmpty());
            if (isSecretKey(it.key()) && !emptyValue)
                return child;
            const QString found = findIn(it.value(), child);
            if (!found.isEmpty())
                return found;
        }
    }
    return {};
}

} // namespace

QString listingKindName(ListingKind kind)
{
    switch (kind) {
    case ListingKind::Organizations: return QStringLiteral("organizations");
    case ListingKind::ApiTokens: return QStringLiteral("api-tokens");
    case ListingKind::Members: return QStringLiteral("members");
    case ListingKind::Invitations: return QStringLiteral("invitations");
    case ListingKind::CasBackends: return QStringLiteral("cas-backends");
    }
    return {};
}

std::optional<ListingKind> listingKindFromName(const QString &name)
{
    for (auto kind : { ListingKind::Organizations, ListingKind::ApiTokens, ListingKind::Members,
             ListingKind::Invitations, ListingKind::CasBackends }) {
        if (listingKindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

qint64 cacheAgeSeconds(const QDateTime &fetchedAt, const QDateTime &now)
{
    if (!fetchedAt.isValid())
        return 0;
    return std::max<qint64>(0, fetchedAt.secsTo(now));
}

struct ListingCache::Prefetch {
    QUuid profileId;
    QString organization;
    ListingKind kind;
    QDateTime fetchedAt;
    std::future<std::any> rows; // std::optional<QList<T>> from decodeListing<T>

    bool isFor(const QUuid &p, const QString &o, ListingKind k) const
    {
        return p == profileId && o == organization && k == kind;
    }
};

ListingCache::ListingCache(Database &db)
    : m_db(db)
{ }

// Waits for a prefetch still decoding (it reads only its own copy of the bytes).
ListingCache::~ListingCache() = default;

QString ListingCache::findSecretLikeData(const QJsonValue &value)
{
    return findIn(value, QString());
}

namespace {

// How the JSON of older versions reads, per row type.
template<typename T> struct ListingTraits;
template<> struct ListingTraits<Organization> {
    static Organization fromJson(const QJsonObject &o) { return organizationFromJson(o); }
};
template<> struct ListingTraits<ApiToken> {
    static ApiToken fromJson(const QJsonObject &o) { return apiTokenFromJson(o); }
};
template<> struct ListingTraits<Membership> {
    static Membership fromJson(const QJsonObject &o) { return membershipFromJson(o); }
};
template<> struct ListingTraits<Invitation> {
    static Invitation fromJson(const QJsonObject &o) { return invitationFromJson(o); }
};
template<> struct ListingTraits<CasBackend> {
    static CasBackend fromJson(const QJsonObject &o) { return casBackendFromJson(o); }
};

} // namespace

template<typename T>
Status ListingCache::put(const QUuid &profileId, const QString &organization, ListingKind kind, const QList<T> &rows,
    const QDateTime &fetchedAt)
{
    // The guard looks at the rows as JSON: the same check, whatever the stored form.
    return putEncoded(profileId, organization, kind, toJsonArray(rows), encodeListing(rows), rows.size(), fetchedAt);
}

template<typename T> void ListingCache::prefetch(const QUuid &profileId, const QString &organization, ListingKind kind)
{
    m_prefetch.reset();
    auto stored = getStored(profileId, organization, kind);
    if (!stored || !isEncodedListing(stored->first))
        return; // a miss, or JSON of an older version: get() handles those itself
    auto p = std::make_unique<Prefetch>();
    p->profileId = profileId;
    p->organization = organization;
    p->kind = kind;
    p->fetchedAt = stored->second;
    // Implicitly shared Qt values, built on that thread and handed over once: no sharing while
    // they are written.
    try {
        p->rows = std::async(
            std::launch::async, [bytes = std::move(stored->first)] { return std::any(decodeListing<T>(bytes)); });
    } catch (const std::system_error &) {
        return; // no thread to be had: get() reads it on the spot
    }
    m_prefetch = std::move(p);
}

void ListingCache::cancelPrefetch()
{
    m_prefetch.reset();
}

template<typename T>
std::optional<CachedRows<T>> ListingCache::get(
    const QUuid &profileId, const QString &organization, ListingKind kind) const
{
    if (m_prefetch && m_prefetch->isFor(profileId, organization, kind)) {
        const std::unique_ptr<Prefetch> p = std::move(m_prefetch);
        std::any decoded = p->rows.get();
        if (auto *rows = std::any_cast<std::optional<QList<T>>>(&decoded); rows && *rows)
            return CachedRows<T> { std::move(**rows), p->fetchedAt };
        // Another row type, or unreadable: read it the usual way (which logs the latter).
    }
    const auto stored = getStored(profileId, organization, kind);
    if (!stored)
        return std::nullopt;
    const auto &[bytes, fetchedAt] = *stored;
    if (isEncodedListing(bytes)) {
        auto rows = decodeListing<T>(bytes);
        if (!rows) {
            qCWarning(lcStorage) << "unreadable cache entry for" << listingKindName(kind);
            return std::nullopt;
        }
        return CachedRows<T> { std::move(*rows), fetchedAt };
    }
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray()) {
        qCWarning(lcStorage) << "unreadable cache entry for" << listingKindName(kind) << ":" << error.errorString();
        return std::nullopt;
    }
    return CachedRows<T> { fromJsonArray(doc.array(), ListingTraits<T>::fromJson), fetchedAt };
}

#define ADM_CACHED_LISTING(T)                                                                                          \
    template Status ListingCache::put<T>(                                                                              \
        const QUuid &, const QString &, ListingKind, const QList<T> &, const QDateTime &);                             \
    template std::optional<CachedRows<T>> ListingCache::get<T>(const QUuid &, const QString &, ListingKind) const;     \
    template void ListingCache::prefetch<T>(const QUuid &, const QString &, ListingKind);
ADM_CACHED_LISTING(Organization)
ADM_CACHED_LISTING(ApiToken)
ADM_CACHED_LISTING(Membership)
ADM_CACHED_LISTING(Invitation)
ADM_CACHED_LISTING(CasBackend)
#undef ADM_CACHED_LISTING

Status ListingCache::putEncoded(const QUuid &profileId, const QString &organization, ListingKind kind,
    const QJsonArray &json, const QByteArray &encoded, qsizetype rowCount, const QDateTime &fetchedAt)
{
    m_prefetch.reset(); // its bytes may be the ones replaced
    if (!m_db.isOpen())
        return sql::notOpen();
    if (const QString where = findIn(json, QStringLiteral("rows")); !where.isEmpty()) {
        // The path names a key, never the value.
        qCWarning(lcStorage) << "refused to cache" << listingKindName(kind) << ": secret-like data at" << where;
        return Status::error(Status::Code::SecretRefused,
            QCoreApplication::translate("adm::storage::ListingCache",
                "The listing was not cached because it seems to contain a "
                "secret (%1). Secrets are kept only in the keychain.")
                .arg(where));
    }
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q,
            QStringLiteral("INSERT OR REPLACE INTO listing_cache (profile_id, organization, kind, "
                           "rows_json, row_count, fetched_at) VALUES (?, ?, ?, ?, ?, ?)")))
        return sql::queryFailed(q);
    q.addBindValue(sql::toDb(profileId));
    q.addBindValue(sql::text(organization));
    q.addBindValue(sql::text(listingKindName(kind)));
    q.addBindValue(encoded); // a blob in the (historically named) rows_json column
    q.addBindValue(rowCount);
    q.addBindValue(sql::toDb(fetchedAt.isValid() ? fetchedAt : QDateTime::currentDateTimeUtc()));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    return {};
}

std::optional<std::pair<QByteArray, QDateTime>> ListingCache::getStored(
    const QUuid &profileId, const QString &organization, ListingKind kind) const
{
    if (!m_db.isOpen())
        return std::nullopt;
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q,
            // As a blob: the bytes as stored (binary, or the UTF-8 JSON of older versions)
            // without a round trip through UTF-16.
            QStringLiteral("SELECT CAST(rows_json AS BLOB), fetched_at FROM listing_cache "
                           "WHERE profile_id = ? AND organization = ? AND kind = ?")))
        return std::nullopt;
    q.addBindValue(sql::toDb(profileId));
    q.addBindValue(sql::text(organization));
    q.addBindValue(sql::text(listingKindName(kind)));
    if (!sql::exec(q) || !q.next())
        return std::nullopt;
    return std::pair { q.value(0).toByteArray(), sql::fromDb(q.value(1)) };
}

Status ListingCache::invalidate(const QUuid &profileId, const QString &organization, ListingKind kind)
{
    m_prefetch.reset();
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(
            q, QStringLiteral("DELETE FROM listing_cache WHERE profile_id = ? AND organization = ? AND kind = ?")))
        return sql::queryFailed(q);
    q.addBindValue(sql::toDb(profileId));
    q.addBindValue(sql::text(organization));
    q.addBindValue(sql::text(listingKindName(kind)));
    return sql::exec(q) ? Status() : sql::queryFailed(q);
}

Status ListingCache::clearProfile(const QUuid &profileId)
{
    m_prefetch.reset();
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q, QStringLiteral("DELETE FROM listing_cache WHERE profile_id = ?")))
        return sql::queryFailed(q);
    q.addBindValue(sql::toDb(profileId));
    return sql::exec(q) ? Status() : sql::queryFailed(q);
}

Status ListingCache::clearAll()
{
    m_prefetch.reset();
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q, QStringLiteral("DELETE FROM listing_cache")))
        return sql::queryFailed(q);
    return sql::exec(q) ? Status() : sql::queryFailed(q);
}

} // namespace adm::storage
