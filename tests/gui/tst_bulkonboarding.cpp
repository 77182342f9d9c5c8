// SPDX-License-Identifier: Apache-2.0
// The bulk onboarding window against the sandbox, driven as a user would: a file with a bad
// row (its problem listed by line and column, Run disabled), fixed and reloaded, a dry run
// that sends nothing, a run to the end with every row Done, the results exported; a run
// cancelled half-way (rows Skipped) and run again without duplicating anything on the
// server; the start-up offer after an interrupted run, whose Resume finishes it; the
// activity panel and organizations page after a run; and quitting the app while a run goes on
// in the background (asked, then the run stopped before the window closes).
#include "../integration/OnboardingTestSupport.h"
#include "MainWindowTestSupport.h"
#include "core/OnboardingCsv.h"
#include "models/ActivityTableModel.h"
#include "models/ModelRoles.h"
#include "models/OnboardingController.h"
#include "models/OnboardingRowTableModel.h"
#include "ui/MainWindow.h"
#include "ui/MessageBoxes.h"
#include "ui/onboarding/BulkOnboardingWindow.h"
#include "ui/onboarding/ResumeOnboardingOffer.h"
#include "ui/pages/OrganizationsPage.h"

#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>

using namespace adm;
using namespace adm::test;
using ui::BulkOnboardingWindow;
using ui::MainWindow;
using Column = models::OnboardingRowTableModel::Column;

class TestBulkOnboarding : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<SandboxProcess> m_sandbox;
    GuiApp m_app;
    std::unique_ptr<MainWindow> m_window;

    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString sandboxDb() const { return path(QStringLiteral("sandbox.sqlite")); }

    QString writeFile(const QString &name, const QByteArray &data)
    {
        QFile f(path(name));
        if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            f.write(data);
        return f.fileName();
    }

    template<typename T> static T *child(QWidget *w, const char *name)
    {
        return w->findChild<T *>(QLatin1String(name));
    }

    static QString status(BulkOnboardingWindow *w, int row)
    {
        return w->model()->index(row, int(Column::Status)).data(models::ExportRole).toString();
    }

    static QStringList statuses(BulkOnboardingWindow *w)
    {
        QStringList out;
        for (int r = 0; r < w->model()->rowCount(); ++r)
            out << status(w, r);
        return out;
    }

    // The bulk window of `window`, opened with its menu action (as the user does).
    static BulkOnboardingWindow *openBulk(MainWindow &window)
    {
        QAction *action = window.bulkOnboardingAction();
        if (!action || action->shortcut() != QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B))
            return nullptr;
        action->trigger();
        BulkOnboardingWindow *w = window.bulkOnboardingWindow();
        return w && w->isVisible() ? w : nullptr;
    }

    // A run of `orgs` organizations (two invitations each) from the file "<prefix>.csv",
    // started with `inFlight` calls at a time against a server slowed to 120 ms per call, and
    // left running once `progress` rows are through. Null if any step failed.
    BulkOnboardingWindow *startSlowRun(const QString &prefix, int orgs, int inFlight, int progress)
    {
        BulkOnboardingWindow *w = openBulk(*m_window);
        if (!w || !w->openFile(writeFile(prefix + QStringLiteral(".csv"), onboardingCsv(prefix, orgs, 2, false))))
            return nullptr;
        if (!m_sandbox->setFaults(
                QJsonObject { { QStringLiteral("faults"), QJsonArray { QStringLiteral("latency=120ms") } } }))
            return nullptr;
        child<QSpinBox>(w, "inFlightSpin")->setValue(inFlight);
        w->run();
        auto *bar = child<QProgressBar>(w, "progressBar");
        return QTest::qWaitFor([&] { return bar->value() >= progress; }, 20000) && w->isRunning() ? w : nullptr;
    }

    // Every organization of a "<prefix>-<i>" file exists once with its invitations.
    void verifyServer(const QString &prefix, int orgs, int invites)
    {
        SandboxState server(sandboxDb());
        QCOMPARE(server.orgsLike(prefix + u'-'), orgs);
        for (int i = 0; i < orgs; ++i) {
            const QString org = QStringLiteral("%1-%2").arg(prefix).arg(i);
            QCOMPARE(server.orgs(org), 1);
            QCOMPARE(server.invitations(org), invites);
            for (int k = 0; k < invites; ++k)
                QCOMPARE(server.invitations(org, QStringLiteral("u%1@%2.example").arg(k).arg(org)), 1);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        models::EnglishPlurals::install();
        QApplication::setApplicationName(QStringLiteral("tst_bulkonboarding"));
        QVERIFY(m_dir.isValid());
        SandboxProcess::Options o;
        o.extraArguments = { QStringLiteral("--db"), sandboxDb() };
        m_sandbox = std::make_unique<SandboxProcess>(o);
        QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
        // The instance admin: may create organizations, and sees them as their owner.
        const QByteArray ada
            = m_sandbox->seededTokens().value(QStringLiteral("instance_admin_user_token")).toString().toUtf8();
        QVERIFY(m_app.connect(*m_sandbox, ada, QStringLiteral("initech")));
        m_window = std::make_unique<MainWindow>(*m_app.session);
        m_window->resize(1200, 700);
        m_window->show();
        m_window->showPage(MainWindow::Page::Organizations);
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void init()
    {
        QVERIFY(m_sandbox->clearFaults());
        ui::MessageBoxes::clearAnswers();
    }

    void badRowThenFixedRunToTheEnd()
    {
        BulkOnboardingWindow *w = openBulk(*m_window);
        QVERIFY(w);
        w->resize(1000, 600);
        auto *run = child<QPushButton>(w, "runButton");
        auto *dryRun = child<QPushButton>(w, "dryRunButton");
        auto *exportButton = child<QPushButton>(w, "exportButton");
        QVERIFY(run && dryRun && exportButton);
        QCOMPARE(child<QSpinBox>(w, "inFlightSpin")->value(), 8);

        // Line 3 has a role the server does not know: listed by line and column, Run disabled,
        // yet every line of the file is in the table.
        QByteArray csv = onboardingCsv(QStringLiteral("bulk"), 4, 2, false);
        const QByteArray bad = csv.replace("bulk-0,u1@bulk-0.example,viewer", "bulk-0,u1@bulk-0.example,boss");
        const QString file = writeFile(QStringLiteral("bulk.csv"), bad);
        QVERIFY(!w->openFile(file));
        QVERIFY2(w->issues().size() == 1, qPrintable(w->issues().join(u'\n')));
        QVERIFY2(w->issues().first().startsWith(QLatin1String("line 3, column role")), qPrintable(w->issues().first()));
        QVERIFY(child<QListWidget>(w, "issuesList")->isVisible());
        QCOMPARE(w->model()->rowCount(), 8);
        QCOMPARE(status(w, 1), QStringLiteral("invalid"));
        QCOMPARE(status(w, 0), QStringLiteral("pending")); // valid, but nothing runs yet
        QVERIFY(w->model()->index(1, int(Column::Error)).data().toString().contains(QLatin1String("role")));
        QVERIFY(!run->isEnabled());
        QVERIFY(!dryRun->isEnabled());
        grabFor(w, QStringLiteral("bulk-onboarding-invalid"));

        // Fixed on disk, reloaded in the same window.
        writeFile(QStringLiteral("bulk.csv"), onboardingCsv(QStringLiteral("bulk"), 4, 2, false));
        QTest::mouseClick(child<QPushButton>(w, "reloadButton"), Qt::LeftButton);
        QVERIFY(w->issues().isEmpty());
        QVERIFY(!child<QListWidget>(w, "issuesList")->isVisible());
        QVERIFY(run->isEnabled());

        // Dry run: the steps, nothing sent.
        QTest::mouseClick(dryRun, Qt::LeftButton);
        QCOMPARE(child<QTabWidget>(w, "tabs")->currentWidget(), child<QWidget>(w, "stepsTab"));
        QCOMPARE(child<QListWidget>(w, "stepsList")->count(), 4 * 3);
        QVERIFY(child<QLabel>(w, "stepsLabel")->text().contains(QLatin1String("Nothing was sent")));
        QVERIFY(child<QListWidget>(w, "stepsList")->item(1)->text().contains(QLatin1String("u0@bulk-0.example")));
        QCOMPARE(SandboxState(sandboxDb()).orgsLike(QStringLiteral("bulk-")), 0);

        QSignalSpy finished(w, &BulkOnboardingWindow::runFinished);
        QTest::mouseClick(run, Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QCOMPARE(child<QTabWidget>(w, "tabs")->currentWidget(), child<QWidget>(w, "rowsTab"));
        QCOMPARE(statuses(w), QStringList(8, QStringLiteral("done")));
        QCOMPARE(child<QProgressBar>(w, "progressBar")->value(), 12);
        QCOMPARE(child<QProgressBar>(w, "progressBar")->maximum(), 12);
        verifyServer(QStringLiteral("bulk"), 4, 2);

        // The export is the table: a header and one line per row with its status.
        QVERIFY(exportButton->isEnabled());
        QString error;
        QVERIFY2(w->exportResults(path(QStringLiteral("results.csv")), &error), qPrintable(error));
        QFile exported(path(QStringLiteral("results.csv")));
        QVERIFY(exported.open(QIODevice::ReadOnly));
        const QByteArray data = exported.readAll();
        QCOMPARE(QString::fromUtf8(data), onboardingResultsCsv(w->model()->results()));
        const QList<QByteArray> lines = data.trimmed().split('\n');
        QCOMPARE(lines.size(), 9);
        QVERIFY(lines.first().startsWith("line,organization,email,role,status,error"));
        QVERIFY(lines.at(1).startsWith("2,bulk-0,u0@bulk-0.example,admin,done"));
        QVERIFY(lines.at(8).startsWith("9,bulk-3,u1@bulk-3.example,viewer,done"));
        grabFor(w, QStringLiteral("bulk-onboarding-done"));

        // The activity panel lists every step, and the organizations page shows the new ones.
        const OnboardingPlan &plan = w->controller()->plan();
        models::ActivityTableModel *activity = m_window->activityModel();
        using A = models::ActivityTableModel::Column;
        for (const OnboardingStep &s : plan.steps) {
            bool found = false;
            for (int r = 0; r < activity->rowCount() && !found; ++r) {
                found = activity->index(r, int(A::Action)).data().toString() == journalAction(s)
                    && activity->index(r, int(A::Target)).data().toString() == s.target()
                    && activity->index(r, int(A::Organization)).data().toString() == s.organization;
            }
            QVERIFY2(found, qPrintable(s.key()));
        }
        ui::OrganizationsPage *orgs = m_window->organizationsPage();
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(orgs, QStringLiteral("bulk-3")) >= 0, 10000);
        QVERIFY(rowOf(orgs, QStringLiteral("bulk-0")) >= 0);
        QVERIFY(m_app.session->organizations().contains(QStringLiteral("bulk-2")));
        w->close();
        QVERIFY(!w->isVisible());
    }

    void cancelledThenRunAgainWithoutDuplicates()
    {
        BulkOnboardingWindow *w = openBulk(*m_window);
        QVERIFY(w);
        const int orgs = 10;
        QVERIFY(
            w->openFile(writeFile(QStringLiteral("cancel.csv"), onboardingCsv(QStringLiteral("cnl"), orgs, 2, false))));
        QVERIFY(m_sandbox->setFaults(
            QJsonObject { { QStringLiteral("faults"), QJsonArray { QStringLiteral("latency=120ms") } } }));
        child<QSpinBox>(w, "inFlightSpin")->setValue(2);
        QSignalSpy finished(w, &BulkOnboardingWindow::runFinished);
        auto *progress = child<QProgressBar>(w, "progressBar");
        QTest::mouseClick(child<QPushButton>(w, "runButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(progress->value() >= 6, 20000);
        QVERIFY(w->isRunning());
        QVERIFY(!child<QPushButton>(w, "runButton")->isEnabled());
        QVERIFY(!child<QSpinBox>(w, "inFlightSpin")->isEnabled());
        grabFor(w, QStringLiteral("bulk-onboarding-running"));

        // Closing asks; "Don't Close" keeps the window and the run.
        ui::MessageBoxes::setNextAnswer(QMessageBox::Cancel);
        w->close();
        QVERIFY(w->isVisible());
        QVERIFY(w->isRunning());
        QCOMPARE(ui::MessageBoxes::askedCount(), 1);

        QTest::mouseClick(child<QPushButton>(w, "cancelButton"), Qt::LeftButton);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.at(0).at(1).toBool(), true); // cancelled
        const QStringList afterCancel = statuses(w);
        QVERIFY2(afterCancel.contains(QStringLiteral("skipped")), qPrintable(afterCancel.join(u',')));
        QVERIFY(afterCancel.contains(QStringLiteral("done")));
        QVERIFY(child<QLabel>(w, "statusLabel")->text().contains(QLatin1String("Cancelled")));
        QCOMPARE(w->controller()->unfinishedRuns().size(), 1);
        const QString runId = w->controller()->runId();

        // Run again: the interrupted run of this file continues; nothing is made twice.
        QVERIFY(m_sandbox->clearFaults());
        finished.clear();
        QTest::mouseClick(child<QPushButton>(w, "runButton"), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QCOMPARE(w->controller()->runId(), runId);
        for (const QString &s : statuses(w))
            QVERIFY2(s == QLatin1String("done") || s == QLatin1String("adopted"), qPrintable(s));
        QVERIFY(w->controller()->unfinishedRuns().isEmpty());
        verifyServer(QStringLiteral("cnl"), orgs, 2);
        w->close();
    }

    void startUpOfferResumesAnInterruptedRun()
    {
        // A run interrupted in the first window...
        const int orgs = 8;
        BulkOnboardingWindow *w = startSlowRun(QStringLiteral("ofr"), orgs, 2, 5);
        QVERIFY(w);
        QSignalSpy finished(w, &BulkOnboardingWindow::runFinished);
        // Closing during the run: "Cancel the Run" stops it and closes.
        ui::MessageBoxes::setNextAnswer(QMessageBox::Abort);
        w->close();
        QVERIFY(finished.wait(20000));
        QVERIFY(!w->isVisible());
        QCOMPARE(finished.at(0).at(1).toBool(), true);
        QVERIFY(m_sandbox->clearFaults());
        const int before = SandboxState(sandboxDb()).orgsLike(QStringLiteral("ofr-"));
        QVERIFY(before > 0 && before <= orgs);

        // ...and the app started again: one offer, non-modal.
        m_window.reset();
        m_window = std::make_unique<MainWindow>(*m_app.session);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QList<ui::ResumeOnboardingOffer *> offers;
        QTRY_VERIFY_WITH_TIMEOUT(!(offers = m_window->findChildren<ui::ResumeOnboardingOffer *>()).isEmpty(), 5000);
        QCOMPARE(offers.size(), 1);
        ui::ResumeOnboardingOffer *offer = offers.first();
        QVERIFY(offer->isVisible());
        QVERIFY(!offer->isModal());
        QVERIFY(offer->text().contains(QLatin1String("ofr-0")));
        QVERIFY(offer->informativeText().contains(QString::number(orgs * 3)));
        grabFor(offer, QStringLiteral("bulk-onboarding-resume-offer"));
        // Reconnecting does not offer again (no storm).
        m_app.session->reconnect();
        QTRY_COMPARE_WITH_TIMEOUT(m_app.session->state(), models::Session::State::Ready, 15000);
        QTest::qWait(200);
        QCOMPARE(m_window->findChildren<ui::ResumeOnboardingOffer *>().size(), 1);

        QTest::mouseClick(offer->resumeButton(), Qt::LeftButton);
        BulkOnboardingWindow *resumed = m_window->bulkOnboardingWindow();
        QVERIFY(resumed->isVisible());
        QSignalSpy done(resumed, &BulkOnboardingWindow::runFinished);
        QVERIFY(done.wait(60000));
        QCOMPARE(done.at(0).at(0).toBool(), true);
        QCOMPARE(resumed->model()->rowCount(), orgs * 2);
        for (const QString &s : statuses(resumed))
            QVERIFY2(s == QLatin1String("done") || s == QLatin1String("adopted"), qPrintable(s));
        QVERIFY(resumed->controller()->unfinishedRuns().isEmpty());
        verifyServer(QStringLiteral("ofr"), orgs, 2);
        grabFor(resumed, QStringLiteral("bulk-onboarding-resumed"));

        // Nothing open any more: a new window offers nothing.
        m_window.reset();
        m_window = std::make_unique<MainWindow>(*m_app.session);
        m_window->show();
        QTest::qWait(300);
        QVERIFY(m_window->findChildren<ui::ResumeOnboardingOffer *>().isEmpty());
    }

    void laterKeepsTheRunAndDiscardClosesIt()
    {
        BulkOnboardingWindow *w = startSlowRun(QStringLiteral("ltr"), 6, 1, 2);
        QVERIFY(w);
        QSignalSpy finished(w, &BulkOnboardingWindow::runFinished);
        w->cancelRun();
        QVERIFY(finished.wait(20000));
        QVERIFY(m_sandbox->clearFaults());
        const QString runId = w->controller()->runId();

        auto restart = [this] {
            m_window.reset();
            m_window = std::make_unique<MainWindow>(*m_app.session);
            m_window->show();
        };
        auto offer = [this]() -> ui::ResumeOnboardingOffer * {
            // The count below is the check; waiting only gives the offer time to appear.
            (void)QTest::qWaitFor(
                [this] { return !m_window->findChildren<ui::ResumeOnboardingOffer *>().isEmpty(); }, 5000);
            const auto offers = m_window->findChildren<ui::ResumeOnboardingOffer *>();
            return offers.size() == 1 ? offers.first() : nullptr;
        };
        // Later: nothing happens, the run stays open for the next start.
        restart();
        ui::ResumeOnboardingOffer *first = offer();
        QVERIFY(first);
        QCOMPARE(first->runId(), runId);
        QTest::mouseClick(first->laterButton(), Qt::LeftButton);
        QTRY_VERIFY(m_window->findChildren<ui::ResumeOnboardingOffer *>().isEmpty());
        QVERIFY(!m_window->bulkOnboardingWindow()->isVisible());
        QCOMPARE(m_window->bulkOnboardingWindow()->controller()->unfinishedRuns().size(), 1);
        // Discard: the run is closed (nothing on the server is undone) and not offered again.
        restart();
        ui::ResumeOnboardingOffer *second = offer();
        QVERIFY(second);
        const int created = SandboxState(sandboxDb()).orgsLike(QStringLiteral("ltr-"));
        QTest::mouseClick(second->discardButton(), Qt::LeftButton);
        QTRY_VERIFY(m_window->findChildren<ui::ResumeOnboardingOffer *>().isEmpty());
        QVERIFY(m_window->bulkOnboardingWindow()->controller()->unfinishedRuns().isEmpty());
        QCOMPARE(SandboxState(sandboxDb()).orgsLike(QStringLiteral("ltr-")), created);
        restart();
        QTest::qWait(300);
        QVERIFY(m_window->findChildren<ui::ResumeOnboardingOffer *>().isEmpty());
    }

    void missingCredentialSetIsReported()
    {
        BulkOnboardingWindow *w = openBulk(*m_window);
        QVERIFY(w);
        QVERIFY(w->openFile(writeFile(QStringLiteral("nocreds.csv"),
            "organization,email,role,cas_backend,cas_provider,cas_location,cas_credentials\n"
            "nocred-0,,,store,AWS-S3,nocred-bucket,forgotten-set\n")));
        w->run();
        QTRY_VERIFY_WITH_TIMEOUT(
            child<QLabel>(w, "statusLabel")->text().contains(QLatin1String("\"forgotten-set\"")), 5000);
        QVERIFY(!w->isRunning());
        QVERIFY(child<QPushButton>(w, "runButton")->isEnabled());
        QCOMPARE(SandboxState(sandboxDb()).orgs(QStringLiteral("nocred-0")), 0);
        w->close();
    }

    void quittingDuringABackgroundRunAsksAndStopsItFirst()
    {
        BulkOnboardingWindow *w = startSlowRun(QStringLiteral("qit"), 8, 1, 2);
        QVERIFY(w);
        QSignalSpy finished(w, &BulkOnboardingWindow::runFinished);
        // The run goes on in the background, its window closed.
        ui::MessageBoxes::setNextAnswer(QMessageBox::Yes);
        w->close();
        QVERIFY(!w->isVisible());
        QVERIFY(w->isRunning());

        // The app would quit with its main window; here the test decides when it ends.
        QApplication::setQuitOnLastWindowClosed(false);
        auto restoreQuit = qScopeGuard([] { QApplication::setQuitOnLastWindowClosed(true); });
        auto *quit = m_window->findChild<QAction *>(QStringLiteral("actionQuit"));
        QVERIFY(quit);
        QCOMPARE(quit->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Q));
        const int asked = ui::MessageBoxes::askedCount();
        // File > Quit asks; "Keep Running" keeps the window and the run.
        ui::MessageBoxes::setNextAnswer(QMessageBox::Cancel);
        quit->trigger();
        QCOMPARE(ui::MessageBoxes::askedCount(), asked + 1);
        QVERIFY(ui::MessageBoxes::lastText().contains(QLatin1String("still sending calls")));
        QVERIFY(m_window->isVisible());
        QVERIFY(w->isRunning());
        QVERIFY(finished.isEmpty());

        // "Stop the Run and Quit": the run is cancelled first, then the window closes.
        ui::MessageBoxes::setNextAnswer(QMessageBox::Abort);
        quit->trigger();
        quit->trigger(); // impatient: asked once only
        QCOMPARE(ui::MessageBoxes::askedCount(), asked + 2);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.at(0).at(1).toBool(), true); // cancelled
        QTRY_VERIFY(!m_window->isVisible());
        QVERIFY(!w->isRunning());
        // What was done is kept, and the run can be resumed at the next start.
        const QStringList after = statuses(w);
        QVERIFY2(after.contains(QStringLiteral("done")), qPrintable(after.join(u',')));
        QVERIFY2(after.contains(QStringLiteral("skipped")), qPrintable(after.join(u',')));
        QCOMPARE(w->controller()->unfinishedRuns().size(), 1);
        QVERIFY(m_sandbox->clearFaults());
    }

    void cleanupTestCase()
    {
        m_window.reset();
        if (m_sandbox)
            m_sandbox->stop();
    }
};

QTEST_MAIN(TestBulkOnboarding)
#include "tst_bulkonboarding.moc"
