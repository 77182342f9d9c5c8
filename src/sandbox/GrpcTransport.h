// SPDX-License-Identifier: Apache-2.0
// Native gRPC (HTTP/2) listener built on grpc++'s callback generic service: every method path,
// known or not, is handed as raw bytes to the CallRouter on the Qt main thread, and the reply is
// sent from the router's callback (grpc reactors may be finished from any thread).
#pragma once

#include <QString>
#include <QtGlobal>

#include <memory>

namespace grpc {
class CallbackGenericService;
class Server;
} // namespace grpc

namespace adm::sandbox {

class CallRouter;

class GrpcTransport
{
public:
    // The router is not owned and must outlive this object.
    explicit GrpcTransport(CallRouter *router);
    ~GrpcTransport(); // shuts the server down: pending calls are cancelled, not awaited

    // Binds 127.0.0.1:port (0 = a free port). False with *error when the port cannot be bound.
    bool listen(quint16 port, QString *error);
    quint16 port() const { return m_port; }
    void shutdown();

private:
    class Service;
    std::unique_ptr<Service> m_service;
    std::unique_ptr<grpc::Server> m_server;
    quint16 m_port = 0;
};

} // namespace adm::sandbox
