// SPDX-License-Identifier: Apache-2.0
#include "api/LoopbackLoginListener.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using adm::api::CallbackRequest;
using adm::api::LoopbackLoginListener;
using adm::api::parseCallbackRequest;
using Outcome = CallbackRequest::Outcome;

Q_DECLARE_METATYPE(CallbackRequest::Outcome)

namespace {
// Shaped like a JWT; not a real token.
const QByteArray fakeJwt = QByteArrayLiteral("eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoiMSJ9.c2lnbmF0dXJl");

QByteArray get(const QByteArray &target, const QByteArray &extraHeaders = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
}
} // namespace

class TestLoopbackLoginListener : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void parseNeverCrashesOnNoise();
    void parsePrefixesAreIncompleteOrDecided();
    void answersTheBrowserAndEmitsTheToken();
    void followsARedirectLikeABrowser();
    void answerSurvivesTheListenerBeingDeleted();
    void keepsListeningAfterNoise();
    void reportsTheServersError();
    void oversizeRequestIsRefused();
    void listensOnLoopbackOnly();
};

void TestLoopbackLoginListener::parse_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<QByteArray>("token");

    QTest::newRow("token") << get("/auth/callback?t=" + fakeJwt) << Outcome::Token << fakeJwt;
    QTest::newRow("token among others") << get("/auth/callback?a=1&t=" + fakeJwt + "&b=") << Outcome::Token << fakeJwt;
    QTest::newRow("percent-encoded token")
        << get("/auth/callback?t=" + fakeJwt.toPercentEncoding()) << Outcome::Token << fakeJwt;
    QTest::newRow("HTTP/1.0") << QByteArray("GET /auth/callback?t=" + fakeJwt + " HTTP/1.0\r\n\r\n") << Outcome::Token
                              << fakeJwt;
    QTest::newRow("incomplete") << QByteArray("GET /auth/callback?t=" + fakeJwt + " HTTP/1.1\r\nHost: x\r\n")
                                << Outcome::Incomplete << QByteArray();
    QTest::newRow("empty") << QByteArray() << Outcome::Incomplete << QByteArray();
    QTest::newRow("no token") << get("/auth/callback") << Outcome::MissingToken << QByteArray();
    QTest::newRow("empty token") << get("/auth/callback?t=") << Outcome::MissingToken << QByteArray();
    QTest::newRow("two tokens") << get("/auth/callback?t=" + fakeJwt + "&t=" + fakeJwt) << Outcome::MissingToken
                                << QByteArray();
    QTest::newRow("not a jwt") << get("/auth/callback?t=hello") << Outcome::MissingToken << QByteArray();
    QTest::newRow("token with markup") << get("/auth/callback?t=a.b.%3Cscript%3E") << Outcome::MissingToken
                                       << QByteArray();
    QTest::newRow("server error") << get("/auth/callback?error=access_denied&error_description=User%20cancelled")
                                  << Outcome::LoginError << QByteArray();
    QTest::newRow("favicon") << get("/favicon.ico") << Outcome::NotFound << QByteArray();
    QTest::newRow("prefix path") << get("/auth/callbackx?t=" + fakeJwt) << Outcome::NotFound << QByteArray();
    QTest::newRow("post") << QByteArray("POST /auth/callback?t=" + fakeJwt + " HTTP/1.1\r\n\r\n")
                          << Outcome::MethodNotAllowed << QByteArray();
    QTest::newRow("bare LF") << QByteArray("GET /auth/callback?t=" + fakeJwt + " HTTP/1.1\nHost: x\r\n\r\n")
                             << Outcome::BadRequest << QByteArray();
    QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << Outcome::BadRequest
                                    << QByteArray();
    QTest::newRow("absolute target") << QByteArray("GET http://evil/auth/callback?t=" + fakeJwt + " HTTP/1.1\r\n\r\n")
                                     << Outcome::BadRequest << QByteArray();
    QTest::newRow("extra spaces") << QByteArray("GET  /auth/callback?t=" + fakeJwt + " HTTP/1.1\r\n\r\n")
                                  << Outcome::BadRequest << QByteArray();
    QTest::newRow("header without colon")
        << get("/auth/callback?t=" + fakeJwt, "Broken header\r\n") << Outcome::BadRequest << QByteArray();
    QTest::newRow("body") << get("/auth/callback?t=" + fakeJwt, "Content-Length: 5\r\n") << Outcome::BadRequest
                          << QByteArray();
    QTest::newRow("chunked") << get("/auth/callback?t=" + fakeJwt, "Transfer-Encoding: chunked\r\n")
                             << Outcome::BadRequest << QByteArray();
    QTest::newRow("NUL in line") << QByteArray("GET /auth/\0callback HTTP/1.1\r\n\r\n", 33) << Outcome::BadRequest
                                 << QByteArray();
    QTest::newRow("binary start") << QByteArray("\x16\x03\x01\x02\x00", 5) << Outcome::BadRequest << QByteArray();
    QTest::newRow("too large") << QByteArray("GET /" + QByteArray(CallbackRequest::MaxRequestBytes, 'a'))
                               << Outcome::TooLarge << QByteArray();
    QTest::newRow("token too long") << get(
        "/auth/callback?t=" + QByteArray(CallbackRequest::MaxTokenBytes, 'a') + ".b.c")
                                    << Outcome::MissingToken << QByteArray();
}

void TestLoopbackLoginListener::parse()
{
    QFETCH(QByteArray, request);
    QFETCH(Outcome, outcome);
    QFETCH(QByteArray, token);
    const CallbackRequest r = parseCallbackRequest(request);
    QCOMPARE(r.outcome, outcome);
    QCOMPARE(r.token, token);
    if (outcome != Outcome::Token && outcome != Outcome::Incomplete)
        QVERIFY(!r.error.isEmpty());
    if (outcome == Outcome::LoginError)
        QCOMPARE(r.error, QStringLiteral("User cancelled"));
}

void TestLoopbackLoginListener::parseNeverCrashesOnNoise()
{
    // Cheap stand-in until the fuzz target exists: random bytes and mutated requests.
    QRandomGenerator rng(42);
    const QByteArray base = get("/auth/callback?t=" + fakeJwt);
    for (int i = 0; i < 5000; ++i) {
        QByteArray input;
        if (i % 2) {
            input = base;
            for (int m = 0; m < 1 + int(rng.bounded(6)); ++m)
                input[int(rng.bounded(int(input.size())))] = char(rng.bounded(256));
        } else {
            input.resize(int(rng.bounded(300)));
            for (auto &c : input)
                c = char(rng.bounded(256));
        }
        const CallbackRequest r = parseCallbackRequest(input);
        if (r.outcome == Outcome::Token)
            QVERIFY(r.token.count('.') == 2);
    }
}

void TestLoopbackLoginListener::parsePrefixesAreIncompleteOrDecided()
{
    // Bytes arrive in pieces: every strict prefix of a good request must ask for more, never fail.
    const QByteArray request = get("/auth/callback?t=" + fakeJwt, "User-Agent: test\r\n");
    for (qsizetype n = 0; n < request.size(); ++n)
        QCOMPARE(parseCallbackRequest(request.left(n)).outcome, Outcome::Incomplete);
    QCOMPARE(parseCallbackRequest(request).outcome, Outcome::Token);
}

void TestLoopbackLoginListener::answersTheBrowserAndEmitsTheToken()
{
    LoopbackLoginListener listener;
    QVERIFY2(listener.listen(), qPrintable(listener.errorString()));
    QVERIFY(listener.port() != 0);
    QCOMPARE(
        listener.callbackUrl().toString(), QStringLiteral("http://127.0.0.1:%1/auth/callback").arg(listener.port()));
    QSignalSpy tokens(&listener, &LoopbackLoginListener::tokenReceived);

    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, listener.port());
    QVERIFY(socket.waitForConnected(5000));
    // In two pieces, as a slow client would send it.
    const QByteArray request = get("/auth/callback?t=" + fakeJwt);
    socket.write(request.left(20));
    socket.flush();
    QTest::qWait(0);
    socket.write(request.mid(20));
    QVERIFY(tokens.wait(5000));
    QCOMPARE(tokens.size(), 1);
    QCOMPARE(tokens.at(0).at(0).toByteArray(), fakeJwt);
    QVERIFY(!listener.isListening()); // one token, then the port closes

    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll(), socket.state() == QAbstractSocket::UnconnectedState), 5000);
    answer += socket.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer.constData());
    QVERIFY(answer.contains("close this tab"));
    QVERIFY(answer.contains("Cache-Control: no-store"));
    QVERIFY(!answer.contains(fakeJwt)); // the page never echoes the token
}

void TestLoopbackLoginListener::followsARedirectLikeABrowser()
{
    LoopbackLoginListener listener;
    QVERIFY(listener.listen());
    QSignalSpy tokens(&listener, &LoopbackLoginListener::tokenReceived);
    QNetworkAccessManager nam;
    QUrl url = listener.callbackUrl();
    url.setQuery(QStringLiteral("t=") + QString::fromLatin1(fakeJwt));
    QNetworkReply *reply = nam.get(QNetworkRequest(url));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(reply->readAll().contains("close this tab"));
    QCOMPARE(tokens.size(), 1);
    reply->deleteLater();
}

void TestLoopbackLoginListener::answerSurvivesTheListenerBeingDeleted()
{
    // The usual owner drops the listener as soon as the token is in; the browser must still get
    // its page instead of a reset connection.
    auto *listener = new LoopbackLoginListener;
    QVERIFY(listener->listen());
    connect(listener, &LoopbackLoginListener::tokenReceived, listener, &QObject::deleteLater);
    QPointer<LoopbackLoginListener> guard(listener);
    QNetworkAccessManager nam;
    QUrl url = listener->callbackUrl();
    url.setQuery(QStringLiteral("t=") + QString::fromLatin1(fakeJwt));
    QNetworkReply *reply = nam.get(QNetworkRequest(url));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(5000));
    QVERIFY(!guard);
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QVERIFY(reply->readAll().contains("close this tab"));
    reply->deleteLater();
}

void TestLoopbackLoginListener::keepsListeningAfterNoise()
{
    LoopbackLoginListener listener;
    QVERIFY(listener.listen());
    QSignalSpy tokens(&listener, &LoopbackLoginListener::tokenReceived);
    QSignalSpy failures(&listener, &LoopbackLoginListener::failed);
    QNetworkAccessManager nam;
    QUrl favicon = listener.callbackUrl();
    favicon.setPath(QStringLiteral("/favicon.ico"));
    QNetworkReply *reply = nam.get(QNetworkRequest(favicon));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 404);
    reply->deleteLater();

    QTcpSocket garbage;
    garbage.connectToHost(QHostAddress::LocalHost, listener.port());
    QVERIFY(garbage.waitForConnected(5000));
    garbage.write(QByteArray("\x16\x03\x01\x00\x05hello\r\n\r\n", 14));
    QTRY_VERIFY_WITH_TIMEOUT(
        garbage.state() == QAbstractSocket::UnconnectedState || garbage.bytesAvailable() > 0, 5000);
    QVERIFY(garbage.readAll().startsWith("HTTP/1.1 400"));

    QVERIFY(listener.isListening());
    QVERIFY(tokens.isEmpty());
    QVERIFY(failures.isEmpty());
}

void TestLoopbackLoginListener::reportsTheServersError()
{
    LoopbackLoginListener listener;
    QVERIFY(listener.listen());
    QSignalSpy failures(&listener, &LoopbackLoginListener::failed);
    QNetworkAccessManager nam;
    QUrl url = listener.callbackUrl();
    url.setQuery(QStringLiteral("error_description=The%20user%20said%20no"));
    QNetworkReply *reply = nam.get(QNetworkRequest(url));
    QVERIFY(failures.wait(5000));
    QVERIFY(failures.at(0).at(0).toString().contains(QStringLiteral("The user said no")));
    QVERIFY(!listener.isListening());
    reply->deleteLater();
}

void TestLoopbackLoginListener::oversizeRequestIsRefused()
{
    LoopbackLoginListener listener;
    QVERIFY(listener.listen());
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, listener.port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /auth/callback?t=" + QByteArray(64 * 1024, 'a'));
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll(), answer.size() > 12), 5000);
    QVERIFY2(answer.startsWith("HTTP/1.1 400"), answer.left(40).constData());
    QVERIFY(listener.isListening());
}

void TestLoopbackLoginListener::listensOnLoopbackOnly()
{
    LoopbackLoginListener listener;
    QVERIFY(listener.listen());
    QCOMPARE(listener.callbackUrl().host(), QStringLiteral("127.0.0.1"));
    listener.close();
    QVERIFY(!listener.isListening());
}

QTEST_MAIN(TestLoopbackLoginListener)
#include "tst_loopbackloginlistener.moc"
