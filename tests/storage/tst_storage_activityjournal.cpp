// SPDX-License-Identifier: Apache-2.0
#include "StorageTestSupport.h"
#include "storage/ActivityJournal.h"
#include "storage/Database.h"
#include "storage/OnboardingRunRepository.h"
#include "storage/ProfileRepository.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace adm;
using namespace adm::storage;
using namespace adm::storage::test;

namespace {

ActivityEntry entry(const Profile &p, const QString &action, const QDateTime &at = {})
{
    ActivityEntry e;
    e.at = at;
    e.profileId = p.id;
    e.profileName = p.name;
    e.organization = QStringLiteral("acme");
    e.action = action;
    e.target = QStringLiteral("target-") + action;
    return e;
}

} // namespace

class TestActivityJournal : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_db = std::make_unique<Database>();
        QVERIFY(m_db->open(Database::memoryPath()).ok());
        ProfileRepository profiles(*m_db);
        m_a = sampleProfile(QStringLiteral("a"));
        m_b = sampleProfile(QStringLiteral("b"));
        QVERIFY(profiles.save(m_a).ok());
        QVERIFY(profiles.save(m_b).ok());
    }
    void cleanup() { m_db.reset(); }

    void appendStoresAndSignals()
    {
        ActivityJournal journal(*m_db);
        QSignalSpy appended(&journal, &ActivityJournal::appended);
        ActivityEntry e = entry(m_a, QStringLiteral("token.create"));
        e.outcome = ActivityEntry::Outcome::Failed;
        e.errorMessage = QStringLiteral("Permission denied: you are not an owner of acme.");
        e.runId = QStringLiteral("run-1");
        const auto stored = journal.append(e);
        QVERIFY2(stored.ok(), qPrintable(stored.message()));
        QVERIFY(stored.value().id > 0);
        QVERIFY(stored.value().at.isValid()); // defaulted to now
        QCOMPARE(appended.count(), 1);
        QCOMPARE(appended.first().first().value<ActivityEntry>(), stored.value());
        QCOMPARE(journal.latest(1).value().first(), stored.value());
        QCOMPARE(journal.append(ActivityEntry()).status().code(), Status::Code::Invalid);
        QCOMPARE(appended.count(), 1);
    }

    // Newest first by insertion order, even when the wall clock jumps back.
    void latestIsNewestFirst()
    {
        ActivityJournal journal(*m_db);
        const QDateTime t = QDateTime(QDate(2026, 11, 27), QTime(12, 0), Qt::UTC);
        QVERIFY(journal.append(entry(m_a, QStringLiteral("one"), t)).ok());
        QVERIFY(journal.append(entry(m_b, QStringLiteral("two"), t.addSecs(60))).ok());
        QVERIFY(journal.append(entry(m_a, QStringLiteral("three"), t.addSecs(-3600))).ok());
        QVERIFY(journal.append(entry(m_a, QStringLiteral("four"), t.addSecs(120))).ok());

        auto actions = [](const QList<ActivityEntry> &list) {
            QStringList out;
            for (const auto &e : list)
                out << e.action;
            return out;
        };
        QCOMPARE(actions(journal.latest(10).value()),
            (QStringList {
                QStringLiteral("four"), QStringLiteral("three"), QStringLiteral("two"), QStringLiteral("one") }));
        QCOMPARE(actions(journal.latest(2).value()), (QStringList { QStringLiteral("four"), QStringLiteral("three") }));
        QCOMPARE(actions(journal.latestForProfile(m_a.id, 10).value()),
            (QStringList { QStringLiteral("four"), QStringLiteral("three"), QStringLiteral("one") }));
        QCOMPARE(actions(journal.latestForProfile(m_b.id, 10).value()), QStringList { QStringLiteral("two") });
        QCOMPARE(journal.latest(0).value().size(), 0);
        QCOMPARE(journal.latest(10).value().at(1).at, t.addSecs(-3600));
    }

    void forRunIsOldestFirst()
    {
        ActivityJournal journal(*m_db);
        for (const char *step : { "org.create", "member.invite", "cas.create" }) {
            ActivityEntry e = entry(m_a, QString::fromLatin1(step));
            e.runId = QStringLiteral("run-7");
            QVERIFY(journal.append(e).ok());
            QVERIFY(journal.append(entry(m_a, QStringLiteral("other"))).ok());
        }
        const auto run = journal.forRun(QStringLiteral("run-7")).value();
        QCOMPARE(run.size(), 3);
        QCOMPARE(run.first().action, QStringLiteral("org.create"));
        QCOMPARE(run.last().action, QStringLiteral("cas.create"));
        QCOMPARE(journal.forRun(QString()).value().size(), 0);
    }

    void entriesCannotBeRewritten()
    {
        ActivityJournal journal(*m_db);
        QVERIFY(journal.append(entry(m_a, QStringLiteral("org.delete"))).ok());
        QSqlQuery q(m_db->connection());
        QVERIFY(!q.exec(QStringLiteral("UPDATE activity_journal SET outcome = 'failed'")));
        QCOMPARE(journal.latest(1).value().first().outcome, ActivityEntry::Outcome::Succeeded);
    }

    void onboardingRuns()
    {
        OnboardingRunRepository runs(*m_db);
        OnboardingRun run;
        run.profileId = m_a.id;
        run.organization = QStringLiteral("newco");
        run.plan = QJsonObject { { QStringLiteral("organization"), QStringLiteral("newco") },
            { QStringLiteral("members"), QJsonArray { QStringLiteral("a@newco.example") } },
            { QStringLiteral("cas"), QJsonObject { { QStringLiteral("provider"), QStringLiteral("AWS-S3") } } } };
        QVERIFY(runs.create(run).ok());
        QVERIFY(!run.runId.isEmpty());
        QVERIFY(runs.updateStep(run.runId, 1, OnboardingRun::StepStatus::Failed, QStringLiteral("boom")).ok());
        auto back = runs.find(run.runId);
        QVERIFY(back.ok());
        QCOMPARE(back.value().plan, run.plan);
        QCOMPARE(back.value().stepIndex, 1);
        QCOMPARE(back.value().stepStatus, OnboardingRun::StepStatus::Failed);
        QCOMPARE(back.value().lastError, QStringLiteral("boom"));
        QVERIFY(!back.value().isFinished());
        QCOMPARE(runs.unfinished(m_a.id).value().size(), 1);
        QVERIFY(runs.finish(run.runId).ok());
        QVERIFY(runs.find(run.runId).value().isFinished());
        QCOMPARE(runs.unfinished(m_a.id).value().size(), 0);
        QCOMPARE(runs.updateStep(QStringLiteral("nope"), 0, OnboardingRun::StepStatus::Running).code(),
            Status::Code::NotFound);

        // CAS credentials in a plan are refused; they are asked again on resume.
        OnboardingRun leaky = run;
        leaky.runId.clear();
        leaky.plan.insert(QStringLiteral("cas"),
            QJsonObject { { QStringLiteral("secretAccessKey"), QStringLiteral("wJalrXUtnFEMI") } });
        QCOMPARE(runs.create(leaky).code(), Status::Code::SecretRefused);

        // Removing the profile removes its runs.
        QVERIFY(ProfileRepository(*m_db).remove(m_a.id).ok());
        QCOMPARE(runs.find(run.runId).status().code(), Status::Code::NotFound);
    }

private:
    std::unique_ptr<Database> m_db;
    Profile m_a;
    Profile m_b;
};

QTEST_GUILESS_MAIN(TestActivityJournal)
#include "tst_storage_activityjournal.moc"
