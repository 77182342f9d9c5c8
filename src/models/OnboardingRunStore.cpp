// SPDX-License-Identifier: Apache-2.0
#include "models/OnboardingRunStore.h"

#include "storage/ActivityJournal.h"
#include "storage/Database.h"
#include "storage/KnownOrganizationRepository.h"

#include <QCoreApplication>
#include <QHash>

namespace adm::models {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("adm::models::OnboardingRunStore", text);
}

using Outcome = storage::ActivityEntry::Outcome;
using StepStatus = storage::OnboardingRun::StepStatus;

StepStatus runStatus(OnboardingStep::State s)
{
    switch (s) {
    case OnboardingStep::State::Pending: return StepStatus::Pending;
    case OnboardingStep::State::Running: return StepStatus::Running;
    case OnboardingStep::State::Done:
    case OnboardingStep::State::Adopted: return StepStatus::Succeeded;
    case OnboardingStep::State::Failed: return StepStatus::Failed;
    case OnboardingStep::State::Skipped: return StepStatus::Skipped;
    }
    return StepStatus::Pending;
}

// The step a journal entry speaks of, by the same key OnboardingStep::key() builds.
QString keyOf(OnboardingStep::Kind kind, const QString &org, const QString &target)
{
    OnboardingStep s;
    s.kind = kind;
    s.organization = org;
    s.cas.name = target;
    s.email = target;
    return s.key();
}

QString runLabel(const OnboardingPlan &plan)
{
    const QStringList orgs = plan.organizations();
    if (orgs.size() <= 1)
        return orgs.value(0);
    return QCoreApplication::translate(
        "adm::models::OnboardingRunStore", "%1 and %n more", nullptr, int(orgs.size() - 1))
        .arg(orgs.first());
}

} // namespace

OnboardingRunStore::OnboardingRunStore(
    storage::Database &db, storage::ActivityJournal &activity, const QUuid &profileId, const QString &profileName)
    : m_db(db)
    , m_activity(activity)
    , m_runs(db)
    , m_profileId(profileId)
    , m_profileName(profileName)
{
    loadProvisioned();
}

void OnboardingRunStore::loadProvisioned()
{
    storage::KnownOrganizationRepository known(m_db);
    const auto list = known.list(m_profileId);
    if (!list.ok())
        return;
    for (const storage::KnownOrganization &o : list.value()) {
        if (o.source == storage::KnownOrganization::Source::Provisioned)
            m_provisioned.insert(o.name);
    }
}

storage::Status OnboardingRunStore::begin(const OnboardingPlan &plan)
{
    OnboardingPlan steps = plan;
    for (OnboardingStep &s : steps.steps) {
        s.state = OnboardingStep::State::Pending;
        s.error.clear();
    }
    storage::OnboardingRun run;
    run.profileId = m_profileId;
    run.organization = runLabel(plan);
    run.plan = steps.toJson();
    const storage::Status st = m_runs.create(run);
    if (st.ok())
        m_runId = run.runId;
    return st;
}

std::optional<OnboardingPlan> OnboardingRunStore::resume(const QString &runId, QString *error)
{
    const auto run = m_runs.find(runId);
    if (!run.ok()) {
        *error = run.message();
        return std::nullopt;
    }
    auto plan = loadPlan(run.value(), m_activity, error);
    if (plan)
        m_runId = runId;
    return plan;
}

storage::Result<QList<storage::OnboardingRun>> OnboardingRunStore::unfinishedRuns() const
{
    return m_runs.unfinished(m_profileId);
}

std::optional<OnboardingPlan> OnboardingRunStore::loadPlan(
    const storage::OnboardingRun &run, const storage::ActivityJournal &activity, QString *error)
{
    auto plan = OnboardingPlan::fromJson(run.plan, error);
    if (!plan)
        return std::nullopt;
    const auto entries = activity.forRun(run.runId);
    if (!entries.ok()) {
        *error = entries.message();
        return std::nullopt;
    }
    QHash<QString, int> byKey;
    for (int i = 0; i < plan->steps.size(); ++i)
        byKey.insert(plan->steps[i].key(), i);
    // Oldest first: a later entry of the same step (a rerun) wins.
    for (const storage::ActivityEntry &e : entries.value()) {
        bool adopted = false;
        const auto kind = stepKindFromJournalAction(e.action, &adopted);
        if (!kind)
            continue;
        const int i = byKey.value(keyOf(*kind, e.organization, e.target), -1);
        if (i < 0)
            continue;
        OnboardingStep &s = plan->steps[i];
        switch (e.outcome) {
        case Outcome::Succeeded:
            s.state = adopted ? OnboardingStep::State::Adopted : OnboardingStep::State::Done;
            break;
        case Outcome::Failed: s.state = OnboardingStep::State::Failed; break;
        case Outcome::Cancelled: s.state = OnboardingStep::State::Skipped; break;
        }
        s.error = e.errorMessage;
    }
    return plan;
}

storage::Status OnboardingRunStore::discard(const QString &runId)
{
    return m_runs.finish(runId);
}

bool OnboardingRunStore::stepStarting(int index, const OnboardingStep &step, QString *error)
{
    if (m_runId.isEmpty()) {
        *error = tr("No onboarding run is open.");
        return false;
    }
    if (step.kind == OnboardingStep::Kind::CreateOrganization && !m_provisioned.contains(step.organization)) {
        // Written before the create is sent: if the app dies before the answer, the next run
        // knows an existing organization of this name may be its own.
        storage::KnownOrganizationRepository known(m_db);
        storage::KnownOrganization org;
        org.profileId = m_profileId;
        org.name = step.organization;
        org.source = storage::KnownOrganization::Source::Provisioned;
        if (const storage::Status st = known.remember(org); !st.ok()) {
            *error = st.message();
            return false;
        }
        m_provisioned.insert(step.organization);
    }
    if (const storage::Status st = m_runs.updateStep(m_runId, index, StepStatus::Running); !st.ok()) {
        *error = st.message();
        return false;
    }
    return true;
}

void OnboardingRunStore::stepFinished(int index, const OnboardingStep &step, bool priorAttempt)
{
    if (m_runId.isEmpty())
        return;
    // Failing to record the outcome is not fatal: without it a resume runs the step again and
    // the idempotence rules adopt what this call did.
    m_runs.updateStep(
        m_runId, index, runStatus(step.state), step.state == OnboardingStep::State::Failed ? step.error : QString());
    if (step.kind == OnboardingStep::Kind::CreateOrganization && step.state == OnboardingStep::State::Failed
        && !priorAttempt) {
        // This create never took effect (or met someone else's organization): drop the mark.
        storage::KnownOrganizationRepository(m_db).forget(m_profileId, step.organization);
        m_provisioned.remove(step.organization);
    }
    if (step.state == OnboardingStep::State::Skipped && step.attempts == 0)
        return; // nothing was sent: nothing to journal
    storage::ActivityEntry e;
    e.profileId = m_profileId;
    e.profileName = m_profileName;
    e.organization = step.organization;
    e.action = journalAction(step);
    e.target = step.target();
    e.runId = m_runId;
    switch (step.state) {
    case OnboardingStep::State::Done:
    case OnboardingStep::State::Adopted: e.outcome = Outcome::Succeeded; break;
    case OnboardingStep::State::Failed: e.outcome = Outcome::Failed; break;
    default: e.outcome = Outcome::Cancelled; break;
    }
    e.errorMessage = step.state == OnboardingStep::State::Adopted ? QString() : step.error;
    m_activity.append(e);
}

bool OnboardingRunStore::organizationAttempted(const QString &organization) const
{
    return m_provisioned.contains(organization);
}

void OnboardingRunStore::runFinished(const OnboardingPlan &, bool cancelled)
{
    // A cancelled run stays open so it can be resumed; one that ran to the end is closed
    // (its failures are reported, and rerunning the file retries them).
    if (!cancelled && !m_runId.isEmpty())
        m_runs.finish(m_runId);
}

} // namespace adm::models
