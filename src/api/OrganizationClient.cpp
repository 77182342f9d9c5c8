// SPDX-License-Identifier: Apache-2.0
#include "OrganizationClient.h"

#include "api/ClientSupport.h"
#include "api/ProtoConvert.h"
#include "controlplane/v1/organization.pb.h"

namespace adm::api {

namespace v1 = controlplane::v1;
using detail::Access;

UnaryCall *OrganizationClient::create(
    const QString &name, QObject *context, Callback<Organization> done, const CallOptions &options)
{
    v1::OrganizationServiceCreateRequest req;
    req.set_name(convert::str(name));
    return detail::invoke<v1::OrganizationServiceCreateResponse>(m_channel,
        "/controlplane.v1.OrganizationService/Create", req, Access::Write, options, context, std::move(done),
        [](const v1::OrganizationServiceCreateResponse &r) { return convert::organization(r.result()); });
}

UnaryCall *OrganizationClient::update(const QString &name, const OrganizationSettings &settings, QObject *context,
    Callback<Organization> done, const CallOptions &options)
{
    v1::OrganizationServiceUpdateRequest req;
    req.set_name(convert::str(name));
    if (settings.blockOnPolicyViolation)
        req.set_block_on_policy_violation(*settings.blockOnPolicyViolation);
    if (settings.policyAllowedHostnames) {
        req.set_update_policies_allowed_hostnames(true); // true + empty list clears it
        for (const QString &h : *settings.policyAllowedHostnames)
            req.add_policies_allowed_hostnames(convert::str(h));
    }
    if (settings.preventImplicitWorkflowCreation)
        req.set_prevent_implicit_workflow_creation(*settings.preventImplicitWorkflowCreation);
    if (settings.restrictContractCreationToOrgAdmins)
        req.set_restrict_contract_creation_to_org_admins(*settings.restrictContractCreationToOrgAdmins);
    if (settings.apiTokenMaxDaysInactive)
        req.set_api_token_max_days_inactive(*settings.apiTokenMaxDaysInactive);
    if (settings.enableAiAgentCollector)
        req.set_enable_ai_agent_collector(*settings.enableAiAgentCollector);
    if (settings.blockAttestationsOnReleasedVersions)
        req.set_block_attestations_on_released_versions(*settings.blockAttestationsOnReleasedVersions);
    if (settings.skipRunnerEnvVars)
        req.set_skip_runner_env_vars(*settings.skipRunnerEnvVars);
    return detail::invoke<v1::OrganizationServiceUpdateResponse>(m_channel,
        "/controlplane.v1.OrganizationService/Update", req, Access::Write, options, context, std::move(done),
        [](const v1::OrganizationServiceUpdateResponse &r) { return convert::organization(r.result()); });
}

UnaryCall *OrganizationClient::remove(
    const QString &name, QObject *context, Callback<void> done, const CallOptions &options)
{
    v1::OrganizationServiceDeleteRequest req;
    req.set_name(convert::str(name));
    return detail::invoke<v1::OrganizationServiceDeleteResponse>(m_channel,
        "/controlplane.v1.OrganizationService/Delete", req, Access::Write, options, context, std::move(done),
        detail::NoConvert {});
}

UnaryCall *OrganizationClient::listMemberships(
    const MembershipFilter &filter, QObject *context, Callback<MembershipPage> done, const CallOptions &options)
{
    v1::OrganizationServiceListMembershipsRequest req;
    if (!filter.membershipId.isEmpty())
        req.set_membership_id(convert::str(filter.membershipId));
    if (!filter.name.isEmpty())
        req.set_name(convert::str(filter.name));
    if (!filter.email.isEmpty())
        req.set_email(convert::str(filter.email));
    if (filter.role != Role::Unspecified)
        req.set_role(convert::role(filter.role));
    // Both pagination rules apply whenever the message is present: never send zeros (§3.8).
    req.mutable_pagination()->set_page(std::max(1, filter.page));
    req.mutable_pagination()->set_page_size(std::clamp(filter.pageSize, 1, 100));
    return detail::invoke<v1::OrganizationServiceListMembershipsResponse>(m_channel,
        "/controlplane.v1.OrganizationService/ListMemberships", req, Access::Read, options, context, std::move(done),
        [](const v1::OrganizationServiceListMembershipsResponse &r) {
            MembershipPage page;
            for (const auto &m : r.result())
                page.items << convert::membership(m);
            page.page.page = r.pagination().page();
            page.page.pageSize = r.pagination().page_size();
            page.page.totalCount = r.pagination().total_count();
            page.page.totalPages = r.pagination().total_pages();
            return page;
        });
}

UnaryCall *OrganizationClient::deleteMembership(
    const QString &membershipId, QObject *context, Callback<void> done, const CallOptions &options)
{
    v1::OrganizationServiceDeleteMembershipRequest req;
    req.set_membership_id(convert::str(membershipId));
    return detail::invoke<v1::OrganizationServiceDeleteMembershipResponse>(m_channel,
        "/controlplane.v1.OrganizationService/DeleteMembership", req, Access::Write, options, context, std::move(done),
        detail::NoConvert {});
}

UnaryCall *OrganizationClient::updateMembership(
    const QString &membershipId, Role role, QObject *context, Callback<Membership> done, const CallOptions &options)
{
    v1::OrganizationServiceUpdateMembershipRequest req;
    req.set_membership_id(convert::str(membershipId));
    req.set_role(convert::role(role));
    return detail::invoke<v1::OrganizationServiceUpdateMembershipResponse>(m_channel,
        "/controlplane.v1.OrganizationService/UpdateMembership", req, Access::Write, options, context, std::move(done),
        [](const v1::OrganizationServiceUpdateMembershipResponse &r) { return convert::membership(r.result()); });
}

} // namespace adm::api
