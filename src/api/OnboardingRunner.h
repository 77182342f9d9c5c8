// SPDX-License-Identifier: Apache-2.0
// Executes an OnboardingPlan through the typed clients: a bounded number of calls in flight,
// each organization's create before its other steps, a journal entry before every call and
// after its outcome, and no duplicate when a create meets something that already exists
// (checked, then adopted or reported). No widgets, no SQL: the journal is an interface from
// core, so the same runner serves the GUI, `chainloop-admin apply` and the tests.
#pragma once

#include "api/Channel.h"
#include "core/OnboardingJournal.h"
#include "core/OnboardingPlan.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <chrono>

namespace adm::api {

class UnaryCall;

struct OnboardingRunnerOptions {
    int maxInFlight = 8;
    // Sends per step when the outcome was uncertain (timeout, UNAVAILABLE, dropped connection).
    // A resend is safe: it meets the first attempt's result as "already exists" and adopts it.
    int maxAttempts = 4;
    std::chrono::milliseconds retryDelay { 250 }; // doubled per attempt, with jitter
    std::chrono::milliseconds deadline { 0 }; // per call; 0 = the channel's default
    // CAS creates wait for the server's live credential check (up to its 10 s handler timeout).
    std::chrono::milliseconds casDeadline { 20000 };
    // A user token can ask the server whether an existing organization is usable (its
    // membership); an API token cannot, so it adopts only organizations it tried to create.
    bool callerIsUser = false;
};

class OnboardingRunner : public QObject
{
    Q_OBJECT
public:
    // `channel` and `journal` are not owned and must outlive the runner. Done and Adopted steps
    // of `plan` are kept (a resumed run); every other step runs (again).
    OnboardingRunner(Channel *channel, OnboardingJournal *journal, OnboardingPlan plan,
        OnboardingRunnerOptions options = {}, QObject *parent = nullptr);
    ~OnboardingRunner() override;

    // CAS credentials by credential-set name (a JSON object of the provider's keys). Held in
    // memory only for the run; never written to the plan or the journal.
    void setCredentialSets(const QHash<QString, QJsonObject> &sets);

    const OnboardingPlan &plan() const { return m_plan; }
    const OnboardingRunnerOptions &options() const { return m_options; }
    int inFlight() const { return m_inFlight; }
    bool isRunning() const { return m_started && !m_finished; }
    bool isFinished() const { return m_finished; }
    bool wasCancelled() const { return m_cancelled; }
    int callsSent() const { return m_callsSent; }

    // Starts on the next event-loop turn; finished() follows once.
    void start();
    // No new calls; calls in flight are cancelled (their steps end Skipped, "cancelled", and a
    // rerun checks whether they took effect); pending steps end Skipped.
    void cancel();

Q_SIGNALS:
    void stepStarted(int index);
    void stepFinished(int index);
    void progress(int finished, int total);
    void finished(bool allSucceeded);

private:
    void schedule();
    void scheduleOnce();
    void launch(int index);
    void sendCreateOrganization(int index);
    void sendUpdateSettings(int index);
    void sendAddCasBackend(int index);
    void sendInvite(int index);
    void checkExistingOrganization(int index);
    void checkExistingInvitation(int index, const ApiError &original);
    void checkExistingCasBackend(int index);
    // Ends one attempt: a final state, or a resend after a delay when the outcome is uncertain.
    void complete(int index, OnboardingStep::State state, const QString &error = {});
    void failOrRetry(int index, const ApiError &error);
    bool isUncertain(const ApiError &error) const;
    static bool neverProcessed(const ApiError &error);
    CallOptions callOptions(int index, std::chrono::milliseconds deadline = {}) const;
    void track(int index, UnaryCall *call);
    void finishRun();

    Channel *m_channel;
    OnboardingJournal *m_journal;
    OnboardingPlan m_plan;
    OnboardingRunnerOptions m_options;
    QHash<QString, QJsonObject> m_credentialSets;
    QHash<int, QPointer<UnaryCall>> m_calls; // in flight, by step
    QHash<int, bool> m_priorAttempt; // create steps: an earlier create may have taken effect
    int m_inFlight = 0;
    int m_callsSent = 0;
    bool m_started = false;
    bool m_finished = false;
    bool m_cancelled = false;
    bool m_scheduling = false;
    bool m_scheduleAgain = false;
};

} // namespace adm::api
