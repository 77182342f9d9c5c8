// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/ClientBase.h"
#include "api/Requests.h"
#include "core/Entities.h"

#include <QList>
#include <QString>

namespace adm::api {

// controlplane.v1.StatusService (no authentication needed)
class StatusClient : public ClientBase
{
public:
    using ClientBase::ClientBase;
    UnaryCall *infoz(QObject *context, Callback<ServerInfo> done, const CallOptions &options = {});
    // ok = serving; readiness = also check the CAS (UNAVAILABLE "CAS_NOT_READY" otherwise).
    UnaryCall *statusz(bool readiness, QObject *context, Callback<void> done, const CallOptions &options = {});
};

} // namespace adm::api
