// SPDX-License-Identifier: Apache-2.0
// The onboarding runner against the sandbox: the happy path with a user and with an instance
// token, reruns that adopt instead of duplicating, a foreign organization that must not be
// adopted, and faults (UNAVAILABLE, dropped replies, latency beyond the deadline) after which
// every step is done exactly once on the server or reported.
#include "OnboardingTestSupport.h"
#include "SandboxFixture.h"
#include "api/OnboardingRunner.h"
#include "core/OnboardingCsv.h"
#include "models/OnboardingRunStore.h"
#include "storage/ActivityJournal.h"
#include "storage/Database.h"
#include "storage/ProfileRepository.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace adm;
using namespace adm::test;
using namespace std::chrono_literals;
using State = OnboardingStep::State;

Q_DECLARE_METATYPE(adm::Protocol)

class TestOnboarding : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<SandboxProcess> m_sandbox;
    storage::Database m_db;
    std::unique_ptr<storage::ActivityJournal> m_activity;
    QUuid m_profileId;
    const QHash<QString, QJsonObject> m_credentials { { QStringLiteral("aws"),
        QJsonObject { { QStringLiteral("accessKeyID"), QStringLiteral("AKIATEST") },
            { QStringLiteral("secretAccessKey"), QStringLiteral("test-only") } } } };

    QString instanceToken() const
    {
        return m_sandbox->seededTokens().value(QStringLiteral("instance_token")).toString();
    }
    QString adminUserToken() const
    {
        return m_sandbox->seededTokens().value(QStringLiteral("instance_admin_user_token")).toString();
    }
    QString sandboxDb() const { return m_dir.filePath(QStringLiteral("sandbox.sqlite")); }

    OnboardingPlan planFrom(const QByteArray &csv, bool allowSettings = true)
    {
        OnboardingCsvOptions o;
        o.allowSettings = allowSettings;
        const auto r = parseOnboardingCsv(csv, o);
        if (!r.ok())
            qWarning() << r.issues.first().toString();
        return r.plan;
    }

    // Runs the plan to the end with the database journal; returns the final plan.
    OnboardingPlan run(const OnboardingPlan &plan, const QString &token, bool user, Protocol protocol = Protocol::Grpc,
        api::OnboardingRunnerOptions options = {})
    {
        auto channel = sandboxChannel(*m_sandbox, protocol, token);
        models::OnboardingRunStore store(m_db, *m_activity, m_profileId, QStringLiteral("sandbox"));
        if (!store.begin(plan).ok())
            return {};
        options.callerIsUser = user;
        api::OnboardingRunner runner(channel.get(), &store, plan, options);
        runner.setCredentialSets(m_credentials);
        QSignalSpy done(&runner, &api::OnboardingRunner::finished);
        runner.start();
        if (!done.wait(120000)) {
            QTest::qFail("the runner did not finish", __FILE__, __LINE__);
            qWarning() << "in flight:" << runner.inFlight();
            for (const auto &s : runner.plan().steps) {
                if (!s.isFinished())
                    qWarning() << s.key() << stepStateName(s.state) << s.attempts;
            }
        }
        return runner.plan();
    }

    // Every step succeeded once on the server or was reported: never a duplicate.
    void verifyOnServer(const OnboardingPlan &plan, bool requireAll)
    {
        SandboxState server(sandboxDb());
        for (const OnboardingStep &s : plan.steps) {
            if (requireAll)
                QVERIFY2(s.succeeded(), qPrintable(s.key() + QLatin1String(": ") + s.error));
            QVERIFY2(s.isFinished(), qPrintable(s.key()));
            if (s.state == State::Failed)
                QVERIFY2(!s.error.isEmpty(), qPrintable(s.key()));
            const int expect = s.succeeded() ? 1 : -2; // -2: 0 or 1 allowed (reported)
            int n = 0;
            switch (s.kind) {
            case OnboardingStep::Kind::CreateOrganization: n = server.orgs(s.organization); break;
            case OnboardingStep::Kind::AddCasBackend: n = server.casBackends(s.organization, s.cas.name); break;
            case OnboardingStep::Kind::Invite: n = server.invitations(s.organization, s.email); break;
            case OnboardingStep::Kind::UpdateSettings: continue;
            }
            if (expect == 1)
                QVERIFY2(n == 1, qPrintable(QStringLiteral("%1 exists %2 times").arg(s.key()).arg(n)));
            else
                QVERIFY2(n == 0 || n == 1, qPrintable(QStringLiteral("%1 exists %2 times").arg(s.key()).arg(n)));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        SandboxProcess::Options o;
        o.extraArguments = { QStringLiteral("--db"), sandboxDb(), QStringLiteral("--fault-seed"), QStringLiteral("7") };
        m_sandbox = std::make_unique<SandboxProcess>(o);
        QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
        QVERIFY(m_db.open(storage::Database::memoryPath()).ok());
        m_activity = std::make_unique<storage::ActivityJournal>(m_db);
        storage::ProfileRepository profiles(m_db);
        storage::Profile p;
        p.name = QStringLiteral("sandbox");
        p.address = m_sandbox->grpcAddress();
        p.insecure = true;
        const auto st = profiles.save(p);
        QVERIFY2(st.ok(), qPrintable(st.message()));
        m_profileId = p.id;
    }

    void init() { QVERIFY(m_sandbox->clearFaults()); }

    void userTokenHappyPathThenRerunAdopts()
    {
        const OnboardingPlan plan
            = planFrom(onboardingCsv(QStringLiteral("happy"), 3, 3, true, QStringLiteral("true")));
        QCOMPARE(plan.steps.size(), 3 * (1 + 1 + 1 + 3));
        const OnboardingPlan first = run(plan, adminUserToken(), true);
        verifyOnServer(first, true);
        QCOMPARE(first.count(State::Done), int(first.steps.size()));
        SandboxState server(sandboxDb());
        QCOMPARE(server.intColumn(QStringLiteral("happy-0"), QStringLiteral("block_on_policy_violation")), 1);

        // The same file again: nothing new, everything recognised.
        const OnboardingPlan second = run(plan, adminUserToken(), true);
        verifyOnServer(second, true);
        QCOMPARE(second.count(State::Done), 3); // the settings updates (idempotent) run again
        QCOMPARE(second.count(State::Adopted), int(second.steps.size()) - 3);
        QCOMPARE(server.invitations(QStringLiteral("happy-1")), 3);
    }

    void instanceTokenAndForeignOrganization()
    {
        // acme is a seeded organization this app never created: it must be reported, its
        // invitations not sent.
        QByteArray csv = onboardingCsv(QStringLiteral("inst"), 2, 2, true);
        csv += "acme,intruder@example.com,admin,,,,\n";
        const OnboardingPlan plan = planFrom(csv, false);
        SandboxState server(sandboxDb());
        const int acmeInvitations = server.invitations(QStringLiteral("acme"));
        const OnboardingPlan done = run(plan, instanceToken(), false);
        verifyOnServer(done, false);
        const int acme = done.createStepOf(QStringLiteral("acme"));
        QCOMPARE(done.steps[acme].state, State::Failed);
        QVERIFY(done.steps[acme].error.contains(QLatin1String("not created by this app")));
        QCOMPARE(done.steps.last().state, State::Skipped);
        QCOMPARE(server.invitations(QStringLiteral("acme")), acmeInvitations);
        QCOMPARE(done.count(State::Done), int(done.steps.size()) - 2);

        // A rerun adopts the organizations this app created, even with an API token.
        const OnboardingPlan again = run(plan, instanceToken(), false);
        verifyOnServer(again, false);
        QCOMPARE(again.steps[again.createStepOf(QStringLiteral("inst-0"))].state, State::Adopted);
        QCOMPARE(again.steps[acme].state, State::Failed);
    }

    void unavailableFirstTryDoesNotAdoptAForeignOrganization()
    {
        // The first create is refused with UNAVAILABLE (never handled); the resend meets globex,
        // a seeded organization of someone else: reported, not adopted.
        const OnboardingPlan plan = planFrom("organization,email,role\nglobex,spy@example.com,admin\n", false);
        QVERIFY(m_sandbox->setFaults(QJsonObject { { QStringLiteral("faults"),
            QJsonArray { QStringLiteral("unavailable=1,method=OrganizationService/Create,count=1") } } }));
        api::OnboardingRunnerOptions o;
        o.retryDelay = 20ms;
        const OnboardingPlan done = run(plan, instanceToken(), false, Protocol::Grpc, o);
        QCOMPARE(done.steps[0].attempts, 2); // the resend met the existing organization
        QCOMPARE(done.steps[0].state, State::Failed);
        QVERIFY(done.steps[0].error.contains(QLatin1String("not created by this app")));
        QCOMPARE(done.steps[1].state, State::Skipped);
        QCOMPARE(SandboxState(sandboxDb()).invitations(QStringLiteral("globex"), QStringLiteral("spy@example.com")), 0);
    }

    void faults_data()
    {
        QTest::addColumn<Protocol>("protocol");
        QTest::addColumn<QStringList>("faults");
        QTest::addColumn<int>("deadlineMs");
        QTest::newRow("unavailable 30%") << Protocol::Grpc << QStringList { QStringLiteral("unavailable=0.3") } << 0;
        QTest::newRow("drop creates, grpc")
            << Protocol::Grpc << QStringList { QStringLiteral("drop=Create,ratio=0.5") } << 0;
        QTest::newRow("drop creates, grpc-web")
            << Protocol::GrpcWeb << QStringList { QStringLiteral("drop=Create,ratio=0.5") } << 0;
        QTest::newRow("latency beyond the deadline")
            << Protocol::Grpc << QStringList { QStringLiteral("latency=1500ms,method=Create,count=12") } << 1000;
        QTest::newRow("all at once") << Protocol::Grpc
                                     << QStringList { QStringLiteral("unavailable=0.2"),
                                            QStringLiteral("drop=Create,ratio=0.3"),
                                            QStringLiteral("latency=1500ms,method=Create,count=6") }
                                     << 1000;
    }
    void faults()
    {
        QFETCH(Protocol, protocol);
        QFETCH(QStringList, faults);
        QFETCH(int, deadlineMs);
        static int round = 0;
        const QString prefix = QStringLiteral("fault%1").arg(++round);
        const OnboardingPlan plan = planFrom(onboardingCsv(prefix, 8, 2, true), false);
        QVERIFY(m_sandbox->setFaults(QJsonObject {
            { QStringLiteral("faults"), QJsonArray::fromStringList(faults) }, { QStringLiteral("seed"), 11 } }));
        api::OnboardingRunnerOptions o;
        o.retryDelay = 50ms;
        // Short deadlines keep a call that the fault left hanging from holding a slot for long.
        o.deadline = std::chrono::milliseconds(deadlineMs > 0 ? deadlineMs : 3000);
        o.casDeadline = o.deadline;
        const OnboardingPlan faulty = run(plan, instanceToken(), false, protocol, o);
        verifyOnServer(faulty, false);
        int uncertain = 0;
        for (const auto &s : faulty.steps)
            uncertain += s.attempts > 1 ? 1 : 0;
        qInfo() << "with faults:" << faulty.count(State::Done) << "done," << faulty.count(State::Adopted) << "adopted,"
                << faulty.count(State::Failed) << "failed," << faulty.count(State::Skipped) << "skipped";
        for (const auto &s : faulty.steps) {
            if (s.state == State::Failed)
                qInfo() << "reported:" << s.key() << s.error;
        }

        // Without faults a rerun completes the rest, still without duplicates.
        QVERIFY(m_sandbox->clearFaults());
        QTest::qWait(1600); // let delayed calls of the first run land on the server first
        const OnboardingPlan rerun = run(plan, instanceToken(), false, protocol);
        verifyOnServer(rerun, true);
        SandboxState server(sandboxDb());
        QCOMPARE(server.orgsLike(prefix + u'-'), 8);
    }

    void cancelStopsNewCallsAndKeepsTheRunOpen()
    {
        const OnboardingPlan plan = planFrom(onboardingCsv(QStringLiteral("cancel"), 20, 2, false), false);
        QVERIFY(m_sandbox->setFaults(
            QJsonObject { { QStringLiteral("faults"), QJsonArray { QStringLiteral("latency=100ms") } } }));
        auto channel = sandboxChannel(*m_sandbox, Protocol::Grpc, instanceToken());
        models::OnboardingRunStore store(m_db, *m_activity, m_profileId, QStringLiteral("sandbox"));
        QVERIFY(store.begin(plan).ok());
        api::OnboardingRunner runner(channel.get(), &store, plan);
        QSignalSpy done(&runner, &api::OnboardingRunner::finished);
        QSignalSpy finishedSteps(&runner, &api::OnboardingRunner::stepFinished);
        runner.start();
        QTRY_VERIFY_WITH_TIMEOUT(finishedSteps.size() >= 10, 20000);
        QVERIFY(runner.inFlight() <= 8);
        runner.cancel();
        const int sentAtCancel = runner.callsSent();
        QVERIFY(done.isEmpty()); // never from inside cancel()
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 20000);
        QCOMPARE(runner.callsSent(), sentAtCancel);
        QVERIFY(runner.plan().count(State::Skipped) > 0);
        // Still open: offered for resume, with the states the journal recorded.
        const auto open = store.unfinishedRuns();
        QVERIFY(open.ok());
        QVERIFY(std::any_of(open.value().begin(), open.value().end(),
            [&](const storage::OnboardingRun &r) { return r.runId == store.runId(); }));
        QString error;
        auto resumed = store.resume(store.runId(), &error);
        QVERIFY2(resumed, qPrintable(error));
        QCOMPARE(resumed->count(State::Done) + resumed->count(State::Adopted),
            runner.plan().count(State::Done) + runner.plan().count(State::Adopted));

        // Resume it to the end.
        QVERIFY(m_sandbox->clearFaults());
        api::OnboardingRunner second(channel.get(), &store, *resumed);
        QSignalSpy done2(&second, &api::OnboardingRunner::finished);
        second.start();
        QVERIFY(done2.wait(60000));
        verifyOnServer(second.plan(), true);
        QVERIFY(second.callsSent() < int(plan.steps.size()));
    }

    void missingCredentialsAreReportedWithoutACall()
    {
        const OnboardingPlan plan = planFrom(onboardingCsv(QStringLiteral("nocreds"), 1, 1, true), false);
        auto channel = sandboxChannel(*m_sandbox, Protocol::Grpc, instanceToken());
        MemoryOnboardingJournal journal;
        api::OnboardingRunner runner(channel.get(), &journal, plan);
        QSignalSpy done(&runner, &api::OnboardingRunner::finished);
        runner.start();
        QVERIFY(done.wait(20000));
        const int cas = plan.indexOfKey(QStringLiteral("cas:nocreds-0/store"));
        QCOMPARE(runner.plan().steps[cas].state, State::Failed);
        QVERIFY(runner.plan().steps[cas].error.contains(QLatin1String("credential set")));
        QCOMPARE(runner.callsSent(), 2); // org + invitation
        QVERIFY(journal.runEnded);
    }

    void journalFailureBlocksTheCall()
    {
        const OnboardingPlan plan = planFrom(onboardingCsv(QStringLiteral("nojournal"), 1, 0, false), false);
        auto channel = sandboxChannel(*m_sandbox, Protocol::Grpc, instanceToken());
        MemoryOnboardingJournal journal;
        journal.failNextStart = QStringLiteral("disk full");
        api::OnboardingRunner runner(channel.get(), &journal, plan);
        QSignalSpy done(&runner, &api::OnboardingRunner::finished);
        runner.start();
        QVERIFY(done.wait(20000));
        QCOMPARE(runner.plan().steps[0].state, State::Failed);
        QCOMPARE(runner.callsSent(), 0);
        QCOMPARE(SandboxState(sandboxDb()).orgs(QStringLiteral("nojournal-0")), 0);
    }

    void cleanupTestCase()
    {
        if (m_sandbox)
            m_sandbox->stop();
    }
};

QTEST_GUILESS_MAIN(TestOnboarding)
#include "tst_onboarding.moc"
