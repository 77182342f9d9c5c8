// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/ClientBase.h"
#include "api/Requests.h"
#include "core/Entities.h"

#include <QList>
#include <QString>

namespace adm::api {

// controlplane.v1.CASBackendService
class CasBackendClient : public ClientBase
{
public:
    using ClientBase::ClientBase;
    UnaryCall *list(QObject *context, Callback<QList<CasBackend>> done, const CallOptions &options = {});
    UnaryCall *create(
        const NewCasBackend &backend, QObject *context, Callback<CasBackend> done, const CallOptions &options = {});
    UnaryCall *update(
        const CasBackendChanges &changes, QObject *context, Callback<CasBackend> done, const CallOptions &options = {});
    UnaryCall *remove(const QString &name, QObject *context, Callback<void> done, const CallOptions &options = {});
    // Starts validation on the server; the outcome shows later in list().
    UnaryCall *revalidate(const QString &name, QObject *context, Callback<void> done, const CallOptions &options = {});
};

} // namespace adm::api
