// SPDX-License-Identifier: Apache-2.0
// bench_calls: unary calls per second of our Channel (native gRPC and gRPC-Web) against grpc++'s
// own client, on one sandbox in the same run; sequential and 32 in flight.
//
// The clients take turns: each of `rounds` rounds measures every client for S seconds, one after
// the other, and a ratio is taken within each round. On a 2-core machine shared with the server,
// the speed moves between seconds; one long measurement per client put that drift into the
// ratio (0.90 to 1.53 across runs). The median of the rounds' ratios is the figure, with its
// range; rates and CPU per call are over all rounds.
//
//   bench_calls [--sandbox PATH] [--seconds S] [--rounds N]   (PATH defaults to $ADM_SANDBOX_BIN)
//   ADM_NO_NODELAY=1 bench_calls                     measures without the TCP_NODELAY fix
#include "BenchSupport.h"
#include "api/Channel.h"
#include "api/UnaryCall.h"
#include "controlplane/v1/status.grpc.pb.h"
#include "support/SandboxProcess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTextStream>

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <sys/resource.h>
#include <unistd.h>

using namespace adm;
namespace v1 = controlplane::v1;

namespace {
constexpr int InFlight = 32;
constexpr QByteArrayView Method = "/controlplane.v1.StatusService/Infoz";

struct Rate {
    qint64 calls = 0;
    qint64 errors = 0;
    double seconds = 0;
    double clientCpuUs = 0; // CPU time of this process (all its threads) during the run
    double serverCpuUs = 0; // CPU time of the sandbox during the run
    double perSecond() const { return seconds > 0 ? double(calls) / seconds : 0; }
    Rate &operator+=(const Rate &o)
    {
        calls += o.calls;
        errors += o.errors;
        seconds += o.seconds;
        clientCpuUs += o.clientCpuUs;
        serverCpuUs += o.serverCpuUs;
        return *this;
    }
};

// One client's measurements, one per round.
struct Series {
    QList<Rate> rounds;
    Rate total() const
    {
        Rate t;
        for (const Rate &r : rounds)
            t += r;
        return t;
    }
};

// The ratio of `ours` to `ref` in each round: median, lowest, highest.
struct RatioRange {
    double median = 0, low = 0, high = 0;
};

RatioRange ratios(const Series &ours, const Series &ref)
{
    QList<double> v;
    for (qsizetype i = 0; i < ours.rounds.size() && i < ref.rounds.size(); ++i) {
        const double r = ref.rounds[i].perSecond();
        v << (r > 0 ? ours.rounds[i].perSecond() / r : 0);
    }
    if (v.isEmpty())
        return {};
    std::sort(v.begin(), v.end());
    return { v.at(v.size() / 2), v.first(), v.last() };
}

// Where the time goes: CPU time of this process and of the sandbox, in microseconds.
double ownCpuUs()
{
    return adm::bench::ownCpuSeconds() * 1e6;
}

double processCpuUs(qint64 pid)
{
    return adm::bench::processCpuSeconds(pid) * 1e6;
}

qint64 g_serverPid = 0;

// Runs `body` and fills in the CPU times it took on both sides.
template<typename F> Rate measured(F body)
{
    const double client0 = ownCpuUs(), server0 = processCpuUs(g_serverPid);
    Rate r = body();
    r.clientCpuUs = ownCpuUs() - client0;
    r.serverCpuUs = processCpuUs(g_serverPid) - server0;
    return r;
}

// Keeps `parallel` calls in flight on our channel until `seconds` have passed.
Rate runOurs(api::Channel &channel, int parallel, double seconds)
{
    Rate rate;
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    int running = 0;
    std::function<void()> launch = [&] {
        ++running;
        api::UnaryCall *call = channel.call(Method, QByteArray());
        QObject::connect(call, &api::UnaryCall::finished, &loop, [&](const QByteArray &, const api::ApiError &e) {
            --running;
            ++rate.calls;
            if (e.isError())
                ++rate.errors;
            if (clock.elapsed() < qint64(seconds * 1000))
                launch();
            else if (running == 0)
                loop.quit();
        });
    };
    for (int i = 0; i < parallel; ++i)
        launch();
    loop.exec();
    rate.seconds = double(clock.nsecsElapsed()) / 1e9;
    return rate;
}

Rate runGrpcSequential(v1::StatusService::Stub &stub, double seconds)
{
    Rate rate;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < qint64(seconds * 1000)) {
        grpc::ClientContext ctx;
        v1::InfozRequest req;
        v1::InfozResponse resp;
        if (!stub.Infoz(&ctx, req, &resp).ok())
            ++rate.errors;
        ++rate.calls;
    }
    rate.seconds = double(clock.nsecsElapsed()) / 1e9;
    return rate;
}

Rate runGrpcConcurrent(v1::StatusService::Stub &stub, double seconds)
{
    struct Slot {
        grpc::ClientContext ctx;
        v1::InfozRequest req;
        v1::InfozResponse resp;
    };
    Rate rate;
    std::mutex mutex;
    std::condition_variable cv;
    int running = 0;
    std::atomic<qint64> calls { 0 }, errors { 0 };
    QElapsedTimer clock;
    clock.start();
    const qint64 limitMs = qint64(seconds * 1000);
    std::function<void()> launch = [&] {
        auto *slot = new Slot;
        stub.async()->Infoz(&slot->ctx, &slot->req, &slot->resp, [&, slot](grpc::Status s) {
            delete slot;
            ++calls;
            if (!s.ok())
                ++errors;
            if (clock.elapsed() < limitMs) {
                launch();
                return;
            }
            std::lock_guard lock(mutex);
            if (--running == 0)
                cv.notify_all();
        });
    };
    {
        std::lock_guard lock(mutex);
        running = InFlight;
    }
    for (int i = 0; i < InFlight; ++i)
        launch();
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return running == 0; });
    rate.calls = calls;
    rate.errors = errors;
    rate.seconds = double(clock.nsecsElapsed()) / 1e9;
    return rate;
}

api::ChannelConfig config(quint16 port, Protocol protocol)
{
    api::ChannelConfig c;
    c.endpoint = *parseEndpoint(QStringLiteral("127.0.0.1:%1").arg(port), true).endpoint;
    c.protocol = protocol;
    return c;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption sandboxOpt(QStringLiteral("sandbox"), QStringLiteral("chainloop-sandbox binary."),
        QStringLiteral("PATH"), qEnvironmentVariable("ADM_SANDBOX_BIN"));
    const QCommandLineOption secondsOpt(QStringLiteral("seconds"),
        QStringLiteral("Duration of each client's turn in a round."), QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption roundsOpt(
        QStringLiteral("rounds"), QStringLiteral("Rounds of turns."), QStringLiteral("N"), QStringLiteral("5"));
    parser.addOptions({ sandboxOpt, secondsOpt, roundsOpt });
    parser.process(app);
    QTextStream out(stdout);
    if (parser.value(sandboxOpt).isEmpty()) {
        out << "bench_calls: give --sandbox PATH or set ADM_SANDBOX_BIN\n";
        return 1;
    }
    qputenv("ADM_SANDBOX_BIN", parser.value(sandboxOpt).toUtf8());
    const double seconds = parser.value(secondsOpt).toDouble();
    const int rounds = std::max(1, parser.value(roundsOpt).toInt());

    test::SandboxProcess::Options so;
    so.seedDemo = false;
    so.enableControl = false;
    test::SandboxProcess sandbox(so);
    if (!sandbox.start()) {
        out << "bench_calls: " << sandbox.errorString() << '\n';
        return 1;
    }
    const bool noDelay = qEnvironmentVariableIntValue("ADM_NO_NODELAY") == 0;
    out << "bench_calls: StatusService/Infoz on loopback, " << rounds << " rounds of " << seconds
        << " s per client, taking turns; TCP_NODELAY fix " << (noDelay ? "on" : "OFF (ADM_NO_NODELAY=1)") << "\n\n";

    api::Channel grpcChannel(config(sandbox.grpcPort(), Protocol::Grpc));
    api::Channel webChannel(config(sandbox.httpPort(), Protocol::GrpcWeb));
    runOurs(grpcChannel, 1, 0.2); // warm up connections
    runOurs(webChannel, InFlight, 0.2);

    auto channel = grpc::CreateChannel(
        QStringLiteral("127.0.0.1:%1").arg(sandbox.grpcPort()).toStdString(), grpc::InsecureChannelCredentials());
    auto stub = v1::StatusService::NewStub(channel);
    runGrpcSequential(*stub, 0.2);

    g_serverPid = sandbox.processId();
    Series oursGrpcSeq, oursWebSeq, grpcSeq, oursGrpcPar, oursWebPar, grpcPar;
    for (int round = 0; round < rounds; ++round) {
        oursGrpcSeq.rounds << measured([&] { return runOurs(grpcChannel, 1, seconds); });
        grpcSeq.rounds << measured([&] { return runGrpcSequential(*stub, seconds); });
        oursWebSeq.rounds << measured([&] { return runOurs(webChannel, 1, seconds); });
        oursGrpcPar.rounds << measured([&] { return runOurs(grpcChannel, InFlight, seconds); });
        grpcPar.rounds << measured([&] { return runGrpcConcurrent(*stub, seconds); });
        oursWebPar.rounds << measured([&] { return runOurs(webChannel, InFlight, seconds); });
    }

    auto row = [&](const char *name, const Series &series, const Series &ref) {
        const Rate r = series.total();
        const RatioRange q = ratios(series, ref);
        const double calls = std::max<double>(1, double(r.calls));
        out << QStringLiteral("%1 %2 calls/s  (%3 calls, %4 errors)  ratio to grpc++ %5 (rounds %6-%7)  CPU per "
                              "call: client %8 us, server %9 us\n")
                   .arg(QLatin1String(name), -34)
                   .arg(r.perSecond(), 9, 'f', 0)
                   .arg(r.calls, 7)
                   .arg(r.errors, 3)
                   .arg(q.median, 5, 'f', 2)
                   .arg(q.low, 0, 'f', 2)
                   .arg(q.high, 0, 'f', 2)
                   .arg(r.clientCpuUs / calls, 5, 'f', 0)
                   .arg(r.serverCpuUs / calls, 5, 'f', 0);
    };
    out << "sequential (1 in flight); ratio: median of the rounds' ratios (lowest-highest)\n";
    row("  Channel native gRPC (HTTP/2)", oursGrpcSeq, grpcSeq);
    row("  Channel gRPC-Web (HTTP/1.1)", oursWebSeq, grpcSeq);
    row("  grpc++ client", grpcSeq, grpcSeq);
    out << "concurrent (" << InFlight << " in flight)\n";
    row("  Channel native gRPC (HTTP/2)", oursGrpcPar, grpcPar);
    row("  Channel gRPC-Web (HTTP/1.1)", oursWebPar, grpcPar);
    row("  grpc++ client", grpcPar, grpcPar);
    out.flush();
    sandbox.stop();
    return 0;
}
