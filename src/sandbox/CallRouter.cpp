// SPDX-License-Identifier: Apache-2.0
#include "sandbox/CallRouter.h"

#include <QLoggingCategory>
#include <QTimer>

namespace adm::sandbox {

Q_LOGGING_CATEGORY(lcCalls, "adm.sandbox.calls", QtInfoMsg)

namespace {

constexpr int StatusUnavailable = 14;

const char *actionName(FaultPlan::Action action)
{
    switch (action) {
    case FaultPlan::Action::None: return "";
    case FaultPlan::Action::Unavailable: return " [fault: unavailable]";
    case FaultPlan::Action::Drop: return " [fault: drop]";
    case FaultPlan::Action::Malformed: return " [fault: malformed]";
    case FaultPlan::Action::Oversize: return " [fault: oversize]";
    case FaultPlan::Action::Hang: return " [fault: hang]";
    }
    return "";
}

int varintSize(qint64 v)
{
    int n = 1;
    while (v >= 0x80) {
        v >>= 7;
        ++n;
    }
    return n;
}

} // namespace

CallRouter::CallRouter(ControlPlane *controlPlane, FaultInjector *faults, QObject *parent)
    : QObject(parent)
    , m_controlPlane(controlPlane)
    , m_faults(faults)
{ }

void CallRouter::route(RpcRequest request, const char *protocol, std::function<void(CallOutcome)> done)
{
    QElapsedTimer timer;
    timer.start();
    const FaultPlan plan = m_faults->planFor(request.method);
    if (plan.latency.count() > 0) {
        QTimer::singleShot(
            plan.latency, this, [this, request = std::move(request), protocol, plan, done = std::move(done), timer]() {
                dispatch(request, protocol, plan, done, timer);
            });
        return;
    }
    dispatch(request, protocol, plan, done, timer);
}

void CallRouter::dispatch(const RpcRequest &request, const char *protocol, const FaultPlan &plan,
    const std::function<void(CallOutcome)> &done, QElapsedTimer timer)
{
    const QByteArray method = request.method;
    auto finish = [method, protocol, plan, done, timer](CallOutcome outcome) {
        // Method, status and timing only: request metadata carries bearer tokens.
        qCDebug(lcCalls, "%s %s -> %d in %lld ms%s", protocol, method.constData(), outcome.reply.status,
            qint64(timer.elapsed()), actionName(plan.action));
        done(std::move(outcome));
    };
    switch (plan.action) {
    case FaultPlan::Action::Hang: {
        qCDebug(lcCalls, "%s %s -> (never answered)%s", protocol, method.constData(), actionName(plan.action));
        CallOutcome outcome;
        outcome.fault = plan.action;
        done(std::move(outcome));
        return;
    }
    case FaultPlan::Action::Unavailable: {
        CallOutcome outcome;
        outcome.reply.status = StatusUnavailable;
        outcome.reply.message = QStringLiteral("sandbox fault injection: service unavailable");
        finish(std::move(outcome));
        return;
    }
    case FaultPlan::Action::Oversize: {
        CallOutcome outcome;
        outcome.fault = plan.action;
        outcome.oversizeBytes = plan.oversizeBytes;
        finish(std::move(outcome));
        return;
    }
    case FaultPlan::Action::None:
    case FaultPlan::Action::Drop:
    case FaultPlan::Action::Malformed:
        // The engine still runs the call: a reply lost on the way is what clients must survive.
        m_controlPlane->handle(request, [finish, action = plan.action](RpcReply reply) {
            CallOutcome outcome;
            outcome.fault = action;
            outcome.reply = std::move(reply);
            finish(std::move(outcome));
        });
        return;
    }
}

QByteArray CallRouter::oversizeMessage(qint64 bytes)
{
    if (bytes < 3)
        return QByteArray(int(bytes), '\0');
    qint64 payload = bytes - 2;
    while (1 + varintSize(payload) + payload > bytes)
        --payload;
    QByteArray out;
    out.reserve(bytes);
    out.append(char(0x7a)); // field 15, length-delimited: unknown to every message we use
    for (qint64 v = payload;; v >>= 7) {
        if (v < 0x80) {
            out.append(char(v));
            break;
        }
        out.append(char((v & 0x7f) | 0x80));
    }
    out.append(QByteArray(payload, 'x')); // may end one byte short of `bytes`: still oversized
    return out;
}

QByteArray CallRouter::unparsableMessage()
{
    return QByteArray("\x0a\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 11);
}

} // namespace adm::sandbox
