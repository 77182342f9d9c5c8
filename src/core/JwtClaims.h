// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace adm {

// What a Chainloop bearer token says about itself. Read without verifying the signature:
// only the server can verify; this is for showing the user what they pasted.
struct JwtClaims {
    enum class Kind { User, OrgApiToken, ProjectApiToken, InstanceApiToken, Other };
    Kind kind = Kind::Other;
    QString userId; // user tokens
    QString tokenId; // API tokens (jti)
    QString tokenName; // API tokens
    QString orgId;
    QString orgName;
    QString projectId;
    QString projectName;
    QString scope;
    QString issuer;
    QStringList audience;
    QDateTime expiresAt; // invalid = no expiry

    bool isApiToken() const
    {
        return kind == Kind::OrgApiToken || kind == Kind::ProjectApiToken || kind == Kind::InstanceApiToken;
    }
    QString kindDescription() const;
};

struct JwtParseResult {
    std::optional<JwtClaims> claims;
    QString error; // set when claims is empty: why the text is not a readable token
};

JwtParseResult parseJwtClaims(const QString &token);

} // namespace adm
