// SPDX-License-Identifier: Apache-2.0
// What is known about remembered CAS credential sets without their secrets: the names (the
// keychain cannot be listed), the provider, and when the cloud credential expires (Chainloop
// does not know; the user records it). The secret itself lives only in the SecretStore under
// casCredentialSetKey(name). Also which backend was created or rotated with which set, so the
// CAS backends page can warn ahead of the expiry.
#pragma once

#include "storage/Status.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

namespace adm::storage {

class Database;

struct CredentialSetInfo {
    QString name; // DNS-1123 label; unique, case-insensitive
    QString provider; // "AWS-S3", "AzureBlob", "OCI"
    QDateTime expiresAt; // UTC; invalid = not recorded
    QDateTime createdAt; // UTC
    QDateTime updatedAt; // UTC

    friend bool operator==(const CredentialSetInfo &, const CredentialSetInfo &) = default;
};

// The credentials a backend was last given through this app (by a set or typed in).
struct BackendCredentialInfo {
    QUuid profileId;
    QString organization;
    QString backend; // backend name
    QString credentialSet; // empty when typed in without remembering
    QDateTime expiresAt; // UTC; invalid = not recorded
    QDateTime updatedAt; // UTC

    friend bool operator==(const BackendCredentialInfo &, const BackendCredentialInfo &) = default;
};

class CredentialSetRepository
{
public:
    // `db` must outlive this object.
    explicit CredentialSetRepository(Database &db);

    // Insert or update by name (createdAt kept on update).
    Status remember(const CredentialSetInfo &set);
    Status forget(const QString &name);
    // By name, case-insensitive order.
    Result<QList<CredentialSetInfo>> list() const;
    Result<std::optional<CredentialSetInfo>> find(const QString &name) const;

    // Insert or update by (profile, organization, backend).
    Status recordBackend(const BackendCredentialInfo &info);
    Status forgetBackend(const QUuid &profileId, const QString &organization, const QString &backend);
    // Backends of one organization; the expiry is the set's when the backend names one
    // (a later change of the set's date applies), else the backend's own.
    Result<QList<BackendCredentialInfo>> backends(const QUuid &profileId, const QString &organization) const;

private:
    Database &m_db;
};

} // namespace adm::storage
