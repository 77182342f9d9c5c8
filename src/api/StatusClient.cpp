// SPDX-License-Identifier: Apache-2.0
#include "StatusClient.h"

#include "api/ClientSupport.h"
#include "api/ProtoConvert.h"
#include "controlplane/v1/status.pb.h"

namespace adm::api {

namespace v1 = controlplane::v1;
using detail::Access;

UnaryCall *StatusClient::infoz(QObject *context, Callback<ServerInfo> done, const CallOptions &options)
{
    v1::InfozRequest req;
    return detail::invoke<v1::InfozResponse>(m_channel, "/controlplane.v1.StatusService/Infoz", req, Access::Read,
        options, context, std::move(done), [](const v1::InfozResponse &r) { return convert::serverInfo(r); });
}

UnaryCall *StatusClient::statusz(bool readiness, QObject *context, Callback<void> done, const CallOptions &options)
{
    v1::StatuszRequest req;
    req.set_readiness(readiness);
    return detail::invoke<v1::StatuszResponse>(m_channel, "/controlplane.v1.StatusService/Statusz", req, Access::Read,
        options, context, std::move(done), detail::NoConvert {});
}

} // namespace adm::api
