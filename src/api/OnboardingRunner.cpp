// SPDX-License-Identifier: Apache-2.0
#include "api/OnboardingRunner.h"

#include "api/CasBackendClient.h"
#include "api/ContextClient.h"
#include "api/InvitationClient.h"
#include "api/OrganizationClient.h"
#include "api/UnaryCall.h"

#include <QRandomGenerator>
#include <QTimer>

namespace adm::api {

using State = OnboardingStep::State;
using Kind = OnboardingStep::Kind;

OnboardingRunner::OnboardingRunner(
    Channel *channel, OnboardingJournal *journal, OnboardingPlan plan, OnboardingRunnerOptions options, QObject *parent)
    : QObject(parent)
    , m_channel(channel)
    , m_journal(journal)
    , m_plan(std::move(plan))
    , m_options(options)
{
    m_options.maxInFlight = std::max(1, m_options.maxInFlight);
    m_options.maxAttempts = std::max(1, m_options.maxAttempts);
    m_plan.resetUnfinished();
}

// Calls in flight belong to the channel and end by their deadline; their callbacks are bound
// to this object and never run once it is gone.
OnboardingRunner::~OnboardingRunner() = default;

void OnboardingRunner::setCredentialSets(const QHash<QString, QJsonObject> &sets)
{
    m_credentialSets = sets;
}

void OnboardingRunner::start()
{
    if (m_started)
        return;
    m_started = true;
    QTimer::singleShot(0, this, [this] {
        Q_EMIT progress(m_plan.finishedCount(), int(m_plan.steps.size()));
        schedule();
    });
}

void OnboardingRunner::cancel()
{
    if (!m_started || m_finished || m_cancelled)
        return;
    m_cancelled = true;
    for (int i = 0; i < m_plan.steps.size(); ++i) {
        if (m_plan.steps[i].state == State::Pending) {
            m_plan.steps[i].state = State::Skipped;
            m_plan.steps[i].error = tr("Cancelled before it was sent.");
            Q_EMIT stepFinished(i);
        }
    }
    // A cancelled call reports at once, inside this loop: hold scheduling so finished() comes
    // from the event loop, never from inside cancel().
    m_scheduling = true;
    const auto calls = m_calls;
    for (const QPointer<UnaryCall> &call : calls) {
        if (call)
            call->cancel();
    }
    m_scheduling = false;
    m_scheduleAgain = false;
    // Steps waiting for a resend notice the flag when their timer fires.
    QTimer::singleShot(0, this, [this] { schedule(); });
}

void OnboardingRunner::schedule()
{
    // complete() calls back into schedule(); loop instead of recursing through long chains of
    // steps that end without a call (skipped, missing credentials).
    if (m_scheduling) {
        m_scheduleAgain = true;
        return;
    }
    m_scheduling = true;
    do {
        m_scheduleAgain = false;
        scheduleOnce();
    } while (m_scheduleAgain && !m_finished);
    m_scheduling = false;
}

void OnboardingRunner::scheduleOnce()
{
    if (m_finished)
        return;
    bool pending = false;
    for (int i = 0; i < m_plan.steps.size() && !m_cancelled; ++i) {
        OnboardingStep &step = m_plan.steps[i];
        if (step.state != State::Pending)
            continue;
        const int create = step.kind == Kind::CreateOrganization ? i : m_plan.createStepOf(step.organization);
        if (create != i && create >= 0) {
            const OnboardingStep &org = m_plan.steps[create];
            if (!org.isFinished()) {
                pending = true; // waits for its organization
                continue;
            }
            if (!org.succeeded()) {
                step.state = State::Skipped;
                step.error = tr("Not attempted: the organization %1 was not created.").arg(step.organization);
                Q_EMIT stepFinished(i);
                Q_EMIT progress(m_plan.finishedCount(), int(m_plan.steps.size()));
                continue;
            }
        }
        if (m_inFlight >= m_options.maxInFlight) {
            pending = true;
            break;
        }
        launch(i);
    }
    if (m_inFlight == 0 && (!pending || m_cancelled))
        finishRun();
}

void OnboardingRunner::finishRun()
{
    if (m_finished)
        return;
    // Cancellation may leave steps that were never reached as Pending.
    for (OnboardingStep &s : m_plan.steps) {
        if (s.state == State::Pending) {
            s.state = State::Skipped;
            s.error = tr("Cancelled before it was sent.");
        }
    }
    m_finished = true;
    m_journal->runFinished(m_plan, m_cancelled);
    Q_EMIT progress(m_plan.finishedCount(), int(m_plan.steps.size()));
    Q_EMIT finished(m_plan.allSucceeded());
}

void OnboardingRunner::launch(int index)
{
    OnboardingStep &step = m_plan.steps[index];
    if (step.state == State::Pending)
        ++m_inFlight; // a resend keeps the slot it already holds
    step.state = State::Running;
    step.error.clear();
    ++step.attempts;
    // The journal tells about earlier processes (a crash after sending); within this one, only
    // an attempt whose outcome stayed unknown counts (failOrRetry), so an UNAVAILABLE first try
    // cannot turn someone else's organization into "ours".
    if (step.kind == Kind::CreateOrganization && step.attempts == 1)
        m_priorAttempt[index] = m_journal->organizationAttempted(step.organization);

    if (step.kind == Kind::AddCasBackend && !m_credentialSets.contains(step.cas.credentialSet)) {
        complete(index, State::Failed,
            tr("The credential set \"%1\" is not available; remember it (or pass it) before the run.")
                .arg(step.cas.credentialSet));
        return;
    }
    // The journal comes first: nothing reaches the server that the database does not know of.
    QString journalError;
    if (!m_journal->stepStarting(index, step, &journalError)) {
        complete(index, State::Failed, tr("Not sent, because it could not be recorded: %1").arg(journalError));
        return;
    }
    if (step.attempts == 1)
        Q_EMIT stepStarted(index);
    ++m_callsSent;
    switch (step.kind) {
    case Kind::CreateOrganization: sendCreateOrganization(index); break;
    case Kind::UpdateSettings: sendUpdateSettings(index); break;
    case Kind::AddCasBackend: sendAddCasBackend(index); break;
    case Kind::Invite: sendInvite(index); break;
    }
}

CallOptions OnboardingRunner::callOptions(int index, std::chrono::milliseconds deadline) const
{
    CallOptions o;
    o.deadline = deadline.count() > 0 ? deadline : m_options.deadline;
    // Create selects no org (and an instance token must not carry a stale one); all else acts
    // on the step's organization.
    const OnboardingStep &step = m_plan.steps[index];
    o.organization = step.kind == Kind::CreateOrganization ? QString() : step.organization;
    return o;
}

void OnboardingRunner::track(int index, UnaryCall *call)
{
    m_calls.insert(index, call);
}

void OnboardingRunner::sendCreateOrganization(int index)
{
    const QString name = m_plan.steps[index].organization;
    track(index,
        OrganizationClient(m_channel).create(
            name, this,
            [this, index](Result<Organization> r) {
                if (r.ok())
                    complete(index, State::Done);
                else if (r.error().kind() == ApiError::Kind::AlreadyExists)
                    checkExistingOrganization(index);
                else
                    failOrRetry(index, r.error());
            },
            callOptions(index)));
}

void OnboardingRunner::checkExistingOrganization(int index)
{
    const OnboardingStep &step = m_plan.steps[index];
    if (!m_options.callerIsUser) {
        // An API token has no membership to show; only an earlier create of ours makes the
        // existing organization ours. Anything else may be another tenant's: never touch it.
        if (m_priorAttempt.value(index))
            complete(index, State::Adopted, tr("Created by an earlier attempt."));
        else
            complete(index, State::Failed,
                tr("An organization named %1 already exists and was not created by this app; choose another name.")
                    .arg(step.organization));
        return;
    }
    CallOptions o = callOptions(index);
    o.organization = step.organization;
    track(index,
        ContextClient(m_channel).current(
            this,
            [this, index](Result<CurrentContext> r) {
                const QString org = m_plan.steps[index].organization;
                if (!r.ok()) {
                    if (isUncertain(r.error()) || m_cancelled)
                        return failOrRetry(index, r.error());
                    return complete(index, State::Failed,
                        tr("An organization named %1 already exists and you are not a member of it.").arg(org));
                }
                const auto &m = r.value().membership;
                if (m && (m->role == Role::Owner || m->role == Role::Admin) && m->org.name == org)
                    return complete(
                        index, State::Adopted, tr("Already existed; you are its %1.").arg(roleCliName(m->role)));
                complete(index, State::Failed,
                    tr("An organization named %1 already exists and you are not its admin or owner.").arg(org));
            },
            o));
}

void OnboardingRunner::sendUpdateSettings(int index)
{
    const OnboardingStep &step = m_plan.steps[index];
    // Update is idempotent: a resend after an uncertain outcome just sets the same values.
    track(index,
        OrganizationClient(m_channel).update(
            step.organization, step.settings, this,
            [this, index](Result<Organization> r) {
                if (r.ok())
                    complete(index, State::Done);
                else
                    failOrRetry(index, r.error());
            },
            callOptions(index)));
}

void OnboardingRunner::sendAddCasBackend(int index)
{
    const OnboardingStep &step = m_plan.steps[index];
    NewCasBackend b;
    b.name = step.cas.name;
    b.provider = step.cas.provider;
    b.location = step.cas.location;
    b.description = step.cas.description;
    b.isDefault = step.cas.isDefault;
    b.maxBytes = step.cas.maxBytes;
    b.credentials = m_credentialSets.value(step.cas.credentialSet);
    track(index,
        CasBackendClient(m_channel).create(
            b, this,
            [this, index](Result<CasBackend> r) {
                if (r.ok())
                    complete(index, State::Done);
                else if (r.error().kind() == ApiError::Kind::AlreadyExists)
                    checkExistingCasBackend(index);
                else
                    failOrRetry(index, r.error());
            },
            callOptions(index, m_options.casDeadline)));
}

void OnboardingRunner::checkExistingCasBackend(int index)
{
    track(index,
        CasBackendClient(m_channel).list(
            this,
            [this, index](Result<QList<CasBackend>> r) {
                if (!r.ok())
                    return failOrRetry(index, r.error());
                const CasTemplate &want = m_plan.steps[index].cas;
                for (const CasBackend &b : r.value()) {
                    if (b.name != want.name)
                        continue;
                    if (b.provider == want.provider && b.location == want.location)
                        return complete(index, State::Adopted, tr("A matching backend already existed."));
                    return complete(index, State::Failed,
                        tr("A CAS backend named %1 already exists with a different provider or location (%2, %3).")
                            .arg(b.name, b.provider, b.location));
                }
                complete(index, State::Failed,
                    tr("The server says a CAS backend named %1 exists, but it is not listed.").arg(want.name));
            },
            callOptions(index)));
}

void OnboardingRunner::sendInvite(int index)
{
    const OnboardingStep &step = m_plan.steps[index];
    track(index,
        InvitationClient(m_channel).create(
            step.email, step.role, this,
            [this, index](Result<Invitation> r) {
                if (r.ok())
                    return complete(index, State::Done);
                const ApiError &e = r.error();
                const QString text = e.serverMessage().toLower();
                if (e.kind() == ApiError::Kind::InvalidArgument && text.contains(QLatin1String("already a member")))
                    return complete(index, State::Adopted, tr("Already a member of the organization."));
                // The server refuses a second pending invitation for the same e-mail.
                if (e.kind() == ApiError::Kind::InvalidArgument
                    && (text.contains(QLatin1String("already exists")) || text.contains(QLatin1String("pending"))))
                    return checkExistingInvitation(index, e);
                failOrRetry(index, e);
            },
            callOptions(index)));
}

void OnboardingRunner::checkExistingInvitation(int index, const ApiError &original)
{
    if (!m_options.callerIsUser) {
        // API tokens may not list invitations; the server's answer names exactly this case.
        complete(index, State::Adopted, tr("A pending invitation already existed."));
        return;
    }
    track(index,
        InvitationClient(m_channel).listSent(
            this,
            [this, index, original](Result<QList<Invitation>> r) {
                const OnboardingStep &step = m_plan.steps[index];
                if (!r.ok()) {
                    if (isUncertain(r.error()) || m_cancelled)
                        return failOrRetry(index, r.error());
                    return complete(index, State::Adopted, tr("A pending invitation already existed."));
                }
                for (const Invitation &inv : r.value()) {
                    if (inv.receiverEmail.compare(step.email, Qt::CaseInsensitive) != 0 || !inv.isPending())
                        continue;
                    if (inv.role == step.role)
                        return complete(index, State::Adopted, tr("A pending invitation already existed."));
                    return complete(index, State::Failed,
                        tr("A pending invitation for %1 already exists with the role %2.")
                            .arg(step.email, roleCliName(inv.role)));
                }
                complete(index, State::Failed, original.toString());
            },
            callOptions(index)));
}

bool OnboardingRunner::isUncertain(const ApiError &error) const
{
    switch (error.kind()) {
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Unreachable:
    case ApiError::Kind::Protocol: return true;
    case ApiError::Kind::Cancelled: return !m_cancelled; // the server reset the stream, not us
    default: return false;
    }
}

bool OnboardingRunner::neverProcessed(const ApiError &error)
{
    // UNAVAILABLE from the server and a refused connection mean the request was not handled.
    return error.kind() == ApiError::Kind::Unreachable
        && (error.cause() == ApiError::Cause::ServerUnavailable || error.cause() == ApiError::Cause::ConnectionRefused
            || error.cause() == ApiError::Cause::HostNotFound);
}

void OnboardingRunner::failOrRetry(int index, const ApiError &error)
{
    OnboardingStep &step = m_plan.steps[index];
    if (isUncertain(error) && !neverProcessed(error) && step.kind == Kind::CreateOrganization)
        m_priorAttempt[index] = true; // it may have been created: keep the journal's mark
    if (!isUncertain(error) || m_cancelled || step.attempts >= m_options.maxAttempts) {
        if (m_cancelled && error.kind() == ApiError::Kind::Cancelled)
            return complete(
                index, State::Skipped, tr("Cancelled while in flight; a rerun checks whether it took effect."));
        return complete(index, State::Failed, error.toString());
    }
    m_calls.remove(index);
    const qint64 base = m_options.retryDelay.count() << (step.attempts - 1);
    const qint64 delay = base + QRandomGenerator::global()->bounded(qMax<qint64>(1, base / 2));
    // The step keeps its slot while it waits, so retries do not widen the window.
    QTimer::singleShot(std::chrono::milliseconds(delay), this, [this, index] {
        if (m_cancelled)
            return complete(
                index, State::Skipped, tr("Cancelled while in flight; a rerun checks whether it took effect."));
        launch(index);
    });
}

void OnboardingRunner::complete(int index, State state, const QString &error)
{
    OnboardingStep &step = m_plan.steps[index];
    m_calls.remove(index);
    step.state = state;
    step.error = error;
    --m_inFlight;
    m_journal->stepFinished(index, step, m_priorAttempt.value(index));
    Q_EMIT stepFinished(index);
    Q_EMIT progress(m_plan.finishedCount(), int(m_plan.steps.size()));
    schedule();
}

} // namespace adm::api
