// SPDX-License-Identifier: Apache-2.0
// HS256 JWTs with the upstream claim names (CHAINLOOP_API.md §6.3, §6.4).
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace adm::sandbox {

inline constexpr auto kIssuer = "cp.chainloop";
inline constexpr auto kUserAudience = "user-auth.chainloop";
inline constexpr auto kApiTokenAudience = "api-token-auth.chainloop";
inline constexpr auto kInstanceScope = "INSTANCE_ADMIN";

// What an API token JWT carries; mirrors the token row.
struct ApiTokenClaims {
    QString id;
    QString name;
    QString orgId;
    QString orgName;
    QString projectId;
    QString projectName;
    bool instance = false;
    QDateTime expiresAt; // invalid = no exp claim
};

// A verified token: exactly one of userId / tokenId is set.
struct VerifiedJwt {
    QString userId;
    QString tokenId;
    bool instanceScope = false;
};

class SandboxJwt
{
public:
    explicit SandboxJwt(QByteArray secret);

    QString signUser(const QString &userId, const QDateTime &expiresAt) const;
    QString signApiToken(const ApiTokenClaims &claims) const;

    // On failure returns nullopt and sets `error` to the framework's message ("JWT token has
    // expired", "Token is invalid", ...); the caller maps it to UNAUTHENTICATED.
    std::optional<VerifiedJwt> verify(const QString &token, const QDateTime &now, QString *error) const;

private:
    QString sign(const QJsonObject &claims) const;
    QByteArray m_secret;
};

} // namespace adm::sandbox
