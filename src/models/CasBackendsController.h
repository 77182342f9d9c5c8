// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/Requests.h"
#include "core/Entities.h"
#include "models/PageController.h"

#include <QPointer>
#include <QSet>

class QTimer;

namespace adm::api {
class UnaryCall;
}

namespace adm::models {

class CasBackendTableModel;

// CAS backends of the selected organization: listing, create/update/delete and revalidation
// (the server validates in the background, so revalidate() polls the listing until each
// backend's validated_at moves). Credentials pass through and are never kept or logged.
class CasBackendsController : public PageController
{
    Q_OBJECT
public:
    explicit CasBackendsController(Session &session, QObject *parent = nullptr);

    CasBackendTableModel *model() const { return m_model; }
    void refresh() override;

    QList<CasBackend> backends() const;
    QStringList names() const;

    // One create at a time; cancelCreate() drops the answer (the server may still finish it).
    void create(const api::NewCasBackend &backend);
    void cancelCreate();
    bool isCreating() const { return !m_createCall.isNull(); }
    void update(const api::CasBackendChanges &changes);
    void remove(const QString &name);
    // Starts revalidation of `names` and polls until each one's validated_at changes.
    void revalidate(const QStringList &names);
    bool isRevalidating() const { return !m_revalidating.isEmpty(); }
    // Poll interval and give-up time (tests shorten them).
    void setPollTiming(int intervalMs, int timeoutMs);

Q_SIGNALS:
    void created(const adm::CasBackend &backend);
    void createFailed(const adm::api::ApiError &error, const QString &message);
    void updated(const adm::CasBackend &backend);
    void updateFailed(const adm::api::ApiError &error, const QString &message);
    void removed(const QString &name);
    void removeFailed(const QString &name, const QString &message);
    void revalidationProgress(int done, int total);
    // Per backend: its state after the server's check (or the reason it could not be observed).
    void revalidationFinished(const QStringList &summary);

protected:
    bool showCached() override;
    QString countText() const override;

private:
    void poll();
    void finishRevalidation();

    CasBackendTableModel *m_model;
    QPointer<api::UnaryCall> m_createCall;
    QTimer *m_pollTimer;
    QHash<QString, QDateTime> m_revalidating; // name -> validated_at before the request
    QStringList m_revalidateSummary;
    int m_revalidateTotal = 0;
    int m_pollIntervalMs = 250;
    int m_pollTimeoutMs = 20000;
    QDateTime m_pollDeadline;
};

} // namespace adm::models
