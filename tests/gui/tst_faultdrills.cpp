// SPDX-License-Identifier: Apache-2.0
// Fault drills (issue #9): the real main window and connect wizard against the sandbox while
// its fault injector (switched at run time through the control endpoint) cuts, corrupts,
// delays and refuses calls, the server process goes away and comes back, and the keychain is
// locked or silent. In every drill: the GUI thread never blocks for more than 100 ms (measured
// by EventLoopWatchdog), the failure is told once (no message boxes, no dialog storm), what was
// typed is kept, and retrying once the fault is lifted succeeds.
#include "ConnectTestSupport.h"
#include "EventLoopWatchdog.h"
#include "MainWindowTestSupport.h"
#include "models/ConnectFlow.h"
#include "models/TokenTableModel.h"
#include "models/TokensController.h"
#include "storage/ProfileRepository.h"
#include "ui/MainWindow.h"
#include "ui/MessageBoxes.h"
#include "ui/connect/ConnectWizard.h"
#include "ui/dialogs/CreateTokenDialog.h"
#include "ui/dialogs/OneTimeSecretDialog.h"
#include "ui/pages/TokensPage.h"

#include <QAction>
#include <QCheckBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScopeGuard>
#include <QTcpServer>

using namespace adm;
using namespace adm::test;
using ui::MainWindow;

namespace {

// The budget: the event loop never blocks for more than 100 ms. Only the sanitizer pass
// of scripts/test raises it (ADM_EVENT_LOOP_BUDGET_MS): ASan makes every instruction several
// times slower, and that pass looks for memory errors, not for latency.
qint64 maxGapMs()
{
    bool ok = false;
    const qint64 budget = qEnvironmentVariableIntValue("ADM_EVENT_LOOP_BUDGET_MS", &ok);
    return ok && budget > 0 ? budget : 100;
}
const qint64 MaxGapMs = maxGapMs();

QJsonObject faultSet(const QStringList &specs)
{
    return { { QStringLiteral("faults"), QJsonArray::fromStringList(specs) } };
}

// Two free loopback ports, so a restarted sandbox comes back where the profile points.
quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// A keychain whose behaviour the drill switches: working (in memory), locked (answers Locked),
// or silent (never answers until released, as an unlock prompt nobody sees).
class DrillKeychain : public storage::SecretStore
{
public:
    enum class Mode { Working, Locked, Silent };
    void setMode(Mode mode) { m_mode = mode; }
    // Answers every silent job with Timeout, as KeychainSecretStore does when its timer fires.
    void releaseSilent()
    {
        for (const QPointer<storage::SecretJob> &job : std::as_const(m_silent)) {
            if (!job)
                continue;
            storage::SecretResult r;
            r.error = storage::SecretResult::Error::Timeout;
            r.userMessage = QStringLiteral("The keychain did not answer within 10 seconds.");
            job->finish(r);
        }
        m_silent.clear();
    }
    int silentJobs() const { return int(m_silent.size()); }

    storage::SecretJob *read(const QString &key) override
    {
        return m_mode == Mode::Working ? m_memory.read(key) : failing(storage::SecretJob::Operation::Read, key);
    }
    storage::SecretJob *write(const QString &key, const QByteArray &secret) override
    {
        return m_mode == Mode::Working ? m_memory.write(key, secret)
                                       : failing(storage::SecretJob::Operation::Write, key);
    }
    storage::SecretJob *remove(const QString &key) override
    {
        return m_mode == Mode::Working ? m_memory.remove(key) : failing(storage::SecretJob::Operation::Remove, key);
    }
    bool isPersistent() const override { return true; }
    QString displayName() const override { return QStringLiteral("Drill keychain"); }

private:
    storage::SecretJob *failing(storage::SecretJob::Operation op, const QString &key)
    {
        auto *job = new storage::SecretJob(op, key, this);
        if (m_mode == Mode::Silent) {
            m_silent << job;
            return job;
        }
        QTimer::singleShot(0, job, [job]() {
            storage::SecretResult r;
            r.error = storage::SecretResult::Error::Locked;
            r.userMessage = QStringLiteral("The keyring is locked.");
            job->finish(r);
        });
        return job;
    }

    Mode m_mode = Mode::Working;
    storage::MemorySecretStore m_memory;
    QList<QPointer<storage::SecretJob>> m_silent;
};

} // namespace

class TestFaultDrills : public QObject
{
    Q_OBJECT

private:
    SandboxProcess m_sandbox { [] {
        SandboxProcess::Options o;
        // The server's own per-call limit must not end a slow call before the client's deadline does.
        o.extraArguments = { QStringLiteral("--handler-timeout"), QStringLiteral("60s") };
        return o;
    }() };
    EventLoopWatchdog m_watch;

    // Checks and logs the drill's numbers; the report quotes these lines.
    void checkResponsive(const char *drill)
    {
        QTest::qWait(300); // a late second message (a storm) or stall would show here
        m_watch.stop();
        qInfo("drill %-28s max event-loop gap %3lld ms over %d ticks; windows shown: %s", drill, m_watch.maxGapMs(),
            m_watch.ticks(), qPrintable(m_watch.windowsShown().join(QStringLiteral(", "))));
        QVERIFY2(m_watch.maxGapMs() <= MaxGapMs,
            qPrintable(QStringLiteral("%1: the event loop blocked for %2 ms")
                           .arg(QLatin1String(drill))
                           .arg(m_watch.maxGapMs())));
        QVERIFY(m_watch.ticks() > 10);
    }

    bool setFaults(const QStringList &specs)
    {
        m_watch.pause(); // the control request blocks the test, not the app
        const bool ok = specs.isEmpty() ? m_sandbox.clearFaults() : m_sandbox.setFaults(faultSet(specs));
        m_watch.resume();
        return ok;
    }

    // The tokens page of a fresh window, loaded.
    struct Drill {
        GuiApp app;
        std::unique_ptr<MainWindow> window;
        ui::TokensPage *page = nullptr;
        int rows = 0;
    };
    bool openTokens(Drill &d, const SandboxProcess &sandbox)
    {
        if (!d.app.connect(
                sandbox, userToken(sandbox, QStringLiteral("olivia.owner@acme.example")), QStringLiteral("acme")))
            return false;
        d.window = std::make_unique<MainWindow>(*d.app.session);
        d.window->show();
        d.window->showPage(MainWindow::Page::Tokens);
        d.page = d.window->tokensPage();
        if (!waitSettled(d.page))
            return false;
        d.rows = d.page->tokens()->model()->rowCount();
        return d.rows > 0;
    }

    // Refresh as the user does (F5 / View ▸ Refresh); reconnects when offline.
    static void refresh(Drill &d) { d.window->findChild<QAction *>(QStringLiteral("refreshAction"))->trigger(); }
    // Refreshes and waits until the listing it started has finished (either way).
    static bool refreshAndWait(Drill &d, int timeoutMs)
    {
        QSignalSpy busy(d.page->controller(), &models::PageController::busyChanged);
        refresh(d);
        return QTest::qWaitFor(
            [&] { return !busy.isEmpty() && !busy.constLast().at(0).toBool() && !d.page->controller()->isBusy(); },
            timeoutMs);
    }

    // After the fault is lifted: Refresh brings the page back, online, without an error (a
    // second Refresh when the first one only reconnected).
    void retrySucceeds(Drill &d)
    {
        auto failing = [&d] {
            const QString status = d.page->statusLabel()->text();
            return status.contains(QStringLiteral("could not")) || status.contains(QStringLiteral("offline"));
        };
        QVERIFY(refreshAndWait(d, 20000));
        QTRY_COMPARE_WITH_TIMEOUT(d.app.session->state(), models::Session::State::Ready, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!d.page->controller()->isBusy(), 20000);
        if (failing())
            QVERIFY(refreshAndWait(d, 20000));
        QVERIFY2(!failing(), qPrintable(d.page->statusLabel()->text()));
        QCOMPARE(d.page->tokens()->model()->rowCount(), d.rows);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        models::EnglishPlurals::install();
        QApplication::setOrganizationName(QStringLiteral("ChainloopAdminTests"));
        QApplication::setApplicationName(QStringLiteral("tst_faultdrills"));
        QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    }

    void init()
    {
        ui::MessageBoxes::clearAnswers();
        QVERIFY(m_sandbox.clearFaults());
    }

    void cleanup() { m_watch.stop(); }

    // Cut, corrupted and oversized List replies: the page keeps its rows, says once why it
    // could not refresh, and the next refresh works.
    void listReplyBroken_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::newRow("drop") << "drop=APITokenService/List";
        QTest::newRow("malformed") << "malformed=APITokenService/List";
        QTest::newRow("oversize") << "oversize=APITokenService/List";
    }
    void listReplyBroken()
    {
        QFETCH(QString, fault);
        Drill d;
        QVERIFY(openTokens(d, m_sandbox));
        QTest::keyClicks(d.page->filterEdit(), QStringLiteral("e")); // typed before the fault
        m_watch.start();
        QVERIFY(setFaults({ fault }));
        QVERIFY(refreshAndWait(d, 20000));
        const QString status = d.page->statusLabel()->text();
        QVERIFY2(status.contains(QStringLiteral("could not refresh")) || status.contains(QStringLiteral("offline")),
            qPrintable(status));
        QCOMPARE(d.page->filterEdit()->text(), QStringLiteral("e"));
        QCOMPARE(d.page->tokens()->model()->rowCount(), d.rows); // the cached rows stay
        QCOMPARE(m_watch.messageBoxesShown(), 0);
        QCOMPARE(m_watch.windowsShown(), QStringList());
        QCOMPARE(ui::MessageBoxes::askedCount(), 0);
        checkResponsive(qPrintable(QStringLiteral("list ") + fault.section(QLatin1Char('='), 0, 0)));

        QVERIFY(setFaults({}));
        retrySucceeds(d);
    }

    // A short UNAVAILABLE burst is absorbed by the read retries (nothing to tell); a lasting one
    // is told once (offline) and the refresh after it works.
    void unavailableBursts()
    {
        Drill d;
        QVERIFY(openTokens(d, m_sandbox));
        m_watch.start();
        QVERIFY(setFaults({ QStringLiteral("unavailable=1,method=APITokenService/List,count=2") }));
        QVERIFY(refreshAndWait(d, 20000));
        QVERIFY2(!d.page->statusLabel()->text().contains(QStringLiteral("could not")),
            qPrintable(d.page->statusLabel()->text()));
        QCOMPARE(d.app.session->state(), models::Session::State::Ready);
        m_watch.pause();
        const QJsonObject fired = m_sandbox.faults();
        m_watch.resume();
        QCOMPARE(
            fired.value(QStringLiteral("faults")).toArray().at(0).toObject().value(QStringLiteral("fired")).toInt(), 2);

        QSignalSpy states(d.app.session.get(), &models::Session::stateChanged);
        QVERIFY(setFaults({ QStringLiteral("unavailable=1,method=APITokenService/List") }));
        QVERIFY(refreshAndWait(d, 30000));
        const QString status = d.page->statusLabel()->text();
        QVERIFY2(status.contains(QStringLiteral("offline")) || status.contains(QStringLiteral("could not")),
            qPrintable(status));
        QVERIFY(states.count() <= 1); // at most one switch to Offline, no flapping
        QCOMPARE(m_watch.windowsShown(), QStringList());
        QCOMPARE(d.page->tokens()->model()->rowCount(), d.rows);
        checkResponsive("unavailable burst");

        QVERIFY(setFaults({}));
        retrySucceeds(d);
    }

    // A reply slower than the 15 s deadline: the call gives up on time, the page says so once.
    void latencyBeyondDeadline()
    {
        Drill d;
        QVERIFY(openTokens(d, m_sandbox));
        m_watch.start();
        QVERIFY(setFaults({ QStringLiteral("latency=25s,method=APITokenService/List") }));
        QElapsedTimer clock;
        clock.start();
        refresh(d);
        QTRY_VERIFY_WITH_TIMEOUT(d.page->controller()->isBusy(), 2000);
        // Responsive while waiting: the filter still takes typing.
        QTest::qWait(500);
        QTest::keyClicks(d.page->filterEdit(), QStringLiteral("bot"));
        QTRY_VERIFY_WITH_TIMEOUT(!d.page->controller()->isBusy(), 25000);
        QVERIFY2(clock.elapsed() < 20000, "the deadline was not applied");
        const QString status = d.page->statusLabel()->text();
        QVERIFY2(status.contains(QStringLiteral("offline")) || status.contains(QStringLiteral("could not")),
            qPrintable(status));
        QCOMPARE(d.page->filterEdit()->text(), QStringLiteral("bot"));
        QCOMPARE(m_watch.windowsShown(), QStringList());
        checkResponsive("latency beyond deadline");

        QVERIFY(setFaults({}));
        d.page->filterEdit()->clear();
        retrySucceeds(d);
    }

    // The server stops answering while a token is being created (the create never reaches the
    // handler, so retrying with the same name is right): after the deadline the dialog stays
    // open with the name typed and says why once; Create again (fault lifted) shows the secret.
    // (A connection cut after the handler ran is an uncertain outcome: the retry then meets
    // the name taken, which the dialog says; not drilled here.)
    void createUnansweredThenRetried()
    {
        Drill d;
        QVERIFY(openTokens(d, m_sandbox));
        d.page->startCreate();
        ui::CreateTokenDialog *dialog = d.page->createDialog();
        QVERIFY(dialog);
        auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
        auto *create = dialog->findChild<QPushButton *>(QStringLiteral("createButton"));
        auto *error = dialog->findChild<QLabel *>(QStringLiteral("errorLabel"));
        QTest::keyClicks(name, QStringLiteral("drill-token"));
        QSignalSpy failed(d.page->tokens(), &models::TokensController::createFailed);
        m_watch.start();
        QVERIFY(setFaults({ QStringLiteral("hang=APITokenService/Create") }));
        create->click();
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 25000);
        QVERIFY(!error->text().isEmpty());
        QCOMPARE(failed.count(), 1);
        QVERIFY(dialog->isVisible());
        QCOMPARE(name->text(), QStringLiteral("drill-token"));
        QCOMPARE(m_watch.windowsShown(), QStringList());
        QCOMPARE(ui::MessageBoxes::askedCount(), 0);
        checkResponsive("create unanswered");

        QVERIFY(setFaults({}));
        if (d.app.session->state() != models::Session::State::Ready) {
            refresh(d);
            QTRY_COMPARE_WITH_TIMEOUT(d.app.session->state(), models::Session::State::Ready, 20000);
        }
        QTRY_VERIFY(create->isEnabled());
        create->click();
        auto secret = [&] { return d.window->findChild<ui::OneTimeSecretDialog *>(); };
        QTRY_VERIFY_WITH_TIMEOUT(secret() && secret()->isVisible(), 20000);
        ui::MessageBoxes::setNextAnswer(QMessageBox::Close);
        secret()->reject();
        QTRY_VERIFY(rowOf(d.page, QStringLiteral("drill-token")) >= 0);
        QCOMPARE(failed.count(), 1);
    }

    // The keychain is locked, then silent (an unlock prompt nobody sees), then works again.
    void keychainLockedOrSilent()
    {
        storage::Database db;
        QVERIFY(db.open(storage::Database::memoryPath()).ok());
        DrillKeychain keychain;
        models::Session session(db, keychain);
        session.setOfflineRetryInterval(0);
        storage::Profile profile;
        profile.name = QStringLiteral("keychain drill");
        profile.address = m_sandbox.grpcAddress();
        profile.insecure = true;
        profile.protocol = Protocol::Grpc;
        profile.defaultOrganization = QStringLiteral("acme");
        QVERIFY(session.profiles().save(profile).ok());
        profile = session.profiles().findByName(profile.name).value();
        {
            QSignalSpy written(
                keychain.write(profile.secretKey(), userToken(m_sandbox, QStringLiteral("olivia.owner@acme.example"))),
                &storage::SecretJob::finished);
            QVERIFY(written.wait(2000));
        }
        MainWindow w(session);
        w.show();
        QSignalSpy prompts(&session, &models::Session::signInRequired);

        // Locked: one "sign in" transition that names the keychain's reason.
        m_watch.start();
        keychain.setMode(DrillKeychain::Mode::Locked);
        session.open(profile);
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), models::Session::State::NeedsSignIn, 5000);
        QTest::qWait(300);
        QCOMPARE(prompts.count(), 1);
        QVERIFY2(session.stateMessage().contains(QStringLiteral("locked")), qPrintable(session.stateMessage()));
        QVERIFY(m_watch.messageBoxesShown() == 0);
        QVERIFY2(m_watch.windowsShown().size() <= 1, qPrintable(m_watch.windowsShown().join(QLatin1Char(','))));
        checkResponsive("keychain locked");

        // Silent: the window stays usable while the read is pending, then the timeout is told once.
        m_watch.start();
        keychain.setMode(DrillKeychain::Mode::Silent);
        prompts.clear();
        session.open(profile);
        QTest::qWait(1500);
        QCOMPARE(session.state(), models::Session::State::Connecting);
        QVERIFY(keychain.silentJobs() >= 1);
        w.showPage(MainWindow::Page::Members); // still reacts
        QCOMPARE(w.currentPage(), MainWindow::Page::Members);
        keychain.releaseSilent();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), models::Session::State::NeedsSignIn, 5000);
        QCOMPARE(prompts.count(), 1);
        QCOMPARE(m_watch.messageBoxesShown(), 0);
        checkResponsive("keychain silent");

        // Back: opening the profile again connects.
        keychain.setMode(DrillKeychain::Mode::Working);
        session.open(profile);
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), models::Session::State::Ready, 15000);
    }

    // The server process goes away in the middle of a listing and of the wizard's verify step,
    // then comes back on the same ports: Refresh and Retry work again.
    void serverGoneMidListAndMidWizard()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QStringList same { QStringLiteral("--grpc-port"), QString::number(freePort()),
            QStringLiteral("--http-port"), QString::number(freePort()), QStringLiteral("--db"),
            dir.filePath(QStringLiteral("sandbox.db")) };
        SandboxProcess::Options first;
        first.extraArguments = same;
        auto server = std::make_unique<SandboxProcess>(first);
        QVERIFY2(server->start(), qPrintable(server->errorString()));
        const QJsonObject seeded = server->seededTokens();
        auto restart = [&] {
            SandboxProcess::Options again;
            again.seedDemo = false; // the database file keeps the demo data and tokens stay valid
            again.extraArguments = same;
            server = std::make_unique<SandboxProcess>(again);
            m_watch.pause();
            const bool started = server->start();
            m_watch.resume();
            qInfo("restarted sandbox: %d, ports %d/%d (want %s/%s)\n%s", started, server->grpcPort(),
                server->httpPort(), qPrintable(same.at(1)), qPrintable(same.at(3)),
                server->standardError().right(2000).constData());
            return started && QString::number(server->grpcPort()) == same.at(1);
        };

        // Mid-list.
        Drill d;
        QVERIFY(openTokens(d, *server));
        QVERIFY(server->setFaults(faultSet({ QStringLiteral("latency=2s,method=APITokenService/List") })));
        m_watch.start();
        refresh(d);
        QTRY_VERIFY_WITH_TIMEOUT(d.page->controller()->isBusy(), 2000);
        QTest::qWait(300);
        m_watch.pause();
        server->stop();
        m_watch.resume();
        QTRY_VERIFY_WITH_TIMEOUT(!d.page->controller()->isBusy(), 20000);
        QVERIFY2(d.page->statusLabel()->text().contains(QStringLiteral("offline"))
                || d.page->statusLabel()->text().contains(QStringLiteral("could not")),
            qPrintable(d.page->statusLabel()->text()));
        QCOMPARE(d.page->tokens()->model()->rowCount(), d.rows);
        QCOMPARE(m_watch.windowsShown(), QStringList());
        checkResponsive("server gone mid-list");
        QVERIFY2(restart(), qPrintable(server->errorString()));
        retrySucceeds(d);
        d.window.reset();

        // Mid-wizard: the verify step loses the server.
        AppFixture app;
        QVERIFY(app.open());
        QPointer<ui::ConnectWizard> wizard
            = new ui::ConnectWizard(*app.session, ui::ConnectWizard::Mode::NewConnection);
        auto cleanupWizard = qScopeGuard([&] { delete wizard; });
        wizard->show();
        QVERIFY(QTest::qWaitForWindowExposed(wizard));
        QTest::keyClicks(wizard->findChild<QLineEdit *>(QStringLiteral("addressEdit")), server->grpcAddress());
        wizard->findChild<QCheckBox *>(QStringLiteral("insecureCheck"))->setChecked(true);
        wizard->next();
        QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(ui::ConnectWizard::SignInPageId), 15000);
        wizard->currentPage()->findChild<QRadioButton *>(QStringLiteral("pasteRadio"))->setChecked(true);
        const QString token = seeded.value(QStringLiteral("user_tokens"))
                                  .toObject()
                                  .value(QStringLiteral("olivia.owner@acme.example"))
                                  .toString();
        auto *tokenEdit = wizard->currentPage()->findChild<QLineEdit *>(QStringLiteral("tokenEdit"));
        QTest::keyClicks(tokenEdit, token);
        QVERIFY(server->setFaults(faultSet({ QStringLiteral("latency=1500ms,method=ContextService/Current") })));
        m_watch.start();
        wizard->next();
        QCOMPARE(wizard->currentId(), int(ui::ConnectWizard::VerifyPageId));
        QTest::qWait(300);
        m_watch.pause();
        server->stop();
        m_watch.resume();
        QWizardPage *verify = wizard->currentPage();
        auto *error = verify->findChild<QLabel *>(QStringLiteral("errorLabel"));
        auto *retry = verify->findChild<QPushButton *>(QStringLiteral("retryButton"));
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 20000);
        QVERIFY2(error->text().startsWith(QStringLiteral("Verification failed")), qPrintable(error->text()));
        QVERIFY(retry->isVisible());
        QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
        QCOMPARE(m_watch.windowsShown(), QStringList());
        QCOMPARE(ui::MessageBoxes::askedCount(), 0);
        checkResponsive("server gone mid-wizard");
        // What was typed is kept: back on the sign-in page the token is still there.
        wizard->back();
        QCOMPARE(tokenEdit->text(), token);
        QVERIFY2(restart(), qPrintable(server->errorString()));
        wizard->next();
        QCOMPARE(wizard->currentId(), int(ui::ConnectWizard::VerifyPageId));
        QTRY_VERIFY_WITH_TIMEOUT(wizard->button(QWizard::NextButton)->isEnabled(), 20000);
        QCOMPARE(verify->findChild<QLabel *>(QStringLiteral("organizationLabel"))->text(), QStringLiteral("acme"));

        // And the Retry button itself, after one more outage.
        wizard->back();
        QVERIFY(server->setFaults(faultSet({ QStringLiteral("unavailable=1,method=ContextService/Current") })));
        wizard->next();
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 20000);
        QVERIFY(server->clearFaults());
        retry->click();
        QTRY_VERIFY_WITH_TIMEOUT(wizard->button(QWizard::NextButton)->isEnabled(), 20000);
        QVERIFY(!error->isVisible());
    }
};

QTEST_MAIN(TestFaultDrills)
#include "tst_faultdrills.moc"
