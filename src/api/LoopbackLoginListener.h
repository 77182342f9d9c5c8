// SPDX-License-Identifier: Apache-2.0
// The local end of the browser login (CHAINLOOP_API.md §6.2): a one-shot HTTP listener on
// 127.0.0.1:<random port> that takes the user JWT from GET /auth/callback?t=<jwt> and answers
// the browser with a small "you can close this tab" page.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

class QTcpSocket;

namespace adm::api {

// What one HTTP request to the listener asks for. Pure data so the parser can be unit-tested
// and fuzzed without sockets.
struct CallbackRequest {
    enum class Outcome {
        Incomplete, // the headers have not all arrived yet: read more
        Token, // GET /auth/callback with a well-formed t
        LoginError, // GET /auth/callback carrying error/error_description from the server
        MissingToken, // GET /auth/callback without a usable t
        NotFound, // another path (e.g. /favicon.ico)
        MethodNotAllowed, // not GET
        BadRequest, // not a well-formed HTTP/1.x request
        TooLarge, // headers longer than MaxRequestBytes
    };
    Outcome outcome = Outcome::Incomplete;
    QByteArray token; // Outcome::Token only; never log it
    QString error; // LoginError: the server's description (sanitised); else why it was refused

    static constexpr qsizetype MaxRequestBytes = 16 * 1024;
    static constexpr qsizetype MaxTokenBytes = 8 * 1024;
};

// Parses the bytes a client sent so far. Never reads beyond MaxRequestBytes; never throws.
CallbackRequest parseCallbackRequest(const QByteArray &data);

class LoopbackLoginListener : public QObject
{
    Q_OBJECT
public:
    explicit LoopbackLoginListener(QObject *parent = nullptr);
    ~LoopbackLoginListener() override;

    // Listens on 127.0.0.1 with a port the system picks. False with errorString() on failure.
    bool listen();
    // Stops listening and drops open connections. Called by itself after the token came.
    void close();
    bool isListening() const;
    quint16 port() const;
    // "http://127.0.0.1:<port>/auth/callback": the login URL's callback parameter.
    QUrl callbackUrl() const;
    QString errorString() const;

    // Per connection: a client that sends nothing useful within this time is dropped.
    void setConnectionTimeout(int ms);

Q_SIGNALS:
    // Once. The listener has stopped listening when this is emitted.
    void tokenReceived(const QByteArray &token);
    // The server redirected back with an error, or without a token. The listener has stopped.
    void failed(const QString &message);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void respond(QTcpSocket *socket, int status, const QByteArray &reason, const QString &title, const QString &text);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace adm::api
