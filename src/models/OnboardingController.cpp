// SPDX-License-Identifier: Apache-2.0
#include "models/OnboardingController.h"

#include "api/OnboardingRunner.h"
#include "core/CasBackendForm.h"
#include "models/OnboardingRunStore.h"
#include "models/Session.h"
#include "storage/ActivityJournal.h"
#include "storage/SecretStore.h"

#include <QPointer>
#include <QSet>

namespace adm::models {

using State = OnboardingStep::State;

struct OnboardingController::Private {
    explicit Private(Session &s)
        : session(s)
    { }

    Session &session;
    std::unique_ptr<OnboardingRunStore> store;
    std::unique_ptr<api::OnboardingRunner> runner;
    OnboardingPlan plan; // before the runner exists; the runner's copy is current afterwards
    QHash<QString, QJsonObject> credentials; // memory only, for this run
    QStringList toRead; // credential sets still to read from the SecretStore
    QString resumeRunId; // empty for a new run
    int maxInFlight = 8;
    bool preparing = false; // reading credential sets, nothing sent yet
    int generation = 0; // a cancel() or new start() makes late keychain answers stale

    // The previous runner may still be inside one of its signals: delete it (and the store it
    // journals to) from the event loop.
    void dropRunner()
    {
        if (!runner)
            return;
        api::OnboardingRunner *old = runner.release();
        OnboardingRunStore *oldStore = store.release();
        QObject::connect(old, &QObject::destroyed, [oldStore] { delete oldStore; });
        old->deleteLater();
    }
};

OnboardingController::OnboardingController(Session &session, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(session))
{ }

OnboardingController::~OnboardingController()
{
    // A run in progress stops sending; what was in flight is checked by the next resume.
    if (d->runner && d->runner->isRunning()) {
        d->runner->blockSignals(true);
        d->runner->cancel();
    }
    d->runner.reset();
    d->store.reset();
}

void OnboardingController::start(
    const OnboardingPlan &plan, const QHash<QString, QJsonObject> &credentials, int maxInFlight)
{
    if (isRunning()) {
        Q_EMIT failedToStart(tr("An onboarding run is already in progress."));
        return;
    }
    d->dropRunner();
    d->plan = plan;
    d->resumeRunId.clear();
    d->maxInFlight = maxInFlight;
    prepare(credentials);
}

void OnboardingController::resume(const QString &runId, const QHash<QString, QJsonObject> &credentials)
{
    if (isRunning()) {
        Q_EMIT failedToStart(tr("An onboarding run is already in progress."));
        return;
    }
    QString error;
    const auto stored = storedPlan(runId, &error);
    if (!stored) {
        Q_EMIT failedToStart(tr("The interrupted run cannot be loaded: %1").arg(error));
        return;
    }
    d->dropRunner();
    d->plan = *stored;
    d->resumeRunId = runId;
    prepare(credentials);
}

void OnboardingController::prepare(const QHash<QString, QJsonObject> &credentials)
{
    if (!d->session.channel() || d->session.state() != Session::State::Ready) {
        Q_EMIT failedToStart(tr("Not connected: connect to the control plane first."));
        return;
    }
    d->credentials = credentials;
    // Only the sets of backends still to create; a resume does not ask for what is done.
    QStringList needed;
    for (const OnboardingStep &s : std::as_const(d->plan.steps)) {
        if (s.kind == OnboardingStep::Kind::AddCasBackend && !s.succeeded()
            && !credentials.contains(s.cas.credentialSet) && !needed.contains(s.cas.credentialSet))
            needed << s.cas.credentialSet;
    }
    d->toRead = needed;
    d->preparing = true;
    ++d->generation;
    readNextCredentialSet();
}

void OnboardingController::readNextCredentialSet()
{
    if (d->toRead.isEmpty())
        return launch();
    const QString name = d->toRead.first();
    const int generation = d->generation;
    storage::SecretJob *job = d->session.secretStore().read(casCredentialSetKey(name));
    connect(job, &storage::SecretJob::finished, this, [this, name, generation](const storage::SecretResult &r) {
        if (generation != d->generation || !d->preparing)
            return; // cancelled or superseded meanwhile
        if (!r.ok()) {
            d->preparing = false;
            d->credentials.clear();
            if (r.error == storage::SecretResult::Error::NotFound)
                Q_EMIT failedToStart(tr("The credential set \"%1\" is not in the keychain (%2). Remember it with the "
                                        "Add CAS backend wizard, then run again.")
                                         .arg(name, d->session.secretStore().displayName()));
            else
                Q_EMIT failedToStart(
                    tr("The credential set \"%1\" cannot be read from the keychain: %2").arg(name, r.userMessage));
            return;
        }
        QString error;
        const auto keys = onboardingCredentials(d->plan, name, r.secret, &error);
        if (!keys) {
            d->preparing = false;
            d->credentials.clear();
            Q_EMIT failedToStart(error);
            return;
        }
        d->credentials.insert(name, *keys);
        d->toRead.removeFirst();
        readNextCredentialSet();
    });
}

void OnboardingController::launch()
{
    d->preparing = false;
    const storage::Profile &profile = d->session.profile();
    d->store
        = std::make_unique<OnboardingRunStore>(d->session.database(), d->session.journal(), profile.id, profile.name);
    if (d->resumeRunId.isEmpty()) {
        // Recorded only now: a run that could not start leaves nothing to resume.
        if (const storage::Status st = d->store->begin(d->plan); !st.ok()) {
            d->store.reset();
            d->credentials.clear();
            Q_EMIT failedToStart(tr("The run cannot be recorded: %1").arg(st.message()));
            return;
        }
    } else {
        QString error;
        const auto plan = d->store->resume(d->resumeRunId, &error);
        if (!plan) {
            d->store.reset();
            d->credentials.clear();
            Q_EMIT failedToStart(tr("The interrupted run cannot be loaded: %1").arg(error));
            return;
        }
        d->plan = *plan;
    }

    api::OnboardingRunnerOptions options;
    options.maxInFlight = d->maxInFlight;
    const auto claims = d->session.claims();
    options.callerIsUser = claims && claims->kind == JwtClaims::Kind::User;
    d->runner = std::make_unique<api::OnboardingRunner>(d->session.channel(), d->store.get(), d->plan, options);
    d->runner->setCredentialSets(d->credentials);
    d->credentials.clear(); // the runner holds them for the run
    d->plan = d->runner->plan(); // unfinished steps back to Pending
    api::OnboardingRunner *runner = d->runner.get();
    connect(runner, &api::OnboardingRunner::stepStarted, this, &OnboardingController::stepChanged);
    connect(runner, &api::OnboardingRunner::stepFinished, this, &OnboardingController::stepChanged);
    connect(runner, &api::OnboardingRunner::progress, this, &OnboardingController::progress);
    connect(runner, &api::OnboardingRunner::finished, this, [this, runner](bool allSucceeded) {
        d->plan = runner->plan();
        // Created or adopted organizations belong in the organizations list now.
        bool anyOrganization = false;
        for (const OnboardingStep &s : std::as_const(d->plan.steps))
            anyOrganization = anyOrganization || (s.kind == OnboardingStep::Kind::CreateOrganization && s.succeeded());
        if (anyOrganization)
            d->session.refreshOrganizations();
        Q_EMIT finished(allSucceeded, runner->wasCancelled());
    });
    Q_EMIT started();
    runner->start();
}

void OnboardingController::cancel()
{
    if (d->preparing) {
        d->preparing = false;
        ++d->generation;
        d->credentials.clear();
        Q_EMIT failedToStart(tr("Cancelled before anything was sent."));
        return;
    }
    if (d->runner && d->runner->isRunning())
        d->runner->cancel();
}

bool OnboardingController::isRunning() const
{
    return d->preparing || (d->runner && d->runner->isRunning());
}

void OnboardingController::setMaxInFlight(int maxInFlight)
{
    d->maxInFlight = maxInFlight;
}

bool OnboardingController::isPreparing() const
{
    return d->preparing;
}

const OnboardingPlan &OnboardingController::plan() const
{
    return d->runner ? d->runner->plan() : d->plan;
}

QString OnboardingController::runId() const
{
    return d->store ? d->store->runId() : d->resumeRunId;
}

int OnboardingController::callsSent() const
{
    return d->runner ? d->runner->callsSent() : 0;
}

QList<storage::OnboardingRun> OnboardingController::unfinishedRuns() const
{
    const storage::Profile &profile = d->session.profile();
    if (!profile.isSaved())
        return {};
    auto runs = storage::OnboardingRunRepository(d->session.database()).unfinished(profile.id).valueOr({});
    // The run of this controller is not "unfinished" while it is still going.
    if (isRunning()) {
        const QString current = runId();
        runs.removeIf([&current](const storage::OnboardingRun &r) { return r.runId == current; });
    }
    return runs;
}

std::optional<OnboardingPlan> OnboardingController::storedPlan(const QString &runId, QString *error) const
{
    const auto run = storage::OnboardingRunRepository(d->session.database()).find(runId);
    if (!run.ok()) {
        *error = run.message();
        return std::nullopt;
    }
    if (run.value().profileId != d->session.profile().id) {
        *error = tr("The run belongs to another profile.");
        return std::nullopt;
    }
    return OnboardingRunStore::loadPlan(run.value(), d->session.journal(), error);
}

storage::Status OnboardingController::discard(const QString &runId)
{
    if (isRunning() && runId == this->runId())
        return storage::Status::error(storage::Status::Code::Invalid, tr("The run is in progress; cancel it first."));
    return storage::OnboardingRunRepository(d->session.database()).finish(runId);
}

} // namespace adm::models
