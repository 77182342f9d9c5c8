// SPDX-License-Identifier: Apache-2.0
// Inputs of the typed clients' write and filter methods: plain values, no protobuf.
#pragma once

#include "core/Role.h"

#include <QJsonObject>
#include <QString>

#include <chrono>
#include <optional>

namespace adm::api {

// APITokenService/Create and InstanceAPITokenService/Create.
struct NewApiToken {
    QString name;
    QString description; // empty = none
    std::optional<std::chrono::seconds> expiresIn; // unset = never expires
    // A project token when either is set (id wins); ignored for instance tokens.
    QString projectId;
    QString projectName;
};

// APITokenService/List and InstanceAPITokenService/List.
struct TokenFilter {
    enum class Scope { Any, Project, Organization };
    enum class Status { Active, Revoked, All };
    Scope scope = Scope::Any;
    Status status = Status::Active;
    QString projectId; // filter on one project (id wins over name)
    QString projectName;
};

// OrganizationService/ListMemberships.
struct MembershipFilter {
    QString membershipId;
    QString name; // substring of first or last name
    QString email; // substring
    Role role = Role::Unspecified; // Unspecified = any role
    int page = 1; // 1-based
    int pageSize = 50; // 1..100
};

// CASBackendService/Create. The credentials are secrets: never log them.
struct NewCasBackend {
    QString name;
    QString provider; // "AWS-S3", "AzureBlob", "OCI"
    QString location;
    QString description;
    bool isDefault = false;
    bool isFallback = false;
    QJsonObject credentials; // string values, keys per provider (CHAINLOOP_API.md §5)
    std::optional<qint64> maxBytes;
};

// CASBackendService/Update: unset fields stay as they are.
struct CasBackendChanges {
    QString name; // selects the backend
    std::optional<QString> description;
    std::optional<bool> isDefault;
    std::optional<bool> isFallback;
    std::optional<QJsonObject> credentials; // set = rotate
    std::optional<qint64> maxBytes;
};

} // namespace adm::api
