// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "storage/Status.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUuid>

namespace adm::storage {

class Database;

// Progress of an "onboard organization" run, so an interrupted run can be shown and resumed.
// The plan JSON must not carry secrets (CAS credentials are asked again on resume):
// create() applies the same guard as ListingCache.
struct OnboardingRun {
    enum class StepStatus { Pending, Running, Succeeded, Failed, Skipped };

    QString runId; // create() assigns a UUID when empty
    QUuid profileId;
    QString organization;
    QJsonObject plan;
    int stepIndex = 0;
    StepStatus stepStatus = StepStatus::Pending;
    QString lastError;
    QDateTime createdAt; // UTC
    QDateTime updatedAt; // UTC
    QDateTime finishedAt; // UTC; invalid while the run is open

    bool isFinished() const { return finishedAt.isValid(); }
    friend bool operator==(const OnboardingRun &, const OnboardingRun &) = default;
};

class OnboardingRunRepository
{
public:
    // `db` must outlive this object.
    explicit OnboardingRunRepository(Database &db);

    Status create(OnboardingRun &run);
    Status updateStep(const QString &runId, int stepIndex, OnboardingRun::StepStatus status, const QString &error = {});
    Status finish(const QString &runId, const QDateTime &when = {});
    Result<OnboardingRun> find(const QString &runId) const;
    // Open runs of a profile, newest first.
    Result<QList<OnboardingRun>> unfinished(const QUuid &profileId) const;

private:
    Database &m_db;
};

} // namespace adm::storage
