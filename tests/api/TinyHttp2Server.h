// SPDX-License-Identifier: Apache-2.0
// A scriptable native gRPC (HTTP/2, libnghttp2 server session) server on a loopback port, for
// the channel's own HTTP/2 connection: counts connections and open streams, holds answers back,
// answers large, resets streams, sends GOAWAY, limits concurrent streams, stops and restarts on
// the same port. Optionally TLS with ALPN "h2".
#pragma once

#include "api/GrpcFrame.h"

#include <QFile>
#include <QHash>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>

#include <functional>
#include <map>
#include <memory>
#include <nghttp2/nghttp2.h>

namespace adm::test {

class TinyHttp2Server : public QObject
{
public:
    struct Request {
        qint32 streamId = 0;
        QHash<QByteArray, QByteArray> headers; // including the pseudo-headers (":path", ...)
        QByteArray body; // framed
    };
    struct Reply {
        QByteArray message; // unframed response message
        int grpcStatus = 0;
        bool reset = false; // RST_STREAM INTERNAL_ERROR instead of an answer
        bool hold = false; // answer only on release()
    };
    // Default: echo the request message.
    using Handler = std::function<Reply(const Request &)>;

    explicit TinyHttp2Server(bool tls = false, quint32 maxConcurrentStreams = 0)
        : m_tls(tls)
        , m_maxStreams(maxConcurrentStreams)
    {
        listen(0);
    }
    ~TinyHttp2Server() override { stop(); }

    quint16 port() const { return m_port; }
    void setHandler(Handler h) { m_handler = std::move(h); }

    QList<Request> requests;
    int connections = 0;
    int openStreams = 0;
    int maxOpenStreams = 0; // the most streams open at once on one connection
    int cancelledByClient = 0; // RST_STREAM CANCEL received

    // Closes every connection and stops listening (as a server process that went away).
    void stop()
    {
        delete m_server;
        m_server = nullptr;
        const auto conns = std::move(m_connections);
        m_connections.clear();
        for (const auto &c : conns) {
            c->socket->disconnect(this);
            c->socket->abort();
            c->socket->deleteLater();
        }
        openStreams = 0;
    }
    bool restart() { return listen(m_port); }

    // Answers the held streams now.
    void release()
    {
        for (const auto &c : m_connections) {
            for (auto &[id, s] : c->streams) {
                if (s.held) {
                    s.held = false;
                    answer(*c, id, s);
                }
            }
            flush(*c);
        }
    }

    // GOAWAY on every connection: streams above lastStreamId were not processed.
    void goAway(qint32 lastStreamId)
    {
        for (const auto &c : m_connections) {
            nghttp2_submit_goaway(c->session, NGHTTP2_FLAG_NONE, lastStreamId, NGHTTP2_NO_ERROR, nullptr, 0);
            flush(*c);
        }
    }

private:
    struct Stream {
        Request request;
        Reply reply;
        QByteArray out; // framed answer
        qsizetype sent = 0;
        bool held = false;
    };
    struct Connection {
        TinyHttp2Server *server = nullptr;
        QTcpSocket *socket = nullptr;
        nghttp2_session *session = nullptr;
        std::map<qint32, Stream> streams;
        ~Connection() { nghttp2_session_del(session); }
    };

    bool listen(quint16 port)
    {
        if (m_tls) {
            auto *ssl = new QSslServer(this);
            QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
            QFile certF(QStringLiteral(ADM_TEST_DATA_DIR "/server.pem"));
            QFile keyF(QStringLiteral(ADM_TEST_DATA_DIR "/server.key"));
            certF.open(QIODevice::ReadOnly);
            keyF.open(QIODevice::ReadOnly);
            conf.setLocalCertificate(QSslCertificate(certF.readAll(), QSsl::Pem));
            conf.setPrivateKey(QSslKey(keyF.readAll(), QSsl::Rsa, QSsl::Pem));
            conf.setAllowedNextProtocols({ QByteArrayLiteral("h2") });
            ssl->setSslConfiguration(conf);
            m_server = ssl;
        } else {
            m_server = new QTcpServer(this);
        }
        QObject::connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *s = m_server->nextPendingConnection())
                accept(s);
        });
        const bool ok = m_server->listen(QHostAddress::LocalHost, port);
        m_port = m_server->serverPort();
        return ok;
    }

    void accept(QTcpSocket *socket)
    {
        ++connections;
        auto c = std::make_shared<Connection>();
        c->server = this;
        c->socket = socket;
        nghttp2_session_callbacks *cb = nullptr;
        nghttp2_session_callbacks_new(&cb);
        nghttp2_session_callbacks_set_on_begin_headers_callback(cb, &onBeginHeaders);
        nghttp2_session_callbacks_set_on_header_callback(cb, &onHeader);
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, &onData);
        nghttp2_session_callbacks_set_on_frame_recv_callback(cb, &onFrame);
        nghttp2_session_callbacks_set_on_stream_close_callback(cb, &onStreamClose);
        nghttp2_session_server_new(&c->session, cb, c.get());
        nghttp2_session_callbacks_del(cb);
        std::vector<nghttp2_settings_entry> settings;
        if (m_maxStreams > 0)
            settings.push_back({ NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, m_maxStreams });
        nghttp2_submit_settings(c->session, NGHTTP2_FLAG_NONE, settings.data(), settings.size());
        m_connections.push_back(c);
        Connection *raw = c.get();
        QObject::connect(socket, &QTcpSocket::readyRead, this, [this, raw] { read(*raw); });
        QObject::connect(socket, &QTcpSocket::disconnected, this, [this, raw] { drop(raw); });
        flush(*c);
        if (socket->bytesAvailable())
            read(*c);
    }

    void drop(Connection *raw)
    {
        for (auto it = m_connections.begin(); it != m_connections.end(); ++it) {
            if (it->get() == raw) {
                raw->socket->disconnect(this);
                openStreams -= int(raw->streams.size());
                raw->socket->deleteLater();
                m_connections.erase(it);
                return;
            }
        }
    }

    void read(Connection &c)
    {
        const QByteArray bytes = c.socket->readAll();
        if (nghttp2_session_mem_recv(
                c.session, reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()))
            < 0) {
            c.socket->abort();
            return;
        }
        flush(c);
    }

    static void flush(Connection &c)
    {
        const uint8_t *data = nullptr;
        ssize_t n = 0;
        while ((n = nghttp2_session_mem_send(c.session, &data)) > 0)
            c.socket->write(reinterpret_cast<const char *>(data), n);
    }

    void complete(Connection &c, qint32 id)
    {
        Stream &s = c.streams[id];
        s.request.streamId = id;
        requests << s.request;
        if (m_handler) {
            s.reply = m_handler(s.request);
        } else {
            s.reply.message = s.request.body.mid(5);
        }
        if (s.reply.reset) {
            nghttp2_submit_rst_stream(c.session, NGHTTP2_FLAG_NONE, id, NGHTTP2_INTERNAL_ERROR);
            return;
        }
        if (s.reply.hold) {
            s.held = true;
            return;
        }
        answer(c, id, s);
    }

    static void answer(Connection &c, qint32 id, Stream &s)
    {
        s.out = adm::api::encodeGrpcFrame(s.reply.message);
        static const QByteArray status = ":status", ok = "200", type = "content-type", grpc = "application/grpc";
        const nghttp2_nv nva[] = { nv(status, ok), nv(type, grpc) };
        nghttp2_data_provider provider {};
        provider.read_callback = &readBody;
        nghttp2_submit_response(c.session, id, nva, 2, &provider);
    }

    static nghttp2_nv nv(const QByteArray &name, const QByteArray &value)
    {
        return { reinterpret_cast<uint8_t *>(const_cast<char *>(name.constData())),
            reinterpret_cast<uint8_t *>(const_cast<char *>(value.constData())), size_t(name.size()),
            size_t(value.size()), NGHTTP2_NV_FLAG_NONE };
    }

    static ssize_t readBody(nghttp2_session *session, int32_t id, uint8_t *buf, size_t length, uint32_t *flags,
        nghttp2_data_source *, void *user)
    {
        auto &c = *static_cast<Connection *>(user);
        Stream &s = c.streams[id];
        const size_t n = std::min(length, size_t(s.out.size() - s.sent));
        memcpy(buf, s.out.constData() + s.sent, n);
        s.sent += qsizetype(n);
        if (s.sent == s.out.size()) {
            // gRPC's status goes in trailers after the body.
            *flags |= NGHTTP2_DATA_FLAG_EOF | NGHTTP2_DATA_FLAG_NO_END_STREAM;
            const QByteArray name = "grpc-status", value = QByteArray::number(s.reply.grpcStatus);
            const nghttp2_nv trailer[] = { nv(name, value) };
            nghttp2_submit_trailer(session, id, trailer, 1);
        }
        return ssize_t(n);
    }

    static int onBeginHeaders(nghttp2_session *, const nghttp2_frame *frame, void *user)
    {
        auto &c = *static_cast<Connection *>(user);
        if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST) {
            c.streams[frame->hd.stream_id];
            c.server->openStreams = int(c.streams.size());
            c.server->maxOpenStreams = std::max(c.server->maxOpenStreams, c.server->openStreams);
        }
        return 0;
    }

    static int onHeader(nghttp2_session *, const nghttp2_frame *frame, const uint8_t *name, size_t nameLength,
        const uint8_t *value, size_t valueLength, uint8_t, void *user)
    {
        auto &c = *static_cast<Connection *>(user);
        c.streams[frame->hd.stream_id].request.headers.insert(
            QByteArray(reinterpret_cast<const char *>(name), qsizetype(nameLength)),
            QByteArray(reinterpret_cast<const char *>(value), qsizetype(valueLength)));
        return 0;
    }

    static int onData(nghttp2_session *, uint8_t, int32_t id, const uint8_t *data, size_t length, void *user)
    {
        auto &c = *static_cast<Connection *>(user);
        c.streams[id].request.body.append(reinterpret_cast<const char *>(data), qsizetype(length));
        return 0;
    }

    static int onFrame(nghttp2_session *, const nghttp2_frame *frame, void *user)
    {
        auto &c = *static_cast<Connection *>(user);
        if ((frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA)
            && (frame->hd.flags & NGHTTP2_FLAG_END_STREAM))
            c.server->complete(c, frame->hd.stream_id);
        return 0;
    }

    static int onStreamClose(nghttp2_session *, int32_t id, uint32_t errorCode, void *user)
    {
        auto &c = *static_cast<Connection *>(user);
        if (errorCode == NGHTTP2_CANCEL)
            ++c.server->cancelledByClient;
        c.streams.erase(id);
        c.server->openStreams = int(c.streams.size());
        return 0;
    }

    bool m_tls;
    quint32 m_maxStreams;
    quint16 m_port = 0;
    QTcpServer *m_server = nullptr;
    Handler m_handler;
    std::vector<std::shared_ptr<Connection>> m_connections;
};

} // namespace adm::test
