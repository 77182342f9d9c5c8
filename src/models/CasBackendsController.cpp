// SPDX-License-Identifier: Apache-2.0
#include "models/CasBackendsController.h"

#include "api/CasBackendClient.h"
#include "api/Channel.h"
#include "api/UnaryCall.h"
#include "models/CasBackendTableModel.h"
#include "models/Session.h"

#include <QTimer>

namespace adm::models {

using storage::ListingKind;

CasBackendsController::CasBackendsController(Session &session, QObject *parent)
    : PageController(session, parent)
    , m_model(new CasBackendTableModel(this))
    , m_pollTimer(new QTimer(this))
{
    m_pollTimer->setSingleShot(true);
    connect(m_pollTimer, &QTimer::timeout, this, &CasBackendsController::poll);
}

QList<CasBackend> CasBackendsController::backends() const
{
    return m_model->rows();
}

QStringList CasBackendsController::names() const
{
    QStringList names;
    for (const CasBackend &b : m_model->rows())
        names << b.name;
    return names;
}

void CasBackendsController::setPollTiming(int intervalMs, int timeoutMs)
{
    m_pollIntervalMs = intervalMs;
    m_pollTimeoutMs = timeoutMs;
}

QString CasBackendsController::countText() const
{
    return tr("%n CAS backend(s)", nullptr, m_model->rowCount());
}

bool CasBackendsController::showCached()
{
    const auto cached = getCache<CasBackend>(ListingKind::CasBackends, false);
    m_model->setRows(cached ? cached->rows : QList<CasBackend> {});
    if (cached)
        setFetched(cached->fetchedAt, true);
    return cached.has_value();
}

void CasBackendsController::refresh()
{
    if (!mayList(AdminAction::ListCasBackends, [this] { m_model->setRows({}); }))
        return;
    api::Channel *channel = session().channel();
    if (!channel) {
        setListError(notConnected("/controlplane.v1.CASBackendService/List"));
        return;
    }
    beginListWork();
    api::CasBackendClient(channel).list(epoch(), [this](api::Result<QList<CasBackend>> r) {
        endListWork();
        if (!r.ok()) {
            setListError(r.error());
            return;
        }
        m_model->setRows(r.value());
        putCache(ListingKind::CasBackends, false, r.value());
        setFetched(QDateTime::currentDateTimeUtc(), false);
    });
}

void CasBackendsController::create(const api::NewCasBackend &backend)
{
    api::Channel *channel = session().channel();
    if (!channel) {
        const auto error = notConnected("/controlplane.v1.CASBackendService/Create");
        Q_EMIT createFailed(error, error.userMessage());
        return;
    }
    if (isCreating())
        return;
    beginWork();
    // The server checks write access live (up to its 10 s handler limit): give it a bit more.
    api::CallOptions options;
    options.deadline = std::chrono::seconds(15);
    const QString name = backend.name;
    m_createCall = api::CasBackendClient(channel).create(
        backend, this,
        [this, name](api::Result<CasBackend> r) {
            if (!r.ok() && r.error().kind() == api::ApiError::Kind::Cancelled)
                return; // cancelCreate() already ended the work
            endWork();
            m_createCall = nullptr;
            // Only the name and the outcome go to the journal, never the credentials.
            session().recordActivity(QStringLiteral("cas.create"), name, r.ok() ? api::ApiError() : r.error());
            if (!r.ok()) {
                // A server-side deadline here is the storage's slow write check, not an outage.
                if (r.error().kind() != api::ApiError::Kind::Timeout)
                    session().reportError(r.error());
                const QString message = explain(r.error(), AdminAction::CreateCasBackend);
                Q_EMIT createFailed(r.error(), message);
                Q_EMIT actionFinished(QStringLiteral("cas.create"), r.error(), message);
                return;
            }
            Q_EMIT actionFinished(QStringLiteral("cas.create"), {}, tr("Created CAS backend %1.").arg(name));
            Q_EMIT created(r.value());
            refresh(); // default/fallback of the others may have changed
        },
        options);
}

void CasBackendsController::cancelCreate()
{
    if (m_createCall) {
        endWork();
        api::UnaryCall *call = m_createCall;
        m_createCall = nullptr;
        session().recordActivity(QStringLiteral("cas.create.cancel"), QString());
        call->cancel();
        refresh(); // the server may have finished it anyway
    }
}

void CasBackendsController::update(const api::CasBackendChanges &changes)
{
    api::Channel *channel = session().channel();
    if (!channel) {
        const auto error = notConnected("/controlplane.v1.CASBackendService/Update");
        Q_EMIT updateFailed(error, error.userMessage());
        return;
    }
    beginWork();
    api::CallOptions options;
    options.deadline = std::chrono::seconds(15);
    api::CasBackendClient(channel).update(
        changes, this,
        [this, name = changes.name](api::Result<CasBackend> r) {
            endWork();
            session().recordActivity(QStringLiteral("cas.update"), name, r.ok() ? api::ApiError() : r.error());
            if (!r.ok()) {
                // A server-side deadline here is the storage's slow write check, not an outage.
                if (r.error().kind() != api::ApiError::Kind::Timeout)
                    session().reportError(r.error());
                const QString message = explain(r.error(), AdminAction::UpdateCasBackend);
                Q_EMIT updateFailed(r.error(), message);
                Q_EMIT actionFinished(QStringLiteral("cas.update"), r.error(), message);
                return;
            }
            Q_EMIT actionFinished(QStringLiteral("cas.update"), {}, tr("Updated CAS backend %1.").arg(name));
            Q_EMIT updated(r.value());
            refresh();
        },
        options);
}

void CasBackendsController::remove(const QString &name)
{
    api::Channel *channel = session().channel();
    if (!channel) {
        Q_EMIT removeFailed(name, tr("Not connected."));
        return;
    }
    beginWork();
    api::CasBackendClient(channel).remove(name, this, [this, name](api::Result<void> r) {
        endWork();
        session().recordActivity(QStringLiteral("cas.delete"), name, r.ok() ? api::ApiError() : r.error());
        if (!r.ok()) {
            session().reportError(r.error());
            const QString message = explain(r.error(), AdminAction::DeleteCasBackend);
            Q_EMIT removeFailed(name, message);
            Q_EMIT actionFinished(QStringLiteral("cas.delete"), r.error(), message);
            return;
        }
        Q_EMIT actionFinished(QStringLiteral("cas.delete"), {}, tr("Deleted CAS backend %1.").arg(name));
        Q_EMIT removed(name);
        refresh(); // shows the promoted default
    });
}

void CasBackendsController::revalidate(const QStringList &names)
{
    api::Channel *channel = session().channel();
    if (!channel || names.isEmpty() || isRevalidating())
        return;
    m_revalidateSummary.clear();
    m_revalidateTotal = int(names.size());
    for (const QString &name : names) {
        QDateTime before;
        for (const CasBackend &b : m_model->rows()) {
            if (b.name == name)
                before = b.validatedAt;
        }
        m_revalidating.insert(name, before);
    }
    m_pollDeadline = QDateTime::currentDateTimeUtc().addMSecs(m_pollTimeoutMs);
    Q_EMIT revalidationProgress(0, m_revalidateTotal);
    beginWork();
    for (const QString &name : names) {
        api::CasBackendClient(channel).revalidate(name, this, [this, name](api::Result<void> r) {
            session().recordActivity(QStringLiteral("cas.revalidate"), name, r.ok() ? api::ApiError() : r.error());
            if (!r.ok() && m_revalidating.remove(name)) {
                session().reportError(r.error());
                m_revalidateSummary << tr("%1: %2").arg(name, explain(r.error(), AdminAction::RevalidateCasBackend));
                Q_EMIT revalidationProgress(m_revalidateTotal - int(m_revalidating.size()), m_revalidateTotal);
            }
            if (m_revalidating.isEmpty())
                finishRevalidation();
            else if (!m_pollTimer->isActive())
                m_pollTimer->start(m_pollIntervalMs);
        });
    }
}

void CasBackendsController::poll()
{
    api::Channel *channel = session().channel();
    if (!channel || m_revalidating.isEmpty()) {
        finishRevalidation();
        return;
    }
    api::CasBackendClient(channel).list(
        this,
        [this](api::Result<QList<CasBackend>> r) {
            if (r.ok()) {
                m_model->setRows(r.value());
                putCache(ListingKind::CasBackends, false, r.value());
                setFetched(QDateTime::currentDateTimeUtc(), false);
                for (const CasBackend &b : r.value()) {
                    const auto it = m_revalidating.constFind(b.name);
                    if (it == m_revalidating.constEnd() || b.validatedAt == it.value())
                        continue;
                    m_revalidating.remove(b.name);
                    m_revalidateSummary << (b.validation == CasBackend::Validation::Ok
                            ? tr("%1: valid").arg(b.name)
                            : tr("%1: invalid — %2").arg(b.name, b.validationError));
                }
                Q_EMIT revalidationProgress(m_revalidateTotal - int(m_revalidating.size()), m_revalidateTotal);
            }
            if (m_revalidating.isEmpty()) {
                finishRevalidation();
            } else if (QDateTime::currentDateTimeUtc() > m_pollDeadline) {
                for (auto it = m_revalidating.constBegin(); it != m_revalidating.constEnd(); ++it)
                    m_revalidateSummary << tr("%1: no result yet; check again later").arg(it.key());
                m_revalidating.clear();
                finishRevalidation();
            } else {
                m_pollTimer->start(m_pollIntervalMs);
            }
        },
        api::CallOptions { std::chrono::milliseconds(0), true, std::nullopt });
}

void CasBackendsController::finishRevalidation()
{
    if (m_revalidateTotal == 0)
        return;
    m_pollTimer->stop();
    m_revalidateTotal = 0;
    endWork();
    Q_EMIT statusChanged();
    Q_EMIT revalidationFinished(std::exchange(m_revalidateSummary, {}));
}

} // namespace adm::models
