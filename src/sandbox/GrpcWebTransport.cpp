// SPDX-License-Identifier: Apache-2.0
#include "sandbox/GrpcWebTransport.h"

#include "sandbox/CallRouter.h"

#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace adm::sandbox {

Q_LOGGING_CATEGORY(lcHttp, "adm.sandbox.http", QtInfoMsg)

namespace {

using Headers = QList<QPair<QByteArray, QByteArray>>;

constexpr int StatusDeadlineExceeded = 4;
constexpr int StatusResourceExhausted = 8;
constexpr int StatusInternal = 13;

QByteArray header(const QHttpServerRequest &request, const QByteArray &name)
{
    const auto headers = request.headers();
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

// gRPC's rule: bytes outside printable ASCII, and '%', are sent as %XX.
QByteArray percentEncodeMessage(const QString &message)
{
    static const char hex[] = "0123456789ABCDEF";
    QByteArray out;
    const QByteArray utf8 = message.toUtf8();
    for (const char c : utf8) {
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0x20 && b <= 0x7e && b != '%') {
            out.append(c);
        } else {
            out.append('%');
            out.append(hex[b >> 4]);
            out.append(hex[b & 0xf]);
        }
    }
    return out;
}

QByteArray frame(quint8 flags, const QByteArray &payload, qint64 declaredLength = -1)
{
    const auto length = quint32(declaredLength < 0 ? payload.size() : declaredLength);
    QByteArray out;
    out.reserve(payload.size() + 5);
    out.append(char(flags));
    out.append(char(length >> 24));
    out.append(char(length >> 16));
    out.append(char(length >> 8));
    out.append(char(length));
    out.append(payload);
    return out;
}

QByteArray trailerFrame(const RpcReply &reply)
{
    QByteArray block = "grpc-status: " + QByteArray::number(reply.status) + "\r\n";
    if (!reply.message.isEmpty())
        block += "grpc-message: " + percentEncodeMessage(reply.message) + "\r\n";
    if (!reply.details.isEmpty())
        block += "grpc-status-details-bin: " + reply.details.toBase64(QByteArray::OmitTrailingEquals) + "\r\n";
    return frame(0x80, block);
}

// "grpc-timeout: 1500m" etc.; nullopt when absent or unreadable.
std::optional<std::chrono::milliseconds> parseGrpcTimeout(const QByteArray &value)
{
    static const QRegularExpression re(QStringLiteral("^(\\d{1,8})([HMSmun])$"));
    const auto m = re.match(QString::fromLatin1(value.trimmed()));
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 n = m.captured(1).toLongLong();
    switch (m.captured(2).at(0).toLatin1()) {
    case 'H': return std::chrono::milliseconds(n * 3600000);
    case 'M': return std::chrono::milliseconds(n * 60000);
    case 'S': return std::chrono::milliseconds(n * 1000);
    case 'm': return std::chrono::milliseconds(n);
    case 'u': return std::chrono::milliseconds((n + 999) / 1000);
    default: return std::chrono::milliseconds((n + 999999) / 1000000);
    }
}

// One gRPC-Web call waiting for its answer. The socket belongs to QAbstractHttpServer and is
// deleted if the client disconnects meanwhile; the QPointer tells us so.
struct WebCall {
    QPointer<QTcpSocket> socket;
    std::unique_ptr<QHttpServerResponder> responder;
    std::unique_ptr<QTimer> deadline;
    bool text = false;
    QByteArray origin;
    bool answered = false;

    bool connected() const { return socket && socket->state() == QAbstractSocket::ConnectedState; }

    Headers headers() const
    {
        return { { "Content-Type", text ? "application/grpc-web-text+proto" : "application/grpc-web+proto" },
            { "Access-Control-Allow-Origin", origin.isEmpty() ? QByteArray("*") : origin },
            { "Access-Control-Expose-Headers", "grpc-status, grpc-message, grpc-status-details-bin" } };
    }

    QByteArray encode(const QByteArray &frames) const { return text ? frames.toBase64() : frames; }

    void writeHead(qint64 contentLength)
    {
        responder->writeStatusLine(QHttpServerResponder::StatusCode::Ok);
        for (const auto &[key, value] : headers())
            responder->writeHeader(key, value);
        responder->writeHeader("Content-Length", QByteArray::number(contentLength));
    }

    void reply(const QByteArray &frames)
    {
        const QByteArray body = encode(frames);
        writeHead(body.size());
        responder->writeBody(body);
    }
};

// The timer may be the one emitting right now, so it is not deleted on the spot.
void disarm(WebCall &call)
{
    if (call.deadline) {
        call.deadline->stop();
        call.deadline.release()->deleteLater();
    }
}

void answer(const std::shared_ptr<WebCall> &call, const CallOutcome &outcome)
{
    if (outcome.fault == FaultPlan::Action::Hang) {
        disarm(*call); // a hung server ignores the client's deadline too
        call->answered = true;
        return;
    }
    if (call->answered)
        return; // the deadline answered first
    call->answered = true;
    disarm(*call);
    if (!call->connected())
        return;

    const RpcReply &reply = outcome.reply;
    QByteArray frames;
    if (outcome.fault == FaultPlan::Action::Oversize) {
        frames = frame(0, CallRouter::oversizeMessage(outcome.oversizeBytes)) + trailerFrame(RpcReply {});
    } else if (outcome.fault == FaultPlan::Action::Malformed) {
        // The length prefix promises 16 bytes more than the body holds, and no trailer follows.
        frames = frame(0, reply.body, reply.body.size() + 16);
    } else {
        if (reply.status == 0)
            frames = frame(0, reply.body);
        frames += trailerFrame(reply);
    }

    if (outcome.fault == FaultPlan::Action::Drop) {
        // Announce the full length, send half, then close: the client sees the connection end
        // in the middle of the body.
        const QByteArray body = call->encode(frames);
        call->writeHead(body.size());
        call->responder->writeBody(body.left(body.size() / 2));
        call->socket->flush();
        call->socket->disconnectFromHost();
        return;
    }
    call->reply(frames);
}

} // namespace

GrpcWebTransport::GrpcWebTransport(CallRouter *router, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_router(router)
    , m_login(router->controlPlane())
{ }

bool GrpcWebTransport::listenLocal(quint16 port, QString *error)
{
    m_port = listen(QHostAddress::LocalHost, port);
    if (m_port == 0) {
        *error = QStringLiteral("cannot listen for HTTP on 127.0.0.1:%1").arg(port);
        return false;
    }
    const QUrl loginUrl(QStringLiteral("http://127.0.0.1:%1/auth/login").arg(m_port));
    m_login.setLoginUrl(loginUrl);
    m_router->controlPlane()->setLoginUrl(loginUrl.toString());
    qCInfo(lcHttp, "gRPC-Web and HTTP on 127.0.0.1:%u", unsigned(m_port));
    return true;
}

bool GrpcWebTransport::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    using Method = QHttpServerRequest::Method;
    const QString path = request.url().path();
    const Method method = request.method();
    if (method == Method::Options) {
        handlePreflight(request, socket);
        return true;
    }
    if (method == Method::Post && header(request, "content-type").startsWith("application/grpc-web")) {
        handleGrpcWeb(request, socket);
        return true;
    }
    if (method == Method::Get && (path == QLatin1String("/infoz") || path == QLatin1String("/statusz"))) {
        handleStatus(request, socket);
        return true;
    }
    if (method == Method::Get && path == QLatin1String("/auth/login")) {
        sendPage(request, socket, m_login.login(request.query()));
        return true;
    }
    if (method == Method::Get && path == QLatin1String("/auth/callback")) {
        sendPage(request, socket, m_login.callback(request.query()));
        return true;
    }
    if (m_controlEnabled && path == QLatin1String("/sandbox/faults")) {
        handleControl(request, socket);
        return true;
    }
    return false;
}

void GrpcWebTransport::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    sendPage(request, socket, { 404, "text/plain; charset=utf-8", "404 page not found\n", {} });
}

void GrpcWebTransport::sendPage(const QHttpServerRequest &request, QTcpSocket *socket, const HttpPage &page)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.writeStatusLine(QHttpServerResponder::StatusCode(page.status));
    if (!page.contentType.isEmpty())
        responder.writeHeader("Content-Type", page.contentType);
    for (const auto &[key, value] : page.headers)
        responder.writeHeader(key, value);
    responder.writeHeader("Content-Length", QByteArray::number(page.body.size()));
    responder.writeBody(page.body);
}

void GrpcWebTransport::handlePreflight(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const QByteArray origin = header(request, "origin");
    QByteArray allowHeaders = header(request, "access-control-request-headers");
    if (allowHeaders.isEmpty())
        allowHeaders = "authorization, chainloop-organization, content-type, grpc-timeout, x-grpc-web, x-user-agent";
    sendPage(request, socket,
        { 204, {}, {},
            { { "Access-Control-Allow-Origin", origin.isEmpty() ? QByteArray("*") : origin },
                { "Access-Control-Allow-Methods", "POST, GET, OPTIONS" },
                { "Access-Control-Allow-Headers", allowHeaders },
                { "Access-Control-Expose-Headers", "grpc-status, grpc-message, grpc-status-details-bin" },
                { "Access-Control-Max-Age", "600" } } });
}

void GrpcWebTransport::handleGrpcWeb(const QHttpServerRequest &request, QTcpSocket *socket)
{
    auto call = std::make_shared<WebCall>();
    call->socket = socket;
    call->responder = std::make_unique<QHttpServerResponder>(makeResponder(request, socket));
    call->text = header(request, "content-type").startsWith("application/grpc-web-text");
    call->origin = header(request, "origin");

    auto fail = [&call](int status, const QString &message) {
        CallOutcome outcome;
        outcome.reply.status = status;
        outcome.reply.message = message;
        answer(call, outcome);
    };

    QByteArray body = request.body();
    if (call->text) {
        auto decoded = QByteArray::fromBase64Encoding(body, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            fail(StatusInternal, QStringLiteral("grpc-web: invalid base64 request body"));
            return;
        }
        body = *decoded;
    }
    if (body.size() < 5) {
        fail(StatusInternal, QStringLiteral("grpc-web: request frame missing"));
        return;
    }
    const auto flags = quint8(body.at(0));
    const quint32 length = (quint32(quint8(body.at(1))) << 24) | (quint32(quint8(body.at(2))) << 16)
        | (quint32(quint8(body.at(3))) << 8) | quint32(quint8(body.at(4)));
    if (flags & 0x01) {
        fail(StatusInternal, QStringLiteral("grpc: compressed flag set with identity or empty encoding"));
        return;
    }
    if (length > MaxRequestMessageBytes) {
        fail(StatusResourceExhausted,
            QStringLiteral("grpc: received message larger than max (%1 vs. %2)")
                .arg(length)
                .arg(MaxRequestMessageBytes));
        return;
    }
    if (qint64(body.size()) < 5 + qint64(length)) {
        fail(StatusInternal, QStringLiteral("grpc-web: request frame truncated"));
        return;
    }

    RpcRequest rpc;
    rpc.method = request.url().path().toUtf8();
    rpc.body = body.mid(5, length);
    const auto headers = request.headers();
    for (const auto &[key, value] : headers)
        rpc.metadata.insert(key.toLower(), value);

    if (const auto timeout = parseGrpcTimeout(header(request, "grpc-timeout"))) {
        call->deadline = std::make_unique<QTimer>();
        call->deadline->setSingleShot(true);
        // A weak pointer: the timer lives inside the call, so a strong one would never be freed.
        std::weak_ptr<WebCall> weak = call;
        QObject::connect(call->deadline.get(), &QTimer::timeout, this, [weak]() {
            if (auto c = weak.lock()) {
                CallOutcome outcome;
                outcome.reply.status = StatusDeadlineExceeded;
                outcome.reply.message = QStringLiteral("context deadline exceeded");
                answer(c, outcome);
            }
        });
        call->deadline->start(*timeout);
    }
    m_router->route(std::move(rpc), "grpc-web", [call](CallOutcome outcome) { answer(call, outcome); });
}

void GrpcWebTransport::handleStatus(const QHttpServerRequest &request, QTcpSocket *socket)
{
    auto json = [](const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); };
    const QByteArray type = "application/json";
    ControlPlane *cp = m_router->controlPlane();
    if (request.url().path() == QLatin1String("/infoz")) {
        sendPage(request, socket, { 200, type, json(cp->infoz()), {} });
        return;
    }
    const QString readiness = request.query().queryItemValue(QStringLiteral("readiness"));
    const bool checkReady = readiness == QLatin1String("true") || readiness == QLatin1String("1");
    if (checkReady && !cp->ready()) {
        const QJsonObject error { { QStringLiteral("code"), 503 },
            { QStringLiteral("reason"), QStringLiteral("CAS_NOT_READY") },
            { QStringLiteral("message"), QStringLiteral("control plane not ready") },
            { QStringLiteral("metadata"), QJsonObject() } };
        sendPage(request, socket, { 503, type, json(error), {} });
        return;
    }
    sendPage(request, socket, { 200, type, json(QJsonObject()), {} });
}

void GrpcWebTransport::handleControl(const QHttpServerRequest &request, QTcpSocket *socket)
{
    using Method = QHttpServerRequest::Method;
    FaultInjector *faults = m_router->faults();
    const QByteArray type = "application/json";
    auto json = [](const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); };
    switch (request.method()) {
    case Method::Get: break;
    case Method::Delete:
        faults->clear();
        qCInfo(lcHttp, "faults cleared");
        break;
    case Method::Post: {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(request.body(), &parseError);
        QString error;
        if (!doc.isObject())
            error = QStringLiteral("body must be a JSON object: ") + parseError.errorString();
        else if (faults->replaceFromJson(doc.object(), &error))
            qCInfo(
                lcHttp, "faults set: %s", QJsonDocument(faults->toJson()).toJson(QJsonDocument::Compact).constData());
        if (!error.isEmpty()) {
            sendPage(request, socket, { 400, type, json({ { QStringLiteral("error"), error } }), {} });
            return;
        }
        break;
    }
    default:
        sendPage(request, socket,
            { 405, type, json({ { QStringLiteral("error"), QStringLiteral("GET, POST or DELETE") } }), {} });
        return;
    }
    sendPage(request, socket, { 200, type, json(faults->toJson()), {} });
}

} // namespace adm::sandbox
