// SPDX-License-Identifier: Apache-2.0
// Runs onboarding plans for the GUI: builds the runner (api/OnboardingRunner) on the session's
// channel with an OnboardingRunStore journal, reads remembered credential sets from the
// session's SecretStore, and reloads or discards unfinished runs. No widgets.
#pragma once

#include "core/OnboardingPlan.h"
#include "storage/OnboardingRunRepository.h"
#include "storage/Status.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace adm::models {

class Session;

class OnboardingController : public QObject
{
    Q_OBJECT
public:
    // `session` must outlive the controller.
    explicit OnboardingController(Session &session, QObject *parent = nullptr);
    ~OnboardingController() override;

    // A new run. `credentials`: credential keys (the provider's JSON keys, as the runner
    // expects) by credential-set name, held in memory only; sets the plan names but
    // `credentials` lacks are read from the SecretStore (casCredentialSetKey(name), as the CAS
    // wizard remembers them: onboardingCredentials() checks their provider) before the first
    // call; a missing or mismatched set ends in failedToStart() naming it, nothing recorded.
    // Emits finished() once after started(), or failedToStart() instead.
    void start(const OnboardingPlan &plan, const QHash<QString, QJsonObject> &credentials = {}, int maxInFlight = 8);
    // Continues a stored unfinished run (Done and Adopted steps are kept).
    void resume(const QString &runId, const QHash<QString, QJsonObject> &credentials = {});
    void cancel();
    bool isRunning() const;
    const OnboardingPlan &plan() const; // current states while running and after it finished
    QString runId() const;
    QList<storage::OnboardingRun> unfinishedRuns() const; // of the session's profile, newest first
    storage::Status discard(const QString &runId);

    // --- additions for the bulk window and the start-up resume offer ---
    // Reading credential sets from the SecretStore; nothing sent yet (isRunning() is true).
    bool isPreparing() const;
    // Calls in flight for the next start() or resume() (start() also takes it). Default 8.
    void setMaxInFlight(int maxInFlight);
    int callsSent() const; // by the current (or last) run in this process
    // A stored run's plan with the states its journal gives (for showing it before resuming).
    std::optional<OnboardingPlan> storedPlan(const QString &runId, QString *error) const;

Q_SIGNALS:
    void started();
    void stepChanged(int index); // a step's state changed
    void progress(int finished, int total);
    void finished(bool allSucceeded, bool cancelled);
    void failedToStart(const QString &message); // e.g. a credential set missing from the keychain

private:
    void prepare(const QHash<QString, QJsonObject> &credentials);
    void readNextCredentialSet();
    void launch();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace adm::models
