// SPDX-License-Identifier: Apache-2.0
#include "UserClient.h"

#include "api/ClientSupport.h"
#include "api/ProtoConvert.h"
#include "controlplane/v1/user.pb.h"

namespace adm::api {

namespace v1 = controlplane::v1;
using detail::Access;

UnaryCall *UserClient::listMemberships(QObject *context, Callback<QList<Membership>> done, const CallOptions &options)
{
    v1::UserServiceListMembershipsRequest req;
    return detail::invoke<v1::UserServiceListMembershipsResponse>(m_channel,
        "/controlplane.v1.UserService/ListMemberships", req, Access::Read, options, context, std::move(done),
        [](const v1::UserServiceListMembershipsResponse &r) {
            QList<Membership> out;
            for (const auto &m : r.result())
                out << convert::membership(m);
            return out;
        });
}

UnaryCall *UserClient::deleteMembership(
    const QString &membershipId, QObject *context, Callback<void> done, const CallOptions &options)
{
    v1::DeleteMembershipRequest req;
    req.set_membership_id(convert::str(membershipId));
    return detail::invoke<v1::DeleteMembershipResponse>(m_channel, "/controlplane.v1.UserService/DeleteMembership", req,
        Access::Write, options, context, std::move(done), detail::NoConvert {});
}

UnaryCall *UserClient::setCurrentMembership(
    const QString &membershipId, QObject *context, Callback<Membership> done, const CallOptions &options)
{
    v1::SetCurrentMembershipRequest req;
    req.set_membership_id(convert::str(membershipId));
    return detail::invoke<v1::SetCurrentMembershipResponse>(m_channel,
        "/controlplane.v1.UserService/SetCurrentMembership", req, Access::Write, options, context, std::move(done),
        [](const v1::SetCurrentMembershipResponse &r) { return convert::membership(r.result()); });
}

} // namespace adm::api
