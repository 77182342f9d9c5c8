// SPDX-License-Identifier: Apache-2.0
#include "api/LoopbackLoginListener.h"

#include "api/Logging.h"

#include <QCoreApplication>
#include <QHash>
#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace adm::api {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("LoopbackLoginListener", text);
}

bool isTokenChar(char c)
{
    // JWTs are three base64url parts joined by dots; '=' tolerated for padded encoders.
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
        || c == '.' || c == '=';
}

bool isTokenByte(char c)
{
    // RFC 9110 tchar, for the method and header names.
    static const QByteArray extra = QByteArrayLiteral("!#$%&'*+-.^_`|~");
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || extra.contains(c);
}

bool hasControlBytes(QByteArrayView line)
{
    for (char c : line) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return true;
    }
    return false;
}

// Server text shown to the user: printable, short.
QString sanitise(const QByteArray &raw)
{
    QString text = QString::fromUtf8(raw).simplified();
    text.removeIf([](QChar c) { return !c.isPrint(); });
    if (text.size() > 300)
        text = text.left(300) + QChar(0x2026);
    return text;
}

CallbackRequest refuse(CallbackRequest::Outcome outcome, const QString &why)
{
    CallbackRequest r;
    r.outcome = outcome;
    r.error = why;
    return r;
}

} // namespace

CallbackRequest parseCallbackRequest(const QByteArray &input)
{
    using Outcome = CallbackRequest::Outcome;
    const QByteArray data = input.left(CallbackRequest::MaxRequestBytes + 4);
    const qsizetype end = data.indexOf("\r\n\r\n");
    if (end < 0 || end + 4 > CallbackRequest::MaxRequestBytes) {
        if (data.size() >= CallbackRequest::MaxRequestBytes)
            return refuse(Outcome::TooLarge, tr("The request is too large."));
        // A request line that is already broken need not wait for the rest.
        if (data.indexOf("\r\n") < 0) {
            const QByteArray partial = data.endsWith('\r') ? data.chopped(1) : data;
            if (hasControlBytes(partial))
                return refuse(Outcome::BadRequest, tr("The request is not HTTP."));
        }
        return {};
    }

    const QList<QByteArray> lines = data.left(end).split('\n');
    QList<QByteArray> stripped;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const bool last = i == lines.size() - 1; // data.left(end) cut the last line's CR
        if (!last && !line.endsWith('\r'))
            return refuse(Outcome::BadRequest, tr("Lines of the request must end with CRLF."));
        stripped.append(last ? line : line.chopped(1));
    }
    const QByteArray requestLine = stripped.value(0);
    if (hasControlBytes(requestLine))
        return refuse(Outcome::BadRequest, tr("The request line has control characters."));
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3)
        return refuse(Outcome::BadRequest, tr("The request line is malformed."));
    const QByteArray &method = parts.at(0);
    const QByteArray &target = parts.at(1);
    const QByteArray &version = parts.at(2);
    if (method.isEmpty() || !std::all_of(method.begin(), method.end(), isTokenByte))
        return refuse(Outcome::BadRequest, tr("The request method is malformed."));
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return refuse(Outcome::BadRequest, tr("Only HTTP/1.0 and HTTP/1.1 are understood."));
    if (!target.startsWith('/'))
        return refuse(Outcome::BadRequest, tr("The request target must be a path."));
    for (qsizetype i = 1; i < stripped.size(); ++i) {
        const QByteArray &header = stripped.at(i);
        const qsizetype colon = header.indexOf(':');
        if (colon <= 0 || hasControlBytes(header))
            return refuse(Outcome::BadRequest, tr("A header line is malformed."));
        const QByteArray name = header.left(colon);
        if (!std::all_of(name.begin(), name.end(), isTokenByte))
            return refuse(Outcome::BadRequest, tr("A header name is malformed."));
        // A GET with a body would leave bytes we never read; refuse rather than guess.
        if (name.compare("content-length", Qt::CaseInsensitive) == 0 && header.mid(colon + 1).trimmed() != "0")
            return refuse(Outcome::BadRequest, tr("The request must not have a body."));
        if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0)
            return refuse(Outcome::BadRequest, tr("The request must not have a body."));
    }

    const qsizetype question = target.indexOf('?');
    const QByteArray path = question < 0 ? target : target.left(question);
    const QByteArray query = question < 0 ? QByteArray() : target.mid(question + 1);
    if (path != "/auth/callback")
        return refuse(Outcome::NotFound, tr("Not found."));
    if (method != "GET")
        return refuse(Outcome::MethodNotAllowed, tr("Only GET is allowed."));
    if (query.contains('#'))
        return refuse(Outcome::BadRequest, tr("The request target is malformed."));

    QByteArray token;
    int tokenCount = 0;
    QByteArray loginError;
    const QList<QByteArray> items = query.split('&');
    for (const QByteArray &item : items) {
        if (item.isEmpty())
            continue;
        const qsizetype eq = item.indexOf('=');
        QByteArray key = item.left(eq < 0 ? item.size() : eq);
        QByteArray value = eq < 0 ? QByteArray() : item.mid(eq + 1);
        key = QByteArray::fromPercentEncoding(key.replace('+', ' '));
        value = QByteArray::fromPercentEncoding(value.replace('+', ' '));
        if (key == "t") {
            ++tokenCount;
            token = value;
        } else if (key == "error_description" || (key == "error" && loginError.isEmpty())) {
            loginError = value;
        }
    }
    if (!loginError.isEmpty() && token.isEmpty()) {
        CallbackRequest r;
        r.outcome = Outcome::LoginError;
        r.error = sanitise(loginError);
        return r;
    }
    if (tokenCount != 1 || token.isEmpty())
        return refuse(Outcome::MissingToken, tr("The server's answer carries no token."));
    if (token.size() > CallbackRequest::MaxTokenBytes || !std::all_of(token.begin(), token.end(), isTokenChar)
        || token.count('.') != 2)
        return refuse(Outcome::MissingToken, tr("The server's answer carries no readable token."));
    CallbackRequest r;
    r.outcome = Outcome::Token;
    r.token = token;
    return r;
}

struct LoopbackLoginListener::Private {
    QTcpServer server;
    QHash<QTcpSocket *, QByteArray> buffers;
    QString error;
    int connectionTimeoutMs = 30000;
    bool done = false;
};

LoopbackLoginListener::LoopbackLoginListener(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    connect(&d->server, &QTcpServer::newConnection, this, &LoopbackLoginListener::onNewConnection);
}

LoopbackLoginListener::~LoopbackLoginListener()
{
    close();
}

bool LoopbackLoginListener::listen()
{
    d->done = false;
    // 127.0.0.1 only: the callback must not be reachable from other machines.
    if (!d->server.listen(QHostAddress::LocalHost, 0)) {
        d->error = tr("Cannot listen on 127.0.0.1 for the browser's answer: %1").arg(d->server.errorString());
        return false;
    }
    d->error.clear();
    return true;
}

void LoopbackLoginListener::close()
{
    d->server.close();
    const auto sockets = d->buffers.keys();
    d->buffers.clear();
    for (QTcpSocket *socket : sockets) {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
}

bool LoopbackLoginListener::isListening() const
{
    return d->server.isListening();
}

quint16 LoopbackLoginListener::port() const
{
    return d->server.serverPort();
}

QUrl LoopbackLoginListener::callbackUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port());
    url.setPath(QStringLiteral("/auth/callback"));
    return url;
}

QString LoopbackLoginListener::errorString() const
{
    return d->error;
}

void LoopbackLoginListener::setConnectionTimeout(int ms)
{
    d->connectionTimeoutMs = ms;
}

void LoopbackLoginListener::onNewConnection()
{
    while (QTcpSocket *socket = d->server.nextPendingConnection()) {
        if (d->done) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        d->buffers.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket]() { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket]() {
            d->buffers.remove(socket);
            socket->deleteLater();
        });
        // Idle clients (a browser's speculative pre-connect) must not pile up.
        QTimer::singleShot(d->connectionTimeoutMs, socket, [this, socket]() {
            if (d->buffers.remove(socket))
                socket->abort();
        });
    }
}

void LoopbackLoginListener::onReadyRead(QTcpSocket *socket)
{
    auto it = d->buffers.find(socket);
    if (it == d->buffers.end())
        return;
    // Read at most one byte past the limit so an endless sender cannot grow the buffer.
    const qint64 room = CallbackRequest::MaxRequestBytes + 1 - it->size();
    it->append(socket->read(std::max<qint64>(room, 0)));
    if (socket->bytesAvailable() > 0 && it->size() > CallbackRequest::MaxRequestBytes)
        socket->readAll(); // discard

    const CallbackRequest request = parseCallbackRequest(*it);
    using Outcome = CallbackRequest::Outcome;
    switch (request.outcome) {
    case Outcome::Incomplete: return;
    case Outcome::Token:
        respond(socket, 200, "OK", tr("Signed in"),
            tr("Chainloop Admin received your sign-in. You can close this tab and return to the application."));
        d->done = true;
        d->server.close();
        Q_EMIT tokenReceived(request.token);
        return;
    case Outcome::LoginError:
        respond(socket, 200, "OK", tr("Sign-in failed"),
            tr("The sign-in did not succeed: %1. You can close this tab.").arg(request.error));
        d->done = true;
        d->server.close();
        Q_EMIT failed(tr("The sign-in did not succeed: %1").arg(request.error));
        return;
    case Outcome::MissingToken:
        respond(socket, 400, "Bad Request", tr("Sign-in failed"),
            tr("The answer of the server carries no token. You can close this tab."));
        d->done = true;
        d->server.close();
        Q_EMIT failed(request.error);
        return;
    case Outcome::NotFound: respond(socket, 404, "Not Found", tr("Not found"), request.error); return;
    case Outcome::MethodNotAllowed:
        respond(socket, 405, "Method Not Allowed", tr("Method not allowed"), request.error);
        return;
    case Outcome::BadRequest:
    case Outcome::TooLarge: respond(socket, 400, "Bad Request", tr("Bad request"), request.error); return;
    }
}

void LoopbackLoginListener::respond(
    QTcpSocket *socket, int status, const QByteArray &reason, const QString &title, const QString &text)
{
    d->buffers.remove(socket);
    const QByteArray body = QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1</title>"
                                           "<style>body{font-family:sans-serif;max-width:36em;margin:3em auto}"
                                           "</style></head>\n<body><h1>%1</h1>\n<p>%2</p></body></html>\n")
                                .arg(title.toHtmlEscaped(), text.toHtmlEscaped())
                                .toUtf8();
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    head += "Content-Type: text/html; charset=utf-8\r\n";
    head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    // The URL of this page held the token: keep it out of caches and Referer headers.
    head += "Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\n";
    head += "Connection: close\r\n\r\n";
    socket->write(head + body);
    // The answer must reach the browser even when the listener is deleted right after the token
    // came (the socket would otherwise die with the server, resetting the connection): the
    // socket leaves the server and deletes itself once closed, or after a grace period.
    socket->setParent(nullptr);
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(10000, socket, [socket]() {
        socket->abort();
        socket->deleteLater();
    });
    socket->disconnectFromHost(); // after the bytes are written
}

} // namespace adm::api
