// SPDX-License-Identifier: Apache-2.0
// Native gRPC over the channel's own HTTP/2 connection (Http2Connection), against a local
// libnghttp2 server: many calls on one connection, the server's stream limit, large answers
// (flow control), cancel and deadline of one stream, resets, GOAWAY, a server that goes away
// and comes back, an HTTP/1.1 server, TLS with ALPN.
#include "TinyHttp2Server.h"
#include "TinyServer.h"
#include "api/Channel.h"
#include "api/UnaryCall.h"
#include "core/Endpoint.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QPointer>
#include <QTest>

using namespace adm;
using namespace adm::api;
using namespace adm::test;
using namespace std::chrono_literals;
using Kind = ApiError::Kind;
using Cause = ApiError::Cause;

namespace {
constexpr QByteArrayView Method = "/controlplane.v1.StatusService/Infoz";

// Echoes the request's message (after its 5-byte gRPC frame header) and holds back the reply
// to the one whose message is `held` until the test releases it.
TinyHttp2Server::Handler echoHolding(const QByteArray &held)
{
    return [held](const TinyHttp2Server::Request &r) {
        TinyHttp2Server::Reply reply { r.body.mid(5) };
        reply.hold = r.body.mid(5) == held;
        return reply;
    };
}

ChannelConfig config(quint16 port, bool tls = false)
{
    const auto parsed = parseEndpoint(
        QStringLiteral("%1:%2").arg(tls ? QStringLiteral("localhost") : QStringLiteral("127.0.0.1")).arg(port), !tls);
    ChannelConfig c;
    c.endpoint = *parsed.endpoint;
    c.protocol = Protocol::Grpc;
    c.defaultDeadline = 5s;
    return c;
}

struct Outcome {
    QByteArray payload;
    ApiError error;
    int emissions = 0;
    int attempts = 0;
};

// Starts calls and collects their outcomes; wait() runs the event loop until all reported.
class Calls
{
public:
    explicit Calls(Channel &channel)
        : m_channel(channel)
    { }

    UnaryCall *start(const QByteArray &request, CallOptions options = {})
    {
        const int index = int(m_outcomes.size());
        m_outcomes.emplace_back();
        UnaryCall *call = m_channel.call(Method, request, options);
        QObject::connect(call, &UnaryCall::finished, call, [this, index, call](const QByteArray &p, const ApiError &e) {
            Outcome &o = m_outcomes[size_t(index)];
            o.payload = p;
            o.error = e;
            o.attempts = call->attempts();
            ++o.emissions;
            ++m_done;
        });
        return call;
    }

    bool wait(int timeoutMs = 15000)
    {
        QElapsedTimer clock;
        clock.start();
        while (m_done < int(m_outcomes.size()) && clock.elapsed() < timeoutMs)
            QTest::qWait(5);
        QTest::qWait(20); // let a second emission (a bug) show up
        return m_done == int(m_outcomes.size());
    }

    const Outcome &operator[](int i) const { return m_outcomes[size_t(i)]; }
    int size() const { return int(m_outcomes.size()); }

private:
    Channel &m_channel;
    std::vector<Outcome> m_outcomes;
    int m_done = 0;
};

Outcome runOne(Channel &channel, const QByteArray &request, CallOptions options = {})
{
    Calls calls(channel);
    calls.start(request, options);
    calls.wait();
    return calls[0];
}
} // namespace

class TestHttp2Connection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void manyCallsShareOneConnection()
    {
        TinyHttp2Server server;
        server.setHandler([](const TinyHttp2Server::Request &r) {
            TinyHttp2Server::Reply reply;
            reply.message = "re:" + r.body.mid(5);
            reply.hold = true; // all 64 stay open until released
            return reply;
        });
        Channel channel(config(server.port()));
        channel.setToken("test-token-value");
        channel.setOrganization(QStringLiteral("acme"));
        Calls calls(channel);
        for (int i = 0; i < 64; ++i)
            calls.start("m" + QByteArray::number(i));
        QTRY_COMPARE(server.requests.size(), 64);
        QCOMPARE(server.openStreams, 64); // all in flight at once
        QVERIFY(channel.hasCallsInFlight());
        server.release();
        QVERIFY(calls.wait());
        for (int i = 0; i < 64; ++i) {
            QVERIFY2(calls[i].error.isOk(), qPrintable(calls[i].error.toString()));
            QCOMPARE(calls[i].payload, "re:m" + QByteArray::number(i));
            QCOMPARE(calls[i].emissions, 1);
        }
        QCOMPARE(server.connections, 1);
        QTRY_VERIFY(!channel.hasCallsInFlight());

        // The metadata UnaryCall builds, and the pseudo-headers.
        const auto &h = server.requests[0].headers;
        QCOMPARE(h.value(":method"), QByteArray("POST"));
        QCOMPARE(h.value(":scheme"), QByteArray("http"));
        QCOMPARE(h.value(":path"), QByteArray(Method.data(), Method.size()));
        QCOMPARE(h.value(":authority"), "127.0.0.1:" + QByteArray::number(server.port()));
        QCOMPARE(h.value("content-type"), QByteArray("application/grpc"));
        QCOMPARE(h.value("te"), QByteArray("trailers"));
        QCOMPARE(h.value("authorization"), QByteArray("Bearer test-token-value"));
        QCOMPARE(h.value("chainloop-organization"), QByteArray("acme"));
        QVERIFY(h.value("user-agent").startsWith("chainloop-admin/"));
        QVERIFY(h.value("grpc-timeout").endsWith('m'));
        QCOMPARE(server.requests[0].body, encodeGrpcFrame("m0"));

        // Later calls reuse the connection.
        server.setHandler({});
        QCOMPARE(runOne(channel, "again").payload, QByteArray("again"));
        QCOMPARE(server.connections, 1);
    }

    void serverStreamLimitQueuesCalls()
    {
        TinyHttp2Server server(false, 4); // SETTINGS_MAX_CONCURRENT_STREAMS 4
        Channel channel(config(server.port()));
        QVERIFY(runOne(channel, "warm-up").error.isOk()); // the server's SETTINGS are known now
        Calls calls(channel);
        for (int i = 0; i < 20; ++i)
            calls.start("q" + QByteArray::number(i));
        QVERIFY(calls.wait());
        for (int i = 0; i < 20; ++i) {
            QVERIFY2(calls[i].error.isOk(), qPrintable(calls[i].error.toString()));
            QCOMPARE(calls[i].payload, "q" + QByteArray::number(i));
        }
        QVERIFY2(server.maxOpenStreams <= 4, QByteArray::number(server.maxOpenStreams).constData());
        QCOMPARE(server.connections, 1);
    }

    void cancelQueuedCall()
    {
        // Stream limit 1: the second and third calls wait in libnghttp2's queue; cancelling the
        // second must drop it there (an RST_STREAM for a stream never opened would be a protocol
        // error that kills the connection).
        TinyHttp2Server server(false, 1);
        server.setHandler(echoHolding("first"));
        Channel channel(config(server.port()));
        QVERIFY(runOne(channel, "warm-up").error.isOk());
        Calls calls(channel);
        calls.start("first");
        UnaryCall *queued = calls.start("second");
        calls.start("third");
        QTRY_COMPARE(server.openStreams, 1);
        QTest::qWait(50);
        QCOMPARE(server.requests.size(), 2); // warm-up and first; the others wait
        queued->cancel();
        server.release();
        QVERIFY(calls.wait());
        QCOMPARE(calls[0].payload, QByteArray("first"));
        QCOMPARE(calls[1].error.kind(), Kind::Cancelled);
        QVERIFY2(calls[2].error.isOk(), qPrintable(calls[2].error.toString()));
        QCOMPARE(calls[2].payload, QByteArray("third"));
        QCOMPARE(server.requests.size(), 3); // "second" never reached the server
        QCOMPARE(server.connections, 1);
    }

    void largeResponse()
    {
        // Far above the 64 KiB default window and our 1 MiB stream window: only flows if the
        // client's WINDOW_UPDATEs go out.
        TinyHttp2Server server;
        const QByteArray big(3 * 1024 * 1024 + 17, 'x');
        server.setHandler([&](const TinyHttp2Server::Request &) { return TinyHttp2Server::Reply { big }; });
        Channel channel(config(server.port()));
        Calls calls(channel);
        calls.start("a");
        calls.start("b");
        QVERIFY(calls.wait());
        for (int i = 0; i < 2; ++i) {
            QVERIFY2(calls[i].error.isOk(), qPrintable(calls[i].error.toString()));
            QCOMPARE(calls[i].payload.size(), big.size());
            QCOMPARE(calls[i].payload, big);
        }
    }

    void maxReceiveBytes()
    {
        TinyHttp2Server server;
        server.setHandler([](const TinyHttp2Server::Request &r) {
            // Big enough that the server is still sending (window-bound) when the client gives up.
            return TinyHttp2Server::Reply { r.body.mid(5) == "big" ? QByteArray(4 << 20, 'b') : QByteArray("small") };
        });
        ChannelConfig c = config(server.port());
        c.maxReceiveBytes = 1000;
        Channel channel(c);
        const Outcome o = runOne(channel, "big");
        QCOMPARE(o.error.kind(), Kind::TooLarge);
        QTRY_COMPARE(server.cancelledByClient, 1); // the stream was reset, not read to the end
        const Outcome next = runOne(channel, "ok");
        QVERIFY2(next.error.isOk(), qPrintable(next.error.toString()));
        QCOMPARE(server.connections, 1);
    }

    void cancelOneStream()
    {
        TinyHttp2Server server;
        server.setHandler([](const TinyHttp2Server::Request &r) {
            TinyHttp2Server::Reply reply { r.body.mid(5) };
            reply.hold = true;
            return reply;
        });
        Channel channel(config(server.port()));
        Calls calls(channel);
        calls.start("one");
        UnaryCall *second = calls.start("two");
        calls.start("three");
        QTRY_COMPARE(server.openStreams, 3);
        second->cancel();
        QTRY_COMPARE(server.cancelledByClient, 1);
        QCOMPARE(server.openStreams, 2);
        server.release();
        QVERIFY(calls.wait());
        QCOMPARE(calls[1].error.kind(), Kind::Cancelled);
        QCOMPARE(calls[0].payload, QByteArray("one"));
        QCOMPARE(calls[2].payload, QByteArray("three"));
        QCOMPARE(calls[1].emissions, 1);
        QCOMPARE(server.connections, 1);
    }

    void deadlineOfOneStream()
    {
        TinyHttp2Server server;
        server.setHandler(echoHolding("slow"));
        Channel channel(config(server.port()));
        Calls calls(channel);
        CallOptions shortDeadline;
        shortDeadline.deadline = 300ms;
        calls.start("slow", shortDeadline);
        QTRY_COMPARE(server.openStreams, 1);
        calls.start("fast");
        QVERIFY(calls.wait());
        QCOMPARE(calls[0].error.kind(), Kind::Timeout);
        QVERIFY2(calls[1].error.isOk(), qPrintable(calls[1].error.toString()));
        QTRY_COMPARE(server.cancelledByClient, 1);
        QCOMPARE(server.connections, 1);
    }

    void serverResetsOneStream()
    {
        TinyHttp2Server server;
        server.setHandler([](const TinyHttp2Server::Request &r) {
            TinyHttp2Server::Reply reply { r.body.mid(5) };
            reply.reset = r.body.mid(5) == "reset";
            return reply;
        });
        Channel channel(config(server.port()));
        Calls calls(channel);
        calls.start("reset"); // a write: not retried
        calls.start("fine");
        QVERIFY(calls.wait());
        QCOMPARE(calls[0].error.kind(), Kind::Unreachable);
        QCOMPARE(calls[0].error.cause(), Cause::ConnectionClosed);
        QVERIFY2(
            calls[0].error.detail().contains(QStringLiteral("INTERNAL_ERROR")), qPrintable(calls[0].error.detail()));
        QCOMPARE(calls[0].attempts, 1);
        QCOMPARE(calls[1].payload, QByteArray("fine"));
    }

    void goAwayRefusesNewerStreams()
    {
        TinyHttp2Server server;
        server.setHandler([](const TinyHttp2Server::Request &r) {
            TinyHttp2Server::Reply reply { r.body.mid(5) };
            reply.hold = true;
            return reply;
        });
        Channel channel(config(server.port()));
        Calls calls(channel);
        CallOptions read;
        read.idempotent = true;
        calls.start("first", read);
        calls.start("second"); // a write: reported, not retried
        calls.start("third", read); // a read: retried on a new connection
        QTRY_COMPARE(server.openStreams, 3);
        server.setHandler({}); // answers at once from now on
        server.goAway(1); // only stream 1 was (or will be) processed
        server.release();
        QVERIFY(calls.wait());
        QVERIFY2(calls[0].error.isOk(), qPrintable(calls[0].error.toString()));
        QCOMPARE(calls[0].payload, QByteArray("first"));
        QCOMPARE(calls[1].error.kind(), Kind::Unreachable);
        QCOMPARE(calls[1].error.cause(), Cause::ServerUnavailable);
        QVERIFY(calls[1].error.isTransient());
        QVERIFY2(calls[2].error.isOk(), qPrintable(calls[2].error.toString()));
        QCOMPARE(calls[2].payload, QByteArray("third"));
        QCOMPARE(calls[2].attempts, 2);
        QCOMPARE(server.connections, 2);
    }

    void serverGoesAwayAndComesBack()
    {
        TinyHttp2Server server;
        server.setHandler(echoHolding("held"));
        Channel channel(config(server.port()));
        QVERIFY(runOne(channel, "before").error.isOk());
        Calls calls(channel);
        calls.start("held");
        QTRY_COMPARE(server.openStreams, 1);
        server.stop();
        QVERIFY(calls.wait());
        QCOMPARE(calls[0].error.kind(), Kind::Unreachable);
        QCOMPARE(calls[0].error.cause(), Cause::ConnectionClosed);
        QCOMPARE(calls[0].emissions, 1);

        // Down: refused.
        QCOMPARE(runOne(channel, "down").error.cause(), Cause::ConnectionRefused);
        // Back on the same port: the next call connects again.
        QVERIFY(server.restart());
        const Outcome after = runOne(channel, "after");
        QVERIFY2(after.error.isOk(), qPrintable(after.error.toString()));
        QCOMPARE(after.payload, QByteArray("after"));
        QCOMPARE(server.connections, 2);
    }

    void http11ServerFailsFast()
    {
        TinyServer server; // HTTP/1.1 only: answers the preface with 400 and closes
        Channel channel(config(server.port()));
        QElapsedTimer clock;
        clock.start();
        const Outcome o = runOne(channel, "x");
        QCOMPARE(o.error.kind(), Kind::Protocol);
        QCOMPARE(o.error.cause(), Cause::Http2Refused);
        QVERIFY2(o.error.detail().contains(QStringLiteral("HTTP/1.1 400")), qPrintable(o.error.detail()));
        QVERIFY(clock.elapsed() < 3000);
        QCOMPARE(server.prefaces, 1);
    }

    void tls_data()
    {
        QTest::addColumn<bool>("withCa");
        QTest::newRow("CA file") << true;
        QTest::newRow("unknown CA") << false;
    }
    void tls()
    {
        QFETCH(bool, withCa);
        TinyHttp2Server server(true);
        ChannelConfig c = config(server.port(), true);
        if (withCa)
            c.caFile = QStringLiteral(ADM_TEST_DATA_DIR "/ca.pem");
        Channel channel(c);
        Calls calls(channel);
        for (int i = 0; i < 8; ++i)
            calls.start("s" + QByteArray::number(i));
        QVERIFY(calls.wait());
        for (int i = 0; i < 8; ++i) {
            if (withCa) {
                QVERIFY2(calls[i].error.isOk(), qPrintable(calls[i].error.toString()));
                QCOMPARE(calls[i].payload, "s" + QByteArray::number(i));
            } else {
                QCOMPARE(calls[i].error.kind(), Kind::Tls);
                QCOMPARE(calls[i].error.cause(), Cause::TlsUntrusted);
            }
        }
        if (withCa) {
            QCOMPARE(server.connections, 1);
            QCOMPARE(server.requests[0].headers.value(":scheme"), QByteArray("https"));
        }
    }

    void renewedChannelOpensItsOwnConnection()
    {
        TinyHttp2Server server;
        Channel channel(config(server.port()));
        QVERIFY(runOne(channel, "a").error.isOk());
        std::unique_ptr<Channel> fresh(channel.renewed());
        QVERIFY(runOne(*fresh, "b").error.isOk());
        QCOMPARE(server.connections, 2);
    }
};

QTEST_GUILESS_MAIN(TestHttp2Connection)
#include "tst_http2connection.moc"
