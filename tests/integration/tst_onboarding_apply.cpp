// SPDX-License-Identifier: Apache-2.0
// `chainloop-admin apply` as a pipeline runs it: a 50-organization file, the process killed
// (SIGKILL) in the middle, started again with the same command. The second run must resume
// the first and, on the server, every organization must exist exactly once with its
// invitations and its CAS backend.
#include "OnboardingTestSupport.h"
#include "support/SandboxProcess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace adm::test;

class TestOnboardingApply : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<SandboxProcess> m_sandbox;

    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

    QStringList applyArguments(const QString &csv) const
    {
        return { QStringLiteral("apply"), csv, QStringLiteral("--url"), m_sandbox->grpcAddress(),
            QStringLiteral("--insecure"), QStringLiteral("--protocol"), QStringLiteral("grpc"),
            QStringLiteral("--database"), path("app.sqlite"), QStringLiteral("--credentials"),
            QStringLiteral("aws=") + path("aws.json"), QStringLiteral("--json") };
    }

    void startApply(QProcess &p, const QStringList &args)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CHAINLOOP_TOKEN"),
            m_sandbox->seededTokens().value(QStringLiteral("instance_token")).toString());
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("minimal"));
        p.setProcessEnvironment(env);
        p.start(QString::fromLocal8Bit(qgetenv("ADM_ADMIN_BIN")), args);
    }

    // Journal entries the apply process has written so far (read-only, beside its writes).
    int journalEntries() const
    {
        if (!QFile::exists(path("app.sqlite")))
            return 0;
        const QString name = QStringLiteral("probe");
        int n = 0;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(path("app.sqlite"));
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=2000"));
            if (db.open()) {
                QSqlQuery q(db);
                if (q.exec(QStringLiteral("SELECT COUNT(*) FROM activity_journal WHERE run_id <> ''")) && q.next())
                    n = q.value(0).toInt();
            }
        }
        QSqlDatabase::removeDatabase(name);
        return n;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(!qEnvironmentVariableIsEmpty("ADM_ADMIN_BIN"), "ADM_ADMIN_BIN is not set");
        SandboxProcess::Options o;
        // A little latency per call so the run lasts long enough to be killed half-way.
        o.extraArguments = { QStringLiteral("--db"), path("sandbox.sqlite"), QStringLiteral("--fault"),
            QStringLiteral("latency=40ms") };
        m_sandbox = std::make_unique<SandboxProcess>(o);
        QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
        QFile creds(path("aws.json"));
        QVERIFY(creds.open(QIODevice::WriteOnly));
        creds.write(R"({"accessKeyID":"AKIATEST","secretAccessKey":"test-only"})");
    }

    void dryRunSendsNothing()
    {
        QFile csv(path("dry.csv"));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write(onboardingCsv(QStringLiteral("dry"), 3, 1, true));
        csv.close();
        QProcess p;
        startApply(p, applyArguments(path("dry.csv")) << QStringLiteral("--dry-run"));
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(QJsonDocument::fromJson(p.readAllStandardOutput()).object().value(QStringLiteral("dryRun")).toBool());
        QCOMPARE(SandboxState(path("sandbox.sqlite")).orgsLike(QStringLiteral("dry-")), 0);
    }

    void invalidFileExitsTwo()
    {
        QFile csv(path("bad.csv"));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("organization,email,role\nBad_Name,x@example.com,boss\n");
        csv.close();
        QProcess p;
        startApply(p, applyArguments(path("bad.csv")));
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
        const QByteArray err = p.readAllStandardError();
        QVERIFY(err.contains("line 2, column organization"));
        QVERIFY(err.contains("line 2, column role"));
        QVERIFY(!err.contains("eyJ")); // the token never shows
    }

    void killedAndResumed()
    {
        const int orgs = 50;
        QFile csv(path("fifty.csv"));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write(onboardingCsv(QStringLiteral("tenant"), orgs, 2, true));
        csv.close();
        const QStringList args = applyArguments(path("fifty.csv"));

        QProcess first;
        startApply(first, args);
        QVERIFY(first.waitForStarted());
        // Kill once a fair share of the 200 steps is journaled, but well before the end.
        QElapsedTimer t;
        t.start();
        while (journalEntries() < 40 && first.state() == QProcess::Running && t.elapsed() < 60000)
            QTest::qWait(20);
        QCOMPARE(first.state(), QProcess::Running);
        first.kill();
        QVERIFY(first.waitForFinished(10000));
        const int before = journalEntries();
        qInfo() << "killed after" << before << "journaled steps";
        QVERIFY(before < orgs * 4);

        QProcess second;
        startApply(second, args);
        QVERIFY(second.waitForFinished(120000));
        const QByteArray out = second.readAllStandardOutput();
        QCOMPARE(second.exitCode(), 0);
        const QJsonObject report = QJsonDocument::fromJson(out).object();
        QVERIFY(report.value(QStringLiteral("resumed")).toBool());
        QVERIFY(report.value(QStringLiteral("ok")).toBool());
        QCOMPARE(report.value(QStringLiteral("rows")).toArray().size(), orgs * 2);
        // Resuming skipped what was done: fewer calls than steps.
        QVERIFY(report.value(QStringLiteral("steps")).toObject().value(QStringLiteral("calls")).toInt() < orgs * 4);

        SandboxState server(path("sandbox.sqlite"));
        QCOMPARE(server.orgsLike(QStringLiteral("tenant-")), orgs);
        for (int i = 0; i < orgs; ++i) {
            const QString org = QStringLiteral("tenant-%1").arg(i);
            QCOMPARE(server.orgs(org), 1);
            QCOMPARE(server.invitations(org), 2);
            QCOMPARE(server.invitations(org, QStringLiteral("u0@%1.example").arg(org)), 1);
            QCOMPARE(server.casBackends(org, QStringLiteral("store")), 1);
        }

        // A third run of the same file: a new run, everything already there, still exit 0.
        QProcess third;
        startApply(third, args);
        QVERIFY(third.waitForFinished(120000));
        QCOMPARE(third.exitCode(), 0);
        const QJsonObject again = QJsonDocument::fromJson(third.readAllStandardOutput()).object();
        QVERIFY(!again.value(QStringLiteral("resumed")).toBool());
        QCOMPARE(again.value(QStringLiteral("steps")).toObject().value(QStringLiteral("done")).toInt(), 0);
        QCOMPARE(server.orgsLike(QStringLiteral("tenant-")), orgs);
    }

    void terminatedGracefullyThenResumed()
    {
        QFile csv(path("term.csv"));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write(onboardingCsv(QStringLiteral("term"), 30, 1, false));
        csv.close();
        const QStringList args = applyArguments(path("term.csv"));
        const int before = journalEntries();
        QProcess first;
        startApply(first, args);
        QVERIFY(first.waitForStarted());
        QElapsedTimer t;
        t.start();
        while (journalEntries() < before + 15 && first.state() == QProcess::Running && t.elapsed() < 60000)
            QTest::qWait(10);
        first.terminate(); // SIGTERM: cancel, report, keep the run open
        QVERIFY(first.waitForFinished(30000));
        QCOMPARE(first.exitStatus(), QProcess::NormalExit);
        QCOMPARE(first.exitCode(), 5);
        const QJsonObject report = QJsonDocument::fromJson(first.readAllStandardOutput()).object();
        QVERIFY(!report.value(QStringLiteral("ok")).toBool());
        QVERIFY(first.readAllStandardError().contains("Interrupted"));

        QProcess second;
        startApply(second, args);
        QVERIFY(second.waitForFinished(120000));
        QCOMPARE(second.exitCode(), 0);
        QVERIFY(
            QJsonDocument::fromJson(second.readAllStandardOutput()).object().value(QStringLiteral("resumed")).toBool());
        QCOMPARE(SandboxState(path("sandbox.sqlite")).orgsLike(QStringLiteral("term-")), 30);
    }

    void cleanupTestCase()
    {
        if (m_sandbox)
            m_sandbox->stop();
    }
};

QTEST_GUILESS_MAIN(TestOnboardingApply)
#include "tst_onboarding_apply.moc"
