// SPDX-License-Identifier: Apache-2.0
// OrgInvitationService (CHAINLOOP_API.md §4.5) and invitation acceptance at login.
#pragma once

#include "sandbox/CallContext.h"
#include "sandbox/ControlPlane.h"

namespace controlplane::v1 {
class OrgInvitationServiceCreateRequest;
class OrgInvitationServiceRevokeRequest;
class OrgInvitationServiceListSentRequest;
} // namespace controlplane::v1

namespace adm::sandbox {

class InvitationMethods
{
public:
    explicit InvitationMethods(SandboxStore &store);

    RpcReply create(const CallContext &ctx, const controlplane::v1::OrgInvitationServiceCreateRequest &request);
    RpcReply revoke(const CallContext &ctx, const controlplane::v1::OrgInvitationServiceRevokeRequest &request);
    RpcReply listSent(const CallContext &ctx, const controlplane::v1::OrgInvitationServiceListSentRequest &request);

    // What a browser login does: every pending invitation for the user's e-mail becomes a
    // membership with the invited role. Returns how many were accepted.
    int acceptPending(const UserRow &user);

private:
    SandboxStore &m_store;
};

} // namespace adm::sandbox
