// SPDX-License-Identifier: Apache-2.0
#include "JwtClaims.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace adm {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("JwtClaims", text);
}

const QLatin1String kUserAudience("user-auth.chainloop");
const QLatin1String kApiTokenAudience("api-token-auth.chainloop");
} // namespace

QString JwtClaims::kindDescription() const
{
    switch (kind) {
    case Kind::User: return tr("user token");
    case Kind::OrgApiToken: return tr("organization API token");
    case Kind::ProjectApiToken: return tr("project API token");
    case Kind::InstanceApiToken: return tr("instance API token");
    case Kind::Other: break;
    }
    return tr("token of unknown kind");
}

JwtParseResult parseJwtClaims(const QString &rawToken)
{
    const QString token = rawToken.trimmed();
    if (token.isEmpty())
        return { std::nullopt, tr("The token is empty.") };
    const QStringList parts = token.split(QLatin1Char('.'));
    if (parts.size() != 3)
        return { std::nullopt, tr("This is not a JSON Web Token: it must have three parts separated by dots.") };
    const auto decoded = QByteArray::fromBase64Encoding(
        parts[1].toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return { std::nullopt, tr("The token's claims are not valid base64url.") };
    QJsonParseError jsonError;
    const QJsonDocument doc = QJsonDocument::fromJson(*decoded, &jsonError);
    if (jsonError.error != QJsonParseError::NoError || !doc.isObject())
        return { std::nullopt, tr("The token's claims are not a JSON object.") };
    const QJsonObject o = doc.object();

    JwtClaims c;
    c.userId = o.value(QLatin1String("user_id")).toString();
    c.tokenId = o.value(QLatin1String("jti")).toString();
    c.tokenName = o.value(QLatin1String("token_name")).toString();
    c.orgId = o.value(QLatin1String("org_id")).toString();
    c.orgName = o.value(QLatin1String("org_name")).toString();
    c.projectId = o.value(QLatin1String("project_id")).toString();
    c.projectName = o.value(QLatin1String("project_name")).toString();
    c.scope = o.value(QLatin1String("scope")).toString();
    c.issuer = o.value(QLatin1String("iss")).toString();
    const QJsonValue aud = o.value(QLatin1String("aud"));
    if (aud.isString()) {
        c.audience << aud.toString();
    } else {
        const QJsonArray arr = aud.toArray();
        for (const QJsonValue &v : arr)
            c.audience << v.toString();
    }
    const QJsonValue exp = o.value(QLatin1String("exp"));
    if (exp.isDouble())
        c.expiresAt = QDateTime::fromSecsSinceEpoch(qint64(exp.toDouble()), Qt::UTC);
    else if (!exp.isUndefined() && !exp.isNull())
        return { std::nullopt, tr("The token's expiry (exp) is not a number.") };

    if (c.audience.contains(kUserAudience)) {
        c.kind = JwtClaims::Kind::User;
    } else if (c.audience.contains(kApiTokenAudience)) {
        if (c.scope == QLatin1String("INSTANCE_ADMIN"))
            c.kind = JwtClaims::Kind::InstanceApiToken;
        else if (!c.projectId.isEmpty() || !c.projectName.isEmpty())
            c.kind = JwtClaims::Kind::ProjectApiToken;
        else
            c.kind = JwtClaims::Kind::OrgApiToken;
    }
    if (c.kind == JwtClaims::Kind::User && c.userId.isEmpty())
        return { std::nullopt, tr("The user token has no user_id claim.") };
    if (c.isApiToken() && c.tokenId.isEmpty())
        return { std::nullopt, tr("The API token has no jti claim.") };
    return { c, {} };
}

} // namespace adm
