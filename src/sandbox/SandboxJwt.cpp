// SPDX-License-Identifier: Apache-2.0
#include "sandbox/SandboxJwt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>

namespace adm::sandbox {

namespace {
constexpr auto kB64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray b64(const QByteArray &data)
{
    return data.toBase64(kB64);
}

std::optional<QJsonObject> decodeObject(const QByteArray &part)
{
    const auto decoded = QByteArray::fromBase64Encoding(part, kB64 | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    QJsonParseError error;
    const auto doc = QJsonDocument::fromJson(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}
} // namespace

SandboxJwt::SandboxJwt(QByteArray secret)
    : m_secret(std::move(secret))
{ }

QString SandboxJwt::sign(const QJsonObject &claims) const
{
    static const QByteArray header = b64(R"({"alg":"HS256","typ":"JWT"})");
    const QByteArray input = header + '.' + b64(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const QByteArray mac = QMessageAuthenticationCode::hash(input, m_secret, QCryptographicHash::Sha256);
    return QString::fromLatin1(input + '.' + b64(mac));
}

QString SandboxJwt::signUser(const QString &userId, const QDateTime &expiresAt) const
{
    QJsonObject claims { { QStringLiteral("user_id"), userId }, { QStringLiteral("iss"), QLatin1String(kIssuer) },
        { QStringLiteral("aud"), QJsonArray { QLatin1String(kUserAudience) } },
        { QStringLiteral("exp"), expiresAt.toSecsSinceEpoch() } };
    return sign(claims);
}

QString SandboxJwt::signApiToken(const ApiTokenClaims &c) const
{
    QJsonObject claims { { QStringLiteral("jti"), c.id }, { QStringLiteral("iss"), QLatin1String(kIssuer) },
        { QStringLiteral("aud"), QJsonArray { QLatin1String(kApiTokenAudience) } },
        { QStringLiteral("token_name"), c.name }, { QStringLiteral("org_id"), c.instance ? QString() : c.orgId },
        { QStringLiteral("org_name"), c.instance ? QString() : c.orgName } };
    if (!c.projectId.isEmpty()) {
        claims.insert(QStringLiteral("project_id"), c.projectId);
        claims.insert(QStringLiteral("project_name"), c.projectName);
    }
    if (c.instance)
        claims.insert(QStringLiteral("scope"), QLatin1String(kInstanceScope));
    if (c.expiresAt.isValid())
        claims.insert(QStringLiteral("exp"), c.expiresAt.toSecsSinceEpoch());
    return sign(claims);
}

std::optional<VerifiedJwt> SandboxJwt::verify(const QString &token, const QDateTime &now, QString *error) const
{
    const QByteArray raw = token.toLatin1();
    const QList<QByteArray> parts = raw.split('.');
    if (parts.size() != 3) {
        *error = QStringLiteral("Fail to parse JWT token ");
        return std::nullopt;
    }
    const auto header = decodeObject(parts[0]);
    const auto claims = decodeObject(parts[1]);
    if (!header || !claims) {
        *error = QStringLiteral("Fail to parse JWT token ");
        return std::nullopt;
    }
    if (header->value(QStringLiteral("alg")).toString() != QLatin1String("HS256")) {
        *error = QStringLiteral("Wrong signing method");
        return std::nullopt;
    }
    const QByteArray mac
        = QMessageAuthenticationCode::hash(parts[0] + '.' + parts[1], m_secret, QCryptographicHash::Sha256);
    if (b64(mac) != parts[2]) {
        *error = QStringLiteral("Token is invalid");
        return std::nullopt;
    }
    if (claims->contains(QStringLiteral("exp"))
        && qint64(claims->value(QStringLiteral("exp")).toDouble()) <= now.toSecsSinceEpoch()) {
        *error = QStringLiteral("JWT token has expired");
        return std::nullopt;
    }
    if (claims->value(QStringLiteral("iss")).toString() != QLatin1String(kIssuer)) {
        *error = QStringLiteral("Token is invalid");
        return std::nullopt;
    }
    // Upstream accepts an array or a single string for aud.
    QStringList audience;
    const auto aud = claims->value(QStringLiteral("aud"));
    if (aud.isArray()) {
        for (const auto &a : aud.toArray())
            audience << a.toString();
    } else {
        audience << aud.toString();
    }
    VerifiedJwt verified;
    if (audience.contains(QLatin1String(kUserAudience))) {
        verified.userId = claims->value(QStringLiteral("user_id")).toString();
    } else if (audience.contains(QLatin1String(kApiTokenAudience))) {
        verified.tokenId = claims->value(QStringLiteral("jti")).toString();
        verified.instanceScope = claims->value(QStringLiteral("scope")).toString() == QLatin1String(kInstanceScope);
    }
    if (verified.userId.isEmpty() && verified.tokenId.isEmpty()) {
        *error = QStringLiteral("Token is invalid");
        return std::nullopt;
    }
    return verified;
}

} // namespace adm::sandbox
