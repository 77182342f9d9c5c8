// SPDX-License-Identifier: Apache-2.0
#include "sandbox/AccessPolicy.h"

#include <QHash>

namespace adm::sandbox {

namespace {
using Rule = AccessPolicy::Rule;
using Requirement = AccessPolicy::Requirement;

const QHash<QByteArray, Requirement> &methodTable()
{
    static const QHash<QByteArray, Requirement> table {
        { "/controlplane.v1.APITokenService/Create", { Rule::Policy, policy::kApiTokenCreate } },
        { "/controlplane.v1.APITokenService/List", { Rule::Policy, policy::kApiTokenList } },
        { "/controlplane.v1.APITokenService/Revoke", { Rule::Policy, policy::kApiTokenDelete } },
        { "/controlplane.v1.OrganizationService/Update", { Rule::AdminOnly, {} } },
        // Any member passes; the handler insists on an owner of the named org.
        { "/controlplane.v1.OrganizationService/Delete", { Rule::Open, {} } },
        { "/controlplane.v1.OrganizationService/ListMemberships", { Rule::Policy, policy::kMembershipsList } },
        { "/controlplane.v1.OrganizationService/DeleteMembership", { Rule::AdminOnly, {} } },
        { "/controlplane.v1.OrganizationService/UpdateMembership", { Rule::AdminOnly, {} } },
        { "/controlplane.v1.OrgInvitationService/Create", { Rule::Policy, policy::kInvitationCreate } },
        { "/controlplane.v1.OrgInvitationService/Revoke", { Rule::AdminOnly, {} } },
        { "/controlplane.v1.OrgInvitationService/ListSent", { Rule::AdminOnly, {} } },
        { "/controlplane.v1.CASBackendService/List", { Rule::Policy, policy::kCasList } },
        { "/controlplane.v1.CASBackendService/Create", { Rule::Policy, policy::kCasCreate } },
        { "/controlplane.v1.CASBackendService/Update", { Rule::AdminOnly, {} } },
        { "/controlplane.v1.CASBackendService/Delete", { Rule::AdminOnly, {} } },
        { "/controlplane.v1.CASBackendService/Revalidate", { Rule::AdminOnly, {} } },
        // User-only methods: API tokens pass here and get NOT_FOUND "logged in user" later.
        { "/controlplane.v1.UserService/DeleteMembership", { Rule::Open, {} } },
        { "/controlplane.v1.UserService/SetCurrentMembership", { Rule::Open, {} } },
        { "/controlplane.v1.InstanceAPITokenService/Create", { Rule::Instance, policy::kInstanceTokenCreate } },
        { "/controlplane.v1.InstanceAPITokenService/List", { Rule::Instance, policy::kInstanceTokenList } },
        { "/controlplane.v1.InstanceAPITokenService/Revoke", { Rule::Instance, policy::kInstanceTokenRevoke } },
    };
    return table;
}
} // namespace

AccessPolicy::Requirement AccessPolicy::requirementFor(const QByteArray &method)
{
    return methodTable().value(method, Requirement { Rule::AdminOnly, {} });
}

QStringList AccessPolicy::rolePolicies(int role)
{
    switch (role) {
    case 1: // viewer
        return { policy::kOrgRead, policy::kMembershipsList, policy::kCasList };
    case 4: // member
    case 5: // contributor: project-scoped token management, checked again by the handler
        return { policy::kOrgRead, policy::kCasList, policy::kApiTokenCreate, policy::kApiTokenList,
            policy::kApiTokenDelete };
    default: return {};
    }
}

QStringList AccessPolicy::instanceAdminPolicies()
{
    return { policy::kOrgCreate, policy::kInvitationCreate, policy::kCasList, policy::kCasCreate };
}

QStringList AccessPolicy::projectTokenPolicies()
{
    return { QStringLiteral("workflow:read"), QStringLiteral("workflow:create"), QStringLiteral("workflow_run:read"),
        QStringLiteral("workflow_run:create"), QStringLiteral("workflow_contract:read"),
        QStringLiteral("workflow_contract:create"), QStringLiteral("artifact:download"),
        QStringLiteral("artifact:upload"), QStringLiteral("referrer:read"), policy::kOrgRead,
        QStringLiteral("integration:list"), QStringLiteral("integration:attach") };
}

QStringList AccessPolicy::orgTokenPolicies()
{
    return projectTokenPolicies()
        + QStringList { policy::kApiTokenCreate, policy::kApiTokenList, policy::kApiTokenDelete,
              QStringLiteral("registered_integration:add"), QStringLiteral("registered_integration:list"),
              QStringLiteral("registered_integration:read") };
}

QStringList AccessPolicy::instanceTokenPolicies()
{
    // Provisioning (create orgs, invite owners too, add storage) plus managing instance tokens,
    // which the app's instance-token page offers to instance tokens (core/Capabilities).
    return { policy::kOrgCreate, policy::kInvitationCreate, policy::kManageOwners, policy::kCasList, policy::kCasCreate,
        policy::kInstanceTokenCreate, policy::kInstanceTokenList, policy::kInstanceTokenRevoke };
}

} // namespace adm::sandbox
