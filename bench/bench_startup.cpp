// SPDX-License-Identifier: Apache-2.0
// bench_startup: wall time from fork/exec of chainloop-admin to its main window painted with
// cached data, against bare_window (an empty QMainWindow, same build flags), median of N runs
// each, and the peak memory (ru_maxrss) of both.
//
// The profile is realistic for a large instance: 1,000 organizations (the cached organization
// listing and the known-organization list) and 10,000 cached members of the selected
// organization, seeded through the app's own storage layer into a throwaway HOME. Its token is
// in the keychain, its server address is a closed loopback port: the app starts with cached
// data and goes Offline without waiting for anything. The app reports its first paint with rows
// through ADM_STARTUP_PROBE (src/app/StartupProbe.h); bare_window prints the same line.
//
//   bench_startup [--app PATH] [--bare PATH] [--floor PATH] [--runs N] [--orgs N] [--members N]
//
// Needs a Secret Service (scripts/bench runs it inside dbus-run-session with gnome-keyring)
// and a display or QT_QPA_PLATFORM=offscreen.
#include "core/JwtClaims.h"
#include "storage/Database.h"
#include "storage/KeychainSecretStore.h"
#include "storage/KnownOrganizationRepository.h"
#include "storage/ListingCache.h"
#include "storage/ListingCodec.h"
#include "storage/ProfileRepository.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <optional>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

using namespace adm;

namespace {

struct Run {
    double ms = 0; // spawn to first paint
    long maxRssKb = 0; // getrusage of the child, after it exited
    long hwmAtPaintKb = 0; // VmHWM the child read at its first paint
    int rows = 0;
    bool cached = false;
    QList<std::pair<QByteArray, double>> phases; // startup-phase lines: name, ms since spawn
};

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// A user token as the app sees one (it never checks the signature; the server would).
QByteArray userJwt()
{
    const QJsonObject header { { QStringLiteral("alg"), QStringLiteral("HS256") },
        { QStringLiteral("typ"), QStringLiteral("JWT") } };
    const QJsonObject claims { { QStringLiteral("user_id"), QStringLiteral("bench-user") },
        { QStringLiteral("aud"), QJsonArray { QStringLiteral("user-auth.chainloop") } },
        { QStringLiteral("exp"), double(QDateTime::currentSecsSinceEpoch() + 86400) } };
    return base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + '.' + base64Url("bench-signature");
}

// A loopback port nobody listens on: connections are refused at once.
quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

QString orgName(int i)
{
    return QStringLiteral("bench-org-%1").arg(i, 4, 10, QLatin1Char('0'));
}

// Fills the app's database and settings under the current HOME; false with a message on error.
qsizetype g_membersCachedBytes = 0; // size of the cached members listing, for the report

bool seed(int orgs, int members, QString *error)
{
    storage::Database db;
    if (const auto s = db.open(storage::Database::defaultPath()); !s.ok()) {
        *error = s.message();
        return false;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    storage::Profile profile;
    profile.name = QStringLiteral("bench");
    profile.address = QStringLiteral("127.0.0.1:%1").arg(closedPort());
    profile.insecure = true;
    profile.protocol = Protocol::Grpc;
    profile.defaultOrganization = orgName(1);
    profile.tokenKind = JwtClaims::Kind::User;
    if (const auto s = storage::ProfileRepository(db).save(profile); !s.ok()) {
        *error = s.message();
        return false;
    }

    // The organization listing as the session and OrganizationsController::storeCache write it.
    QList<Membership> orgRows;
    QList<storage::KnownOrganization> known;
    for (int i = 1; i <= orgs; ++i) {
        Membership m;
        m.id = QStringLiteral("membership-%1").arg(i);
        m.org.id = QStringLiteral("org-id-%1").arg(i);
        m.org.name = orgName(i);
        m.org.createdAt = now.addDays(-i);
        m.role = i % 3 == 0 ? Role::Owner : Role::Admin;
        m.current = i == 1;
        m.createdAt = m.org.createdAt;
        orgRows.append(m);
        storage::KnownOrganization k;
        k.profileId = profile.id;
        k.name = m.org.name;
        k.organizationId = m.org.id;
        known.append(k);
    }
    storage::ListingCache cache(db);
    if (const auto s = cache.put(profile.id, {}, storage::ListingKind::Organizations, orgRows, now); !s.ok()) {
        *error = s.message();
        return false;
    }
    if (const auto s = storage::KnownOrganizationRepository(db).rememberAll(known); !s.ok()) {
        *error = s.message();
        return false;
    }

    static const Role roles[] = { Role::Viewer, Role::Member, Role::Contributor, Role::Admin };
    QList<Membership> memberRows;
    for (int i = 1; i <= members; ++i) {
        Membership m;
        m.id = QStringLiteral("member-%1").arg(i);
        m.org.id = QStringLiteral("org-id-1");
        m.org.name = orgName(1);
        m.user.id = QStringLiteral("user-%1").arg(i);
        m.user.email = QStringLiteral("user-%1@bench.example").arg(i, 6, 10, QLatin1Char('0'));
        m.user.firstName = QStringLiteral("Bench");
        m.user.lastName = QStringLiteral("User %1").arg(i, 6, 10, QLatin1Char('0'));
        m.role = roles[i % 4];
        m.createdAt = now.addSecs(-60 * i);
        m.updatedAt = m.createdAt;
        memberRows.append(m);
    }
    g_membersCachedBytes = storage::encodeListing(memberRows).size();
    if (const auto s = cache.put(profile.id, orgName(1), storage::ListingKind::Members, memberRows, now); !s.ok()) {
        *error = s.message();
        return false;
    }

    // The window opens on the members page, as it would for an admin who left it there.
    QSettings settings;
    settings.setValue(QStringLiteral("MainWindow/page"), QStringLiteral("members"));
    settings.sync();

    storage::KeychainSecretStore keychain;
    storage::SecretJob *job = keychain.write(profile.secretKey(), userJwt());
    QEventLoop loop;
    std::optional<storage::SecretResult> written;
    QObject::connect(job, &storage::SecretJob::finished, &loop, [&](const storage::SecretResult &r) {
        written = r;
        loop.quit();
    });
    if (!job->isFinished())
        loop.exec();
    else
        written = job->result();
    if (!written || !written->ok()) {
        *error = QStringLiteral("cannot store the token in the keychain (%1); run under a Secret Service, "
                                "e.g. scripts/bench")
                     .arg(written ? written->userMessage : QStringLiteral("no answer"));
        return false;
    }
    return true;
}

// Starts `program` with ADM_STARTUP_PROBE=1, waits for its probe line and its exit.
std::optional<Run> runOnce(const QString &program, const QStringList &args, QString *error)
{
    int out[2];
    if (pipe(out) != 0) {
        *error = QStringLiteral("pipe failed");
        return std::nullopt;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addclose(&actions, out[1]);
    const QByteArray path = QFile::encodeName(program);
    QList<QByteArray> argBytes;
    for (const QString &a : args)
        argBytes << a.toLocal8Bit();
    std::vector<char *> argv { const_cast<char *>(path.constData()) };
    for (QByteArray &a : argBytes)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, path.constData(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (rc != 0) {
        close(out[0]);
        *error = QStringLiteral("cannot start %1: %2").arg(program, QString::fromLocal8Bit(strerror(rc)));
        return std::nullopt;
    }
    QByteArray output;
    QElapsedTimer timeout;
    timeout.start();
    for (;;) {
        pollfd p { out[0], POLLIN, 0 };
        const int left = int(60000 - timeout.elapsed());
        if (left <= 0 || poll(&p, 1, left) <= 0) {
            kill(pid, SIGKILL);
            break;
        }
        char buf[4096];
        const ssize_t n = read(out[0], buf, sizeof buf);
        if (n <= 0)
            break;
        output.append(buf, n);
    }
    close(out[0]);
    int status = 0;
    rusage usage {};
    wait4(pid, &status, 0, &usage);

    // The display server and the bus daemon are still tearing down this program's windows and
    // connections after it exits; the next program started at once would wait on them (its
    // first round trips to the display took 5-10 ms longer). Let them settle first.
    usleep(300 * 1000);

    Run run;
    run.maxRssKb = usage.ru_maxrss;
    qint64 paintedNs = -1;
    QList<std::pair<QByteArray, qint64>> phaseNs;
    for (const QByteArray &line : output.split('\n')) {
        if (line.startsWith("startup-phase ")) {
            const QList<QByteArray> fields = line.split(' ');
            if (fields.size() == 3 && fields[1].startsWith("name=") && fields[2].startsWith("ns="))
                phaseNs.append({ fields[1].mid(5), fields[2].mid(3).toLongLong() });
            continue;
        }
        if (!line.startsWith("startup-probe "))
            continue;
        for (const QByteArray &field : line.split(' ')) {
            const auto kv = field.split('=');
            if (kv.size() != 2)
                continue;
            if (kv[0] == "painted-ns")
                paintedNs = kv[1].toLongLong();
            else if (kv[0] == "rows")
                run.rows = kv[1].toInt();
            else if (kv[0] == "cached")
                run.cached = kv[1] == "1";
            else if (kv[0] == "vmhwm-kb")
                run.hwmAtPaintKb = kv[1].toLong();
        }
    }
    if (paintedNs < 0) {
        *error = QStringLiteral("%1 printed no probe line (exit status %2); output: %3")
                     .arg(program)
                     .arg(status)
                     .arg(QString::fromLocal8Bit(output));
        return std::nullopt;
    }
    const qint64 startNs = std::chrono::duration_cast<std::chrono::nanoseconds>(start.time_since_epoch()).count();
    run.ms = double(paintedNs - startNs) / 1e6;
    for (const auto &[name, ns] : std::as_const(phaseNs))
        run.phases.append({ name, double(ns - startNs) / 1e6 });
    return run;
}

template<typename T> T median(QList<T> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? T() : v.at(v.size() / 2);
}

// "main 17.2 (+17.2), application 30.1 (+12.9), ...": the median time since spawn at which each
// marked phase ended (src/core/StartupTrace.h), in the order the first run marked them, and the
// difference from the previous one. Medians of each mark, so the steps need not add up exactly.
QString phaseTable(const QList<Run> &runs)
{
    if (runs.isEmpty() || runs.first().phases.isEmpty())
        return {};
    QStringList parts;
    double previous = 0;
    for (const auto &phase : runs.first().phases) {
        QList<double> at;
        for (const Run &r : runs) {
            for (const auto &[name, ms] : r.phases) {
                if (name == phase.first) {
                    at << ms;
                    break;
                }
            }
        }
        const double m = median(at);
        parts << QStringLiteral("%1 %2 (+%3)")
                     .arg(QString::fromLatin1(phase.first))
                     .arg(m, 0, 'f', 1)
                     .arg(m - previous, 0, 'f', 1);
        previous = m;
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

int main(int argc, char *argv[])
{
    // A throwaway HOME for the seeding and for every run of the app; set before Qt reads it.
    QTemporaryDir home;
    const QByteArray h = QFile::encodeName(home.path());
    qputenv("HOME", h);
    qputenv("XDG_DATA_HOME", h + "/.local/share");
    qputenv("XDG_CONFIG_HOME", h + "/.config");
    qputenv("XDG_CACHE_HOME", h + "/.cache");

    QCoreApplication app(argc, argv);
    // The app's names: QStandardPaths and QSettings then point at the files the app reads.
    QCoreApplication::setOrganizationName(QStringLiteral("Chainloop"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("chainloop.dev"));
    QCoreApplication::setApplicationName(QStringLiteral("Chainloop Admin"));

    const QString binDir = QCoreApplication::applicationDirPath();
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption appOpt(QStringLiteral("app"), QStringLiteral("chainloop-admin binary."),
        QStringLiteral("PATH"), binDir + QStringLiteral("/chainloop-admin"));
    const QCommandLineOption bareOpt(QStringLiteral("bare"), QStringLiteral("bare_window binary."),
        QStringLiteral("PATH"), binDir + QStringLiteral("/bare_window"));
    const QCommandLineOption runsOpt(
        QStringLiteral("runs"), QStringLiteral("Runs of each program."), QStringLiteral("N"), QStringLiteral("15"));
    const QCommandLineOption orgsOpt(
        QStringLiteral("orgs"), QStringLiteral("Cached organizations."), QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption membersOpt(
        QStringLiteral("members"), QStringLiteral("Cached members."), QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption floorOpt(QStringLiteral("floor"), QStringLiteral("floor_window binary."),
        QStringLiteral("PATH"), binDir + QStringLiteral("/floor_window"));
    parser.addOptions({ appOpt, bareOpt, floorOpt, runsOpt, orgsOpt, membersOpt });
    parser.process(app);
    QTextStream out(stdout);
    const int runs = std::max(1, parser.value(runsOpt).toInt());
    const int orgs = parser.value(orgsOpt).toInt();
    const int members = parser.value(membersOpt).toInt();

    QString error;
    QElapsedTimer seeding;
    seeding.start();
    if (!seed(orgs, members, &error)) {
        out << "bench_startup: " << error << '\n';
        return 1;
    }
    out << "bench_startup: profile with " << orgs << " organizations and " << members << " cached members ("
        << g_membersCachedBytes / 1024 << " KiB cached), server unreachable (closed port); seeded in "
        << seeding.elapsed() << " ms\n"
        << "  platform: "
        << (qEnvironmentVariableIsSet("QT_QPA_PLATFORM") ? qEnvironmentVariable("QT_QPA_PLATFORM")
                                                         : QStringLiteral("default"))
        << ", DISPLAY=" << qEnvironmentVariable("DISPLAY") << ", " << runs << " runs each (alternating)\n";
    out.flush();
    qputenv("ADM_STARTUP_PROBE", "1");

    // The reference (bare), two more that show where the time goes (label: the bare
    // window with one word of text, which is when Qt first loads fonts; floor: the app's
    // start-up widgets from plain Qt classes, rows in memory), and the app. Alternating.
    struct Program {
        QString label;
        QString path;
        QStringList args;
        QList<Run> runs;
    };
    QList<Program> programs {
        { QStringLiteral("bare_window"), parser.value(bareOpt), {}, {} },
        { QStringLiteral("bare_window --one-label"), parser.value(bareOpt), { QStringLiteral("--one-label") }, {} },
        { QStringLiteral("floor_window"), parser.value(floorOpt), {}, {} },
        { QStringLiteral("chainloop-admin"), parser.value(appOpt), {}, {} },
    };
    // One unmeasured run each: the page cache then holds every binary and its libraries.
    for (const Program &p : std::as_const(programs)) {
        if (!runOnce(p.path, p.args, &error)) {
            out << "bench_startup: " << error << '\n';
            return 1;
        }
    }
    for (int i = 0; i < runs; ++i) {
        for (Program &p : programs) {
            const auto run = runOnce(p.path, p.args, &error);
            if (!run) {
                out << "bench_startup: " << error << '\n';
                return 1;
            }
            p.runs << *run;
        }
    }
    auto ms = [](const Program &p) {
        QList<double> v;
        for (const Run &r : p.runs)
            v << r.ms;
        return v;
    };
    auto rss = [](const Program &p, long Run::*field) {
        QList<long> v;
        for (const Run &r : p.runs)
            v << r.*field;
        return median(v);
    };
    auto list = [](const QList<double> &v) {
        QStringList s;
        for (double d : v)
            s << QString::number(d, 'f', 0);
        return s.join(QLatin1Char(' '));
    };
    QList<double> medians;
    for (const Program &p : std::as_const(programs)) {
        const QList<double> v = ms(p);
        medians << median(v);
        QString rows;
        if (p.runs.last().rows > 0) {
            const bool cached = std::all_of(p.runs.begin(), p.runs.end(), [](const Run &r) { return r.cached; });
            rows = QStringLiteral("  rows shown %1%2")
                       .arg(p.runs.last().rows)
                       .arg(cached ? QStringLiteral(" (cached)") : QStringLiteral(" (NOT from the cache)"));
        }
        out << QStringLiteral("  %1 first paint: median %2 ms  (min %3, max %4)  peak RSS %5 MiB (at paint %6 MiB)%7\n")
                   .arg(p.label, -24)
                   .arg(medians.last(), 0, 'f', 1)
                   .arg(*std::min_element(v.begin(), v.end()), 0, 'f', 1)
                   .arg(*std::max_element(v.begin(), v.end()), 0, 'f', 1)
                   .arg(rss(p, &Run::maxRssKb) / 1024.0, 0, 'f', 1)
                   .arg(rss(p, &Run::hwmAtPaintKb) / 1024.0, 0, 'f', 1)
                   .arg(rows);
    }
    for (const Program &p : std::as_const(programs))
        out << QStringLiteral("  runs (ms) %1: ").arg(p.label, -24) << list(ms(p)) << '\n';
    // Where the time goes: median ms since spawn at the end of each phase, then painted.
    for (qsizetype i = 0; i < programs.size(); ++i) {
        const QString phases = phaseTable(programs[i].runs);
        if (!phases.isEmpty())
            out << QStringLiteral("  phases (ms) %1: ").arg(programs[i].label, -24) << phases << ", painted "
                << QString::number(medians[i], 'f', 1) << '\n';
    }
    const double bare = medians[0], label = medians[1], floor = medians[2], admin = medians[3];
    const long bareRss = rss(programs[0], &Run::maxRssKb), appRss = rss(programs[3], &Run::maxRssKb);
    out << QStringLiteral("  ratio app/bare: %1 (goal <= 1.5), memory ratio %2\n")
               .arg(bare > 0 ? admin / bare : 0, 0, 'f', 2)
               .arg(bareRss > 0 ? double(appRss) / double(bareRss) : 0, 0, 'f', 2);
    out << QStringLiteral("  ratio one-label/bare: %1, floor/bare: %2, app/floor: %3\n")
               .arg(bare > 0 ? label / bare : 0, 0, 'f', 2)
               .arg(bare > 0 ? floor / bare : 0, 0, 'f', 2)
               .arg(floor > 0 ? admin / floor : 0, 0, 'f', 2);
    return 0;
}
