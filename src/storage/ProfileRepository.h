// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "storage/Profile.h"
#include "storage/Status.h"

#include <QList>
#include <QObject>

namespace adm::storage {

class Database;

// Profiles table. Does not touch the keychain: removing a profile's secret is the caller's
// job (SecretStore::remove(profile.secretKey())), so a failing keychain cannot block removal.
class ProfileRepository : public QObject
{
    Q_OBJECT
public:
    // `db` must outlive this object.
    explicit ProfileRepository(Database &db, QObject *parent = nullptr);

    // Most recently used first, then never-used ones by name.
    Result<QList<Profile>> list() const;
    Result<Profile> find(const QUuid &id) const;
    Result<Profile> findByName(const QString &name) const;

    // Inserts (null id: assigns id and createdAt) or updates. Validates name and address;
    // a taken name fails with Status::Code::DuplicateName and a sentence naming it.
    Status save(Profile &profile);
    // Removes the profile with its known organizations, cached listings and onboarding runs.
    // Journal entries stay (they keep the profile's name).
    Status remove(const QUuid &id);
    // Marks the profile as used now (or at `when`).
    Status touch(const QUuid &id, const QDateTime &when = {});

Q_SIGNALS:
    void changed(); // after save, remove and touch

private:
    Database &m_db;
};

} // namespace adm::storage
