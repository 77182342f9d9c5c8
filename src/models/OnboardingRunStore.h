// SPDX-License-Identifier: Apache-2.0
// The database side of an onboarding run: implements the runner's journal with the storage
// layer, and reloads an interrupted run for resuming.
//
// Where things go:
// - the plan (steps, no secrets, no states) -> OnboardingRunRepository (its own table), once;
// - before each call -> OnboardingRunRepository step_index/status "running" and, for an
//   organization create, a Provisioned mark in KnownOrganizationRepository (so a later
//   ALREADY_EXISTS can be recognised as our own earlier create);
// - after each call -> the step's outcome in OnboardingRunRepository and one ActivityJournal
//   entry with the run id ("onboard.org.create" / "onboard.org.adopt" ..., target = org,
//   backend or e-mail). These entries are the per-step record a resume reads back.
#pragma once

#include "core/OnboardingJournal.h"
#include "storage/OnboardingRunRepository.h"
#include "storage/Status.h"

#include <QSet>
#include <QString>
#include <QUuid>

#include <optional>

namespace adm::storage {
class ActivityJournal;
class Database;
} // namespace adm::storage

namespace adm::models {

class OnboardingRunStore : public OnboardingJournal
{
public:
    // `db` and `activity` must outlive this object; use it from the database's thread.
    OnboardingRunStore(
        storage::Database &db, storage::ActivityJournal &activity, const QUuid &profileId, const QString &profileName);

    // Records a new run of `plan` (its steps; states are not stored).
    storage::Status begin(const OnboardingPlan &plan);
    // Continues an unfinished run: returns its plan with the states its journal entries give.
    std::optional<OnboardingPlan> resume(const QString &runId, QString *error);
    QString runId() const { return m_runId; }

    // Open runs of the profile (newest first), for "resume the unfinished run?" at start.
    storage::Result<QList<storage::OnboardingRun>> unfinishedRuns() const;
    // A stored run's plan with the states from its journal entries.
    static std::optional<OnboardingPlan> loadPlan(
        const storage::OnboardingRun &run, const storage::ActivityJournal &activity, QString *error);
    // Closes a run without running it again ("discard" in the resume offer).
    storage::Status discard(const QString &runId);

    // OnboardingJournal
    bool stepStarting(int index, const OnboardingStep &step, QString *error) override;
    void stepFinished(int index, const OnboardingStep &step, bool priorAttempt) override;
    bool organizationAttempted(const QString &organization) const override;
    void runFinished(const OnboardingPlan &plan, bool cancelled) override;

private:
    void loadProvisioned();

    storage::Database &m_db;
    storage::ActivityJournal &m_activity;
    storage::OnboardingRunRepository m_runs;
    QUuid m_profileId;
    QString m_profileName;
    QString m_runId;
    QSet<QString> m_provisioned; // organizations with a Provisioned mark, cached for the run
};

} // namespace adm::models
