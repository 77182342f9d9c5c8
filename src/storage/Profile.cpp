// SPDX-License-Identifier: Apache-2.0
#include "storage/Profile.h"

namespace adm::storage {

QString Profile::secretKeyFor(const QUuid &profileId)
{
    return QStringLiteral("profile/%1/token").arg(profileId.toString(QUuid::WithoutBraces));
}

QString tokenKindName(JwtClaims::Kind kind)
{
    switch (kind) {
    case JwtClaims::Kind::User: return QStringLiteral("user");
    case JwtClaims::Kind::OrgApiToken: return QStringLiteral("org-api-token");
    case JwtClaims::Kind::ProjectApiToken: return QStringLiteral("project-api-token");
    case JwtClaims::Kind::InstanceApiToken: return QStringLiteral("instance-api-token");
    case JwtClaims::Kind::Other: return QString();
    }
    return QString();
}

JwtClaims::Kind tokenKindFromName(const QString &name)
{
    for (auto kind : { JwtClaims::Kind::User, JwtClaims::Kind::OrgApiToken, JwtClaims::Kind::ProjectApiToken,
             JwtClaims::Kind::InstanceApiToken }) {
        if (tokenKindName(kind) == name)
            return kind;
    }
    return JwtClaims::Kind::Other;
}

} // namespace adm::storage
