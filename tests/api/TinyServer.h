// SPDX-License-Identifier: Apache-2.0
// A scriptable HTTP/1.1 server on a loopback port, for channel tests without the sandbox:
// gRPC-Web answers, web pages, silence, cut-short bodies, and a plain HTTP/1.1 server's
// reaction to an HTTP/2 preface. Optionally TLS (QSslServer).
#pragma once

#include "api/GrpcFrame.h"

#include <QFile>
#include <QHash>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <functional>

namespace adm::test {

struct HttpRequest {
    QByteArray method;
    QByteArray path;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
};

// Wire helpers.
inline QByteArray trailerFrame(const QByteArray &lines)
{
    QByteArray f = adm::api::encodeGrpcFrame(lines);
    f[0] = char(0x80);
    return f;
}

inline QByteArray httpResponse(const QByteArray &body, const QByteArray &contentType = "application/grpc-web+proto",
    const QByteArray &extraHeaders = {}, int status = 200, const QByteArray &reason = "OK")
{
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\nContent-Type: " + contentType
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n" + body;
}

inline QByteArray grpcWebOk(const QByteArray &message)
{
    return httpResponse(adm::api::encodeGrpcFrame(message) + trailerFrame("grpc-status: 0\r\n"));
}

inline QByteArray grpcWebStatus(int code, const QByteArray &encodedMessage, const QByteArray &extraTrailer = {})
{
    return httpResponse(trailerFrame(
        "grpc-status: " + QByteArray::number(code) + "\r\ngrpc-message: " + encodedMessage + "\r\n" + extraTrailer));
}

class TinyServer : public QObject
{
public:
    // Called per complete request; write the answer (or not) to the socket.
    using Handler = std::function<void(const HttpRequest &, QTcpSocket *)>;

    explicit TinyServer(bool tls = false, const QString &certFile = {})
    {
        if (tls) {
            auto *ssl = new QSslServer(this);
            QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
            QFile certF(certFile), keyF(QStringLiteral(ADM_TEST_DATA_DIR "/server.key"));
            certF.open(QIODevice::ReadOnly);
            keyF.open(QIODevice::ReadOnly);
            conf.setLocalCertificate(QSslCertificate(certF.readAll(), QSsl::Pem));
            conf.setPrivateKey(QSslKey(keyF.readAll(), QSsl::Rsa, QSsl::Pem));
            conf.setAllowedNextProtocols({ QByteArrayLiteral("http/1.1") });
            ssl->setSslConfiguration(conf);
            ssl->setHandshakeTimeout(5000);
            m_server = ssl;
        } else {
            m_server = new QTcpServer(this);
        }
        QObject::connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *s = m_server->nextPendingConnection())
                accept(s);
        });
        m_server->listen(QHostAddress::LocalHost, 0);
    }

    quint16 port() const { return m_server->serverPort(); }
    void setHandler(Handler h) { m_handler = std::move(h); }

    QList<HttpRequest> requests;
    int connections = 0;
    bool silent = false; // accept and read, never answer anything (not even an HTTP/2 preface)
    int prefaces = 0; // HTTP/2 prior-knowledge prefaces seen (and refused)

private:
    void accept(QTcpSocket *s)
    {
        ++connections;
        QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        QObject::connect(s, &QTcpSocket::readyRead, this, [this, s] { onRead(s); });
        if (s->bytesAvailable())
            onRead(s);
    }

    void onRead(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        if (silent)
            return;
        while (true) {
            if (buf.startsWith("PRI * HTTP/2.0")) {
                // What a plain HTTP/1.1 server says to an HTTP/2 preface.
                ++prefaces;
                buf.clear();
                s->write(httpResponse("Bad Request", "text/plain", "Connection: close\r\n", 400, "Bad Request"));
                s->disconnectFromHost();
                return;
            }
            const qsizetype end = buf.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            HttpRequest req;
            const QList<QByteArray> lines = buf.left(end).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            req.method = first.value(0);
            req.path = first.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype c = lines[i].indexOf(':');
                if (c > 0)
                    req.headers.insert(lines[i].left(c).trimmed().toLower(), lines[i].mid(c + 1).trimmed());
            }
            const qsizetype length = req.headers.value("content-length", "0").toLongLong();
            if (buf.size() < end + 4 + length)
                return;
            req.body = buf.mid(end + 4, length);
            buf.remove(0, end + 4 + length);
            requests << req;
            if (m_handler)
                m_handler(req, s);
        }
    }

    QTcpServer *m_server = nullptr;
    Handler m_handler;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

// Writes `data` in pieces of `chunk` bytes, `delayMs` apart, so the client sees many reads.
inline void writeSlowly(QTcpSocket *s, const QByteArray &data, int chunk, int delayMs)
{
    QPointer<QTcpSocket> socket(s);
    for (qsizetype off = 0, i = 0; off < data.size(); off += chunk, ++i) {
        const QByteArray piece = data.mid(off, chunk);
        QTimer::singleShot(int(i) * delayMs, s, [socket, piece] {
            if (socket) {
                socket->write(piece);
                socket->flush();
            }
        });
    }
}

} // namespace adm::test
