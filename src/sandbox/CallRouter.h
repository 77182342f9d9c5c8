// SPDX-License-Identifier: Apache-2.0
// The one path every RPC takes, whichever port it came in on: fault plan, optional delay, then
// ControlPlane::handle(). Lives on the Qt main thread; transports post calls to it.
#pragma once

#include "sandbox/ControlPlane.h"
#include "sandbox/FaultInjector.h"

#include <QElapsedTimer>
#include <QObject>

#include <functional>

namespace adm::sandbox {

// What the transport must send back. With a fault action other than None (Unavailable is
// already turned into `reply`), the transport corrupts or withholds its answer accordingly.
struct CallOutcome {
    FaultPlan::Action fault = FaultPlan::Action::None;
    qint64 oversizeBytes = 0;
    RpcReply reply;
};

class CallRouter : public QObject
{
    Q_OBJECT
public:
    // Neither pointer is owned; both must outlive the router.
    CallRouter(ControlPlane *controlPlane, FaultInjector *faults, QObject *parent = nullptr);

    // `done` runs exactly once, on this thread, possibly before route() returns. For a Hang fault
    // it carries fault == Hang: the transport must then never answer (the client gives up).
    void route(RpcRequest request, const char *protocol, std::function<void(CallOutcome)> done);

    FaultInjector *faults() const { return m_faults; }
    ControlPlane *controlPlane() const { return m_controlPlane; }

    // The reply body for an Oversize fault: a valid message made of one unknown length-delimited
    // field, so a client fails on the size and not on parsing.
    static QByteArray oversizeMessage(qint64 bytes);
    // Bytes that no protobuf parser accepts (a truncated varint tag), for Malformed on gRPC.
    static QByteArray unparsableMessage();

private:
    void dispatch(const RpcRequest &request, const char *protocol, const FaultPlan &plan,
        const std::function<void(CallOutcome)> &done, QElapsedTimer timer);

    ControlPlane *m_controlPlane;
    FaultInjector *m_faults;
};

} // namespace adm::sandbox
