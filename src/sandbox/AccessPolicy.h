// SPDX-License-Identifier: Apache-2.0
// The sandbox's version of the server's policy map (CHAINLOOP_API.md §4.1): which policy each
// method needs, which policies each org role holds, and the policy lists stored on tokens.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace adm::sandbox {

namespace policy {
inline const QString kApiTokenCreate = QStringLiteral("api_token:create");
inline const QString kApiTokenList = QStringLiteral("api_token:list");
inline const QString kApiTokenDelete = QStringLiteral("api_token:delete");
inline const QString kOrgCreate = QStringLiteral("organization:create");
inline const QString kOrgRead = QStringLiteral("organization:read");
inline const QString kMembershipsList = QStringLiteral("organization_memberships:list");
inline const QString kManageOwners = QStringLiteral("organization_memberships:manage_owners");
inline const QString kInvitationCreate = QStringLiteral("organization_invitations:create");
inline const QString kCasList = QStringLiteral("cas_backend:list");
inline const QString kCasCreate = QStringLiteral("cas_backend:create");
// Sandbox-only policies guarding the assumed InstanceAPITokenService.
inline const QString kInstanceTokenCreate = QStringLiteral("instance_api_token:create");
inline const QString kInstanceTokenList = QStringLiteral("instance_api_token:list");
inline const QString kInstanceTokenRevoke = QStringLiteral("instance_api_token:revoke");
} // namespace policy

class AccessPolicy
{
public:
    enum class Rule {
        Policy, // needs `policy` (owner/admin skip the check)
        AdminOnly, // absent from the policy map: only org owner/admin
        Open, // passes the middleware for every caller; the handler decides
        Instance, // InstanceAPITokenService: instance-admin users, or instance tokens holding `policy`
    };
    struct Requirement {
        Rule rule = Rule::AdminOnly;
        QString policy;
    };

    static Requirement requirementFor(const QByteArray &method);
    static QStringList rolePolicies(int role);
    // What an instance-admin user may do on an org they do not belong to.
    static QStringList instanceAdminPolicies();

    // Stored on tokens created through APITokenService/Create.
    static QStringList orgTokenPolicies();
    static QStringList projectTokenPolicies();
    // Stored on instance tokens created by the sandbox (seeding and InstanceAPITokenService).
    static QStringList instanceTokenPolicies();
};

} // namespace adm::sandbox
