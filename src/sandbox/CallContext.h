// SPDX-License-Identifier: Apache-2.0
// Who is calling and on which organization, as resolved by the Authenticator (pipeline steps
// 2-4 of CHAINLOOP_API.md §1.8). Handlers read it; they never look at metadata themselves.
#pragma once

#include "sandbox/SandboxStore.h"

#include <QByteArray>
#include <QDateTime>

#include <optional>

namespace adm::sandbox {

struct CallContext {
    QByteArray method; // "/controlplane.v1.APITokenService/List"
    std::optional<UserRow> user; // user JWT
    std::optional<TokenRow> token; // API token JWT (org, project or instance)
    std::optional<OrgRow> org; // selected organization, when resolved
    std::optional<MembershipRow> membership; // the user's membership in `org`
    QString orgHeader; // raw chainloop-organization value
    QDateTime now;

    bool isUser() const { return user.has_value(); }
    bool isToken() const { return token.has_value(); }
    bool isInstanceToken() const { return token && token->isInstance(); }
    bool isOrgToken() const { return token && !token->isInstance() && token->projectId.isEmpty(); }
    bool isProjectToken() const { return token && !token->projectId.isEmpty(); }
    int role() const { return membership ? membership->role : 0; }
    bool isOwner() const { return role() == 3; }
    bool isOrgAdminOrOwner() const { return role() == 2 || role() == 3; }
    bool hasPolicy(const QString &policy) const { return token && token->policies.contains(policy); }
};

} // namespace adm::sandbox
