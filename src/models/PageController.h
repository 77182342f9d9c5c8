// SPDX-License-Identifier: Apache-2.0
// Base of the per-page controllers: they call the api clients of the Session's channel, feed a
// model (cache first, then a background refresh), write every action to the activity journal
// and report failures to the Session. Widgets talk to controllers, never to the network.
#pragma once

#include "api/ApiError.h"
#include "core/Capabilities.h"
#include "storage/ListingCache.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>

#include <functional>

namespace adm::models {

class Session;

class PageController : public QObject
{
    Q_OBJECT
public:
    // `session` must outlive the controller.
    explicit PageController(Session &session, QObject *parent = nullptr);

    Session &session() const { return m_session; }

    // Shows the cached rows (if any) at once, then refreshes from the server.
    void load();
    // Asks the server again (no cache step).
    virtual void refresh() = 0;

    bool isBusy() const { return m_busy > 0; }
    // One line for the page's status label: count, age of the rows, refresh state, last error.
    QString statusText() const;
    const api::ApiError &lastError() const { return m_error; }
    QDateTime fetchedAt() const { return m_fetchedAt; }
    bool showsCachedRows() const { return m_fromCache; }

    // The words for a failed action: for PERMISSION_DENIED the same reason the disabled action's
    // tooltip gives, so a refusal reads the same before and after asking the server.
    QString explain(const api::ApiError &error, AdminAction action) const;

Q_SIGNALS:
    void busyChanged(bool busy);
    void statusChanged();
    // A write finished; `message` is for the user (empty when there is nothing to say).
    void actionFinished(const QString &action, const adm::api::ApiError &error, const QString &message);

protected:
    // Shows cached rows; returns false on a miss.
    virtual bool showCached() = 0;
    // "12 tokens", "100 of 10,000 members loaded": the first part of the status line.
    virtual QString countText() const = 0;

    void beginWork();
    void endWork();
    // For listings answered on epoch(): a new epoch drops their answers, so it also ends them.
    void beginListWork();
    void endListWork();
    void setFetched(const QDateTime &at, bool fromCache);
    // A failed listing: kept for the status line and passed to the Session (sign-in, offline).
    void setListError(const api::ApiError &error);
    void clearListError();
    void setNotice(const QString &notice);
    // Whether to ask the server for the listing. When connected and the identity may not list,
    // `clear` empties the model and the notice says why; offline the cached rows stay and the
    // call is tried anyway (it reports the outage).
    bool mayList(AdminAction action, const std::function<void()> &clear); // e.g. "Select an organization first."
    QString notice() const { return m_notice; }

    // Context object for the answers of one load: replaced on every load, so answers meant for
    // an organization that is no longer selected are dropped.
    QObject *epoch() const { return m_epoch; }
    void newEpoch();

    bool cacheKeyValid() const;
    QString cacheOrganization(bool instanceLevel) const;
    template<typename T> void putCache(storage::ListingKind kind, bool instanceLevel, const QList<T> &rows)
    {
        if (cacheKeyValid())
            listingCache().put(cacheProfile(), cacheOrganization(instanceLevel), kind, rows);
    }
    template<typename T>
    std::optional<storage::CachedRows<T>> getCache(storage::ListingKind kind, bool instanceLevel) const
    {
        if (!cacheKeyValid())
            return std::nullopt;
        return listingCache().get<T>(cacheProfile(), cacheOrganization(instanceLevel), kind);
    }

    static api::ApiError notConnected(QByteArrayView method);

private:
    storage::ListingCache &listingCache() const;
    QUuid cacheProfile() const;

    Session &m_session;
    int m_busy = 0;
    int m_listWork = 0;
    QDateTime m_fetchedAt;
    bool m_fromCache = false;
    api::ApiError m_error;
    QString m_notice;
    QPointer<QObject> m_epoch;
};

} // namespace adm::models
