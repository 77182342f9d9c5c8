// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/ClientBase.h"
#include "api/Requests.h"
#include "core/Entities.h"

#include <QList>
#include <QString>

namespace adm::api {

// controlplane.v1.ContextService
class ContextClient : public ClientBase
{
public:
    using ClientBase::ClientBase;
    UnaryCall *current(QObject *context, Callback<CurrentContext> done, const CallOptions &options = {});
};

} // namespace adm::api
