// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "storage/Status.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QUuid>

namespace adm::storage {

class Database;

// One thing this app did against an instance: "token.create acme/ci-bot: failed (...)".
struct ActivityEntry {
    enum class Outcome { Succeeded, Failed, Cancelled };

    qint64 id = 0; // assigned by append(); increases with every entry
    QDateTime at; // UTC; append() uses now when invalid
    QUuid profileId;
    QString profileName; // kept so the entry reads well after the profile is gone
    QString organization; // empty for instance-level actions
    QString action; // stable verb, e.g. "token.create", "member.invite", "org.delete"
    QString target; // what it acted on, e.g. the token or e-mail; never a secret
    Outcome outcome = Outcome::Succeeded;
    QString errorMessage; // user-facing text of the failure
    QString runId; // onboarding run this belongs to; empty otherwise

    friend bool operator==(const ActivityEntry &, const ActivityEntry &) = default;
};

QString outcomeName(ActivityEntry::Outcome outcome); // "succeeded", "failed", "cancelled"

// Append-only journal of admin actions, written by the job layer (not by widgets).
class ActivityJournal : public QObject
{
    Q_OBJECT
public:
    // `db` must outlive this object.
    explicit ActivityJournal(Database &db, QObject *parent = nullptr);

    // Returns the stored entry (with id and time). Emits appended() on success.
    Result<ActivityEntry> append(ActivityEntry entry);

    // Newest first.
    Result<QList<ActivityEntry>> latest(int limit) const;
    Result<QList<ActivityEntry>> latestForProfile(const QUuid &profileId, int limit) const;
    // Oldest first: the steps of one onboarding run in order.
    Result<QList<ActivityEntry>> forRun(const QString &runId) const;

Q_SIGNALS:
    void appended(const adm::storage::ActivityEntry &entry);

private:
    Database &m_db;
};

} // namespace adm::storage

Q_DECLARE_METATYPE(adm::storage::ActivityEntry)
