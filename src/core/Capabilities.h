// SPDX-License-Identifier: Apache-2.0
// What the current identity may do, from the authorization matrix of the control plane
// (CHAINLOOP_API.md §4.1). The UI disables what the server would refuse and says why; a
// PERMISSION_DENIED that still happens is explained with the same words.
#pragma once

#include "core/JwtClaims.h"
#include "core/Role.h"

#include <QString>

#include <optional>

namespace adm {

enum class AdminAction {
    ListTokens,
    CreateToken,
    RevokeToken,
    ListInstanceTokens,
    ManageInstanceTokens,
    ListOrganizations,
    CreateOrganization,
    UpdateOrganization,
    DeleteOrganization,
    LeaveOrganization,
    ListMembers,
    UpdateMember,
    RemoveMember,
    ListInvitations,
    InviteMember,
    RevokeInvitation,
    ListCasBackends,
    CreateCasBackend,
    UpdateCasBackend,
    DeleteCasBackend,
    RevalidateCasBackend,
};

// Who is calling, as far as the app knows it.
struct Identity {
    JwtClaims::Kind tokenKind = JwtClaims::Kind::Other;
    bool instanceAdmin = false; // user holding the instance-admin role (ContextService/Current)
    std::optional<Role> role; // the user's role in the selected organization, if a member
    bool organizationSelected = false;
    bool restrictedOrgCreation = false; // Infoz
};

struct Permission {
    bool allowed = false;
    QString reason; // why not (translated); empty when allowed

    static Permission yes() { return { true, {} }; }
    static Permission no(QString why) { return { false, std::move(why) }; }
};

Permission permissionFor(const Identity &identity, AdminAction action);

} // namespace adm
