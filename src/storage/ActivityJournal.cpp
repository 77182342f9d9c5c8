// SPDX-License-Identifier: Apache-2.0
#include "storage/ActivityJournal.h"

#include "storage/Database.h"
#include "storage/SqlSupport.h"

#include <QCoreApplication>

namespace adm::storage {

namespace {

const QString SelectColumns = QStringLiteral("SELECT id, at, profile_id, profile_name, organization, action, target, "
                                             "outcome, error_message, run_id FROM activity_journal ");

ActivityEntry::Outcome outcomeFromName(const QString &name)
{
    if (name == QLatin1String("failed"))
        return ActivityEntry::Outcome::Failed;
    if (name == QLatin1String("cancelled"))
        return ActivityEntry::Outcome::Cancelled;
    return ActivityEntry::Outcome::Succeeded;
}

ActivityEntry fromRow(const QSqlQuery &q)
{
    ActivityEntry e;
    e.id = q.value(0).toLongLong();
    e.at = sql::fromDb(q.value(1));
    const QString profile = q.value(2).toString();
    e.profileId = profile.isEmpty() ? QUuid() : QUuid::fromString(profile);
    e.profileName = q.value(3).toString();
    e.organization = q.value(4).toString();
    e.action = q.value(5).toString();
    e.target = q.value(6).toString();
    e.outcome = outcomeFromName(q.value(7).toString());
    e.errorMessage = q.value(8).toString();
    e.runId = q.value(9).toString();
    return e;
}

Result<QList<ActivityEntry>> runSelect(QSqlQuery &q)
{
    if (!sql::exec(q))
        return sql::queryFailed(q);
    QList<ActivityEntry> entries;
    while (q.next())
        entries.append(fromRow(q));
    return entries;
}

} // namespace

QString outcomeName(ActivityEntry::Outcome outcome)
{
    switch (outcome) {
    case ActivityEntry::Outcome::Succeeded: return QStringLiteral("succeeded");
    case ActivityEntry::Outcome::Failed: return QStringLiteral("failed");
    case ActivityEntry::Outcome::Cancelled: return QStringLiteral("cancelled");
    }
    return {};
}

ActivityJournal::ActivityJournal(Database &db, QObject *parent)
    : QObject(parent)
    , m_db(db)
{
    qRegisterMetaType<ActivityEntry>();
}

Result<ActivityEntry> ActivityJournal::append(ActivityEntry entry)
{
    if (!m_db.isOpen())
        return sql::notOpen();
    if (entry.action.trimmed().isEmpty())
        return Status::error(Status::Code::Invalid,
            QCoreApplication::translate("adm::storage::ActivityJournal", "A journal entry needs an action."));
    if (!entry.at.isValid())
        entry.at = QDateTime::currentDateTimeUtc();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q,
            QStringLiteral("INSERT INTO activity_journal (at, profile_id, profile_name, organization, "
                           "action, target, outcome, error_message, run_id) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")))
        return sql::queryFailed(q);
    q.addBindValue(sql::toDb(entry.at));
    q.addBindValue(sql::text(entry.profileId.isNull() ? QString() : sql::toDb(entry.profileId)));
    q.addBindValue(sql::text(entry.profileName));
    q.addBindValue(sql::text(entry.organization));
    q.addBindValue(sql::text(entry.action));
    q.addBindValue(sql::text(entry.target));
    q.addBindValue(sql::text(outcomeName(entry.outcome)));
    q.addBindValue(sql::text(entry.errorMessage));
    q.addBindValue(sql::text(entry.runId));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    entry.id = q.lastInsertId().toLongLong();
    entry.at = sql::fromDb(sql::toDb(entry.at)); // as read back: millisecond precision, UTC
    Q_EMIT appended(entry);
    return entry;
}

Result<QList<ActivityEntry>> ActivityJournal::latest(int limit) const
{
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    // Ordered by id, not time: ids only grow, wall clocks may jump back.
    if (!sql::prepare(q, SelectColumns + QStringLiteral("ORDER BY id DESC LIMIT ?")))
        return sql::queryFailed(q);
    q.addBindValue(std::max(0, limit));
    return runSelect(q);
}

Result<QList<ActivityEntry>> ActivityJournal::latestForProfile(const QUuid &profileId, int limit) const
{
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q, SelectColumns + QStringLiteral("WHERE profile_id = ? ORDER BY id DESC LIMIT ?")))
        return sql::queryFailed(q);
    q.addBindValue(sql::toDb(profileId));
    q.addBindValue(std::max(0, limit));
    return runSelect(q);
}

Result<QList<ActivityEntry>> ActivityJournal::forRun(const QString &runId) const
{
    if (!m_db.isOpen())
        return sql::notOpen();
    if (runId.isEmpty())
        return QList<ActivityEntry>();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q, SelectColumns + QStringLiteral("WHERE run_id = ? ORDER BY id ASC")))
        return sql::queryFailed(q);
    q.addBindValue(sql::text(runId));
    return runSelect(q);
}

} // namespace adm::storage
