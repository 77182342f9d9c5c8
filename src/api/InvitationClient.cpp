// SPDX-License-Identifier: Apache-2.0
#include "InvitationClient.h"

#include "api/ClientSupport.h"
#include "api/ProtoConvert.h"
#include "controlplane/v1/org_invitation.pb.h"

namespace adm::api {

namespace v1 = controlplane::v1;
using detail::Access;

UnaryCall *InvitationClient::create(
    const QString &receiverEmail, Role role, QObject *context, Callback<Invitation> done, const CallOptions &options)
{
    v1::OrgInvitationServiceCreateRequest req;
    req.set_receiver_email(convert::str(receiverEmail.trimmed()));
    req.set_role(convert::role(role));
    return detail::invoke<v1::OrgInvitationServiceCreateResponse>(m_channel,
        "/controlplane.v1.OrgInvitationService/Create", req, Access::Write, options, context, std::move(done),
        [](const v1::OrgInvitationServiceCreateResponse &r) { return convert::invitation(r.result()); });
}

UnaryCall *InvitationClient::revoke(
    const QString &invitationId, QObject *context, Callback<void> done, const CallOptions &options)
{
    v1::OrgInvitationServiceRevokeRequest req;
    req.set_id(convert::str(invitationId));
    return detail::invoke<v1::OrgInvitationServiceRevokeResponse>(m_channel,
        "/controlplane.v1.OrgInvitationService/Revoke", req, Access::Write, options, context, std::move(done),
        detail::NoConvert {});
}

UnaryCall *InvitationClient::listSent(QObject *context, Callback<QList<Invitation>> done, const CallOptions &options)
{
    v1::OrgInvitationServiceListSentRequest req;
    return detail::invoke<v1::OrgInvitationServiceListSentResponse>(m_channel,
        "/controlplane.v1.OrgInvitationService/ListSent", req, Access::Read, options, context, std::move(done),
        [](const v1::OrgInvitationServiceListSentResponse &r) {
            QList<Invitation> out;
            for (const auto &i : r.result())
                out << convert::invitation(i);
            return out;
        });
}

} // namespace adm::api
