// SPDX-License-Identifier: Apache-2.0
#include "ContextClient.h"

#include "api/ClientSupport.h"
#include "api/ProtoConvert.h"
#include "controlplane/v1/context.pb.h"

namespace adm::api {

namespace v1 = controlplane::v1;
using detail::Access;

UnaryCall *ContextClient::current(QObject *context, Callback<CurrentContext> done, const CallOptions &options)
{
    v1::ContextServiceCurrentRequest req;
    return detail::invoke<v1::ContextServiceCurrentResponse>(m_channel, "/controlplane.v1.ContextService/Current", req,
        Access::Read, options, context, std::move(done), [](const v1::ContextServiceCurrentResponse &r) {
            CurrentContext out;
            out.user = convert::user(r.result().current_user());
            if (r.result().has_current_membership())
                out.membership = convert::membership(r.result().current_membership());
            if (r.result().has_current_cas_backend())
                out.defaultCasBackend = convert::casBackend(r.result().current_cas_backend());
            return out;
        });
}

} // namespace adm::api
