// SPDX-License-Identifier: Apache-2.0
#include "sandbox/GrpcTransport.h"

#include "sandbox/CallRouter.h"

#include <QLoggingCategory>
#include <QMetaObject>

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/grpcpp.h>

#include <mutex>

namespace adm::sandbox {

Q_LOGGING_CATEGORY(lcGrpc, "adm.sandbox.grpc", QtInfoMsg)

namespace {

class UnaryReactor;

// Shared between a reactor (grpc threads) and the router's callback (Qt main thread), so the
// one that comes second finds out the call is already over: a client deadline or cancel may
// finish the call while the engine is still working, and the engine's reply then goes nowhere.
struct CallState {
    std::mutex mutex;
    UnaryReactor *reactor = nullptr; // null once grpc has called OnDone
    bool finished = false;

    // The reactor if the caller won the right to call Finish (exactly once per call).
    UnaryReactor *claim()
    {
        const std::lock_guard lock(mutex);
        if (finished || !reactor)
            return nullptr;
        finished = true;
        return reactor;
    }
};

QByteArray toBytes(const grpc::ByteBuffer &buffer)
{
    std::vector<grpc::Slice> slices;
    QByteArray out;
    if (!buffer.Dump(&slices).ok())
        return out;
    out.reserve(qsizetype(buffer.Length()));
    for (const auto &s : slices)
        out.append(reinterpret_cast<const char *>(s.begin()), qsizetype(s.size()));
    return out;
}

grpc::ByteBuffer toBuffer(const QByteArray &bytes)
{
    grpc::Slice slice(bytes.constData(), size_t(bytes.size()));
    return grpc::ByteBuffer(&slice, 1);
}

grpc::Status toStatus(const RpcReply &reply)
{
    int code = reply.status;
    if (code < 0 || code > 16)
        code = grpc::StatusCode::UNKNOWN;
    // grpc++ percent-encodes the message and sends non-empty details as grpc-status-details-bin.
    return grpc::Status(grpc::StatusCode(code), reply.message.toStdString(), reply.details.toStdString());
}

class UnaryReactor final : public grpc::ServerGenericBidiReactor
{
public:
    UnaryReactor(grpc::GenericCallbackServerContext *context, CallRouter *router)
        : m_context(context)
        , m_router(router)
        , m_state(std::make_shared<CallState>())
    {
        m_state->reactor = this;
        StartRead(&m_request);
    }

    void OnReadDone(bool ok) override
    {
        if (!ok) {
            // The client half-closed without a message, or went away.
            if (auto *self = m_state->claim())
                self->Finish(grpc::Status(grpc::StatusCode::INTERNAL, "grpc: request message missing"));
            return;
        }
        RpcRequest request;
        request.method = QByteArray::fromStdString(m_context->method());
        request.body = toBytes(m_request);
        for (const auto &[key, value] : m_context->client_metadata())
            request.metadata.insert(QByteArray(key.data(), qsizetype(key.size())).toLower(),
                QByteArray(value.data(), qsizetype(value.size())));
        auto state = m_state;
        CallRouter *router = m_router;
        QMetaObject::invokeMethod(
            router,
            [router, state, request = std::move(request)]() mutable {
                router->route(std::move(request), "grpc", [state](CallOutcome outcome) {
                    // A hung call stays open until the client cancels it or its deadline passes.
                    if (outcome.fault == FaultPlan::Action::Hang)
                        return;
                    if (auto *self = state->claim())
                        self->send(std::move(outcome));
                });
            },
            Qt::QueuedConnection);
    }

    void OnCancel() override
    {
        if (auto *self = m_state->claim())
            self->Finish(grpc::Status::CANCELLED);
    }

    void OnDone() override
    {
        {
            const std::lock_guard lock(m_state->mutex);
            m_state->reactor = nullptr;
        }
        delete this;
    }

    // Only after a successful claim().
    void send(CallOutcome outcome)
    {
        switch (outcome.fault) {
        case FaultPlan::Action::Drop:
            // grpc++ owns the HTTP/2 framing; the closest to a cut reply is a stream reset.
            m_context->TryCancel();
            Finish(grpc::Status::CANCELLED);
            return;
        case FaultPlan::Action::Malformed:
            m_response = toBuffer(CallRouter::unparsableMessage());
            StartWriteAndFinish(&m_response, grpc::WriteOptions(), grpc::Status::OK);
            return;
        case FaultPlan::Action::Oversize:
            m_response = toBuffer(CallRouter::oversizeMessage(outcome.oversizeBytes));
            StartWriteAndFinish(&m_response, grpc::WriteOptions(), grpc::Status::OK);
            return;
        case FaultPlan::Action::None:
        case FaultPlan::Action::Unavailable:
        case FaultPlan::Action::Hang: // filtered out before claim()
            break;
        }
        if (outcome.reply.status != 0) {
            Finish(toStatus(outcome.reply));
            return;
        }
        m_response = toBuffer(outcome.reply.body);
        StartWriteAndFinish(&m_response, grpc::WriteOptions(), grpc::Status::OK);
    }

private:
    grpc::GenericCallbackServerContext *m_context;
    CallRouter *m_router;
    std::shared_ptr<CallState> m_state;
    grpc::ByteBuffer m_request;
    grpc::ByteBuffer m_response;
};

} // namespace

class GrpcTransport::Service final : public grpc::CallbackGenericService
{
public:
    explicit Service(CallRouter *router)
        : m_router(router)
    { }

    grpc::ServerGenericBidiReactor *CreateReactor(grpc::GenericCallbackServerContext *context) override
    {
        return new UnaryReactor(context, m_router); // deletes itself in OnDone
    }

private:
    CallRouter *m_router;
};

GrpcTransport::GrpcTransport(CallRouter *router)
    : m_service(std::make_unique<Service>(router))
{ }

GrpcTransport::~GrpcTransport()
{
    shutdown();
}

bool GrpcTransport::listen(quint16 port, QString *error)
{
    grpc::ServerBuilder builder;
    int selected = 0;
    builder.AddListeningPort("127.0.0.1:" + std::to_string(port), grpc::InsecureServerCredentials(), &selected);
    // grpc enables SO_REUSEPORT by default, which would let two sandboxes share a fixed port.
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    builder.RegisterCallbackGenericService(m_service.get());
    m_server = builder.BuildAndStart();
    if (!m_server || selected == 0) {
        *error = QStringLiteral("cannot listen for gRPC on 127.0.0.1:%1").arg(port);
        m_server.reset();
        return false;
    }
    m_port = quint16(selected);
    qCInfo(lcGrpc, "native gRPC on 127.0.0.1:%u", unsigned(m_port));
    return true;
}

void GrpcTransport::shutdown()
{
    if (!m_server)
        return;
    // Hung calls would block a plain Shutdown(); after the deadline grpc cancels them and
    // OnCancel finishes them without the main thread.
    m_server->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(500));
    m_server->Wait();
    m_server.reset();
}

} // namespace adm::sandbox
