// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Endpoint.h"
#include "core/JwtClaims.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QUuid>

namespace adm::storage {

// A saved connection to one Chainloop instance. Holds no secret: the token lives in the
// SecretStore under secretKey().
struct Profile {
    QUuid id; // null until saved
    QString name; // unique, case-insensitive
    QString address; // as the user wrote it, e.g. "api.cp.example.com:443"
    Protocol protocol = Protocol::Auto;
    bool insecure = false; // plaintext (the CLI's --insecure); never implied
    QString caFile; // empty = system CAs
    QString defaultOrganization; // name; empty = none
    JwtClaims::Kind tokenKind = JwtClaims::Kind::Other; // what the stored token is, for the UI
    QDateTime createdAt; // UTC, set on first save
    QDateTime lastUsed; // UTC, invalid = never

    bool isSaved() const { return !id.isNull(); }
    QString secretKey() const { return secretKeyFor(id); }

    // "profile/<uuid>/token": one keychain entry per profile.
    static QString secretKeyFor(const QUuid &profileId);

    friend bool operator==(const Profile &, const Profile &) = default;
};

// Stable text for the database ("user", "org-api-token", ...).
QString tokenKindName(JwtClaims::Kind kind);
JwtClaims::Kind tokenKindFromName(const QString &name);

} // namespace adm::storage

Q_DECLARE_METATYPE(adm::storage::Profile)
