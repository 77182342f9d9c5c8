// SPDX-License-Identifier: Apache-2.0
#include "storage/OnboardingRunRepository.h"

#include "storage/Database.h"
#include "storage/ListingCache.h"
#include "storage/SqlSupport.h"
#include "storage/StorageLog.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace adm::storage {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("adm::storage::OnboardingRunRepository", text);
}

QString stepStatusName(OnboardingRun::StepStatus s)
{
    switch (s) {
    case OnboardingRun::StepStatus::Pending: return QStringLiteral("pending");
    case OnboardingRun::StepStatus::Running: return QStringLiteral("running");
    case OnboardingRun::StepStatus::Succeeded: return QStringLiteral("succeeded");
    case OnboardingRun::StepStatus::Failed: return QStringLiteral("failed");
    case OnboardingRun::StepStatus::Skipped: return QStringLiteral("skipped");
    }
    return {};
}

OnboardingRun::StepStatus stepStatusFromName(const QString &name)
{
    for (auto s : { OnboardingRun::StepStatus::Running, OnboardingRun::StepStatus::Succeeded,
             OnboardingRun::StepStatus::Failed, OnboardingRun::StepStatus::Skipped }) {
        if (stepStatusName(s) == name)
            return s;
    }
    return OnboardingRun::StepStatus::Pending;
}

const QString SelectColumns
    = QStringLiteral("SELECT r.run_id, r.profile_id, r.organization, p.plan_json, r.step_index, r.step_status, "
                     "r.last_error, r.created_at, r.updated_at, r.finished_at "
                     "FROM onboarding_runs r JOIN onboarding_plans p ON p.run_id = r.run_id ");

OnboardingRun fromRow(const QSqlQuery &q)
{
    OnboardingRun r;
    r.runId = q.value(0).toString();
    r.profileId = QUuid::fromString(q.value(1).toString());
    r.organization = q.value(2).toString();
    r.plan = QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object();
    r.stepIndex = q.value(4).toInt();
    r.stepStatus = stepStatusFromName(q.value(5).toString());
    r.lastError = q.value(6).toString();
    r.createdAt = sql::fromDb(q.value(7));
    r.updatedAt = sql::fromDb(q.value(8));
    r.finishedAt = sql::fromDb(q.value(9));
    return r;
}

Status notFound()
{
    return Status::error(Status::Code::NotFound, tr("This onboarding run no longer exists."));
}

Status requireChange(QSqlQuery &q)
{
    if (!sql::exec(q))
        return sql::queryFailed(q);
    return q.numRowsAffected() == 0 ? notFound() : Status();
}

} // namespace

OnboardingRunRepository::OnboardingRunRepository(Database &db)
    : m_db(db)
{ }

Status OnboardingRunRepository::create(OnboardingRun &run)
{
    if (!m_db.isOpen())
        return sql::notOpen();
    if (run.profileId.isNull() || run.organization.trimmed().isEmpty())
        return Status::error(Status::Code::Invalid, tr("An onboarding run needs a profile and an organization."));
    if (const QString where = ListingCache::findSecretLikeData(run.plan); !where.isEmpty()) {
        qCWarning(lcStorage) << "refused to store an onboarding plan: secret-like data at" << where;
        return Status::error(Status::Code::SecretRefused,
            tr("The onboarding plan was not saved because it seems to contain a secret (%1). "
               "Secrets are kept only in the keychain.")
                .arg(where));
    }
    OnboardingRun row = run;
    if (row.runId.isEmpty())
        row.runId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!row.createdAt.isValid())
        row.createdAt = now;
    row.updatedAt = row.createdAt;
    Transaction transaction(m_db);
    if (!transaction.isActive())
        return transaction.beginStatus();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q,
            QStringLiteral("INSERT INTO onboarding_runs (run_id, profile_id, organization, "
                           "step_index, step_status, last_error, created_at, updated_at, finished_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")))
        return sql::queryFailed(q);
    q.addBindValue(sql::text(row.runId));
    q.addBindValue(sql::toDb(row.profileId));
    q.addBindValue(sql::text(row.organization.trimmed()));
    q.addBindValue(row.stepIndex);
    q.addBindValue(sql::text(stepStatusName(row.stepStatus)));
    q.addBindValue(sql::text(row.lastError));
    q.addBindValue(sql::toDb(row.createdAt));
    q.addBindValue(sql::toDb(row.updatedAt));
    q.addBindValue(sql::toDb(row.finishedAt));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    QSqlQuery plan(m_db.connection());
    if (!sql::prepare(plan, QStringLiteral("INSERT INTO onboarding_plans (run_id, plan_json) VALUES (?, ?)")))
        return sql::queryFailed(plan);
    plan.addBindValue(sql::text(row.runId));
    plan.addBindValue(sql::text(QString::fromUtf8(QJsonDocument(row.plan).toJson(QJsonDocument::Compact))));
    if (!sql::exec(plan))
        return sql::queryFailed(plan);
    if (const Status committed = transaction.commit(); !committed.ok())
        return committed;
    run = row;
    return {};
}

Status OnboardingRunRepository::updateStep(
    const QString &runId, int stepIndex, OnboardingRun::StepStatus status, const QString &error)
{
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q,
            QStringLiteral("UPDATE onboarding_runs SET step_index = ?, step_status = ?, last_error = ?, "
                           "updated_at = ? WHERE run_id = ?")))
        return sql::queryFailed(q);
    q.addBindValue(stepIndex);
    q.addBindValue(sql::text(stepStatusName(status)));
    q.addBindValue(sql::text(error));
    q.addBindValue(sql::nowMs());
    q.addBindValue(sql::text(runId));
    return requireChange(q);
}

Status OnboardingRunRepository::finish(const QString &runId, const QDateTime &when)
{
    if (!m_db.isOpen())
        return sql::notOpen();
    const QDateTime at = when.isValid() ? when : QDateTime::currentDateTimeUtc();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q, QStringLiteral("UPDATE onboarding_runs SET finished_at = ?, updated_at = ? WHERE run_id = ?")))
        return sql::queryFailed(q);
    q.addBindValue(sql::toDb(at));
    q.addBindValue(sql::toDb(at));
    q.addBindValue(sql::text(runId));
    return requireChange(q);
}

Result<OnboardingRun> OnboardingRunRepository::find(const QString &runId) const
{
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q, SelectColumns + QStringLiteral("WHERE r.run_id = ?")))
        return sql::queryFailed(q);
    q.addBindValue(sql::text(runId));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    if (!q.next())
        return notFound();
    return fromRow(q);
}

Result<QList<OnboardingRun>> OnboardingRunRepository::unfinished(const QUuid &profileId) const
{
    if (!m_db.isOpen())
        return sql::notOpen();
    QSqlQuery q(m_db.connection());
    if (!sql::prepare(q,
            SelectColumns
                + QStringLiteral("WHERE r.profile_id = ? AND r.finished_at IS NULL "
                                 "ORDER BY r.created_at DESC, r.rowid DESC")))
        return sql::queryFailed(q);
    q.addBindValue(sql::toDb(profileId));
    if (!sql::exec(q))
        return sql::queryFailed(q);
    QList<OnboardingRun> runs;
    while (q.next())
        runs.append(fromRow(q));
    return runs;
}

} // namespace adm::storage
