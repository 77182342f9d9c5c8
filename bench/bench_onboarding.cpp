// SPDX-License-Identifier: Apache-2.0
// bench_onboarding: the onboarding engine against one sandbox: N organizations, each with 3
// invitations and 1 CAS backend, run with 8 calls in flight and then sequentially (1), with
// the real database journal (a temporary SQLite file in WAL mode). Prints wall time and calls/s.
//
//   bench_onboarding [--sandbox PATH] [--orgs N]      (PATH defaults to $ADM_SANDBOX_BIN)
#include "BenchSupport.h"
#include "api/Channel.h"
#include "api/OnboardingRunner.h"
#include "core/OnboardingCsv.h"
#include "models/OnboardingRunStore.h"
#include "storage/ActivityJournal.h"
#include "storage/Database.h"
#include "storage/ProfileRepository.h"
#include "support/SandboxProcess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

#include <sys/resource.h>
#include <unistd.h>

using namespace adm;
using namespace adm::bench;

namespace {

QByteArray planCsv(const QString &prefix, int orgs)
{
    QString csv = QStringLiteral("organization,email,role,cas_backend,cas_provider,cas_location,cas_credentials\n");
    for (int i = 0; i < orgs; ++i) {
        const QString org = QStringLiteral("%1-%2").arg(prefix).arg(i);
        for (int k = 0; k < 3; ++k)
            csv += QStringLiteral("%1,u%2@%1.example,member,store,AWS-S3,%1-bucket,aws\n").arg(org).arg(k);
    }
    return csv.toUtf8();
}

struct Outcome {
    double clientCpu = 0;
    double serverCpu = 0;
    double seconds = 0;
    int calls = 0;
    int succeeded = 0;
    int steps = 0;
};

Outcome runOnce(test::SandboxProcess &sandbox, storage::Database &db, storage::ActivityJournal &activity,
    const QUuid &profile, const QString &prefix, int orgs, int inFlight)
{
    const OnboardingCsvResult csv = parseOnboardingCsv(planCsv(prefix, orgs), {});
    api::ChannelConfig c;
    c.endpoint = *parseEndpoint(sandbox.grpcAddress(), true).endpoint;
    c.protocol = Protocol::Grpc;
    api::Channel channel(c);
    channel.setToken(sandbox.seededTokens().value(QStringLiteral("instance_token")).toString().toUtf8());
    models::OnboardingRunStore store(db, activity, profile, QStringLiteral("bench"));
    store.begin(csv.plan);
    api::OnboardingRunnerOptions o;
    o.maxInFlight = inFlight;
    api::OnboardingRunner runner(&channel, &store, csv.plan, o);
    runner.setCredentialSets({ { QStringLiteral("aws"),
        QJsonObject { { QStringLiteral("accessKeyID"), QStringLiteral("AKIABENCH") },
            { QStringLiteral("secretAccessKey"), QStringLiteral("bench-only") } } } });
    QEventLoop loop;
    QObject::connect(&runner, &api::OnboardingRunner::finished, &loop, &QEventLoop::quit);
    QElapsedTimer clock;
    const double client0 = ownCpuSeconds(), server0 = processCpuSeconds(sandbox.processId());
    clock.start();
    runner.start();
    loop.exec();
    Outcome out;
    out.seconds = double(clock.elapsed()) / 1000.0;
    out.clientCpu = ownCpuSeconds() - client0;
    out.serverCpu = processCpuSeconds(sandbox.processId()) - server0;
    out.calls = runner.callsSent();
    out.steps = int(runner.plan().steps.size());
    out.succeeded
        = runner.plan().count(OnboardingStep::State::Done) + runner.plan().count(OnboardingStep::State::Adopted);
    return out;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    const QCommandLineOption sandboxOpt(QStringLiteral("sandbox"), QStringLiteral("chainloop-sandbox binary"),
        QStringLiteral("PATH"), QString::fromLocal8Bit(qgetenv("ADM_SANDBOX_BIN")));
    const QCommandLineOption orgsOpt(
        QStringLiteral("orgs"), QStringLiteral("organizations per run"), QStringLiteral("N"), QStringLiteral("500"));
    p.addOptions({ sandboxOpt, orgsOpt });
    p.addHelpOption();
    p.process(app);
    qputenv("ADM_SANDBOX_BIN", p.value(sandboxOpt).toLocal8Bit());
    const int orgs = std::max(1, p.value(orgsOpt).toInt());
    QTextStream out(stdout);

    test::SandboxProcess sandbox;
    if (!sandbox.start()) {
        out << "sandbox: " << sandbox.errorString() << '\n';
        return 1;
    }
    QTemporaryDir dir;
    storage::Database db;
    if (!db.open(dir.filePath(QStringLiteral("bench.sqlite"))).ok())
        return 1;
    storage::ActivityJournal activity(db);
    storage::Profile profile;
    profile.name = QStringLiteral("bench");
    profile.address = sandbox.grpcAddress();
    profile.insecure = true;
    storage::ProfileRepository(db).save(profile);

    for (const int inFlight : { 8, 1 }) {
        const Outcome r
            = runOnce(sandbox, db, activity, profile.id, QStringLiteral("bench%1").arg(inFlight), orgs, inFlight);
        out << QStringLiteral("in flight %1: %2 orgs, %3 steps (%4 ok), %5 calls in %6 s = %7 calls/s  (CPU: app %8 s, "
                              "sandbox %9 s)\n")
                   .arg(inFlight)
                   .arg(orgs)
                   .arg(r.steps)
                   .arg(r.succeeded)
                   .arg(r.calls)
                   .arg(r.seconds, 0, 'f', 2)
                   .arg(r.seconds > 0 ? r.calls / r.seconds : 0, 0, 'f', 1)
                   .arg(r.clientCpu, 0, 'f', 1)
                   .arg(r.serverCpu, 0, 'f', 1);
        out.flush();
    }
    sandbox.stop();
    return 0;
}
