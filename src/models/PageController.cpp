// SPDX-License-Identifier: Apache-2.0
#include "models/PageController.h"

#include "models/Formatting.h"
#include "models/Session.h"
#include "storage/ListingCache.h"

namespace adm::models {

PageController::PageController(Session &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    newEpoch();
}

void PageController::newEpoch()
{
    // Answers on the old epoch never arrive now: end their work here.
    while (m_listWork > 0) {
        --m_listWork;
        endWork();
    }
    delete m_epoch.data();
    m_epoch = new QObject(this);
}

void PageController::load()
{
    newEpoch();
    m_error = {};
    m_notice.clear();
    m_fetchedAt = {};
    m_fromCache = false;
    if (showCached())
        m_fromCache = true;
    Q_EMIT statusChanged();
    // Session::open() shows the cached view before the token is read: there is nothing to ask
    // yet, and the connection reloads the page.
    if (m_session.state() == Session::State::Connecting && !m_session.channel())
        return;
    refresh();
}

void PageController::beginWork()
{
    if (++m_busy == 1)
        Q_EMIT busyChanged(true);
    Q_EMIT statusChanged();
}

void PageController::endWork()
{
    if (m_busy == 0)
        return;
    if (--m_busy == 0)
        Q_EMIT busyChanged(false);
    Q_EMIT statusChanged();
}

void PageController::beginListWork()
{
    ++m_listWork;
    beginWork();
}

void PageController::endListWork()
{
    if (m_listWork == 0)
        return;
    --m_listWork;
    endWork();
}

void PageController::setFetched(const QDateTime &at, bool fromCache)
{
    m_fetchedAt = at;
    m_fromCache = fromCache;
    if (!fromCache)
        m_error = {};
    Q_EMIT statusChanged();
}

void PageController::setListError(const api::ApiError &error)
{
    m_error = error;
    m_session.reportError(error);
    Q_EMIT statusChanged();
}

void PageController::clearListError()
{
    m_error = {};
    Q_EMIT statusChanged();
}

void PageController::setNotice(const QString &notice)
{
    m_notice = notice;
    Q_EMIT statusChanged();
}

bool PageController::mayList(AdminAction action, const std::function<void()> &clear)
{
    const Permission p = m_session.permission(action);
    if (p.allowed || m_session.state() != Session::State::Ready)
        return true;
    clear();
    setNotice(p.reason);
    return false;
}

QString PageController::statusText() const
{
    if (!m_notice.isEmpty())
        return m_notice;
    QStringList parts;
    parts << countText();
    if (m_fetchedAt.isValid()) {
        const qint64 age = m_fetchedAt.secsTo(QDateTime::currentDateTimeUtc());
        parts << (m_fromCache ? tr("cached %1").arg(ageText(age)) : tr("updated %1").arg(ageText(age)));
    }
    if (isBusy())
        parts << tr("refreshing…");
    if (m_error.isError()) {
        const bool offline
            = m_error.kind() == api::ApiError::Kind::Unreachable || m_error.kind() == api::ApiError::Kind::Timeout;
        parts << (offline ? tr("offline, read-only: %1").arg(m_error.userMessage())
                          : tr("could not refresh: %1").arg(m_error.userMessage()));
    }
    return parts.join(QStringLiteral(" · "));
}

QString PageController::explain(const api::ApiError &error, AdminAction action) const
{
    if (error.kind() == api::ApiError::Kind::PermissionDenied) {
        const Permission p = m_session.permission(action);
        if (!p.allowed && !p.reason.isEmpty())
            return p.reason;
    }
    const QString hint = error.hint();
    return hint.isEmpty() ? error.userMessage() : error.userMessage() + QLatin1Char(' ') + hint;
}

bool PageController::cacheKeyValid() const
{
    return m_session.profile().isSaved();
}

QString PageController::cacheOrganization(bool instanceLevel) const
{
    return instanceLevel ? QString() : m_session.organization();
}

storage::ListingCache &PageController::listingCache() const
{
    return m_session.cache();
}

QUuid PageController::cacheProfile() const
{
    return m_session.profile().id;
}

api::ApiError PageController::notConnected(QByteArrayView method)
{
    return api::ApiError::transport(
        api::ApiError::Kind::Unreachable, api::ApiError::Cause::None, tr("Not connected to a control plane."), method);
}

} // namespace adm::models
