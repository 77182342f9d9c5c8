// SPDX-License-Identifier: Apache-2.0
// The main window against the sandbox: the shell (sidebar, menus, shortcuts, accessible names,
// status bar, activity panel, restored layout), the API tokens page end to end (create with the
// one-time secret, name taken, revoke), permission-aware actions, and the server going away in
// the middle of an action.
#include "MainWindowTestSupport.h"
#include "app/StartupWarmup.h"
#include "models/ActivityTableModel.h"
#include "models/Session.h"
#include "models/TableFilterProxy.h"
#include "models/TokenTableModel.h"
#include "models/TokensController.h"
#include "storage/ActivityJournal.h"
#include "ui/MainWindow.h"
#include "ui/MessageBoxes.h"
#include "ui/dialogs/CreateTokenDialog.h"
#include "ui/dialogs/OneTimeSecretDialog.h"
#include "ui/pages/MembersPage.h"
#include "ui/pages/TokensPage.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QThreadPool>
#include <QToolButton>
#include <QTreeWidget>

using namespace adm;
using namespace adm::test;
using ui::MainWindow;

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    SandboxProcess m_sandbox;

    ui::OneTimeSecretDialog *secretDialog(QWidget *window)
    {
        return window->findChild<ui::OneTimeSecretDialog *>(QStringLiteral("oneTimeSecretDialog"));
    }

    // Creates a token through the dialog; returns the one-time dialog (or null).
    ui::OneTimeSecretDialog *createToken(MainWindow &w, const QString &name)
    {
        ui::TokensPage *page = w.tokensPage();
        page->startCreate();
        ui::CreateTokenDialog *dialog = page->createDialog();
        if (!dialog)
            return nullptr;
        auto *nameEdit = dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
        nameEdit->clear();
        QTest::keyClicks(nameEdit, name);
        dialog->findChild<QPushButton *>(QStringLiteral("createButton"))->click();
        if (!QTest::qWaitFor([&] { return secretDialog(&w) && secretDialog(&w)->isVisible(); }, 10000))
            return nullptr;
        return secretDialog(&w);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        models::EnglishPlurals::install();
        QApplication::setOrganizationName(QStringLiteral("ChainloopAdminTests"));
        QApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    }

    void init() { ui::MessageBoxes::clearAnswers(); }

    void shellHasSectionsMenusAndNames()
    {
        GuiApp app;
        QVERIFY(app.connect(
            m_sandbox, userToken(m_sandbox, QStringLiteral("olivia.owner@acme.example")), QStringLiteral("acme")));
        MainWindow w(*app.session);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));

        auto *sidebar = w.findChild<QTreeWidget *>(QStringLiteral("sidebar"));
        QVERIFY(sidebar);
        QCOMPARE(sidebar->topLevelItemCount(), 2);
        QCOMPARE(sidebar->topLevelItem(0)->childCount(), 2);
        QCOMPARE(sidebar->topLevelItem(1)->childCount(), 5);
        QVERIFY(sidebar->topLevelItem(1)->text(0).contains(QStringLiteral("acme")));
        QVERIFY(w.windowTitle().contains(QStringLiteral("acme")));
        QVERIFY(w.findChild<QComboBox *>(QStringLiteral("profilePicker")));
        QVERIFY(w.findChild<QComboBox *>(QStringLiteral("organizationPicker")));
        QVERIFY(!w.connectionLabel()->text().isEmpty());

        // Every page reachable by keyboard (Ctrl+1..7) and through the sidebar.
        for (int i = 0; i < int(MainWindow::Page::Count); ++i) {
            auto *a = w.findChild<QAction *>(
                QStringLiteral("show-%1-action").arg(MainWindow::pageKey(MainWindow::Page(i))));
            QVERIFY(a);
            QCOMPARE(a->shortcut(), QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
            a->trigger();
            QCOMPARE(w.currentPage(), MainWindow::Page(i));
        }
        // Every page action has a shortcut or a menu entry (the Actions menu lists them all).
        w.showPage(MainWindow::Page::Tokens);
        QVERIFY(waitSettled(w.tokensPage()));
        for (QAction *a : w.tokensPage()->pageActions())
            QVERIFY2(!a->shortcut().isEmpty() || !a->text().isEmpty(), qPrintable(a->objectName()));
        // Accessible names on every interactive widget of the window.
        for (QWidget *widget : w.findChildren<QWidget *>()) {
            if (!widget->isVisible() || widget->focusPolicy() == Qt::NoFocus || widget->objectName().isEmpty()
                || widget->objectName().startsWith(QLatin1String("qt_")))
                continue;
            if (qobject_cast<QAbstractButton *>(widget) || qobject_cast<QMenuBar *>(widget))
                continue; // buttons speak their text
            QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
        }
    }

    void layoutIsRestored()
    {
        GuiApp app;
        QVERIFY(app.connect(
            m_sandbox, userToken(m_sandbox, QStringLiteral("olivia.owner@acme.example")), QStringLiteral("acme")));
        {
            MainWindow w(*app.session);
            w.resize(1111, 777);
            w.show();
            w.showPage(MainWindow::Page::Invitations);
            w.close();
        }
        MainWindow again(*app.session);
        QCOMPARE(again.size(), QSize(1111, 777));
        QCOMPARE(again.currentPage(), MainWindow::Page::Invitations);
    }

    // The next start opens on the page left open, with its cached rows in the view before the
    // event loop runs and before the keychain answers: the rows decoded on another thread
    // (ListingCache::prefetch) while the start-up warm-up loads fonts and plugins on a third.
    void startsOnTheLastPageWithItsCachedRows()
    {
        GuiApp app;
        QVERIFY(app.connect(
            m_sandbox, userToken(m_sandbox, QStringLiteral("olivia.owner@acme.example")), QStringLiteral("acme")));
        QStringList served;
        {
            MainWindow w(*app.session);
            w.show();
            w.showPage(MainWindow::Page::Members);
            QVERIFY(waitSettled(w.membersPage()));
            QVERIFY(!w.membersPage()->controller()->showsCachedRows());
            for (int r = 0; r < w.membersPage()->proxy()->rowCount(); ++r)
                served << w.membersPage()->proxy()->index(r, 0).data().toString();
            QVERIFY(served.size() >= 2);
            w.close();
        }
        const storage::Profile profile = app.session->profile();
        app.session->close();

        app::warmUpInBackground();
        app.session->open(profile); // the memory store holds no token: it will ask to sign in
        MainWindow again(*app.session);
        QCOMPARE(again.currentPage(), MainWindow::Page::Members);
        ui::MembersPage *page = again.membersPage();
        QVERIFY(page->controller()->showsCachedRows());
        QStringList shown;
        for (int r = 0; r < page->proxy()->rowCount(); ++r)
            shown << page->proxy()->index(r, 0).data().toString();
        QCOMPARE(shown, served);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY(QThreadPool::globalInstance()->waitForDone(10000));
        QCOMPARE(page->proxy()->rowCount(), served.size());
    }

    void tokensListCreateCopyRevoke()
    {
        GuiApp app;
        QVERIFY(app.connect(
            m_sandbox, userToken(m_sandbox, QStringLiteral("olivia.owner@acme.example")), QStringLiteral("acme")));
        MainWindow w(*app.session);
        w.show();
        w.showPage(MainWindow::Page::Tokens);
        ui::TokensPage *page = w.tokensPage();
        QVERIFY(waitSettled(page));
        // Active filter: the revoked demo token is hidden, then shown with "All".
        QVERIFY(rowOf(page, QStringLiteral("release-bot")) >= 0);
        QCOMPARE(rowOf(page, QStringLiteral("revoked-key")), -1);
        page->statusCombo()->setCurrentIndex(ui::TokensPage::All);
        QVERIFY(rowOf(page, QStringLiteral("revoked-key")) >= 0);
        page->statusCombo()->setCurrentIndex(ui::TokensPage::Active);
        // "never" for a token never used; the expiring one is highlighted.
        const int neverUsed = rowOf(page, QStringLiteral("never-used"));
        QVERIFY(neverUsed >= 0);
        QCOMPARE(
            page->view()->model()->index(neverUsed, int(models::TokenTableModel::Column::LastUsed)).data().toString(),
            QStringLiteral("never"));
        const int soon = rowOf(page, QStringLiteral("release-bot"));
        QVERIFY(page->view()
                    ->model()
                    ->index(soon, int(models::TokenTableModel::Column::Expires))
                    .data(Qt::BackgroundRole)
                    .isValid());
        QVERIFY(page->statusLabel()->text().contains(QStringLiteral("token")));
        // Filter as you type.
        QTest::keyClicks(page->filterEdit(), QStringLiteral("release"));
        QCOMPARE(page->view()->model()->rowCount(), 1);
        // The field's clear button (set up with the first text) empties it and shows every row.
        QVERIFY(page->filterEdit()->isClearButtonEnabled());
        auto *clearButton = page->filterEdit()->findChild<QToolButton *>();
        QVERIFY(clearButton && clearButton->isVisible());
        clearButton->click();
        QVERIFY(page->filterEdit()->text().isEmpty());
        QVERIFY(page->view()->model()->rowCount() > 1);

        // Live validation keeps Create disabled for a bad name.
        page->startCreate();
        ui::CreateTokenDialog *dialog = page->createDialog();
        QVERIFY(dialog);
        auto *nameEdit = dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
        auto *create = dialog->findChild<QPushButton *>(QStringLiteral("createButton"));
        QTest::keyClicks(nameEdit, QStringLiteral("Bad_Name"));
        QVERIFY(!create->isEnabled());
        // "Never" warns.
        auto *expiry = dialog->findChild<QComboBox *>(QStringLiteral("expiryCombo"));
        expiry->setCurrentIndex(ui::CreateTokenDialog::Never);
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("expiryHint"))->text().contains(QStringLiteral("never")));
        expiry->setCurrentIndex(ui::CreateTokenDialog::SevenDays);
        // Name taken: the server refuses, the dialog stays open and says why.
        nameEdit->clear();
        QTest::keyClicks(nameEdit, QStringLiteral("demo-ci"));
        QVERIFY(create->isEnabled());
        create->click();
        auto *error = dialog->findChild<QLabel *>(QStringLiteral("errorLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 10000);
        QVERIFY(!error->text().isEmpty());
        QVERIFY(dialog->isVisible());
        grabFor(dialog, QStringLiteral("create-token-name-taken"));
        dialog->reject();

        // Create: the one-time secret, copied, and the clipboard cleared again.
        ui::OneTimeSecretDialog::setClipboardClearDelayMs(300);
        ui::OneTimeSecretDialog *secret = createToken(w, QStringLiteral("gui-test-token"));
        QVERIFY(secret);
        const QString jwt = secret->findChild<QLineEdit *>(QStringLiteral("secretEdit"))->text();
        QVERIFY(jwt.startsWith(QStringLiteral("ey")));
        secret->findChild<QPushButton *>(QStringLiteral("copyButton"))->click();
        grabFor(secret, QStringLiteral("one-time-secret"));
        QCOMPARE(QApplication::clipboard()->text(), jwt);
        QTRY_VERIFY_WITH_TIMEOUT(QApplication::clipboard()->text() != jwt, 5000);
        secret->reject(); // copied: closes without asking
        QCOMPARE(ui::MessageBoxes::askedCount(), 0);
        QTRY_VERIFY(rowOf(page, QStringLiteral("gui-test-token")) >= 0);

        // Closing before copying asks; Cancel keeps the dialog, Close closes it.
        secret = createToken(w, QStringLiteral("gui-uncopied"));
        QVERIFY(secret);
        ui::MessageBoxes::setNextAnswer(QMessageBox::Cancel);
        secret->reject();
        QVERIFY(secret->isVisible());
        ui::MessageBoxes::setNextAnswer(QMessageBox::Close);
        secret->reject();
        QTRY_VERIFY(!secretDialog(&w) || !secretDialog(&w)->isVisible());
        QCOMPARE(ui::MessageBoxes::askedCount(), 2);

        // Revoke two, confirming with each token's last use.
        page->view()->clearSelection();
        QVERIFY(selectRow(page, QStringLiteral("gui-test-token")));
        const int second = rowOf(page, QStringLiteral("never-used"));
        page->view()->selectionModel()->select(
            page->view()->model()->index(second, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QVERIFY(page->revokeAction()->isEnabled());
        ui::MessageBoxes::setNextAnswer(QMessageBox::Yes);
        QSignalSpy revoked(page->tokens(), &models::TokensController::revokeFinished);
        page->revokeAction()->trigger();
        QVERIFY(ui::MessageBoxes::lastText().contains(QStringLiteral("never used")));
        QVERIFY(revoked.wait(10000));
        QCOMPARE(revoked.first().at(0).toInt(), 2);
        QTRY_COMPARE(rowOf(page, QStringLiteral("gui-test-token")), -1); // active filter hides it now

        // Every write is in the journal and in the activity panel; no secret anywhere.
        const auto entries = app.session->journal().latest(20).value();
        QStringList actions;
        for (const auto &e : entries) {
            actions << e.action;
            QVERIFY(!e.target.contains(jwt));
            QVERIFY(!e.errorMessage.contains(QStringLiteral("eyJ")));
        }
        QVERIFY(actions.contains(QStringLiteral("token.create")));
        QVERIFY(actions.contains(QStringLiteral("token.revoke")));
        QVERIFY(w.activityModel()->rowCount() >= 4);
        QCOMPARE(w.activityModel()->index(0, int(models::ActivityTableModel::Column::Action)).data().toString(),
            QStringLiteral("token.revoke"));
        grabFor(&w, QStringLiteral("main-window-after-token-actions"));
        ui::OneTimeSecretDialog::setClipboardClearDelayMs(60000);
    }

    void actionsFollowPermissions()
    {
        GuiApp app;
        QVERIFY(app.connect(
            m_sandbox, userToken(m_sandbox, QStringLiteral("vera.viewer@acme.example")), QStringLiteral("acme")));
        MainWindow w(*app.session);
        w.show();
        w.showPage(MainWindow::Page::Tokens);
        ui::TokensPage *page = w.tokensPage();
        const Permission expected = app.session->permission(AdminAction::CreateToken);
        QVERIFY(!expected.allowed);
        QTRY_VERIFY(!page->createAction()->isEnabled());
        QVERIFY(page->createAction()->toolTip().contains(expected.reason));
        // The listing itself is refused: the page says why instead of showing an error.
        QTRY_COMPARE(page->statusLabel()->text(), app.session->permission(AdminAction::ListTokens).reason);

        // A PERMISSION_DENIED that still happens reads the same as the tooltip.
        QSignalSpy finished(page->tokens(), &models::PageController::actionFinished);
        api::NewApiToken token;
        token.name = QStringLiteral("viewer-try");
        page->tokens()->create(token);
        QVERIFY(finished.wait(10000));
        const auto error = finished.first().at(1).value<api::ApiError>();
        QCOMPARE(error.kind(), api::ApiError::Kind::PermissionDenied);
        QCOMPARE(finished.first().at(2).toString(), expected.reason);
        const auto last = app.session->journal().latest(1).value().constFirst();
        QCOMPARE(last.action, QStringLiteral("token.create"));
        QCOMPARE(last.outcome, storage::ActivityEntry::Outcome::Failed);
    }

    // Last: stops the sandbox.
    void serverGoneMidAction()
    {
        GuiApp app;
        QVERIFY(app.connect(
            m_sandbox, userToken(m_sandbox, QStringLiteral("olivia.owner@acme.example")), QStringLiteral("acme")));
        MainWindow w(*app.session);
        w.show();
        w.showPage(MainWindow::Page::Tokens);
        ui::TokensPage *page = w.tokensPage();
        QVERIFY(waitSettled(page));
        const int rows = page->view()->model()->rowCount();
        QVERIFY(rows > 0);

        // The create is in flight when the server goes away.
        QVERIFY(m_sandbox.setFaults(QJsonObject { { QStringLiteral("faults"),
            QJsonArray { QStringLiteral("latency=1500ms,method=APITokenService/Create") } } }));
        page->startCreate();
        ui::CreateTokenDialog *dialog = page->createDialog();
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit")), QStringLiteral("never-made"));
        dialog->findChild<QPushButton *>(QStringLiteral("createButton"))->click();
        QTest::qWait(300);
        m_sandbox.stop();
        auto *error = dialog->findChild<QLabel *>(QStringLiteral("errorLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 20000);
        dialog->reject();

        // Offline: the cached rows stay, read-only, and the status says so.
        w.findChild<QAction *>(QStringLiteral("refreshAction"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(app.session->state(), models::Session::State::Offline, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!page->controller()->isBusy(), 20000);
        QCOMPARE(page->view()->model()->rowCount(), rows);
        QVERIFY2(
            page->statusLabel()->text().contains(QStringLiteral("offline")), qPrintable(page->statusLabel()->text()));
        QTRY_VERIFY(!page->createAction()->isEnabled());
        QVERIFY(page->createAction()->toolTip().contains(QStringLiteral("read-only")));
        const auto last = app.session->journal().latest(1).value().constFirst();
        QCOMPARE(last.action, QStringLiteral("token.create"));
        QCOMPARE(last.outcome, storage::ActivityEntry::Outcome::Failed);

        // A new window while the server is still gone: the cached rows appear at once, with their age.
        MainWindow again(*app.session);
        again.show();
        again.showPage(MainWindow::Page::Tokens);
        QCOMPARE(again.tokensPage()->view()->model()->rowCount(), rows);
        QVERIFY2(again.tokensPage()->statusLabel()->text().contains(QStringLiteral("cached")),
            qPrintable(again.tokensPage()->statusLabel()->text()));
        QTRY_VERIFY_WITH_TIMEOUT(!again.tokensPage()->controller()->isBusy(), 20000);
        QCOMPARE(again.tokensPage()->view()->model()->rowCount(), rows);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
