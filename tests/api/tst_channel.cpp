// SPDX-License-Identifier: Apache-2.0
// The channel against tiny local servers: gRPC-Web framing over real sockets, bad answers,
// silence, refused connections, an HTTP/1.1 server on a gRPC profile, TLS failures, metadata,
// retries, cancellation. Native gRPC over HTTP/2 is covered by the integration tests (sandbox).
#include "TinyServer.h"
#include "api/Channel.h"
#include "api/GrpcMetadata.h"
#include "api/Http2Connection.h"
#include "api/UnaryCall.h"
#include "core/Endpoint.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QPointer>
#include <QTest>

#ifdef Q_OS_LINUX
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

using namespace adm;
using namespace adm::api;
using namespace adm::test;
using namespace std::chrono_literals;
using Kind = ApiError::Kind;
using Cause = ApiError::Cause;

namespace {
constexpr QByteArrayView Method = "/controlplane.v1.StatusService/Infoz";

struct Outcome {
    QByteArray payload;
    ApiError error;
    int emissions = 0;
    int attempts = 0;
    qint64 ms = 0;
    QPointer<UnaryCall> call;
};

ChannelConfig config(quint16 port, Protocol protocol, bool tls = false)
{
    const auto parsed = parseEndpoint(
        QStringLiteral("%1:%2").arg(tls ? QStringLiteral("localhost") : QStringLiteral("127.0.0.1")).arg(port), !tls);
    ChannelConfig c;
    c.endpoint = *parsed.endpoint;
    c.protocol = protocol;
    c.defaultDeadline = 5s;
    return c;
}

Outcome run(
    Channel &channel, const QByteArray &request = "req", CallOptions options = {}, QByteArrayView method = Method)
{
    Outcome out;
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    UnaryCall *call = channel.call(method, request, options);
    out.call = call;
    QObject::connect(call, &UnaryCall::finished, &loop, [&](const QByteArray &payload, const ApiError &error) {
        out.payload = payload;
        out.error = error;
        out.attempts = call->attempts();
        ++out.emissions;
        out.ms = clock.elapsed();
        loop.quit();
    });
    QTimer::singleShot(30000, &loop, &QEventLoop::quit); // the test's own guard against a hang
    loop.exec();
    QTest::qWait(20); // let a second emission (a bug) show up
    return out;
}
} // namespace

class TestChannel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void success()
    {
        TinyServer server;
        server.setHandler([](const HttpRequest &, QTcpSocket *s) { s->write(grpcWebOk("pong")); });
        Channel channel(config(server.port(), Protocol::GrpcWeb));
        const Outcome o = run(channel, "ping");
        QVERIFY2(o.error.isOk(), qPrintable(o.error.toString()));
        QCOMPARE(o.payload, QByteArray("pong"));
        QCOMPARE(o.emissions, 1);
        QTRY_VERIFY(o.call.isNull()); // deleted itself
        QCOMPARE(server.requests.size(), 1);
        QCOMPARE(server.requests[0].body, encodeGrpcFrame("ping"));
        QCOMPARE(server.requests[0].path, QByteArray(Method.data(), Method.size()));
    }

    void metadata()
    {
        TinyServer server;
        server.setHandler([](const HttpRequest &, QTcpSocket *s) { s->write(grpcWebOk("")); });
        Channel channel(config(server.port(), Protocol::GrpcWeb));
        QCOMPARE(run(channel).error.kind(), Kind::None);
        auto h = server.requests[0].headers;
        QVERIFY(!h.contains("authorization")); // no token, no header
        QVERIFY(!h.contains("chainloop-organization"));
        QCOMPARE(h.value("content-type"), QByteArray("application/grpc-web+proto"));
        QCOMPARE(h.value("x-grpc-web"), QByteArray("1"));
        QVERIFY(h.value("user-agent").startsWith("chainloop-admin/" ADM_VERSION_STRING));
        const QByteArray timeout = h.value("grpc-timeout");
        QVERIFY2(timeout.endsWith('m') && timeout.chopped(1).toInt() > 4000 && timeout.chopped(1).toInt() <= 5000,
            timeout.constData());

        channel.setToken("test-token-value");
        channel.setOrganization(QStringLiteral("acme"));
        CallOptions o;
        o.deadline = 1500ms;
        QVERIFY(run(channel, "x", o).error.isOk());
        h = server.requests[1].headers;
        QCOMPARE(h.value("authorization"), QByteArray("Bearer test-token-value"));
        QCOMPARE(h.value("chainloop-organization"), QByteArray("acme"));
        QVERIFY(h.value("grpc-timeout").chopped(1).toInt() <= 1500);

        o.organization = QStringLiteral("other");
        QVERIFY(run(channel, "x", o).error.isOk());
        QCOMPARE(server.requests[2].headers.value("chainloop-organization"), QByteArray("other"));
        channel.clearToken();
        QVERIFY(run(channel).error.isOk());
        QVERIFY(!server.requests[3].headers.contains("authorization"));
    }

    void framesSplitAcrossReads()
    {
        TinyServer server;
        const QByteArray message(300, 'm');
        server.setHandler([&](const HttpRequest &, QTcpSocket *s) { writeSlowly(s, grpcWebOk(message), 7, 2); });
        Channel channel(config(server.port(), Protocol::GrpcWeb));
        const Outcome o = run(channel);
        QVERIFY2(o.error.isOk(), qPrintable(o.error.toString()));
        QCOMPARE(o.payload, message);
    }

    void trailersOnlyInHeaders()
    {
        TinyServer server;
        server.setHandler([](const HttpRequest &, QTcpSocket *s) {
            s->write(httpResponse(
                {}, "application/grpc-web+proto", "grpc-status: 7\r\ngrpc-message: not%20allowed%3A f%C3%BCr\r\n"));
        });
        Channel channel(config(server.port(), Protocol::GrpcWeb));
        const Outcome o = run(channel);
        QCOMPARE(o.error.kind(), Kind::PermissionDenied);
        QCOMPARE(o.error.serverMessage(), QStringLiteral("not allowed: f\u00fcr"));
    }

    void statusDetailsFromTrailerFrame()
    {
        google::rpc::ErrorInfo info;
        info.set_reason("invalid");
        google::rpc::Status st;
        st.set_code(3);
        st.add_details()->set_type_url("type.googleapis.com/google.rpc.ErrorInfo");
        st.mutable_details(0)->set_value(info.SerializeAsString());
        const std::string bin = st.SerializeAsString();
        const QByteArray status(bin.data(), qsizetype(bin.size()));
        TinyServer server;
        server.setHandler([&](const HttpRequest &, QTcpSocket *s) {
            s->write(grpcWebStatus(3, "validation%20error",
                "grpc-status-details-bin: " + status.toBase64(QByteArray::OmitTrailingEquals) + "\r\n"));
        });
        Channel channel(config(server.port(), Protocol::GrpcWeb));
        const Outcome o = run(channel);
        QCOMPARE(o.error.kind(), Kind::InvalidArgument);
        QCOMPARE(o.error.reason(), QStringLiteral("invalid"));
        QCOMPARE(o.error.serverMessage(), QStringLiteral("validation error"));
    }

    void compressedFrameRefused()
    {
        TinyServer server;
        server.setHandler([](const HttpRequest &, QTcpSocket *s) {
            QByteArray f = encodeGrpcFrame("zzz");
            f[0] = 1;
            s->write(httpResponse(f + trailerFrame("grpc-status: 0\r\n")));
        });
        Channel channel(config(server.port(), Protocol::GrpcWeb));
        const Outcome o = run(channel);
        QCOMPARE(o.error.kind(), Kind::Protocol);
        QCOMPARE(o.error.cause(), Cause::Compressed);
    }

    void tooLarge()
    {
        TinyServer server;
        server.setHandler([](const HttpRequest &, QTcpSocket *s) {
            // Declares 1 MiB, sends the header and a little: the limit must trip on the header.
            s->write("HTTP/1.1 200 OK\r\nContent-Type: application/grpc-web+proto\r\nContent-Length: 2000000\r\n\r\n");
            s->write(QByteArray("\0\0\x10\0\0", 5) + QByteArray(100, 'x'));
        });
        ChannelConfig c = config(server.port(), Protocol::GrpcWeb);
        c.maxReceiveBytes = 1024;
        Channel channel(c);
        const Outcome o = run(channel);
        QCOMPARE(o.error.kind(), Kind::TooLarge);
        QVERIFY(o.ms < 3000);
    }

    void twoMessagesInUnary()
    {
        TinyServer server;
        server.setHandler([](const HttpRequest &, QTcpSocket *s) {
            s->write(httpResponse(encodeGrpcFrame("a") + encodeGrpcFrame("b") + trailerFrame("grpc-status: 0\r\n")));
        });
        Channel channel(config(server.port(), Protocol::GrpcWeb));
        QCOMPARE(run(channel).error.cause(), Cause::Malformed);
    }

    void okWithoutMessage()
    {
        TinyServer server;
        server.setHandler(
            [](const HttpRequest &, QTcpSocket *s) { s->write(httpResponse(trailerFrame("grpc-status: 0\r\n"))); });
        Channel channel(config(server.port(), Protocol::GrpcWeb));
        QCOMPARE(run(channel).error.kind(), Kind::Protocol);
    }

    void garbageStatus()
    {
        TinyServer server;
        server.setHandler(
            [](const HttpRequest &, QTcpSocket *s) { s->write(httpResponse(trailerFrame("grpc-status: what\r\n"))); });
        Channel channel(config(server.port(), Protocol::GrpcWeb));
        const Outcome o = run(channel);
        QCOMPARE(o.error.kind(), Kind::Protocol);
        QCOMPARE(o.error.cause(), Cause::Malformed);
    }

    void bodyCutShort()
    {
        TinyServer server;
        server.setHandler([](const HttpRequest &, QTcpSocket *s) {
            const QByteArray body = encodeGrpcFrame(QByteArray(50, 'x'));
            s->write("HTTP/1.1 200 OK\r\nContent-Type: application/grpc-web+proto\r\nContent-Length: "
                + QByteArray::number(body.size() + 40) + "\r\n\r\n" + body.left(20));
            s->flush();
            s->disconnectFromHost();
        });
        Channel channel(config(server.port(), Protocol::GrpcWeb));
        const Outcome o = run(channel);
        QCOMPARE(o.error.kind(), Kind::Protocol);
        QCOMPARE(o.error.cause(), Cause::Truncated);
        QCOMPARE(o.emissions, 1);
    }

    void htmlErrorPage_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<Kind>("kind");
        QTest::newRow("404 from a web server") << 404 << Kind::Protocol;
        QTest::newRow("502 from a proxy") << 502 << Kind::Unreachable;
    }
    void htmlErrorPage()
    {
        QFETCH(int, status);
        QFETCH(Kind, kind);
        TinyServer server;
        server.setHandler([&](const HttpRequest &, QTcpSocket *s) {
            s->write(httpResponse("<html><head><title>" + QByteArray::number(status)
                    + " Bad Gateway</title></head><body>nginx</body></html>",
                "text/html", {}, status, "Error"));
        });
        Channel channel(config(server.port(), Protocol::GrpcWeb));
        CallOptions write; // not retried, so the 502 case ends at once
        const Outcome o = run(channel, "x", write);
        QCOMPARE(o.error.kind(), kind);
        QCOMPARE(o.error.httpStatus(), status);
        QVERIFY2(o.error.detail().contains(QStringLiteral("Bad Gateway")), qPrintable(o.error.detail()));
        QVERIFY(!o.error.userMessage().isEmpty());
    }

    void serverNeverAnswers_data()
    {
        QTest::addColumn<Protocol>("protocol");
        QTest::newRow("grpc-web") << Protocol::GrpcWeb;
        QTest::newRow("grpc") << Protocol::Grpc;
        QTest::newRow("auto") << Protocol::Auto;
    }
    void serverNeverAnswers()
    {
        QFETCH(Protocol, protocol);
        TinyServer server;
        server.silent = true; // reads the request (or the HTTP/2 preface), says nothing
        ChannelConfig c = config(server.port(), protocol);
        c.defaultDeadline = 400ms;
        Channel channel(c);
        CallOptions read;
        read.idempotent = true;
        const Outcome o = run(channel, "x", read);
        QCOMPARE(o.error.kind(), Kind::Timeout);
        QVERIFY2(o.ms >= 390 && o.ms < 2000, QByteArray::number(o.ms).constData());
        QCOMPARE(o.emissions, 1);
    }

    void connectionRefused()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            probe.listen(QHostAddress::LocalHost, 0);
            port = probe.serverPort();
        } // closed again: nobody listens there now
        for (Protocol p : { Protocol::Grpc, Protocol::GrpcWeb, Protocol::Auto }) {
            Channel channel(config(port, p));
            CallOptions read;
            read.idempotent = true;
            const Outcome o = run(channel, "x", read);
            QCOMPARE(o.error.kind(), Kind::Unreachable);
            QCOMPARE(o.error.cause(), Cause::ConnectionRefused);
            QCOMPARE(o.attempts, 3); // a read: retried with backoff
            QVERIFY(o.ms < 5000);
            QVERIFY(o.error.hint().contains(QStringLiteral("address")));
            const Outcome w = run(channel, "x", CallOptions {}); // a write: once
            QCOMPARE(w.attempts, 1);
        }
    }

    void unavailableRetriedForReadsOnly()
    {
        TinyServer server;
        int calls = 0;
        server.setHandler([&](const HttpRequest &, QTcpSocket *s) {
            ++calls;
            s->write(calls % 3 != 0 ? grpcWebStatus(14, "try%20later") : grpcWebOk("ok"));
        });
        Channel channel(config(server.port(), Protocol::GrpcWeb));
        CallOptions read;
        read.idempotent = true;
        Outcome o = run(channel, "x", read);
        QVERIFY2(o.error.isOk(), qPrintable(o.error.toString()));
        QCOMPARE(o.attempts, 3);
        QCOMPARE(calls, 3);
        o = run(channel, "x", CallOptions {});
        QCOMPARE(o.error.cause(), Cause::ServerUnavailable);
        QCOMPARE(o.attempts, 1);
        QCOMPARE(calls, 4);
    }

    void http11ServerOnGrpcProfile()
    {
        TinyServer server;
        server.setHandler([](const HttpRequest &, QTcpSocket *s) { s->write(grpcWebOk("web")); });
        Channel channel(config(server.port(), Protocol::Grpc));
        const Outcome o = run(channel, "x", CallOptions {});
        QVERIFY(o.error.isError());
        QVERIFY2(
            o.error.kind() == Kind::Protocol || o.error.kind() == Kind::Unreachable, qPrintable(o.error.toString()));
        QVERIFY2(o.error.hint().contains(QStringLiteral("gRPC-Web")), qPrintable(o.error.hint()));
        QVERIFY(o.ms < 3000);
        QCOMPARE(server.prefaces, 1);
        // The channel remembers: the next call fails at once, without another probe.
        const Outcome again = run(channel, "x", CallOptions {});
        QCOMPARE(again.error.cause(), Cause::Http2Refused);
        QCOMPARE(again.emissions, 1);
        QCOMPARE(server.prefaces, 1);
    }

    void autoFallsBackToGrpcWebAndRemembers()
    {
        TinyServer server;
        server.setHandler([](const HttpRequest &, QTcpSocket *s) { s->write(grpcWebOk("web")); });
        Channel channel(config(server.port(), Protocol::Auto));
        QCOMPARE(channel.effectiveProtocol(), Protocol::Auto);
        int resolved = 0;
        connect(&channel, &Channel::protocolResolved, this, [&](Protocol p) {
            QCOMPARE(p, Protocol::GrpcWeb);
            ++resolved;
        });
        Outcome o = run(channel, "x", CallOptions {}); // even a write: HTTP/2 refusal means nothing was processed
        QVERIFY2(o.error.isOk(), qPrintable(o.error.toString()));
        QCOMPARE(o.payload, QByteArray("web"));
        QCOMPARE(channel.effectiveProtocol(), Protocol::GrpcWeb);
        QCOMPARE(resolved, 1);
        o = run(channel);
        QVERIFY(o.error.isOk());
        QCOMPARE(server.prefaces, 1); // the second call went straight to gRPC-Web
        QCOMPARE(server.requests.size(), 2);
    }

    void cancel()
    {
        TinyServer server; // never answers
        Channel channel(config(server.port(), Protocol::GrpcWeb));
        UnaryCall *call = channel.call(Method, "x");
        QPointer<UnaryCall> p(call);
        int emissions = 0;
        ApiError got;
        connect(call, &UnaryCall::finished, this, [&](const QByteArray &, const ApiError &e) {
            ++emissions;
            got = e;
        });
        QTest::qWait(50);
        call->cancel();
        call->cancel(); // harmless
        QCOMPARE(emissions, 1);
        QCOMPARE(got.kind(), Kind::Cancelled);
        QTRY_VERIFY(p.isNull());
        QCOMPARE(emissions, 1);
    }

    void destroyingTheChannelEndsCalls()
    {
        TinyServer server;
        auto *channel = new Channel(config(server.port(), Protocol::GrpcWeb));
        QPointer<UnaryCall> call = channel->call(Method, "x");
        QTest::qWait(20);
        delete channel;
        QVERIFY(call.isNull());
        QTest::qWait(20); // nothing may crash afterwards
    }

    void badCaFile()
    {
        ChannelConfig c = config(1, Protocol::Grpc, true);
        c.caFile = QStringLiteral("/nonexistent/ca.pem");
        Channel channel(c);
        QVERIFY(channel.configurationError().isError());
        const Outcome o = run(channel);
        QCOMPARE(o.error.cause(), Cause::Configuration);
        QVERIFY(o.error.toString().contains(QStringLiteral("/nonexistent/ca.pem")));
    }

    void tls_data()
    {
        QTest::addColumn<QString>("cert");
        QTest::addColumn<bool>("withCa");
        QTest::addColumn<Cause>("cause"); // None = success
        QTest::newRow("self-signed") << "selfsigned.pem" << false << Cause::TlsSelfSigned;
        QTest::newRow("unknown CA") << "server.pem" << false << Cause::TlsUntrusted;
        QTest::newRow("CA file") << "server.pem" << true << Cause::None;
        QTest::newRow("expired") << "expired.pem" << true << Cause::TlsExpired;
        QTest::newRow("wrong host") << "wronghost.pem" << true << Cause::TlsHostMismatch;
    }
    void tls()
    {
        QFETCH(QString, cert);
        QFETCH(bool, withCa);
        QFETCH(Cause, cause);
        TinyServer server(true, QStringLiteral(ADM_TEST_DATA_DIR "/") + cert);
        server.setHandler([](const HttpRequest &, QTcpSocket *s) { s->write(grpcWebOk("secure")); });
        ChannelConfig c = config(server.port(), Protocol::GrpcWeb, true);
        if (withCa)
            c.caFile = QStringLiteral(ADM_TEST_DATA_DIR "/ca.pem");
        Channel channel(c);
        const Outcome o = run(channel, "x", CallOptions {});
        if (cause == Cause::None) {
            QVERIFY2(o.error.isOk(), qPrintable(o.error.toString()));
            QCOMPARE(o.payload, QByteArray("secure"));
        } else {
            QCOMPARE(o.error.kind(), Kind::Tls);
            QCOMPARE(o.error.cause(), cause);
        }
    }

    void tlsServerWithoutHttp2OnGrpcProfile()
    {
        // ALPN picks http/1.1: native gRPC is impossible; auto mode falls back.
        TinyServer server(true, QStringLiteral(ADM_TEST_DATA_DIR "/server.pem"));
        server.setHandler([](const HttpRequest &req, QTcpSocket *s) {
            if (req.headers.value("content-type").startsWith("application/grpc-web"))
                s->write(grpcWebOk("web"));
            else
                s->write(httpResponse("no", "text/plain", {}, 415, "Unsupported Media Type"));
        });
        ChannelConfig c = config(server.port(), Protocol::Grpc, true);
        c.caFile = QStringLiteral(ADM_TEST_DATA_DIR "/ca.pem");
        {
            Channel channel(c);
            const Outcome o = run(channel, "x", CallOptions {});
            QCOMPARE(o.error.cause(), Cause::Http2Refused);
        }
        c.protocol = Protocol::Auto;
        Channel channel(c);
        const Outcome o = run(channel, "x", CallOptions {});
        QVERIFY2(o.error.isOk(), qPrintable(o.error.toString()));
        QCOMPARE(channel.effectiveProtocol(), Protocol::GrpcWeb);
    }

    void noDelayOnEveryTcpSocket()
    {
#ifdef Q_OS_LINUX
        // adm_nodelay (linked into this executable through adm_api) sets TCP_NODELAY in connect().
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QVERIFY(socket.waitForConnected(5000));
        int flag = 0;
        socklen_t len = sizeof flag;
        QCOMPARE(getsockopt(int(socket.socketDescriptor()), IPPROTO_TCP, TCP_NODELAY, &flag, &len), 0);
        QCOMPARE(flag, qEnvironmentVariableIntValue("ADM_NO_NODELAY") ? 0 : 1);
#else
        QSKIP("the connect() interposition is Linux-only");
#endif
    }

    void prefaceAnswerClassification()
    {
        using A = Http2Connection::PrefaceAnswer;
        constexpr auto classify = &Http2Connection::classifyPrefaceAnswer;
        QCOMPARE(classify(QByteArray("\0\0\x06\x04\0\0\0\0\0", 9), false), A::Http2);
        QCOMPARE(classify("HTTP/1.1 400 Bad Request\r\n", false), A::NotHttp2);
        QCOMPARE(classify("HTTP/", false), A::NotHttp2);
        QCOMPARE(classify({}, true), A::NotHttp2); // closed right after the preface
        QCOMPARE(classify(QByteArray("\x15\x03\x01\0\x02\x02\x50\0\0", 9), false), A::NotHttp2); // a TLS alert
        QCOMPARE(classify("\0\0", false), A::Inconclusive); // wait for more
    }

    void hostNotFound()
    {
        ChannelConfig c;
        c.endpoint = *parseEndpoint(QStringLiteral("no-such-host.invalid:9000"), true).endpoint;
        c.protocol = Protocol::GrpcWeb;
        Channel channel(c);
        const Outcome o = run(channel, "x", CallOptions {});
        QCOMPARE(o.error.kind(), Kind::Unreachable);
        QCOMPARE(o.error.cause(), Cause::HostNotFound);
    }
};

QTEST_GUILESS_MAIN(TestChannel)
#include "tst_channel.moc"
