// SPDX-License-Identifier: Apache-2.0
#include "Role.h"

#include <QCoreApplication>

namespace adm {

QString roleCliName(Role role)
{
    switch (role) {
    case Role::Viewer: return QStringLiteral("viewer");
    case Role::Admin: return QStringLiteral("admin");
    case Role::Owner: return QStringLiteral("owner");
    case Role::Member: return QStringLiteral("member");
    case Role::Contributor: return QStringLiteral("contributor");
    case Role::Unspecified: break;
    }
    return {};
}

QString roleDisplayName(Role role)
{
    switch (role) {
    case Role::Viewer: return QCoreApplication::translate("Role", "Viewer");
    case Role::Admin: return QCoreApplication::translate("Role", "Admin");
    case Role::Owner: return QCoreApplication::translate("Role", "Owner");
    case Role::Member: return QCoreApplication::translate("Role", "Member");
    case Role::Contributor: return QCoreApplication::translate("Role", "Contributor");
    case Role::Unspecified: break;
    }
    return QCoreApplication::translate("Role", "Unknown");
}

Role roleFromName(QStringView name)
{
    QString n = name.trimmed().toString().toLower();
    if (n.startsWith(QLatin1String("role:org:")))
        n = n.mid(9);
    for (Role r : assignableRoles()) {
        if (roleCliName(r) == n)
            return r;
    }
    return Role::Unspecified;
}

Role roleFromWire(int value)
{
    return (value >= 1 && value <= 5) ? static_cast<Role>(value) : Role::Unspecified;
}

QList<Role> assignableRoles()
{
    return { Role::Owner, Role::Admin, Role::Contributor, Role::Member, Role::Viewer };
}

} // namespace adm
