// SPDX-License-Identifier: Apache-2.0
// models::OnboardingController, the GUI's way to run onboarding plans, against the sandbox
// through a real Session: a run's signals in order and its journal entries, a cancelled run
// resumed without repeating what was done (checked on the server), credential sets read from
// the secret store in the format the CAS wizard remembers them, and the clear failures when a
// set is missing or is for another provider.
#include "OnboardingTestSupport.h"
#include "SandboxFixture.h"
#include "core/CasBackendForm.h"
#include "core/OnboardingCsv.h"
#include "models/OnboardingController.h"
#include "models/Session.h"
#include "storage/ActivityJournal.h"
#include "storage/Database.h"
#include "storage/MemorySecretStore.h"
#include "storage/ProfileRepository.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace adm;
using namespace adm::test;
using State = OnboardingStep::State;

class TestOnboardingController : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<SandboxProcess> m_sandbox;
    storage::Database m_db;
    storage::MemorySecretStore m_secrets;
    std::unique_ptr<models::Session> m_session;

    QString sandboxDb() const { return m_dir.filePath(QStringLiteral("sandbox.sqlite")); }

    static OnboardingPlan planFrom(const QByteArray &csv)
    {
        const auto r = parseOnboardingCsv(csv);
        if (!r.ok())
            qWarning() << r.issues.first().toString();
        return r.plan;
    }

    // Writes a secret the way the CAS wizard's "remember" does, and waits for it.
    bool remember(const QString &name, CasProvider provider, const CasFields &keys)
    {
        storage::SecretJob *job = m_secrets.write(casCredentialSetKey(name), casCredentialSetToJson(provider, keys));
        QSignalSpy spy(job, &storage::SecretJob::finished);
        return spy.wait(5000) && spy.at(0).at(0).value<storage::SecretResult>().ok();
    }

    int journalEntries(const QString &runId) const
    {
        return int(m_session->journal().forRun(runId).valueOr({}).size());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        SandboxProcess::Options o;
        o.extraArguments = { QStringLiteral("--db"), sandboxDb() };
        m_sandbox = std::make_unique<SandboxProcess>(o);
        QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
        QVERIFY(m_db.open(storage::Database::memoryPath()).ok());
        m_session = std::make_unique<models::Session>(m_db, m_secrets);
        m_session->setOfflineRetryInterval(0);
        const QByteArray token
            = m_sandbox->seededTokens().value(QStringLiteral("instance_admin_user_token")).toString().toUtf8();
        storage::Profile profile;
        profile.name = QStringLiteral("sandbox");
        profile.address = m_sandbox->grpcAddress();
        profile.insecure = true;
        profile.protocol = Protocol::Grpc;
        profile.tokenKind = JwtClaims::Kind::User;
        QVERIFY(m_session->profiles().save(profile).ok());
        m_session->openWithToken(profile, token);
        QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), models::Session::State::Ready, 15000);
        // The wizard's format: the provider and its keys (region left to the default).
        QVERIFY(remember(QStringLiteral("aws"), CasProvider::S3,
            { { QStringLiteral("accessKeyID"), QStringLiteral("AKIATEST") },
                { QStringLiteral("secretAccessKey"), QStringLiteral("test-only") } }));
    }

    void init() { QVERIFY(m_sandbox->clearFaults()); }

    void runSignalsInOrderAndJournal()
    {
        const OnboardingPlan plan = planFrom(onboardingCsv(QStringLiteral("ctl"), 3, 2, true));
        QCOMPARE(plan.steps.size(), 3 * (1 + 1 + 2));
        models::OnboardingController controller(*m_session);
        QStringList order;
        QList<QPair<int, int>> progress;
        connect(&controller, &models::OnboardingController::started, this, [&] { order << QStringLiteral("started"); });
        connect(&controller, &models::OnboardingController::stepChanged, this, [&](int i) {
            if (order.isEmpty() || order.last() != QLatin1String("step"))
                order << QStringLiteral("step");
            QVERIFY(i >= 0 && i < plan.steps.size());
        });
        connect(&controller, &models::OnboardingController::progress, this, [&](int done, int total) {
            progress.append({ done, total });
        });
        QSignalSpy finished(&controller, &models::OnboardingController::finished);
        QSignalSpy failed(&controller, &models::OnboardingController::failedToStart);
        QSignalSpy organizationsChanged(m_session.get(), &models::Session::organizationsChanged);

        controller.start(plan, {}, 4);
        QVERIFY(controller.isRunning());
        QVERIFY(finished.wait(60000));
        QCOMPARE(failed.size(), 0);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), true); // all succeeded
        QCOMPARE(finished.at(0).at(1).toBool(), false); // not cancelled
        QCOMPARE(order, (QStringList { QStringLiteral("started"), QStringLiteral("step") }));
        QVERIFY(!progress.isEmpty());
        for (int i = 1; i < progress.size(); ++i)
            QVERIFY(progress[i].first >= progress[i - 1].first);
        QCOMPARE(progress.last(), qMakePair(int(plan.steps.size()), int(plan.steps.size())));
        QVERIFY(!controller.isRunning());
        QCOMPARE(controller.plan().count(State::Done), int(plan.steps.size()));

        // One journal entry per step, under the run; the run is closed.
        const QString runId = controller.runId();
        QVERIFY(!runId.isEmpty());
        const auto entries = m_session->journal().forRun(runId).valueOr({});
        QCOMPARE(entries.size(), plan.steps.size());
        QStringList actions;
        for (const auto &e : entries)
            actions << e.action;
        QVERIFY(actions.contains(QStringLiteral("onboard.org.create")));
        QVERIFY(actions.contains(QStringLiteral("onboard.cas.create")));
        QVERIFY(actions.contains(QStringLiteral("onboard.invite.create")));
        QVERIFY(controller.unfinishedRuns().isEmpty());

        // On the server: each once, the backend made with the remembered set's keys.
        SandboxState server(sandboxDb());
        for (int i = 0; i < 3; ++i) {
            const QString org = QStringLiteral("ctl-%1").arg(i);
            QCOMPARE(server.orgs(org), 1);
            QCOMPARE(server.invitations(org), 2);
            QCOMPARE(server.casBackends(org, QStringLiteral("store")), 1);
        }
        // The organizations list is asked again after the run.
        QTRY_VERIFY_WITH_TIMEOUT(organizationsChanged.size() > 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_session->organizations().contains(QStringLiteral("ctl-2")), 10000);
    }

    void cancelledRunResumesWithoutRepeating()
    {
        const int orgs = 12;
        const OnboardingPlan plan = planFrom(onboardingCsv(QStringLiteral("cres"), orgs, 2, false));
        const int total = int(plan.steps.size());
        QVERIFY(m_sandbox->setFaults(
            QJsonObject { { QStringLiteral("faults"), QJsonArray { QStringLiteral("latency=80ms") } } }));
        QString runId;
        {
            models::OnboardingController first(*m_session);
            QSignalSpy finished(&first, &models::OnboardingController::finished);
            int finishedSteps = 0;
            connect(
                &first, &models::OnboardingController::progress, this, [&](int done, int) { finishedSteps = done; });
            first.start(plan, {}, 2);
            QTRY_VERIFY_WITH_TIMEOUT(finishedSteps >= 6, 20000);
            first.cancel();
            QVERIFY(finished.wait(20000));
            QCOMPARE(finished.at(0).at(1).toBool(), true); // cancelled
            runId = first.runId();
            QVERIFY(first.plan().count(State::Skipped) > 0);
            // The run stays open, for resuming.
            const auto open = first.unfinishedRuns();
            QCOMPARE(open.size(), 1);
            QCOMPARE(open.first().runId, runId);
        }
        QVERIFY(m_sandbox->clearFaults());

        models::OnboardingController second(*m_session);
        QString error;
        const auto stored = second.storedPlan(runId, &error);
        QVERIFY2(stored, qPrintable(error));
        const int alreadyDone = stored->count(State::Done);
        QVERIFY(alreadyDone >= 6);
        QVERIFY(alreadyDone < total);
        const int entriesBefore = journalEntries(runId);
        QSignalSpy finished(&second, &models::OnboardingController::finished);
        second.resume(runId);
        QCOMPARE(second.runId(), runId);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        // Only what was left was sent again (a step cancelled in flight is checked, adopted).
        QVERIFY(second.callsSent() <= total - alreadyDone);
        QCOMPARE(second.plan().count(State::Done) + second.plan().count(State::Adopted), total);
        QVERIFY(journalEntries(runId) > entriesBefore);
        QVERIFY(second.unfinishedRuns().isEmpty());

        SandboxState server(sandboxDb());
        QCOMPARE(server.orgsLike(QStringLiteral("cres-")), orgs);
        for (int i = 0; i < orgs; ++i) {
            const QString org = QStringLiteral("cres-%1").arg(i);
            QCOMPARE(server.orgs(org), 1);
            QCOMPARE(server.invitations(org), 2);
        }
    }

    void missingCredentialSetFailsToStart()
    {
        QByteArray csv = "organization,email,role,cas_backend,cas_provider,cas_location,cas_credentials\n"
                         "nocreds-0,,,store,AWS-S3,nocreds-bucket,never-remembered\n";
        const OnboardingPlan plan = planFrom(csv);
        QVERIFY(!plan.steps.isEmpty());
        models::OnboardingController controller(*m_session);
        QSignalSpy failed(&controller, &models::OnboardingController::failedToStart);
        QSignalSpy started(&controller, &models::OnboardingController::started);
        controller.start(plan);
        QVERIFY(failed.wait(5000));
        QVERIFY2(failed.at(0).at(0).toString().contains(QLatin1String("\"never-remembered\"")),
            qPrintable(failed.at(0).at(0).toString()));
        QCOMPARE(started.size(), 0);
        QVERIFY(!controller.isRunning());
        QVERIFY(controller.unfinishedRuns().isEmpty()); // nothing recorded
        QCOMPARE(SandboxState(sandboxDb()).orgs(QStringLiteral("nocreds-0")), 0);

        // Given in memory (the wizard's "use once"), the same plan runs.
        QSignalSpy finished(&controller, &models::OnboardingController::finished);
        controller.start(plan,
            { { QStringLiteral("never-remembered"),
                QJsonObject { { QStringLiteral("accessKeyID"), QStringLiteral("AKIATEST") },
                    { QStringLiteral("secretAccessKey"), QStringLiteral("test-only") } } } });
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QCOMPARE(SandboxState(sandboxDb()).casBackends(QStringLiteral("nocreds-0"), QStringLiteral("store")), 1);
    }

    void credentialSetOfAnotherProviderFailsToStart()
    {
        QVERIFY(remember(QStringLiteral("ghcr"), CasProvider::Oci,
            { { QStringLiteral("username"), QStringLiteral("robot") },
                { QStringLiteral("password"), QStringLiteral("test-only") } }));
        const OnboardingPlan plan
            = planFrom("organization,email,role,cas_backend,cas_provider,cas_location,cas_credentials\n"
                       "mismatch-0,,,store,AWS-S3,mismatch-bucket,ghcr\n");
        models::OnboardingController controller(*m_session);
        QSignalSpy failed(&controller, &models::OnboardingController::failedToStart);
        controller.start(plan);
        QVERIFY(failed.wait(5000));
        const QString message = failed.at(0).at(0).toString();
        QVERIFY2(message.contains(QLatin1String("\"ghcr\"")) && message.contains(QLatin1String("OCI"))
                && message.contains(QLatin1String("AWS-S3")),
            qPrintable(message));
        QCOMPARE(SandboxState(sandboxDb()).orgs(QStringLiteral("mismatch-0")), 0);
    }

    void rememberedSetCoreHelper()
    {
        // The shared decoding (also used by `apply`): keys only, the S3 region defaulted.
        OnboardingPlan plan = planFrom("organization,email,role,cas_backend,cas_provider,cas_location,cas_credentials\n"
                                       "h-0,,,store,AWS-S3,h-bucket,aws\n");
        QString error;
        const auto keys = onboardingCredentials(plan, QStringLiteral("aws"),
            casCredentialSetToJson(CasProvider::S3,
                { { QStringLiteral("accessKeyID"), QStringLiteral("A") },
                    { QStringLiteral("secretAccessKey"), QStringLiteral("S") } }),
            &error);
        QVERIFY2(keys, qPrintable(error));
        QCOMPARE(keys->value(QStringLiteral("accessKeyID")).toString(), QStringLiteral("A"));
        QCOMPARE(keys->value(QStringLiteral("region")).toString(), QStringLiteral("us-east-1"));
        QVERIFY(!keys->contains(QStringLiteral("provider")));
        QVERIFY(!keys->contains(QStringLiteral("keys")));
        // A bare object of keys (the old, wrong assumption) is not a remembered set.
        QVERIFY(!onboardingCredentials(plan, QStringLiteral("aws"), R"({"accessKeyID":"A"})", &error));
        QVERIFY(error.contains(QLatin1String("\"aws\"")));
    }

    void cleanupTestCase()
    {
        m_session.reset();
        if (m_sandbox)
            m_sandbox->stop();
    }
};

QTEST_GUILESS_MAIN(TestOnboardingController)
#include "tst_onboardingcontroller.moc"
