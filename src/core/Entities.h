// SPDX-License-Identifier: Apache-2.0
// Domain values the app works with. Filled from the wire by src/api, from the cache by
// src/storage; nothing here knows about protobuf or SQL.
#pragma once

#include "Role.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace adm {

struct User {
    QString id;
    QString email;
    QString firstName;
    QString lastName;
    QDateTime createdAt;
    bool instanceAdmin = false;

    QString displayName() const;
};

struct Organization {
    QString id;
    QString name;
    QDateTime createdAt;
    QDateTime updatedAt;
    bool blockOnPolicyViolation = false;
    QStringList policyAllowedHostnames;
    bool preventImplicitWorkflowCreation = false;
    bool restrictContractCreationToOrgAdmins = false;
    std::optional<int> apiTokenMaxDaysInactive;
    bool enableAiAgentCollector = false;
    bool blockAttestationsOnReleasedVersions = false;
    bool skipRunnerEnvVars = false;
};

// Fields of OrganizationService/Update; unset optionals are left unchanged by the server.
struct OrganizationSettings {
    std::optional<bool> blockOnPolicyViolation;
    std::optional<QStringList> policyAllowedHostnames; // set (even empty) = replace the list
    std::optional<bool> preventImplicitWorkflowCreation;
    std::optional<bool> restrictContractCreationToOrgAdmins;
    std::optional<int> apiTokenMaxDaysInactive;
    std::optional<bool> enableAiAgentCollector;
    std::optional<bool> blockAttestationsOnReleasedVersions;
    std::optional<bool> skipRunnerEnvVars;
};

struct Membership {
    QString id;
    Organization org;
    User user;
    Role role = Role::Unspecified;
    bool current = false;
    QDateTime createdAt;
    QDateTime updatedAt;
};

struct ApiToken {
    enum class Scope { Organization, Project, Instance };
    QString id;
    QString name;
    QString description;
    QString organizationId;
    QString organizationName;
    Scope scope = Scope::Organization;
    QString projectId;
    QString projectName;
    QDateTime createdAt;
    QDateTime revokedAt; // invalid while active
    QDateTime expiresAt; // invalid = never expires
    QDateTime lastUsedAt; // invalid = never used

    bool isRevoked() const { return revokedAt.isValid(); }
    bool isExpired(const QDateTime &now) const { return expiresAt.isValid() && expiresAt <= now; }
};

// A token as returned by Create: the only moment the secret exists outside the keychain.
struct CreatedApiToken {
    ApiToken token;
    QString jwt;
};

struct Invitation {
    QString id;
    QString receiverEmail;
    Role role = Role::Unspecified;
    QString status; // "pending" or "accepted"
    QString organizationId;
    QString organizationName;
    QString senderEmail; // empty when an API token invited
    QDateTime createdAt;

    bool isPending() const { return status == QLatin1String("pending"); }
};

struct CasBackend {
    enum class Validation { Unknown, Ok, Invalid };
    QString id;
    QString name;
    QString location;
    QString description;
    QString provider; // "AWS-S3", "AzureBlob", "OCI", "INLINE", "Chainloop"
    bool isDefault = false;
    bool isFallback = false;
    bool isInline = false;
    bool isManaged = false;
    qint64 maxBytes = 0;
    Validation validation = Validation::Unknown;
    QString validationError;
    QDateTime createdAt;
    QDateTime validatedAt;
    QDateTime updatedAt;
};

struct ServerInfo {
    QString loginUrl;
    QString version;
    QString chartVersion;
    bool restrictedOrgCreation = false;
    QString uiDashboardUrl;
};

// ContextService/Current: who the server says the caller is.
struct CurrentContext {
    User user;
    std::optional<Membership> membership;
    std::optional<CasBackend> defaultCasBackend;
};

struct PageInfo {
    int page = 1;
    int pageSize = 0;
    int totalCount = 0;
    int totalPages = 0;
};

struct MembershipPage {
    QList<Membership> items;
    PageInfo page;
};

} // namespace adm

Q_DECLARE_METATYPE(adm::ApiToken)
Q_DECLARE_METATYPE(adm::Membership)
Q_DECLARE_METATYPE(adm::Invitation)
Q_DECLARE_METATYPE(adm::CasBackend)
