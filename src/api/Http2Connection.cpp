// SPDX-License-Identifier: Apache-2.0
#include "Http2Connection.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QSslSocket>
#include <QTcpSocket>

#include <nghttp2/nghttp2.h>
#include <utility>

namespace adm::api {

// Connection and stream events (never headers: they carry the token).
Q_LOGGING_CATEGORY(lcHttp2, "adm.api.http2", QtWarningMsg)

namespace {
constexpr char SettingsFrameType = 0x04;
constexpr qint32 StreamWindow = 1 << 20; // typical list answers arrive without a WINDOW_UPDATE round trip
constexpr qint32 ConnectionWindow = 16 << 20;
constexpr quint32 AssumedPeerMaxStreams = 100; // until the server's SETTINGS say otherwise (RFC 9113 §6.5.2)

nghttp2_nv header(const QByteArray &name, const QByteArray &value)
{
    // The byte arrays outlive nghttp2_submit_request(), which copies them (no NO_COPY flags).
    return { reinterpret_cast<uint8_t *>(const_cast<char *>(name.constData())),
        reinterpret_cast<uint8_t *>(const_cast<char *>(value.constData())), size_t(name.size()), size_t(value.size()),
        NGHTTP2_NV_FLAG_NONE };
}
} // namespace

// libnghttp2's callbacks: they only record what arrived; Http2Connection::deliver() tells the
// callers once libnghttp2 has returned, so a caller may cancel, start calls or delete the channel.
struct Http2Callbacks {
    static Http2Connection &self(void *userData) { return *static_cast<Http2Connection *>(userData); }

    static int onHeader(nghttp2_session *, const nghttp2_frame *frame, const uint8_t *name, size_t nameLength,
        const uint8_t *value, size_t valueLength, uint8_t, void *userData)
    {
        if (frame->hd.type != NGHTTP2_HEADERS)
            return 0;
        auto it = self(userData).m_streams.find(frame->hd.stream_id);
        if (it == self(userData).m_streams.end())
            return 0;
        const QByteArrayView key(reinterpret_cast<const char *>(name), qsizetype(nameLength));
        const QByteArray text(reinterpret_cast<const char *>(value), qsizetype(valueLength));
        if (key == ":status")
            it->response.status = text.toInt();
        else
            it->response.headers.append({ key.toByteArray(), text });
        return 0;
    }

    static int onData(nghttp2_session *, uint8_t, int32_t streamId, const uint8_t *data, size_t length, void *userData)
    {
        Http2Connection &c = self(userData);
        auto it = c.m_streams.find(streamId);
        if (it != c.m_streams.end()) {
            it->pending.append(reinterpret_cast<const char *>(data), qsizetype(length));
            c.touch(streamId);
        }
        return 0; // consumed: libnghttp2 sends the WINDOW_UPDATEs
    }

    static int onStreamClose(nghttp2_session *, int32_t streamId, uint32_t errorCode, void *userData)
    {
        Http2Connection &c = self(userData);
        auto it = c.m_streams.find(streamId);
        if (it == c.m_streams.end() || it->closed)
            return 0;
        it->closed = true;
        if (errorCode == NGHTTP2_REFUSED_STREAM) {
            it->response.failure = Http2Connection::Failure::Refused;
            it->response.detail = Http2Connection::tr("the server refused the stream");
        } else if (errorCode != NGHTTP2_NO_ERROR) {
            it->response.failure = Http2Connection::Failure::Reset;
            it->response.detail = Http2Connection::tr("the server reset the stream (%1)")
                                      .arg(QString::fromLatin1(nghttp2_http2_strerror(errorCode)));
        }
        if (errorCode != NGHTTP2_NO_ERROR)
            qCDebug(lcHttp2) << "stream" << streamId << "closed with" << nghttp2_http2_strerror(errorCode);
        c.touch(streamId);
        return 0;
    }

    static int onFrameReceived(nghttp2_session *, const nghttp2_frame *frame, void *userData)
    {
        if (frame->hd.type == NGHTTP2_GOAWAY) {
            // Streams above last_stream_id are closed with REFUSED_STREAM by libnghttp2; new
            // calls go to a new connection.
            self(userData).m_goingAway = true;
            qCDebug(lcHttp2) << "GOAWAY from" << self(userData).m_target.authority << "last stream"
                             << frame->goaway.last_stream_id << nghttp2_http2_strerror(frame->goaway.error_code);
        }
        return 0;
    }

    static int onFrameNotSent(nghttp2_session *, const nghttp2_frame *frame, int libError, void *userData)
    {
        // A request that never went out (GOAWAY arrived first, or no stream ids left).
        if (frame->hd.type != NGHTTP2_HEADERS)
            return 0;
        Http2Connection &c = self(userData);
        auto it = c.m_streams.find(frame->hd.stream_id);
        if (it == c.m_streams.end() || it->closed)
            return 0;
        it->closed = true;
        it->response.failure = libError == NGHTTP2_ERR_START_STREAM_NOT_ALLOWED
            ? Http2Connection::Failure::Refused
            : Http2Connection::Failure::ConnectionClosed;
        it->response.detail = QString::fromLatin1(nghttp2_strerror(libError));
        c.touch(frame->hd.stream_id);
        return 0;
    }

    static ssize_t readBody(nghttp2_session *, int32_t streamId, uint8_t *buf, size_t length, uint32_t *flags,
        nghttp2_data_source *, void *userData)
    {
        Http2Connection &c = self(userData);
        auto it = c.m_streams.find(streamId);
        if (it == c.m_streams.end())
            return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE; // cancelled meanwhile: reset the stream
        const QByteArray &body = it->request.body;
        const size_t n = std::min(length, size_t(body.size() - it->sent));
        memcpy(buf, body.constData() + it->sent, n);
        it->sent += qsizetype(n);
        if (it->sent == body.size())
            *flags |= NGHTTP2_DATA_FLAG_EOF;
        return ssize_t(n);
    }
};

void Http2Connection::SessionDeleter::operator()(nghttp2_session *session) const
{
    nghttp2_session_del(session);
}

Http2Connection::Http2Connection(Target target, QObject *parent)
    : QObject(parent)
    , m_target(std::move(target))
{
    startSession();
    if (m_target.tls) {
        auto *ssl = new QSslSocket(this);
        QSslConfiguration conf = m_target.ssl.value_or(QSslConfiguration::defaultConfiguration());
        // http/1.1 too, although we never speak it: a server without h2 then picks it and we can
        // say so, instead of failing the handshake on an ALPN mismatch.
        conf.setAllowedNextProtocols({ QByteArrayLiteral("h2"), QByteArrayLiteral("http/1.1") });
        ssl->setSslConfiguration(conf);
        connect(ssl, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) { m_sslErrors = errors; });
        connect(ssl, &QSslSocket::encrypted, this, &Http2Connection::onConnected);
        m_socket = ssl;
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &Http2Connection::onConnected);
    }
    // Qt never sets TCP_NODELAY itself; without it each small frame waits for a delayed ACK.
    connect(m_socket, &QAbstractSocket::connected, this,
        [this] { m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
    connect(m_socket, &QAbstractSocket::readyRead, this, &Http2Connection::onReadyRead);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &Http2Connection::onSocketError);
    connect(m_socket, &QAbstractSocket::disconnected, this, &Http2Connection::onSocketError);
    qCDebug(lcHttp2) << "connecting to" << m_target.authority << (m_target.tls ? "over TLS" : "in cleartext");
    if (m_target.tls)
        static_cast<QSslSocket *>(m_socket)->connectToHostEncrypted(m_target.host, m_target.port);
    else
        m_socket->connectToHost(m_target.host, m_target.port);
}

Http2Connection::~Http2Connection()
{
    // Callers are gone or going (the channel ends its calls first): no callbacks on the way out.
    m_streams.clear();
    m_socket->disconnect(this);
    m_socket->abort();
}

void Http2Connection::startSession()
{
    nghttp2_session_callbacks *callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, &Http2Callbacks::onHeader);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &Http2Callbacks::onData);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &Http2Callbacks::onStreamClose);
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &Http2Callbacks::onFrameReceived);
    nghttp2_session_callbacks_set_on_frame_not_send_callback(callbacks, &Http2Callbacks::onFrameNotSent);
    nghttp2_option *options = nullptr;
    nghttp2_option_new(&options);
    nghttp2_option_set_peer_max_concurrent_streams(options, AssumedPeerMaxStreams);
    nghttp2_session *session = nullptr;
    nghttp2_session_client_new2(&session, callbacks, this, options);
    nghttp2_option_del(options);
    nghttp2_session_callbacks_del(callbacks);
    m_session.reset(session);

    const nghttp2_settings_entry settings[] = {
        { NGHTTP2_SETTINGS_ENABLE_PUSH, 0 },
        { NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, StreamWindow },
    };
    nghttp2_submit_settings(session, NGHTTP2_FLAG_NONE, settings, std::size(settings));
    nghttp2_session_set_local_window_size(session, NGHTTP2_FLAG_NONE, 0, ConnectionWindow);
}

bool Http2Connection::acceptsStreams() const
{
    return !m_failed && !m_goingAway && m_session && nghttp2_session_check_request_allowed(m_session.get());
}

qint32 Http2Connection::submit(Request request)
{
    if (!acceptsStreams())
        return 0;
    const QByteArray method = QByteArrayLiteral(":method"), post = QByteArrayLiteral("POST");
    const QByteArray scheme = QByteArrayLiteral(":scheme");
    const QByteArray schemeValue = m_target.tls ? QByteArrayLiteral("https") : QByteArrayLiteral("http");
    const QByteArray path = QByteArrayLiteral(":path"), authority = QByteArrayLiteral(":authority");
    std::vector<nghttp2_nv> nva;
    nva.reserve(4 + size_t(request.headers.size()));
    nva.push_back(header(method, post));
    nva.push_back(header(scheme, schemeValue));
    nva.push_back(header(path, request.path));
    nva.push_back(header(authority, m_target.authority));
    for (const auto &[name, value] : std::as_const(request.headers))
        nva.push_back(header(name, value));
    nghttp2_data_provider body {};
    body.read_callback = &Http2Callbacks::readBody;
    const int32_t id = nghttp2_submit_request(m_session.get(), nullptr, nva.data(), nva.size(), &body, nullptr);
    if (id <= 0) {
        qCDebug(lcHttp2) << "cannot start a stream:" << nghttp2_strerror(id);
        return 0;
    }
    Stream &stream = m_streams[id];
    stream.request = std::move(request);
    flush();
    return id;
}

void Http2Connection::cancel(qint32 streamId)
{
    auto it = m_streams.find(streamId);
    if (it == m_streams.end())
        return;
    const bool open = !it->closed;
    m_streams.erase(it);
    if (open && m_session) {
        // Also drops a request still queued behind SETTINGS_MAX_CONCURRENT_STREAMS.
        nghttp2_submit_rst_stream(m_session.get(), NGHTTP2_FLAG_NONE, streamId, NGHTTP2_CANCEL);
        flush();
    }
    closeIfDone();
}

Http2Connection::PrefaceAnswer Http2Connection::classifyPrefaceAnswer(const QByteArray &firstBytes, bool closed)
{
    // An HTTP/2 server's first frame is SETTINGS (RFC 9113 §3.4).
    if (firstBytes.size() >= 9 && firstBytes.at(3) == SettingsFrameType)
        return PrefaceAnswer::Http2;
    if (firstBytes.startsWith("HTTP/"))
        return PrefaceAnswer::NotHttp2;
    if (closed || firstBytes.size() >= 9)
        return PrefaceAnswer::NotHttp2;
    return PrefaceAnswer::Inconclusive;
}

void Http2Connection::onConnected()
{
    if (m_target.tls) {
        const QByteArray alpn = static_cast<QSslSocket *>(m_socket)->sslConfiguration().nextNegotiatedProtocol();
        if (alpn != "h2") {
            failAll(Failure::NotHttp2,
                tr("the server did not agree on HTTP/2 over TLS (ALPN: %1)")
                    .arg(alpn.isEmpty() ? tr("none") : QString::fromLatin1(alpn)));
            return;
        }
        m_prefaceAnswered = true; // ALPN settled it
    }
    qCDebug(lcHttp2) << "connected to" << m_target.authority;
    m_ready = true;
    flush();
}

void Http2Connection::onReadyRead()
{
    if (m_failed)
        return;
    QByteArray bytes = m_socket->readAll();
    if (!m_prefaceAnswered) {
        // Prior knowledge in cleartext: an HTTP/1.1 server answers the preface with "HTTP/1.1 400"
        // or garbage, which libnghttp2 would only call a protocol error.
        m_firstBytes += bytes;
        switch (classifyPrefaceAnswer(m_firstBytes, false)) {
        case PrefaceAnswer::Inconclusive: return;
        case PrefaceAnswer::NotHttp2: refuseHttp2(); return;
        case PrefaceAnswer::Http2:
            m_prefaceAnswered = true;
            bytes = std::exchange(m_firstBytes, {});
            Q_EMIT http2Confirmed();
            break;
        }
    }
    const ssize_t used = nghttp2_session_mem_recv(
        m_session.get(), reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()));
    if (used < 0) {
        const QString detail = tr("HTTP/2 protocol error: %1").arg(QString::fromLatin1(nghttp2_strerror(int(used))));
        QPointer<Http2Connection> alive(this);
        deliver();
        if (alive)
            failAll(Failure::ConnectionClosed, detail);
        return;
    }
    flush();
    deliver();
}

void Http2Connection::onSocketError()
{
    if (m_failed)
        return;
    const QString text = m_socket->errorString();
    if (!m_ready) {
        switch (m_socket->error()) {
        case QAbstractSocket::ConnectionRefusedError: failAll(Failure::ConnectionRefused, text); return;
        case QAbstractSocket::HostNotFoundError: failAll(Failure::HostNotFound, text); return;
        case QAbstractSocket::NetworkError: failAll(Failure::NetworkDown, text); return;
        case QAbstractSocket::SslHandshakeFailedError: failAll(Failure::Tls, text); return;
        default: failAll(Failure::ConnectionClosed, text); return;
        }
    }
    if (!m_prefaceAnswered) {
        m_firstBytes += m_socket->readAll();
        if (!m_firstBytes.isEmpty()) {
            refuseHttp2();
            return;
        }
        if (!m_target.spokeHttp2Before) {
            // Closed right after our preface: a server that does not take HTTP/2 in cleartext (or
            // is going down; not remembered, so the next connection asks again).
            failAll(Failure::NotHttp2, tr("the server closed the connection after the HTTP/2 preface"));
            return;
        }
    }
    failAll(Failure::ConnectionClosed, text.isEmpty() ? tr("the server closed the connection") : text);
}

void Http2Connection::refuseHttp2()
{
    // "HTTP/1.1 400 Bad Request" says it best; anything else is not worth quoting.
    const QString detail = m_firstBytes.startsWith("HTTP/")
        ? QString::fromLatin1(m_firstBytes.left(m_firstBytes.indexOf('\r')).left(80))
        : tr("the server did not answer the HTTP/2 preface with HTTP/2");
    Q_EMIT http2Refused(detail);
    failAll(Failure::NotHttp2, detail);
}

void Http2Connection::flush()
{
    if (!m_ready || m_failed)
        return;
    // Appends to the socket's buffer; Qt writes it once control returns to the event loop, so
    // the calls started in one pass share a write.
    while (true) {
        const uint8_t *data = nullptr;
        const ssize_t n = nghttp2_session_mem_send(m_session.get(), &data);
        if (n <= 0)
            break;
        m_socket->write(reinterpret_cast<const char *>(data), n);
    }
}

void Http2Connection::touch(qint32 streamId)
{
    if (m_touched.empty() || m_touched.back() != streamId)
        m_touched.push_back(streamId);
}

void Http2Connection::failAll(Failure failure, const QString &detail)
{
    if (m_failed)
        return;
    m_failed = true;
    m_ready = false;
    qCDebug(lcHttp2) << "connection to" << m_target.authority << "ended:" << int(failure) << detail;
    for (auto it = m_streams.begin(); it != m_streams.end(); ++it) {
        if (it->closed)
            continue;
        it->closed = true;
        it->response.failure = failure;
        it->response.detail = detail;
        if (failure == Failure::Tls)
            it->response.sslErrors = m_sslErrors;
        touch(it.key());
    }
    m_socket->disconnect(this);
    m_socket->abort();
    deliver();
}

void Http2Connection::deliver()
{
    QPointer<Http2Connection> alive(this);
    std::vector<qint32> touched;
    touched.swap(m_touched);
    for (const qint32 id : touched) {
        auto it = m_streams.find(id);
        if (it == m_streams.end())
            continue;
        if (!it->pending.isEmpty() && it->request.onData) {
            // Copies: the callback may cancel the stream, which erases its record.
            const auto onData = it->request.onData;
            const Response soFar = it->response;
            onData(soFar, std::exchange(it->pending, {}));
            if (!alive)
                return;
            it = m_streams.find(id);
            if (it == m_streams.end())
                continue;
        }
        if (it->closed) {
            Stream stream = std::move(*it);
            m_streams.erase(it);
            if (stream.request.onClosed)
                stream.request.onClosed(stream.response);
            if (!alive)
                return;
        }
    }
    closeIfDone();
}

void Http2Connection::closeIfDone()
{
    if (!m_streams.isEmpty())
        return;
    const bool sessionDone
        = m_session && !nghttp2_session_want_read(m_session.get()) && !nghttp2_session_want_write(m_session.get());
    if (!m_failed && !m_goingAway && !sessionDone)
        return; // idle but usable: keep it for the next call
    if (!m_failed) {
        flush(); // a GOAWAY of our own, if libnghttp2 has one queued
        m_failed = true;
        m_socket->disconnectFromHost();
    }
    deleteLater();
}

} // namespace adm::api
