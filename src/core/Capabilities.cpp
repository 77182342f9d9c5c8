// SPDX-License-Identifier: Apache-2.0
#include "Capabilities.h"

#include <QCoreApplication>

namespace adm {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Capabilities", text);
}

bool isAdminOrOwner(const Identity &id)
{
    return id.role == Role::Admin || id.role == Role::Owner;
}

Permission needAdmin(const Identity &id, const char *what)
{
    if (isAdminOrOwner(id))
        return Permission::yes();
    return Permission::no(tr("%1 needs the admin or owner role in this organization.").arg(tr(what)));
}

// Methods API tokens never get through the public API (§4.1 "Policies stored on tokens").
Permission tokenDenied(const Identity &id)
{
    switch (id.tokenKind) {
    case JwtClaims::Kind::InstanceApiToken:
        return Permission::no(tr("Instance API tokens may only create organizations, invite members and "
                                 "list or add CAS backends. Sign in as a user for this."));
    case JwtClaims::Kind::OrgApiToken:
    case JwtClaims::Kind::ProjectApiToken:
        return Permission::no(tr("API tokens cannot do this; sign in as a user with the admin or owner role."));
    default: break;
    }
    return Permission::no(tr("This token cannot do this."));
}

} // namespace

Permission permissionFor(const Identity &id, AdminAction action)
{
    const bool isUser = id.tokenKind == JwtClaims::Kind::User;
    const bool isInstanceToken = id.tokenKind == JwtClaims::Kind::InstanceApiToken;
    const bool isOrgToken = id.tokenKind == JwtClaims::Kind::OrgApiToken;

    // Everything but the instance-wide actions acts on the selected organization.
    const bool orgBound = action != AdminAction::ListInstanceTokens && action != AdminAction::ManageInstanceTokens
        && action != AdminAction::ListOrganizations && action != AdminAction::CreateOrganization;
    if (orgBound && !id.organizationSelected)
        return Permission::no(tr("Select an organization first."));

    switch (action) {
    case AdminAction::ListInstanceTokens:
    case AdminAction::ManageInstanceTokens:
        if ((isUser && id.instanceAdmin) || isInstanceToken)
            return Permission::yes();
        return Permission::no(tr("Instance tokens are managed by instance administrators."));

    case AdminAction::ListOrganizations:
        if (isUser)
            return Permission::yes();
        // Tokens cannot list memberships; the app shows the organizations it knows locally.
        return Permission::yes();

    case AdminAction::CreateOrganization:
        if (isInstanceToken)
            return Permission::yes(); // only with the organization:create policy, which provisioning tokens carry
        if (!isUser)
            return tokenDenied(id);
        if (id.restrictedOrgCreation && !id.instanceAdmin)
            return Permission::no(tr("This instance restricts creating organizations to instance administrators."));
        return Permission::yes();

    case AdminAction::ListTokens:
    case AdminAction::CreateToken:
    case AdminAction::RevokeToken:
        if (isOrgToken)
            return Permission::no(tr("An organization API token can only manage project tokens."));
        if (!isUser)
            return tokenDenied(id);
        return needAdmin(id, "Managing API tokens");

    case AdminAction::UpdateOrganization:
        return isUser ? needAdmin(id, "Changing organization settings") : tokenDenied(id);
    case AdminAction::DeleteOrganization:
        if (!isUser)
            return tokenDenied(id);
        if (id.role == Role::Owner)
            return Permission::yes();
        return Permission::no(tr("Only owners of an organization can delete it."));
    case AdminAction::LeaveOrganization:
        if (!isUser)
            return tokenDenied(id);
        if (!id.role)
            return Permission::no(tr("You are not a member of this organization."));
        return Permission::yes();

    case AdminAction::ListMembers:
        if (!isUser)
            return tokenDenied(id);
        if (isAdminOrOwner(id) || id.role == Role::Viewer)
            return Permission::yes();
        return Permission::no(tr("Listing members needs the viewer, admin or owner role in this organization."));
    case AdminAction::UpdateMember: return isUser ? needAdmin(id, "Changing roles") : tokenDenied(id);
    case AdminAction::RemoveMember: return isUser ? needAdmin(id, "Removing members") : tokenDenied(id);

    case AdminAction::InviteMember:
        if (isInstanceToken || (isUser && id.instanceAdmin))
            return Permission::yes();
        return isUser ? needAdmin(id, "Inviting members") : tokenDenied(id);
    case AdminAction::ListInvitations: return isUser ? needAdmin(id, "Listing invitations") : tokenDenied(id);
    case AdminAction::RevokeInvitation: return isUser ? needAdmin(id, "Revoking invitations") : tokenDenied(id);

    case AdminAction::ListCasBackends:
        if (isInstanceToken || (isUser && (id.instanceAdmin || id.role)))
            return Permission::yes();
        if (!isUser)
            return tokenDenied(id);
        return Permission::no(tr("You are not a member of this organization."));
    case AdminAction::CreateCasBackend:
        if (isInstanceToken || (isUser && id.instanceAdmin))
            return Permission::yes();
        return isUser ? needAdmin(id, "Adding CAS backends") : tokenDenied(id);
    case AdminAction::UpdateCasBackend: return isUser ? needAdmin(id, "Changing CAS backends") : tokenDenied(id);
    case AdminAction::DeleteCasBackend: return isUser ? needAdmin(id, "Deleting CAS backends") : tokenDenied(id);
    case AdminAction::RevalidateCasBackend:
        return isUser ? needAdmin(id, "Revalidating CAS backends") : tokenDenied(id);
    }
    return Permission::no(tr("Unknown action."));
}

} // namespace adm
