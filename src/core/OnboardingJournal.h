// SPDX-License-Identifier: Apache-2.0
// Where an onboarding run writes down what it is about to do and what came of it. The runner
// (src/api) only sees this interface, so it stays free of SQL; the app's implementation
// (models/OnboardingRunStore) writes to the database, tests use MemoryOnboardingJournal.
#pragma once

#include "core/OnboardingPlan.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

namespace adm {

class OnboardingJournal
{
public:
    virtual ~OnboardingJournal() = default;

    // Before the call is sent. False (with *error) when it could not be recorded: the runner
    // then does not send it, so nothing happens that the journal does not know about.
    // For an organization create this also records that a create may reach the server
    // (organizationAttempted() is true from then on).
    virtual bool stepStarting(int index, const OnboardingStep &step, QString *error) = 0;
    // After the outcome is known (step.state is final). `priorAttempt` says whether an earlier
    // attempt may have created the organization; when a create failed for good and there was
    // none, the implementation forgets the mark stepStarting() set.
    virtual void stepFinished(int index, const OnboardingStep &step, bool priorAttempt) = 0;
    // Whether an earlier create of this organization (this run or an earlier one with the same
    // profile) was sent and may have taken effect. Decides adoption for API tokens, which cannot
    // tell from the server whether an existing organization is theirs.
    virtual bool organizationAttempted(const QString &organization) const = 0;
    // Every step has a final state (or the run was cancelled).
    virtual void runFinished(const OnboardingPlan &plan, bool cancelled) = 0;
};

// In memory: dry runs and unit tests. Records the calls for assertions.
class MemoryOnboardingJournal : public OnboardingJournal
{
public:
    bool stepStarting(int index, const OnboardingStep &step, QString *error) override
    {
        if (!failNextStart.isEmpty()) {
            *error = failNextStart;
            failNextStart.clear();
            return false;
        }
        started << index;
        if (step.kind == OnboardingStep::Kind::CreateOrganization)
            attempted.insert(step.organization);
        return true;
    }
    void stepFinished(int index, const OnboardingStep &step, bool priorAttempt) override
    {
        finished << index;
        states.insert(step.key(), step.state);
        if (step.kind == OnboardingStep::Kind::CreateOrganization && step.state == OnboardingStep::State::Failed
            && !priorAttempt)
            attempted.remove(step.organization);
    }
    bool organizationAttempted(const QString &organization) const override { return attempted.contains(organization); }
    void runFinished(const OnboardingPlan &, bool wasCancelled) override
    {
        runEnded = true;
        cancelled = wasCancelled;
    }

    QList<int> started;
    QList<int> finished;
    QHash<QString, OnboardingStep::State> states;
    QSet<QString> attempted;
    QString failNextStart;
    bool runEnded = false;
    bool cancelled = false;
};

} // namespace adm
