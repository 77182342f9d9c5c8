// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the storage tests.
#pragma once

#include "storage/Database.h"
#include "storage/ProfileRepository.h"

#include <QDir>
#include <QFile>
#include <QTest>

namespace adm::storage::test {

inline QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

// All bytes SQLite may have written for `dbPath`: the file, its WAL and shared-memory index.
inline QByteArray databaseBytes(const QString &dbPath)
{
    return readAll(dbPath) + readAll(dbPath + QStringLiteral("-wal")) + readAll(dbPath + QStringLiteral("-shm"))
        + readAll(dbPath + QStringLiteral("-journal"));
}

inline Profile sampleProfile(const QString &name = QStringLiteral("acme-prod"))
{
    Profile p;
    p.name = name;
    p.address = QStringLiteral("api.cp.acme.example:443");
    p.protocol = Protocol::Grpc;
    p.caFile = QStringLiteral("/etc/ssl/acme-ca.pem");
    p.defaultOrganization = QStringLiteral("acme");
    p.tokenKind = JwtClaims::Kind::InstanceApiToken;
    return p;
}

} // namespace adm::storage::test
