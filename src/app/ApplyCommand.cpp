// SPDX-License-Identifier: Apache-2.0
#include "app/ApplyCommand.h"

#include "api/Channel.h"
#include "api/OnboardingRunner.h"
#include "core/CasBackendForm.h"
#include "core/JwtClaims.h"
#include "core/Validation.h"
#include "models/OnboardingRunStore.h"
#include "storage/ActivityJournal.h"
#include "storage/Database.h"
#include "storage/KeychainSecretStore.h"
#include "storage/ProfileRepository.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTextStream>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace adm::app {

namespace {

QJsonObject rowJson(const OnboardingRowResult &r)
{
    QJsonObject o { { QStringLiteral("line"), r.line }, { QStringLiteral("organization"), r.organization },
        { QStringLiteral("status"), stepStateName(r.state) } };
    if (!r.email.isEmpty()) {
        o.insert(QStringLiteral("email"), r.email);
        o.insert(QStringLiteral("role"), roleCliName(r.role));
    }
    if (!r.error.isEmpty())
        o.insert(QStringLiteral("error"), r.error);
    return o;
}

#ifdef Q_OS_UNIX
// Self-pipe: the signal handler only writes a byte; the event loop does the cancelling.
int g_signalPipe[2] = { -1, -1 };

void onTerminationSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

void cancelOnTerminationSignals(ApplyCommand *command)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, command);
    QObject::connect(notifier, &QSocketNotifier::activated, command, [command] {
        char byte = 0;
        [[maybe_unused]] const auto got = ::read(g_signalPipe[0], &byte, 1);
        command->cancel();
    });
    struct sigaction sa = {};
    sa.sa_handler = onTerminationSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
}
#endif

} // namespace

struct ApplyCommand::Private {
    ApplyOptions options;
    QTextStream out { stdout };
    QTextStream err { stderr };
    storage::Database db;
    std::unique_ptr<storage::ActivityJournal> activity;
    std::unique_ptr<storage::KeychainSecretStore> keychain;
    storage::Profile profile;
    OnboardingCsvResult csv;
    QHash<QString, QJsonObject> credentials;
    std::unique_ptr<api::Channel> channel;
    std::unique_ptr<models::OnboardingRunStore> store;
    std::unique_ptr<api::OnboardingRunner> runner;
    QString runId;
    bool resumed = false;
    bool callerIsUser = false;
};

ApplyCommand::ApplyCommand(ApplyOptions options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->options = std::move(options);
}

ApplyCommand::~ApplyCommand() = default;

QString ApplyCommand::helpText()
{
    return tr("Usage: chainloop-admin apply FILE.csv (--profile NAME | --url ADDR [--insecure]) [options]\n"
              "\n"
              "Creates the organizations of FILE.csv with their settings, CAS backend and invitations\n"
              "(columns: docs/ONBOARDING_CSV.md). Every row is checked before anything is sent.\n"
              "Each step is written to the app's database before its call and after its outcome; run\n"
              "the same command again after an interruption and it resumes: what is done is skipped,\n"
              "and what already exists on the server is checked and adopted, never created twice.\n"
              "\n"
              "Options:\n"
              "  --profile NAME        a saved profile; its token is read from the keychain\n"
              "  --url ADDR            control plane host:port; the token comes from CHAINLOOP_TOKEN\n"
              "                        and stays in memory (runs are recorded under a profile named\n"
              "                        after the address, created when missing, without a token)\n"
              "  --insecure            plaintext connection (with --url)\n"
              "  --protocol P          auto, grpc or grpc-web (with --url; default auto)\n"
              "  --ca-file FILE        extra CA certificates, PEM (with --url)\n"
              "  --credentials NAME=FILE  the secret of credential set NAME as a JSON object of the\n"
              "                        provider's keys (repeatable); otherwise the set remembered by\n"
              "                        the Add CAS backend wizard (keychain entry credentials/NAME,\n"
              "                        with --profile; its provider must match cas_provider)\n"
              "  --dry-run             validate and print the plan; send nothing, write nothing\n"
              "  --json                print the per-row results as JSON\n"
              "  --results FILE        also write the per-row results as CSV\n"
              "  --concurrency N       calls in flight (default 8)\n"
              "  --timeout DURATION    per call (default 15s)\n"
              "  --database FILE       the app's database (default: the desktop app's)\n"
              "  --no-resume           start a new run even if an interrupted one matches FILE\n"
              "\n"
              "Exit status: 0 every row succeeded (done or already there), 1 usage error,\n"
              "2 the file or a credential set is invalid (nothing was sent), 3 some rows failed or\n"
              "were skipped (see the results), 4 setup failed (database, keychain, token),\n"
              "5 interrupted by SIGINT/SIGTERM (calls in flight cancelled; run again to resume).\n");
}

std::optional<ApplyOptions> ApplyCommand::parseArguments(
    const QStringList &args, const QByteArray &envToken, QString *error)
{
    QCommandLineParser p;
    const QCommandLineOption profile(QStringLiteral("profile"), {}, QStringLiteral("NAME"));
    const QCommandLineOption url(QStringLiteral("url"), {}, QStringLiteral("ADDR"));
    const QCommandLineOption insecure(QStringLiteral("insecure"), {});
    const QCommandLineOption protocol(QStringLiteral("protocol"), {}, QStringLiteral("P"), QStringLiteral("auto"));
    const QCommandLineOption caFile(QStringLiteral("ca-file"), {}, QStringLiteral("FILE"));
    const QCommandLineOption credentials(QStringLiteral("credentials"), {}, QStringLiteral("NAME=FILE"));
    const QCommandLineOption dryRun(QStringLiteral("dry-run"), {});
    const QCommandLineOption json(QStringLiteral("json"), {});
    const QCommandLineOption results(QStringLiteral("results"), {}, QStringLiteral("FILE"));
    const QCommandLineOption concurrency(QStringLiteral("concurrency"), {}, QStringLiteral("N"), QStringLiteral("8"));
    const QCommandLineOption timeout(QStringLiteral("timeout"), {}, QStringLiteral("DURATION"), QStringLiteral("15s"));
    const QCommandLineOption database(QStringLiteral("database"), {}, QStringLiteral("FILE"));
    const QCommandLineOption noResume(QStringLiteral("no-resume"), {});
    p.addOptions({ profile, url, insecure, protocol, caFile, credentials, dryRun, json, results, concurrency, timeout,
        database, noResume });
    if (!p.parse(QStringList { QStringLiteral("apply") } + args)) {
        *error = p.errorText();
        return std::nullopt;
    }
    ApplyOptions o;
    if (p.positionalArguments().size() != 1) {
        *error = tr("Name exactly one CSV file.");
        return std::nullopt;
    }
    o.file = p.positionalArguments().first();
    o.profile = p.value(profile);
    o.url = p.value(url);
    if (o.profile.isEmpty() == o.url.isEmpty()) {
        *error = tr("Give either --profile NAME or --url ADDR.");
        return std::nullopt;
    }
    o.insecure = p.isSet(insecure);
    const auto proto = protocolFromName(p.value(protocol));
    if (!proto) {
        *error = tr("--protocol takes auto, grpc or grpc-web.");
        return std::nullopt;
    }
    o.protocol = *proto;
    o.caFile = p.value(caFile);
    for (const QString &c : p.values(credentials)) {
        const qsizetype eq = c.indexOf(u'=');
        if (eq <= 0 || eq == c.size() - 1) {
            *error = tr("--credentials takes NAME=FILE.");
            return std::nullopt;
        }
        o.credentialFiles.insert(c.left(eq), c.mid(eq + 1));
    }
    o.dryRun = p.isSet(dryRun);
    o.json = p.isSet(json);
    o.resultsFile = p.value(results);
    bool ok = false;
    o.concurrency = p.value(concurrency).toInt(&ok);
    if (!ok || o.concurrency < 1 || o.concurrency > 64) {
        *error = tr("--concurrency takes a number from 1 to 64.");
        return std::nullopt;
    }
    const auto t = parseDuration(p.value(timeout));
    if (!t || t->count() < 1) {
        *error = tr("--timeout takes a duration such as 15s or 2m.");
        return std::nullopt;
    }
    o.timeout = *t;
    o.database = p.value(database);
    o.noResume = p.isSet(noResume);
    if (!o.url.isEmpty()) {
        o.token = envToken.trimmed();
        if (o.token.isEmpty() && !o.dryRun) {
            *error = tr("With --url the token comes from the CHAINLOOP_TOKEN environment variable, which is empty.");
            return std::nullopt;
        }
    }
    return o;
}

void ApplyCommand::start()
{
    QTimer::singleShot(0, this, [this] { run(); });
}

void ApplyCommand::cancel()
{
    if (m_cancelled)
        return;
    m_cancelled = true;
    d->err << tr("Interrupted: no new calls; run the same command again to resume.") << '\n';
    d->err.flush();
    if (d->runner && d->runner->isRunning())
        d->runner->cancel(); // report() follows with the rows as far as they got
    else if (!d->runner)
        Q_EMIT finished(Interrupted);
}

void ApplyCommand::fail(int status, const QString &message)
{
    d->err << message << '\n';
    d->err.flush();
    Q_EMIT finished(status);
}

void ApplyCommand::run()
{
    ApplyOptions &o = d->options;
    QFile file(o.file);
    if (!file.open(QIODevice::ReadOnly))
        return fail(InvalidInput, tr("Cannot read %1: %2").arg(o.file, file.errorString()));
    const QByteArray data = file.read(OnboardingCsvOptions().limits.maxBytes + 1);

    // The database holds profiles, the journal and the runs; a dry run with --url needs none.
    const bool needDb = !o.dryRun || !o.profile.isEmpty();
    if (needDb) {
        const QString path = o.database.isEmpty() ? storage::Database::defaultPath() : o.database;
        if (const auto st = d->db.open(path); !st.ok())
            return fail(SetupFailed, tr("The app's database cannot be opened: %1").arg(st.message()));
        d->activity = std::make_unique<storage::ActivityJournal>(d->db);
    }

    JwtClaims::Kind kind = JwtClaims::Kind::Other;
    if (!o.profile.isEmpty()) {
        auto found = storage::ProfileRepository(d->db).findByName(o.profile);
        if (!found.ok())
            return fail(SetupFailed, tr("No profile named %1: %2").arg(o.profile, found.message()));
        d->profile = found.value();
        kind = d->profile.tokenKind;
    } else if (!o.token.isEmpty()) {
        const auto claims = parseJwtClaims(QString::fromUtf8(o.token));
        if (!claims.claims)
            return fail(SetupFailed, tr("CHAINLOOP_TOKEN is not a Chainloop token: %1").arg(claims.error));
        kind = claims.claims->kind;
    }
    d->callerIsUser = kind == JwtClaims::Kind::User;

    OnboardingCsvOptions csvOptions;
    JwtClaims caller;
    caller.kind = kind;
    csvOptions.allowSettings = !caller.isApiToken();
    d->csv = parseOnboardingCsv(data, csvOptions);
    if (!d->csv.ok()) {
        d->err << tr("Problems in %1 (%2); nothing was sent:").arg(o.file).arg(d->csv.issues.size()) << '\n';
        for (const OnboardingCsvIssue &i : std::as_const(d->csv.issues))
            d->err << "  " << i.toString() << '\n';
        d->err.flush();
        Q_EMIT finished(InvalidInput);
        return;
    }
    if (o.dryRun) {
        printPlan();
        Q_EMIT finished(Ok);
        return;
    }
    if (!o.url.isEmpty()) {
        if (!resolveUrlProfile())
            return;
        d->channel = makeChannel(d->profile, o.token);
        if (!d->channel)
            return;
        return readCredentials();
    }
    // --profile: the token from the keychain first.
    d->keychain = std::make_unique<storage::KeychainSecretStore>();
    storage::SecretJob *job = d->keychain->read(d->profile.secretKey());
    connect(job, &storage::SecretJob::finished, this, [this](const storage::SecretResult &r) {
        if (!r.ok())
            return fail(
                SetupFailed, tr("The token of profile %1 cannot be read: %2").arg(d->profile.name, r.userMessage));
        d->channel = makeChannel(d->profile, r.secret);
        if (d->channel)
            readCredentials();
    });
}

bool ApplyCommand::resolveUrlProfile()
{
    const auto parsed = parseEndpoint(d->options.url, d->options.insecure);
    if (!parsed.endpoint) {
        fail(UsageError, parsed.error);
        return false;
    }
    storage::ProfileRepository profiles(d->db);
    const auto list = profiles.list();
    if (!list.ok()) {
        fail(SetupFailed, list.message());
        return false;
    }
    for (const storage::Profile &p : list.value()) {
        const auto e = parseEndpoint(p.address, p.insecure);
        if (e.endpoint && e.endpoint->host == parsed.endpoint->host && e.endpoint->port == parsed.endpoint->port
            && p.insecure == d->options.insecure) {
            d->profile = p;
            break;
        }
    }
    if (!d->profile.isSaved()) {
        // Runs, journal entries and the provisioned marks hang off a profile; this one holds
        // no token (the token stays in memory).
        d->profile.name = parsed.endpoint->display();
        d->profile.address = d->options.url;
        d->profile.insecure = d->options.insecure;
        d->profile.protocol = d->options.protocol;
        d->profile.caFile = d->options.caFile;
        if (const auto st = profiles.save(d->profile); !st.ok()) {
            fail(SetupFailed, tr("Cannot record a profile for %1: %2").arg(d->options.url, st.message()));
            return false;
        }
    }
    return true;
}

std::unique_ptr<api::Channel> ApplyCommand::makeChannel(const storage::Profile &profile, const QByteArray &token)
{
    const auto parsed = parseEndpoint(profile.address, profile.insecure);
    if (!parsed.endpoint) {
        fail(SetupFailed, parsed.error);
        return nullptr;
    }
    api::ChannelConfig c;
    c.endpoint = *parsed.endpoint;
    c.protocol = d->options.url.isEmpty() ? profile.protocol : d->options.protocol;
    c.caFile = d->options.url.isEmpty() ? profile.caFile : d->options.caFile;
    c.defaultDeadline = d->options.timeout;
    auto channel = std::make_unique<api::Channel>(c);
    channel->setToken(token);
    return channel;
}

void ApplyCommand::readCredentials()
{
    QSet<QString> needed;
    for (const OnboardingStep &s : std::as_const(d->csv.plan.steps)) {
        if (s.kind == OnboardingStep::Kind::AddCasBackend)
            needed.insert(s.cas.credentialSet);
    }
    QStringList fromKeychain;
    for (const QString &name : needed) {
        const QString path = d->options.credentialFiles.value(name);
        if (path.isEmpty()) {
            if (d->options.profile.isEmpty())
                return fail(InvalidInput, tr("Credential set %1: pass --credentials %1=FILE.").arg(name));
            fromKeychain << name;
            continue;
        }
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return fail(InvalidInput, tr("Credential set %1: cannot read %2.").arg(name, path));
        const QJsonDocument doc = QJsonDocument::fromJson(f.readAll());
        if (!doc.isObject())
            return fail(InvalidInput, tr("Credential set %1: %2 is not a JSON object.").arg(name, path));
        d->credentials.insert(name, doc.object());
    }
    readKeychainCredentials(fromKeychain);
}

void ApplyCommand::readKeychainCredentials(QStringList names)
{
    if (names.isEmpty())
        return startRun();
    const QString name = names.takeFirst();
    if (!d->keychain)
        d->keychain = std::make_unique<storage::KeychainSecretStore>();
    // The set as the CAS wizard's "remember credentials" wrote it: its provider and its keys.
    storage::SecretJob *job = d->keychain->read(casCredentialSetKey(name));
    connect(job, &storage::SecretJob::finished, this, [this, name, names](const storage::SecretResult &r) {
        if (!r.ok())
            return fail(
                InvalidInput, tr("Credential set %1 cannot be read from the keychain: %2").arg(name, r.userMessage));
        QString error;
        const auto keys = onboardingCredentials(d->csv.plan, name, r.secret, &error);
        if (!keys)
            return fail(InvalidInput, error);
        d->credentials.insert(name, *keys);
        readKeychainCredentials(names);
    });
}

void ApplyCommand::startRun()
{
    d->store = std::make_unique<models::OnboardingRunStore>(d->db, *d->activity, d->profile.id, d->profile.name);
    OnboardingPlan plan = d->csv.plan;
    if (!d->options.noResume) {
        const auto open = d->store->unfinishedRuns();
        for (const storage::OnboardingRun &run : open.valueOr({})) {
            QString error;
            auto stored = models::OnboardingRunStore::loadPlan(run, *d->activity, &error);
            if (!stored || !stored->sameSteps(plan))
                continue;
            if (d->store->resume(run.runId, &error)) {
                plan = *stored;
                d->resumed = true;
                d->err << tr("Resuming the interrupted run %1 (%2 of %3 steps already done).")
                              .arg(run.runId)
                              .arg(plan.count(OnboardingStep::State::Done) + plan.count(OnboardingStep::State::Adopted))
                              .arg(plan.steps.size())
                       << '\n';
                break;
            }
        }
    }
    if (!d->resumed) {
        if (const auto st = d->store->begin(plan); !st.ok())
            return fail(SetupFailed, tr("The run cannot be recorded: %1").arg(st.message()));
    }
    d->runId = d->store->runId();
    api::OnboardingRunnerOptions ro;
    ro.maxInFlight = d->options.concurrency;
    ro.deadline = d->options.timeout;
    ro.callerIsUser = d->callerIsUser;
    d->runner = std::make_unique<api::OnboardingRunner>(d->channel.get(), d->store.get(), plan, ro);
    d->runner->setCredentialSets(d->credentials);
    connect(d->runner.get(), &api::OnboardingRunner::stepFinished, this, [this](int i) {
        const OnboardingStep &s = d->runner->plan().steps[i];
        if (d->options.json)
            return;
        d->err << QStringLiteral("[%1/%2] %3: %4")
                      .arg(d->runner->plan().finishedCount())
                      .arg(d->runner->plan().steps.size())
                      .arg(stepStateName(s.state), stepDescription(s))
               << (s.error.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(s.error)) << '\n';
        d->err.flush();
    });
    connect(d->runner.get(), &api::OnboardingRunner::finished, this, [this](bool) { report(); });
    d->runner->start();
}

void ApplyCommand::report()
{
    const OnboardingPlan &plan = d->runner->plan();
    const auto results = onboardingRowResults(plan, d->csv.rows);
    bool allOk = true;
    for (const OnboardingRowResult &r : results)
        allOk = allOk && (r.state == OnboardingStep::State::Done || r.state == OnboardingStep::State::Adopted);
    if (!d->options.resultsFile.isEmpty()) {
        QFile f(d->options.resultsFile);
        if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            f.write(onboardingResultsCsv(results).toUtf8());
        else
            d->err << tr("Cannot write %1: %2").arg(d->options.resultsFile, f.errorString()) << '\n';
    }
    if (d->options.json) {
        QJsonArray rows;
        for (const OnboardingRowResult &r : results)
            rows.append(rowJson(r));
        const QJsonObject summary { { QStringLiteral("done"), plan.count(OnboardingStep::State::Done) },
            { QStringLiteral("adopted"), plan.count(OnboardingStep::State::Adopted) },
            { QStringLiteral("failed"), plan.count(OnboardingStep::State::Failed) },
            { QStringLiteral("skipped"), plan.count(OnboardingStep::State::Skipped) },
            { QStringLiteral("calls"), d->runner->callsSent() } };
        d->out << QJsonDocument(QJsonObject { { QStringLiteral("run"), d->runId },
                                    { QStringLiteral("resumed"), d->resumed }, { QStringLiteral("ok"), allOk },
                                    { QStringLiteral("steps"), summary }, { QStringLiteral("rows"), rows } })
                      .toJson(QJsonDocument::Indented);
    } else {
        for (const OnboardingRowResult &r : results) {
            d->out << QStringLiteral("line %1\t%2\t%3\t%4\t%5")
                          .arg(r.line)
                          .arg(r.organization, r.email.isEmpty() ? QStringLiteral("-") : r.email,
                              stepStateName(r.state), r.error)
                   << '\n';
        }
        d->out << tr("%1 steps: %2 done, %3 already there, %4 failed, %5 skipped.")
                      .arg(plan.steps.size())
                      .arg(plan.count(OnboardingStep::State::Done))
                      .arg(plan.count(OnboardingStep::State::Adopted))
                      .arg(plan.count(OnboardingStep::State::Failed))
                      .arg(plan.count(OnboardingStep::State::Skipped))
               << '\n';
    }
    d->out.flush();
    Q_EMIT finished(m_cancelled ? Interrupted : allOk ? Ok : RowsFailed);
}

void ApplyCommand::printPlan()
{
    const OnboardingPlan &plan = d->csv.plan;
    if (d->options.json) {
        QJsonObject json = plan.toJson();
        json.insert(QStringLiteral("dryRun"), true);
        d->out << QJsonDocument(json).toJson(QJsonDocument::Indented);
    } else {
        d->out << tr("Dry run: %1 rows, %2 organizations, %3 steps; nothing is sent.")
                      .arg(d->csv.rows.size())
                      .arg(plan.organizations().size())
                      .arg(plan.steps.size())
               << '\n';
        for (const OnboardingStep &s : plan.steps)
            d->out << "  " << stepDescription(s) << '\n';
    }
    d->out.flush();
}

int runApply(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (args.contains(QLatin1String("--help")) || args.contains(QLatin1String("-h"))) {
        out << ApplyCommand::helpText();
        return ApplyCommand::Ok;
    }
    // The desktop app's names, so apply shares its database (profiles, journal, runs to
    // resume) and its keychain entries.
    QCoreApplication::setOrganizationName(QStringLiteral("Chainloop"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("chainloop.dev"));
    QCoreApplication::setApplicationName(QStringLiteral("Chainloop Admin"));
    QString error;
    const auto options = ApplyCommand::parseArguments(args, qgetenv("CHAINLOOP_TOKEN"), &error);
    if (!options) {
        err << error << '\n' << ApplyCommand::helpText();
        return ApplyCommand::UsageError;
    }
    ApplyCommand command(*options);
#ifdef Q_OS_UNIX
    cancelOnTerminationSignals(&command);
#endif
    QEventLoop loop;
    int status = ApplyCommand::Ok;
    QObject::connect(&command, &ApplyCommand::finished, &loop, [&](int s) {
        status = s;
        loop.quit();
    });
    command.start();
    loop.exec();
    return status;
}

} // namespace adm::app
