// SPDX-License-Identifier: Apache-2.0
// chainloop-sandbox: a local double of the Chainloop control plane for tests and the demo.
// stdout carries exactly one line, {"grpc":N,"http":M}, once both ports listen; logs go to stderr.
#include "sandbox/CallRouter.h"
#include "sandbox/ControlPlane.h"
#include "sandbox/FaultInjector.h"
#include "sandbox/GrpcTransport.h"
#include "sandbox/GrpcWebTransport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace adm::sandbox;

namespace {

Q_LOGGING_CATEGORY(lcMain, "adm.sandbox", QtInfoMsg)

int signalPipe[2] = { -1, -1 };

void onTerminationSignal(int)
{
    const char byte = 1;
    if (::write(signalPipe[0], &byte, 1) < 0) {
        // Nothing useful to do inside a signal handler.
    }
}

// SIGTERM/SIGINT end the event loop so the transports shut down cleanly.
bool installSignalHandlers(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return false;
    auto *notifier = new QSocketNotifier(signalPipe[1], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [&app]() {
        char byte = 0;
        if (::read(signalPipe[1], &byte, 1) > 0)
            qCInfo(lcMain, "terminating on signal");
        app.quit();
    });
    struct sigaction action = {};
    action.sa_handler = onTerminationSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGTERM, &action, nullptr);
    ::sigaction(SIGINT, &action, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
    return true;
}

QString epilogue()
{
    return QStringLiteral("\nListeners bind 127.0.0.1 only; port 0 picks a free port. When both listen, stdout gets\n"
                          "one line {\"grpc\":N,\"http\":M}; everything else goes to stderr.\n"
                          "  gRPC port: native gRPC (HTTP/2, cleartext) for every controlplane.v1 method.\n"
                          "  HTTP port: gRPC-Web (POST /<pkg.Service>/<Method>, application/grpc-web+proto or\n"
                          "  -text), GET /infoz, GET /statusz[?readiness=true], and the browser login\n"
                          "  GET /auth/login?callback=URL&long-lived=true -> pick a seeded user -> 302 to URL?t=<jwt>\n"
                          "  (7 days with long-lived=true, else 10 s; an empty callback shows the token).\n"
                          "Seeded secrets (tokens) are written only to --seed-out (mode 0600) or, with\n"
                          "--print-tokens, to stderr.\n\n")
        + FaultInjector::syntaxHelp()
        + QStringLiteral(
            "\n\nControl endpoint (only with --enable-control), on the HTTP port:\n"
            "  GET    /sandbox/faults  -> {\"seed\":\"1\",\"faults\":[{\"kind\",\"spec\",\"method\",\"ratio\",\n"
            "                             \"fired\",\"remaining\"...}]}\n"
            "  POST   /sandbox/faults  {\"faults\":[\"SPEC\",...],\"seed\":N}  replaces all rules (400 on error)\n"
            "  DELETE /sandbox/faults  clears all rules\n\n")
        + ControlPlane::casCheckRulesHelp()
        + QStringLiteral("\nExit status: 0 after SIGTERM/SIGINT, 1 when a port or the database cannot be opened,\n"
                         "2 on a command-line error.\n");
}

bool writeSecrets(const QString &path, const QJsonObject &secrets, QString *error)
{
    QFile file(path);
    // Created 0600 from the start: the file holds bearer tokens.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        *error = file.errorString();
        return false;
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner); // if it already existed
    if (file.write(QJsonDocument(secrets).toJson()) < 0 || !file.flush()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

std::optional<quint16> parsePort(const QString &text)
{
    bool ok = false;
    const uint port = text.toUInt(&ok);
    if (!ok || port > 65535)
        return std::nullopt;
    return quint16(port);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("chainloop-sandbox"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ADM_VERSION_STRING));
    qSetMessagePattern(QStringLiteral("chainloop-sandbox: %{if-category}%{category}: %{endif}%{message}"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("A local double of the Chainloop control plane (native gRPC, gRPC-Web, /infoz,\n"
                       "browser login) for Chainloop Admin's tests and demo."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption grpcPortOption(QStringLiteral("grpc-port"),
        QStringLiteral("Native gRPC port on 127.0.0.1 (0 = free port)."), QStringLiteral("N"), QStringLiteral("9000"));
    const QCommandLineOption httpPortOption(QStringLiteral("http-port"),
        QStringLiteral("gRPC-Web/HTTP port on 127.0.0.1 (0 = free port)."), QStringLiteral("M"),
        QStringLiteral("8000"));
    const QCommandLineOption dbOption(
        QStringLiteral("db"), QStringLiteral("SQLite database file (default: in memory)."), QStringLiteral("FILE"));
    const QCommandLineOption seedOption(QStringLiteral("seed"),
        QStringLiteral("Seed data set; \"demo\" = users, organizations, memberships, invitations, tokens, "
                       "CAS backends, and an instance admin token."),
        QStringLiteral("demo"));
    const QCommandLineOption seedOutOption(QStringLiteral("seed-out"),
        QStringLiteral("Write the seeded secrets (JSON) to FILE, mode 0600."), QStringLiteral("FILE"));
    const QCommandLineOption seedLoadOption(QStringLiteral("seed-load"),
        QStringLiteral("Load seeding for benchmarks: ORGS organizations and MEMBERS members in the first."),
        QStringLiteral("ORGS:MEMBERS"));
    const QCommandLineOption printTokensOption(
        QStringLiteral("print-tokens"), QStringLiteral("Also print the seeded secrets on stderr."));
    const QCommandLineOption faultOption(
        QStringLiteral("fault"), QStringLiteral("Inject a fault (repeatable); syntax below."), QStringLiteral("SPEC"));
    const QCommandLineOption faultSeedOption(QStringLiteral("fault-seed"),
        QStringLiteral("Seed of the fault injector's random choices."), QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption controlOption(QStringLiteral("enable-control"),
        QStringLiteral("Enable the test-only control endpoint /sandbox/faults on the HTTP port."));
    const QCommandLineOption secretOption(QStringLiteral("jwt-secret-file"),
        QStringLiteral("HS256 signing key for JWTs (default: a fixed dev key)."), QStringLiteral("FILE"));
    const QCommandLineOption restrictOption(
        QStringLiteral("restrict-org-creation"), QStringLiteral("Only instance admins may create organizations."));
    const QCommandLineOption timeoutOption(QStringLiteral("handler-timeout"),
        QStringLiteral("Server-side limit per call, as upstream's 10 s."), QStringLiteral("DURATION"),
        QStringLiteral("10s"));
    const QCommandLineOption verboseOption(
        QStringLiteral("verbose"), QStringLiteral("Log every call (method, status, time) on stderr."));
    parser.addOptions(
        { grpcPortOption, httpPortOption, dbOption, seedOption, seedOutOption, seedLoadOption, printTokensOption,
            faultOption, faultSeedOption, controlOption, secretOption, restrictOption, timeoutOption, verboseOption });

    auto usageError = [](const QString &message) {
        std::fprintf(stderr, "chainloop-sandbox: %s\nTry --help.\n", qPrintable(message));
        return 2;
    };
    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(helpOption)) {
        std::fputs(qPrintable(parser.helpText() + epilogue()), stdout);
        return 0;
    }
    if (parser.isSet(versionOption)) {
        parser.showVersion(); // exits
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument %1").arg(parser.positionalArguments().constFirst()));

    const auto grpcPort = parsePort(parser.value(grpcPortOption));
    const auto httpPort = parsePort(parser.value(httpPortOption));
    if (!grpcPort || !httpPort)
        return usageError(QStringLiteral("ports must be numbers from 0 to 65535"));
    if (parser.isSet(seedOption) && parser.value(seedOption) != QLatin1String("demo"))
        return usageError(QStringLiteral("unknown seed \"%1\" (only \"demo\")").arg(parser.value(seedOption)));
    int loadOrgs = 0;
    int loadMembers = 0;
    if (parser.isSet(seedLoadOption)) {
        static const QRegularExpression re(QStringLiteral("^(\\d+):(\\d+)$"));
        const auto m = re.match(parser.value(seedLoadOption));
        if (!m.hasMatch())
            return usageError(QStringLiteral("--seed-load expects ORGS:MEMBERS, e.g. 100:100000"));
        loadOrgs = m.captured(1).toInt();
        loadMembers = m.captured(2).toInt();
    }
    bool seedOk = false;
    const quint64 faultSeed = parser.value(faultSeedOption).toULongLong(&seedOk);
    if (!seedOk)
        return usageError(QStringLiteral("--fault-seed expects a non-negative integer"));
    FaultInjector faults(faultSeed);
    for (const QString &spec : parser.values(faultOption)) {
        QString error;
        auto rule = FaultInjector::parseSpec(spec, &error);
        if (!rule)
            return usageError(error);
        faults.addRule(std::move(*rule));
    }
    ControlPlaneOptions options;
    {
        // Reuse the fault syntax's duration rule: 10s, 1500ms, 1m.
        QString error;
        auto timeoutRule = FaultInjector::parseSpec(QStringLiteral("latency=") + parser.value(timeoutOption), &error);
        if (!timeoutRule || timeoutRule->latencyMin.count() <= 0)
            return usageError(QStringLiteral("--handler-timeout expects a duration such as 10s or 500ms"));
        options.handlerTimeout = timeoutRule->latencyMin;
    }
    options.databasePath = parser.value(dbOption);
    options.restrictOrgCreation = parser.isSet(restrictOption);
    if (parser.isSet(secretOption)) {
        QFile secret(parser.value(secretOption));
        if (!secret.open(QIODevice::ReadOnly))
            return usageError(QStringLiteral("cannot read %1: %2").arg(secret.fileName(), secret.errorString()));
        options.jwtSecret = secret.readAll().trimmed();
    }
    if (parser.isSet(verboseOption))
        QLoggingCategory::setFilterRules(QStringLiteral("adm.sandbox*.debug=true"));

    if (!installSignalHandlers(app))
        qCWarning(lcMain, "cannot install signal handlers; stop with SIGKILL");

    ControlPlane controlPlane(options);
    if (!controlPlane.open()) {
        qCCritical(lcMain, "cannot open the database: %s", qPrintable(controlPlane.errorString()));
        return 1;
    }
    QJsonObject secrets;
    if (parser.isSet(seedOption))
        secrets = controlPlane.seedDemo();
    if (parser.isSet(seedLoadOption)) {
        const QJsonObject load = controlPlane.seedLoad(loadOrgs, loadMembers);
        if (secrets.isEmpty())
            secrets = load;
        else
            secrets.insert(QStringLiteral("load"), load);
    }
    if (parser.isSet(seedOutOption)) {
        QString error;
        if (!writeSecrets(parser.value(seedOutOption), secrets, &error)) {
            qCCritical(lcMain, "cannot write %s: %s", qPrintable(parser.value(seedOutOption)), qPrintable(error));
            return 1;
        }
    }
    if (parser.isSet(printTokensOption))
        std::fprintf(stderr, "%s", QJsonDocument(secrets).toJson().constData());

    CallRouter router(&controlPlane, &faults);
    GrpcTransport grpc(&router);
    GrpcWebTransport http(&router);
    http.setControlEnabled(parser.isSet(controlOption));
    QString error;
    if (!grpc.listen(*grpcPort, &error) || !http.listenLocal(*httpPort, &error)) {
        qCCritical(lcMain, "%s", qPrintable(error));
        return 1;
    }
    if (!faults.isEmpty())
        qCInfo(lcMain, "faults: %s", QJsonDocument(faults.toJson()).toJson(QJsonDocument::Compact).constData());

    const QJsonObject ready { { QStringLiteral("grpc"), grpc.port() }, { QStringLiteral("http"), http.port() } };
    std::fprintf(stdout, "%s\n", QJsonDocument(ready).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);

    const int rc = app.exec();
    grpc.shutdown();
    return rc;
}
