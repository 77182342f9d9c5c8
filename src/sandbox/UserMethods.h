// SPDX-License-Identifier: Apache-2.0
// UserService and ContextService (CHAINLOOP_API.md §4.4, §4.7): the caller's own memberships
// and who the server thinks the caller is.
#pragma once

#include "sandbox/CallContext.h"
#include "sandbox/ControlPlane.h"

namespace controlplane::v1 {
class UserServiceListMembershipsRequest;
class DeleteMembershipRequest;
class SetCurrentMembershipRequest;
class ContextServiceCurrentRequest;
} // namespace controlplane::v1

namespace adm::sandbox {

class UserMethods
{
public:
    explicit UserMethods(SandboxStore &store);

    RpcReply listMemberships(
        const CallContext &ctx, const controlplane::v1::UserServiceListMembershipsRequest &request);
    RpcReply deleteMembership(const CallContext &ctx, const controlplane::v1::DeleteMembershipRequest &request);
    RpcReply setCurrentMembership(const CallContext &ctx, const controlplane::v1::SetCurrentMembershipRequest &request);
    RpcReply current(const CallContext &ctx, const controlplane::v1::ContextServiceCurrentRequest &request);

private:
    SandboxStore &m_store;
};

} // namespace adm::sandbox
