// SPDX-License-Identifier: Apache-2.0
// The database journal of onboarding runs (what a resume reads back) and the plan table model.
#include "core/OnboardingCsv.h"
#include "models/OnboardingRowTableModel.h"
#include "models/OnboardingRunStore.h"
#include "storage/ActivityJournal.h"
#include "storage/Database.h"
#include "storage/KnownOrganizationRepository.h"
#include "storage/ProfileRepository.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace adm;
using State = OnboardingStep::State;

class TestOnboardingRunStore : public QObject
{
    Q_OBJECT

    storage::Database m_db;
    std::unique_ptr<storage::ActivityJournal> m_activity;
    QUuid m_profile;

    OnboardingCsvResult parse()
    {
        return parseOnboardingCsv("organization,email,role,cas_backend,cas_provider,cas_location,cas_credentials\n"
                                  "acme,a@acme.example,admin,s3,AWS-S3,bucket,aws\n"
                                  "acme,b@acme.example,viewer,,,,\n"
                                  "globex,,,,,,\n");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_db.open(storage::Database::memoryPath()).ok());
        m_activity = std::make_unique<storage::ActivityJournal>(m_db);
        storage::Profile p;
        p.name = QStringLiteral("p");
        p.address = QStringLiteral("cp.example:443");
        QVERIFY(storage::ProfileRepository(m_db).save(p).ok());
        m_profile = p.id;
    }

    void journalThenResume()
    {
        const auto csv = parse();
        QVERIFY(csv.ok());
        models::OnboardingRunStore store(m_db, *m_activity, m_profile, QStringLiteral("p"));
        QVERIFY(store.begin(csv.plan).ok());
        OnboardingPlan plan = csv.plan;
        // org acme: sent, then done; its CAS backend adopted; invite a failed; globex sent, no answer (crash).
        QString error;
        QVERIFY(!store.organizationAttempted(QStringLiteral("acme")));
        QVERIFY(store.stepStarting(0, plan.steps[0], &error));
        QVERIFY(store.organizationAttempted(QStringLiteral("acme")));
        plan.steps[0].state = State::Done;
        store.stepFinished(0, plan.steps[0], false);
        plan.steps[1].state = State::Adopted;
        plan.steps[1].attempts = 1;
        store.stepFinished(1, plan.steps[1], false);
        plan.steps[2].state = State::Failed;
        plan.steps[2].error = QStringLiteral("server said no");
        plan.steps[2].attempts = 1;
        store.stepFinished(2, plan.steps[2], false);
        const int globex = plan.createStepOf(QStringLiteral("globex"));
        QVERIFY(store.stepStarting(globex, plan.steps[globex], &error));

        const auto open = store.unfinishedRuns();
        QVERIFY(open.ok());
        QCOMPARE(open.value().size(), 1);
        QCOMPARE(open.value().first().organization, QStringLiteral("acme and 1 more"));
        models::OnboardingRunStore again(m_db, *m_activity, m_profile, QStringLiteral("p"));
        auto resumed = again.resume(store.runId(), &error);
        QVERIFY2(resumed, qPrintable(error));
        QVERIFY(resumed->sameSteps(csv.plan));
        QCOMPARE(resumed->steps[0].state, State::Done);
        QCOMPARE(resumed->steps[1].state, State::Adopted);
        QCOMPARE(resumed->steps[2].state, State::Failed);
        QCOMPARE(resumed->steps[2].error, QStringLiteral("server said no"));
        QCOMPARE(resumed->steps[globex].state, State::Pending);
        // The crashed create is remembered: an ALREADY_EXISTS for globex is our own.
        QVERIFY(again.organizationAttempted(QStringLiteral("globex")));

        // The journal reads as the activity panel shows it.
        const auto entries = m_activity->forRun(store.runId());
        QCOMPARE(entries.value().size(), 3);
        QCOMPARE(entries.value()[0].action, QStringLiteral("onboard.org.create"));
        QCOMPARE(entries.value()[1].action, QStringLiteral("onboard.cas.adopt"));
        QCOMPARE(entries.value()[2].target, QStringLiteral("a@acme.example"));

        // A create that failed for good, with no earlier attempt, drops its mark.
        OnboardingStep failed = plan.steps[globex];
        failed.state = State::Failed;
        failed.attempts = 1;
        again.stepFinished(globex, failed, false);
        QVERIFY(!again.organizationAttempted(QStringLiteral("globex")));

        again.runFinished(*resumed, false);
        QCOMPARE(again.unfinishedRuns().value().size(), 0);
    }

    void cancelledRunStaysOpen()
    {
        models::OnboardingRunStore store(m_db, *m_activity, m_profile, QStringLiteral("p"));
        QVERIFY(store.begin(parse().plan).ok());
        store.runFinished(parse().plan, true);
        QCOMPARE(store.unfinishedRuns().value().size(), 1);
        QVERIFY(store.discard(store.runId()).ok());
        QCOMPARE(store.unfinishedRuns().value().size(), 0);
    }

    void rowTableModel()
    {
        const auto csv = parse();
        models::OnboardingRowTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPlan(csv.rows, csv.plan);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(models::OnboardingRowTableModel::Column::Count));
        const QModelIndex status = model.index(1, int(models::OnboardingRowTableModel::Column::Status));
        QCOMPARE(status.data().toString(), QStringLiteral("Pending"));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        OnboardingPlan plan = csv.plan;
        for (auto &s : plan.steps)
            s.state = State::Done;
        plan.steps[3].state = State::Failed; // invite b
        plan.steps[3].error = QStringLiteral("nope");
        model.updatePlan(plan);
        QCOMPARE(changed.size(), 3);
        QCOMPARE(status.data().toString(), QStringLiteral("Failed"));
        QCOMPARE(model.index(1, int(models::OnboardingRowTableModel::Column::Error)).data().toString(),
            QStringLiteral("invite: nope"));
        QVERIFY(onboardingResultsCsv(model.results()).contains(QLatin1String("3,acme,b@acme.example,viewer,failed")));
    }
};

QTEST_GUILESS_MAIN(TestOnboardingRunStore)
#include "tst_onboardingrunstore.moc"
