// SPDX-License-Identifier: Apache-2.0
// The HTTP port: gRPC-Web (application/grpc-web[+proto] and -text) for every RPC, CORS preflight,
// GET /infoz and /statusz, the browser login pages, and the test-only fault control endpoint.
// Built on QAbstractHttpServer rather than QHttpServer's router: handleRequest() gives the socket,
// which the answer needs later (replies are asynchronous) and which the drop fault closes
// half-way through a body.
#pragma once

#include "sandbox/LoginPages.h"

#include <QAbstractHttpServer>
#include <QHttpServerResponder>

namespace adm::sandbox {

class CallRouter;

class GrpcWebTransport : public QAbstractHttpServer
{
    Q_OBJECT
public:
    static constexpr qint64 MaxRequestMessageBytes = 4 * 1024 * 1024; // grpc-go's default receive limit

    // The router is not owned and must outlive this object.
    explicit GrpcWebTransport(CallRouter *router, QObject *parent = nullptr);

    // Binds 127.0.0.1:port (0 = a free port) and tells the engine its login URL.
    bool listenLocal(quint16 port, QString *error);
    quint16 port() const { return m_port; }

    // Enables GET/POST/DELETE /sandbox/faults.
    void setControlEnabled(bool enabled) { m_controlEnabled = enabled; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void handleGrpcWeb(const QHttpServerRequest &request, QTcpSocket *socket);
    void handlePreflight(const QHttpServerRequest &request, QTcpSocket *socket);
    void handleStatus(const QHttpServerRequest &request, QTcpSocket *socket);
    void handleControl(const QHttpServerRequest &request, QTcpSocket *socket);
    void sendPage(const QHttpServerRequest &request, QTcpSocket *socket, const HttpPage &page);

    CallRouter *m_router;
    LoginPages m_login;
    quint16 m_port = 0;
    bool m_controlEnabled = false;
};

} // namespace adm::sandbox
