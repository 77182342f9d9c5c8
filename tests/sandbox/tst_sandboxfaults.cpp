// SPDX-License-Identifier: Apache-2.0
// Fault injection: the SPEC parser and plans (in-process), then each fault on both ports of a
// running sandbox, switched through the control endpoint and through --fault.
#include "TransportTestHelpers.h"
#include "controlplane/v1/status.grpc.pb.h"
#include "sandbox/FaultInjector.h"
#include "support/GrpcWebTestClient.h"
#include "support/SandboxProcess.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace adm::test;
using adm::sandbox::FaultInjector;
using adm::sandbox::FaultPlan;
namespace cp = controlplane::v1;

namespace {

const QByteArray infozMethod = "/controlplane.v1.StatusService/Infoz";

QJsonObject faultSet(const QStringList &specs, int seed = -1)
{
    QJsonObject o { { QStringLiteral("faults"), QJsonArray::fromStringList(specs) } };
    if (seed >= 0)
        o.insert(QStringLiteral("seed"), seed);
    return o;
}

} // namespace

class TestSandboxFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // FaultInjector alone
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void sameSeedSamePlans();
    void countAndMethodFilter();
    void latencyRulesAddUp();
    void jsonReplaceIsAtomic();

    // against a running sandbox
    void initTestCase();
    void init();
    void latencyOnBothPorts();
    void unavailableWithCount();
    void seededShareIsReproducible();
    void dropOnBothPorts();
    void malformedOnBothPorts();
    void oversizeOnBothPorts();
    void hangOnBothPorts();
    void grpcTimeoutOnWebPort();
    void controlEndpoint();
    void faultsFromCommandLine();
    void commandLine();

private:
    SandboxProcess m_sandbox;
    std::unique_ptr<GrpcWebTestClient> m_web;
    std::shared_ptr<grpc::Channel> m_channel;
};

void TestSandboxFaults::parseValid_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("normalized");
    QTest::newRow("latency") << "latency=200ms"
                             << "latency=200ms";
    QTest::newRow("latency seconds range") << "latency=1s-1.5s"
                                           << "latency=1000ms-1500ms";
    QTest::newRow("latency bare ms + method") << "latency=50,method=List"
                                              << "latency=50ms,method=List";
    QTest::newRow("unavailable share") << "unavailable=0.3"
                                       << "unavailable=0.3";
    QTest::newRow("unavailable percent count") << "unavailable=25%,count=3"
                                               << "unavailable=0.25,count=3";
    QTest::newRow("drop") << "drop=APITokenService/Revoke"
                          << "drop=APITokenService/Revoke";
    QTest::newRow("drop all, ratio") << "drop=*,ratio=0.5"
                                     << "drop=*,ratio=0.5";
    QTest::newRow("hang bare") << "hang"
                               << "hang=*";
    QTest::newRow("malformed") << "malformed=Infoz,count=1"
                               << "malformed=Infoz,count=1";
    QTest::newRow("oversize default") << "oversize=List"
                                      << "oversize=List,size=34603008";
    QTest::newRow("oversize size") << "oversize=List,size=5M"
                                   << "oversize=List,size=5242880";
}

void TestSandboxFaults::parseValid()
{
    QFETCH(QString, spec);
    QFETCH(QString, normalized);
    QString error;
    const auto rule = FaultInjector::parseSpec(spec, &error);
    QVERIFY2(rule, qPrintable(error));
    QCOMPARE(rule->spec, normalized);
    // The normalized form parses to the same rule.
    QCOMPARE(FaultInjector::parseSpec(normalized, &error)->spec, normalized);
}

void TestSandboxFaults::parseInvalid_data()
{
    QTest::addColumn<QString>("spec");
    for (const char *s :
        { "", "bogus=1", "latency=fast", "latency=2s-1s", "unavailable=1.5", "unavailable=x", "drop=List,count=-1",
            "drop=List,size=1", "oversize=List,size=2G", "drop=List,foo", "unavailable=0.5,ratio=0.1" })
        QTest::newRow(s) << QString::fromLatin1(s);
}

void TestSandboxFaults::parseInvalid()
{
    QFETCH(QString, spec);
    QString error;
    QVERIFY(!FaultInjector::parseSpec(spec, &error));
    QVERIFY(!error.isEmpty());
}

void TestSandboxFaults::sameSeedSamePlans()
{
    auto sequence = [](quint64 seed) {
        FaultInjector faults(seed);
        faults.addRule(*FaultInjector::parseSpec(QStringLiteral("unavailable=0.5"), nullptr));
        QString out;
        for (int i = 0; i < 200; ++i)
            out += faults.planFor(infozMethod).action == FaultPlan::Action::Unavailable ? QLatin1Char('x')
                                                                                        : QLatin1Char('.');
        return out;
    };
    const QString a = sequence(42);
    QCOMPARE(sequence(42), a);
    QVERIFY(sequence(43) != a);
    const auto hits = a.count(QLatin1Char('x'));
    QVERIFY2(hits > 70 && hits < 130, qPrintable(a));
}

void TestSandboxFaults::countAndMethodFilter()
{
    FaultInjector faults;
    faults.addRule(*FaultInjector::parseSpec(QStringLiteral("drop=Revoke,count=2"), nullptr));
    QCOMPARE(faults.planFor("/controlplane.v1.APITokenService/List").action, FaultPlan::Action::None);
    QCOMPARE(faults.planFor("/controlplane.v1.APITokenService/Revoke").action, FaultPlan::Action::Drop);
    QCOMPARE(faults.planFor("/controlplane.v1.OrgInvitationService/Revoke").action, FaultPlan::Action::Drop);
    QCOMPARE(faults.planFor("/controlplane.v1.APITokenService/Revoke").action, FaultPlan::Action::None);
    const QJsonObject rule = faults.toJson().value(QStringLiteral("faults")).toArray().at(0).toObject();
    QCOMPARE(rule.value(QStringLiteral("fired")).toInt(), 2);
    QCOMPARE(rule.value(QStringLiteral("remaining")).toInt(), 0);
}

void TestSandboxFaults::latencyRulesAddUp()
{
    FaultInjector faults;
    faults.addRule(*FaultInjector::parseSpec(QStringLiteral("latency=100ms"), nullptr));
    faults.addRule(*FaultInjector::parseSpec(QStringLiteral("latency=50ms,method=Infoz"), nullptr));
    faults.addRule(*FaultInjector::parseSpec(QStringLiteral("hang=Infoz"), nullptr));
    const FaultPlan plan = faults.planFor(infozMethod);
    QCOMPARE(plan.latency.count(), 150);
    QCOMPARE(plan.action, FaultPlan::Action::Hang);
    QCOMPARE(faults.planFor("/x.Y/List").latency.count(), 100);
}

void TestSandboxFaults::jsonReplaceIsAtomic()
{
    FaultInjector faults;
    QString error;
    QVERIFY(faults.replaceFromJson(faultSet({ QStringLiteral("latency=10ms") }, 9), &error));
    QCOMPARE(faults.seed(), quint64(9));
    QVERIFY(!faults.replaceFromJson(faultSet({ QStringLiteral("hang=*"), QStringLiteral("nonsense") }), &error));
    QVERIFY(error.contains(QLatin1String("nonsense")));
    QCOMPARE(faults.toJson().value(QStringLiteral("faults")).toArray().size(), 1);
}

void TestSandboxFaults::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    m_web = std::make_unique<GrpcWebTestClient>(m_sandbox.httpUrl());
    m_channel = grpcChannel(m_sandbox.grpcAddress());
}

void TestSandboxFaults::init()
{
    if (m_sandbox.isRunning())
        QVERIFY2(m_sandbox.clearFaults(), qPrintable(m_sandbox.errorString()));
}

void TestSandboxFaults::latencyOnBothPorts()
{
    QVERIFY(m_sandbox.setFaults(faultSet({ QStringLiteral("latency=300ms,method=Infoz") })));
    const GrpcWebResult w = m_web->call(infozMethod, {});
    QCOMPARE(w.grpcStatus, 0);
    QVERIFY2(w.elapsedMs >= 290, qPrintable(QString::number(w.elapsedMs)));
    const GrpcResult g = grpcCall(m_channel, infozMethod, {});
    QVERIFY(g.status.ok());
    QVERIFY2(g.elapsedMs >= 290, qPrintable(QString::number(g.elapsedMs)));
    // Other methods are not delayed.
    QVERIFY(grpcCall(m_channel, "/controlplane.v1.StatusService/Statusz", {}).elapsedMs < 290);
}

void TestSandboxFaults::unavailableWithCount()
{
    QVERIFY(m_sandbox.setFaults(faultSet({ QStringLiteral("unavailable=1,count=2,method=Infoz") })));
    QCOMPARE(m_web->call(infozMethod, {}).grpcStatus, 14);
    QCOMPARE(grpcCall(m_channel, infozMethod, {}).code(), int(grpc::StatusCode::UNAVAILABLE));
    QCOMPARE(m_web->call(infozMethod, {}).grpcStatus, 0);
    QVERIFY(grpcCall(m_channel, infozMethod, {}).status.ok());
    const QJsonObject rule = m_sandbox.faults().value(QStringLiteral("faults")).toArray().at(0).toObject();
    QCOMPARE(rule.value(QStringLiteral("fired")).toInt(), 2);
    QCOMPARE(rule.value(QStringLiteral("remaining")).toInt(), 0);
}

void TestSandboxFaults::seededShareIsReproducible()
{
    auto run = [this](bool web) {
        [&] { QVERIFY(m_sandbox.setFaults(faultSet({ QStringLiteral("unavailable=0.5,method=Infoz") }, 42))); }();
        QString out;
        for (int i = 0; i < 24; ++i) {
            const int status
                = web ? m_web->call(infozMethod, {}).grpcStatus : grpcCall(m_channel, infozMethod, {}).code();
            out += status == 14 ? QLatin1Char('x') : QLatin1Char('.');
        }
        return out;
    };
    const QString first = run(true);
    QVERIFY2(first.contains(QLatin1Char('x')) && first.contains(QLatin1Char('.')), qPrintable(first));
    QCOMPARE(run(true), first);
    QCOMPARE(run(false), first); // the plan does not depend on the protocol
}

void TestSandboxFaults::dropOnBothPorts()
{
    QVERIFY(m_sandbox.setFaults(faultSet({ QStringLiteral("drop=Infoz") })));
    const GrpcWebResult w = m_web->call(infozMethod, {});
    QVERIFY2(w.networkError != QNetworkReply::NoError, qPrintable(w.networkErrorString));
    QCOMPARE(w.grpcStatus, -1); // no trailer reached the client
    const GrpcResult g = grpcCall(m_channel, infozMethod, {});
    QCOMPARE(g.code(), int(grpc::StatusCode::CANCELLED));
    QVERIFY(m_sandbox.clearFaults());
    QCOMPARE(m_web->call(infozMethod, {}).grpcStatus, 0);
    QVERIFY(grpcCall(m_channel, infozMethod, {}).status.ok());
}

void TestSandboxFaults::malformedOnBothPorts()
{
    QVERIFY(m_sandbox.setFaults(faultSet({ QStringLiteral("malformed=Infoz") })));
    const GrpcWebResult w = m_web->call(infozMethod, {});
    QCOMPARE(w.httpStatus, 200);
    QVERIFY(!w.frameError.isEmpty());
    QCOMPARE(w.grpcStatus, -1);
    // grpc++ frames the bytes correctly; the typed stub fails to parse them.
    auto stub = cp::StatusService::NewStub(m_channel);
    grpc::ClientContext context;
    cp::InfozResponse response;
    const grpc::Status status = stub->Infoz(&context, cp::InfozRequest(), &response);
    // grpc++ 1.51 reports an unparsable unary reply as UNIMPLEMENTED "No message returned for
    // unary request"; other clients say INTERNAL. Either way the call must fail.
    QVERIFY2(!status.ok(), "garbage parsed as a message");
    QVERIFY(
        status.error_code() == grpc::StatusCode::UNIMPLEMENTED || status.error_code() == grpc::StatusCode::INTERNAL);
}

void TestSandboxFaults::oversizeOnBothPorts()
{
    QVERIFY(m_sandbox.setFaults(faultSet({ QStringLiteral("oversize=Infoz,size=5M") })));
    const GrpcResult g = grpcCall(m_channel, infozMethod, {});
    QCOMPARE(g.code(), int(grpc::StatusCode::RESOURCE_EXHAUSTED));
    const GrpcWebResult w = m_web->call(infozMethod, {});
    QCOMPARE(w.grpcStatus, 0);
    QVERIFY(w.message().size() >= 5 * 1024 * 1024 - 1);
    cp::InfozResponse parsed; // a valid message made of one unknown field
    QVERIFY(parsed.ParseFromArray(w.message().constData(), int(w.message().size())));
}

void TestSandboxFaults::hangOnBothPorts()
{
    QVERIFY(m_sandbox.setFaults(faultSet({ QStringLiteral("hang=Infoz") })));
    const GrpcResult g = grpcCall(m_channel, infozMethod, {}, {}, std::chrono::milliseconds(300));
    QCOMPARE(g.code(), int(grpc::StatusCode::DEADLINE_EXCEEDED));
    QVERIFY(g.elapsedMs < 3000);
    GrpcWebTestClient::Options quick;
    quick.timeoutMs = 500;
    // A hung call ignores grpc-timeout too: the client has to give up by itself.
    const GrpcWebResult w = m_web->call(infozMethod, {}, { { "grpc-timeout", "100m" } }, quick);
    QCOMPARE(w.networkError, QNetworkReply::OperationCanceledError);
    QVERIFY(w.elapsedMs >= 450);
    // Other methods and, after clearing, Infoz itself still work: hung calls block nothing.
    QVERIFY(grpcCall(m_channel, "/controlplane.v1.StatusService/Statusz", {}).status.ok());
    QVERIFY(m_sandbox.clearFaults());
    QVERIFY(grpcCall(m_channel, infozMethod, {}).status.ok());
    QCOMPARE(m_web->call(infozMethod, {}).grpcStatus, 0);
}

void TestSandboxFaults::grpcTimeoutOnWebPort()
{
    QVERIFY(m_sandbox.setFaults(faultSet({ QStringLiteral("latency=800ms,method=Infoz") })));
    const GrpcWebResult w = m_web->call(infozMethod, {}, { { "grpc-timeout", "200m" } });
    QCOMPARE(w.grpcStatus, 4);
    QVERIFY2(w.elapsedMs < 700, qPrintable(QString::number(w.elapsedMs)));
    const GrpcResult g = grpcCall(m_channel, infozMethod, {}, {}, std::chrono::milliseconds(200));
    QCOMPARE(g.code(), int(grpc::StatusCode::DEADLINE_EXCEEDED));
    QTest::qWait(800); // the late replies of both calls arrive after the client left: no crash
    QVERIFY(m_sandbox.isRunning());
}

void TestSandboxFaults::controlEndpoint()
{
    QVERIFY(m_sandbox.setFaults(faultSet({ QStringLiteral("latency=5ms"), QStringLiteral("drop=Revoke,count=1") }, 7)));
    QJsonObject state = m_sandbox.faults();
    QCOMPARE(state.value(QStringLiteral("seed")).toString(), QStringLiteral("7"));
    const QJsonArray rules = state.value(QStringLiteral("faults")).toArray();
    QCOMPARE(rules.size(), 2);
    QCOMPARE(rules.at(1).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("drop"));
    QCOMPARE(rules.at(1).toObject().value(QStringLiteral("spec")).toString(), QStringLiteral("drop=Revoke,count=1"));
    QVERIFY(!m_sandbox.setFaults(faultSet({ QStringLiteral("latency=soon") })));
    QVERIFY(m_sandbox.errorString().contains(QLatin1String("400")));
    QCOMPARE(m_sandbox.faults().value(QStringLiteral("faults")).toArray().size(), 2); // unchanged
    QVERIFY(m_sandbox.clearFaults());
    QVERIFY(m_sandbox.faults().value(QStringLiteral("faults")).toArray().isEmpty());
}

void TestSandboxFaults::faultsFromCommandLine()
{
    SandboxProcess::Options options;
    options.seedDemo = false;
    options.enableControl = false;
    options.extraArguments = QStringList { QStringLiteral("--fault"),
        QStringLiteral("unavailable=1,method=Infoz,count=1"), QStringLiteral("--fault"), QStringLiteral("hang=Infoz"),
        QStringLiteral("--fault"), QStringLiteral("latency=100ms,method=Statusz") };
    SandboxProcess sandbox(options);
    QVERIFY2(sandbox.start(), qPrintable(sandbox.errorString()));
    GrpcWebTestClient web(sandbox.httpUrl());
    QCOMPARE(web.call(infozMethod, {}).grpcStatus, 14);
    const GrpcResult g = grpcCall(grpcChannel(sandbox.grpcAddress()), "/controlplane.v1.StatusService/Statusz", {});
    QVERIFY(g.status.ok());
    QVERIFY(g.elapsedMs >= 95);
    QVERIFY(!sandbox.setFaults(faultSet({}))); // no control endpoint without --enable-control

    // SIGTERM is a clean exit, even with hung calls pending on both ports.
    auto channel = grpcChannel(sandbox.grpcAddress());
    grpc::GenericStub stub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    grpc::CompletionQueue queue;
    grpc::ByteBuffer in;
    grpc::ByteBuffer out;
    grpc::Status status;
    auto call = stub.PrepareUnaryCall(&context, "/controlplane.v1.StatusService/Infoz", in, &queue);
    call->StartCall();
    call->Finish(&out, &status, reinterpret_cast<void *>(1));
    QNetworkAccessManager nam;
    QNetworkRequest request(sandbox.httpUrl(QStringLiteral("/controlplane.v1.StatusService/Infoz")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/grpc-web+proto"));
    std::unique_ptr<QNetworkReply> pending(nam.post(request, GrpcWebTestClient::frame({})));
    QTest::qWait(200);
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(sandbox.stop(), 0);
    QVERIFY(timer.elapsed() < 4000);
    void *tag = nullptr;
    bool ok = false;
    QVERIFY(queue.Next(&tag, &ok));
    QVERIFY(!status.ok());
    queue.Shutdown();
    while (queue.Next(&tag, &ok)) { }
}

void TestSandboxFaults::commandLine()
{
    const QString binary = qEnvironmentVariable("ADM_SANDBOX_BIN");
    QVERIFY(!binary.isEmpty());
    QProcess help;
    help.start(binary, { QStringLiteral("--help") });
    QVERIFY(help.waitForFinished(10000));
    QCOMPARE(help.exitCode(), 0);
    const QByteArray text = help.readAllStandardOutput();
    for (const char *needle : { "--grpc-port", "--http-port", "--db", "--seed", "--seed-out", "--seed-load", "--fault",
             "--fault-seed", "--enable-control", "latency=DURATION", "unavailable=SHARE", "drop=METHOD",
             "malformed=METHOD", "oversize=METHOD", "hang=METHOD", "/sandbox/faults", "gRPC-Web port" })
        QVERIFY2(text.contains(needle), needle);

    QProcess bad;
    bad.start(binary,
        { QStringLiteral("--grpc-port"), QStringLiteral("0"), QStringLiteral("--http-port"), QStringLiteral("0"),
            QStringLiteral("--fault"), QStringLiteral("latency=soon") });
    QVERIFY(bad.waitForFinished(10000));
    QCOMPARE(bad.exitCode(), 2);
    QVERIFY(bad.readAllStandardOutput().isEmpty());
    QVERIFY(bad.readAllStandardError().contains("latency=soon"));

    // Ready line alone on stdout, secrets file 0600, tokens not in the logs, clean SIGTERM exit.
    QTemporaryDir dir;
    const QString seedFile = dir.filePath(QStringLiteral("seed.json"));
    QProcess run;
    run.start(binary,
        { QStringLiteral("--grpc-port"), QStringLiteral("0"), QStringLiteral("--http-port"), QStringLiteral("0"),
            QStringLiteral("--seed"), QStringLiteral("demo"), QStringLiteral("--seed-out"), seedFile,
            QStringLiteral("--verbose") });
    QVERIFY(run.waitForReadyRead(20000));
    QTRY_VERIFY(run.canReadLine());
    const QByteArray line = run.readLine();
    const QJsonObject ready = QJsonDocument::fromJson(line).object();
    QVERIFY2(ready.value(QStringLiteral("grpc")).toInt() > 0 && ready.value(QStringLiteral("http")).toInt() > 0,
        line.constData());
    QCOMPARE(QFileInfo(seedFile).permissions()
            & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther),
        QFileDevice::Permissions());
    QFile file(seedFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString instanceToken
        = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("instance_token")).toString();
    QVERIFY(!instanceToken.isEmpty());
    // A call with the token, logged in verbose mode: the log must not contain it.
    grpcCall(grpcChannel(QStringLiteral("127.0.0.1:%1").arg(ready.value(QStringLiteral("grpc")).toInt())),
        "/controlplane.v1.ContextService/Current", {}, bearerMetadata(instanceToken));
    run.terminate();
    QVERIFY(run.waitForFinished(10000));
    QCOMPARE(run.exitStatus(), QProcess::NormalExit);
    QCOMPARE(run.exitCode(), 0);
    QVERIFY(run.readAllStandardOutput().isEmpty()); // nothing after the ready line
    const QByteArray log = run.readAllStandardError();
    QVERIFY(log.contains("ContextService/Current"));
    QVERIFY(!log.contains(instanceToken.toUtf8()));
}

QTEST_GUILESS_MAIN(TestSandboxFaults)
#include "tst_sandboxfaults.moc"
