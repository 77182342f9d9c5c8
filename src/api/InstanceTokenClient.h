// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/ClientBase.h"
#include "api/Requests.h"
#include "core/Entities.h"

#include <QList>
#include <QString>

namespace adm::api {

// controlplane.v1.InstanceAPITokenService (assumed; real servers answer UNIMPLEMENTED).
class InstanceTokenClient : public ClientBase
{
public:
    using ClientBase::ClientBase;
    UnaryCall *create(
        const NewApiToken &token, QObject *context, Callback<CreatedApiToken> done, const CallOptions &options = {});
    UnaryCall *list(
        const TokenFilter &filter, QObject *context, Callback<QList<ApiToken>> done, const CallOptions &options = {});
    UnaryCall *revoke(const QString &tokenId, QObject *context, Callback<void> done, const CallOptions &options = {});
};

} // namespace adm::api
