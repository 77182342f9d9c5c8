// SPDX-License-Identifier: Apache-2.0
// OrganizationService (CHAINLOOP_API.md §4.3, §4.4).
#pragma once

#include "sandbox/CallContext.h"
#include "sandbox/ControlPlane.h"

namespace controlplane::v1 {
class OrganizationServiceCreateRequest;
class OrganizationServiceUpdateRequest;
class OrganizationServiceDeleteRequest;
class OrganizationServiceListMembershipsRequest;
class OrganizationServiceDeleteMembershipRequest;
class OrganizationServiceUpdateMembershipRequest;
} // namespace controlplane::v1

namespace adm::sandbox {

class OrganizationMethods
{
public:
    OrganizationMethods(SandboxStore &store, const ControlPlaneOptions &options);

    RpcReply create(const CallContext &ctx, const controlplane::v1::OrganizationServiceCreateRequest &request);
    RpcReply update(const CallContext &ctx, const controlplane::v1::OrganizationServiceUpdateRequest &request);
    RpcReply remove(const CallContext &ctx, const controlplane::v1::OrganizationServiceDeleteRequest &request);
    RpcReply listMemberships(
        const CallContext &ctx, const controlplane::v1::OrganizationServiceListMembershipsRequest &request);
    RpcReply deleteMembership(
        const CallContext &ctx, const controlplane::v1::OrganizationServiceDeleteMembershipRequest &request);
    RpcReply updateMembership(
        const CallContext &ctx, const controlplane::v1::OrganizationServiceUpdateMembershipRequest &request);

    // Shared with seeding: the org, its default-inline backend and, for a user, an owner
    // membership that becomes current. No checks.
    OrgRow insertOrg(const QString &name, const UserRow *owner);

private:
    SandboxStore &m_store;
    const ControlPlaneOptions &m_options;
};

} // namespace adm::sandbox
