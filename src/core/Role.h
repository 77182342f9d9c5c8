// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>

namespace adm {

// Organization roles. The numeric values are the wire values of controlplane.v1.MembershipRole.
enum class Role : int {
    Unspecified = 0,
    Viewer = 1,
    Admin = 2,
    Owner = 3,
    Member = 4,
    Contributor = 5,
};

// "owner", "admin", ... as the Chainloop CLI writes them.
QString roleCliName(Role role);
// "Owner", "Admin", ... translated for display.
QString roleDisplayName(Role role);
// Accepts the CLI name or the server string ("role:org:admin"), case-insensitive.
Role roleFromName(QStringView name);
Role roleFromWire(int value);
// The roles a user can pick, most powerful first.
QList<Role> assignableRoles();

} // namespace adm
