// SPDX-License-Identifier: Apache-2.0
// Internal: one HTTP/2 client connection of a Channel, for native gRPC.
//
// Why not QNetworkAccessManager: per call it builds a reply, a thread delegate and a dozen signal
// connections, and hops to its HTTP thread and back through queued events; with 32 calls in flight
// that cost 3-4 times grpc++'s CPU per call (issue #10). This connection lives on the channel's
// thread, multiplexes every call on one socket (QTcpSocket with prior knowledge, or QSslSocket
// with ALPN "h2") and leaves framing, HPACK and flow control to libnghttp2.
//
// It reports what came over the wire; UnaryCall turns that into an ApiError, on the same code
// path as the gRPC-Web answers from QNAM.
#pragma once

#include "api/GrpcMetadata.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSslConfiguration>
#include <QSslError>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QTcpSocket;
struct nghttp2_session;

namespace adm::api {

class Http2Connection : public QObject
{
    Q_OBJECT
public:
    struct Target {
        QString host;
        quint16 port = 0;
        bool tls = false;
        std::optional<QSslConfiguration> ssl; // used when tls: the channel's CAs (unset: the system's)
        QByteArray authority; // "host:port"
        // An earlier connection to this server spoke HTTP/2: a close before its first byte is then
        // a dropped connection, not a refusal of HTTP/2.
        bool spokeHttp2Before = false;
    };

    // Why a stream ended without a complete HTTP/2 response; None = the server ended it normally.
    enum class Failure {
        None,
        ConnectionRefused,
        HostNotFound,
        NetworkDown,
        Tls, // the handshake failed; Response::sslErrors says why
        NotHttp2, // an HTTP/1.x answer to the preface, other bytes, or ALPN without "h2"
        ConnectionClosed, // the connection went away (or broke the protocol) before the stream ended
        Refused, // GOAWAY or REFUSED_STREAM: the server did not process the request
        Reset, // the server reset the stream (RST_STREAM other than REFUSED_STREAM)
    };

    // What arrived for one stream so far; complete when the stream closed.
    struct Response {
        int status = 0; // :status; 0 = no response headers
        HeaderList headers; // response headers, then the trailers (as QNAM merges them)
        Failure failure = Failure::None;
        QString detail; // technical words for a failure
        QList<QSslError> sslErrors; // Failure::Tls
    };

    struct Request {
        QByteArray path; // ":path"
        HeaderList headers; // lower-case names; the pseudo-headers are added here
        QByteArray body; // sent as DATA, then END_STREAM
        // Called on the connection's thread, never from inside a libnghttp2 callback.
        std::function<void(const Response &, QByteArray data)> onData;
        std::function<void(const Response &)> onClosed; // exactly once, unless cancelled first
    };

    explicit Http2Connection(Target target, QObject *parent = nullptr);
    ~Http2Connection() override;

    // False once the connection failed, closed or received GOAWAY: new calls need a new one.
    bool acceptsStreams() const;
    // Starts a stream (queued while the server's SETTINGS_MAX_CONCURRENT_STREAMS are in use, or
    // until the connection is up). Returns its id, or 0 when the connection cannot take it.
    qint32 submit(Request request);
    // Resets the stream (RST_STREAM CANCEL); its callbacks are not called any more.
    void cancel(qint32 streamId);

    // Pure: the first bytes a cleartext server sent after our preface (closed = it then closed).
    enum class PrefaceAnswer { Http2, NotHttp2, Inconclusive };
    static PrefaceAnswer classifyPrefaceAnswer(const QByteArray &firstBytes, bool closed);

Q_SIGNALS:
    // A cleartext server answered the preface with something other than HTTP/2 (detail: its
    // status line, or what it sent): the channel remembers it.
    void http2Refused(const QString &detail);
    // The server's first bytes were HTTP/2 (once per connection).
    void http2Confirmed();

private:
    struct Stream {
        Request request;
        qsizetype sent = 0; // body bytes handed to libnghttp2
        Response response;
        QByteArray pending; // DATA not yet delivered
        bool closed = false;
    };
    struct SessionDeleter {
        void operator()(nghttp2_session *session) const;
    };

    void startSession();
    void onConnected();
    void onReadyRead();
    void onSocketError();
    void refuseHttp2();
    void flush();
    void failAll(Failure failure, const QString &detail);
    void touch(qint32 streamId);
    void deliver();
    void closeIfDone();

    friend struct Http2Callbacks; // libnghttp2's callbacks (Http2Connection.cpp), user_data = this

    Target m_target;
    QTcpSocket *m_socket = nullptr; // a QSslSocket when tls
    std::unique_ptr<nghttp2_session, SessionDeleter> m_session;
    QHash<qint32, Stream> m_streams;
    std::vector<qint32> m_touched; // streams with news, in order, delivered after libnghttp2 returns
    QByteArray m_firstBytes; // cleartext: the server's first bytes, until they show HTTP/2
    QList<QSslError> m_sslErrors;
    bool m_ready = false; // connected (and encrypted with h2): bytes may flow
    bool m_prefaceAnswered = false; // the server's first bytes were HTTP/2
    bool m_goingAway = false; // GOAWAY received
    bool m_failed = false;
};

} // namespace adm::api
