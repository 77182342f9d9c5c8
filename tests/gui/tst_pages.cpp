// SPDX-License-Identifier: Apache-2.0
// The organization-level pages against the sandbox: organizations (create with live name
// check, name taken, reserved names, delete by typing the name, leave), members (change role
// with the current role preselected, remove), invitations (many at once with a result per
// address, revoke, onboarding message), settings (only changed fields sent), instance tokens,
// CAS backends, and export.
#include "MainWindowTestSupport.h"
#include "models/InstanceTokensController.h"
#include "models/InvitationsController.h"
#include "models/MemberTableModel.h"
#include "models/MembersController.h"
#include "models/OrganizationsController.h"
#include "ui/MainWindow.h"
#include "ui/MessageBoxes.h"
#include "ui/dialogs/ChangeRoleDialog.h"
#include "ui/dialogs/CreateOrganizationDialog.h"
#include "ui/dialogs/DeleteOrganizationDialog.h"
#include "ui/dialogs/InviteMembersDialog.h"
#include "ui/pages/CasBackendsPage.h"
#include "ui/pages/InstanceTokensPage.h"
#include "ui/pages/InvitationsPage.h"
#include "ui/pages/MembersPage.h"
#include "ui/pages/OrgSettingsPage.h"
#include "ui/pages/OrganizationsPage.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>

using namespace adm;
using namespace adm::test;
using ui::MainWindow;

class TestPages : public QObject
{
    Q_OBJECT

private:
    SandboxProcess m_sandbox;

    QByteArray olivia() { return userToken(m_sandbox, QStringLiteral("olivia.owner@acme.example")); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        models::EnglishPlurals::install();
        QApplication::setApplicationName(QStringLiteral("tst_pages"));
        QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    }

    void init() { ui::MessageBoxes::clearAnswers(); }

    void organizationsCreateDeleteLeave()
    {
        GuiApp app;
        QVERIFY(app.connect(m_sandbox, olivia(), QStringLiteral("acme")));
        MainWindow w(*app.session);
        w.show();
        w.showPage(MainWindow::Page::Organizations);
        ui::OrganizationsPage *page = w.organizationsPage();
        QVERIFY(waitSettled(page));
        QVERIFY(rowOf(page, QStringLiteral("acme")) >= 0);
        QVERIFY(rowOf(page, QStringLiteral("globex")) >= 0);

        page->startCreate();
        ui::CreateOrganizationDialog *dialog = page->createDialog();
        QVERIFY(dialog);
        auto *create = dialog->findChild<QPushButton *>(QStringLiteral("createButton"));
        QTest::keyClicks(dialog->nameEdit(), QStringLiteral("admin"));
        QVERIFY(!create->isEnabled()); // reserved
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("nameHint"))->text().contains(QStringLiteral("reserved")));
        dialog->nameEdit()->clear();
        QTest::keyClicks(dialog->nameEdit(), QStringLiteral("acme"));
        create->click();
        auto *error = dialog->findChild<QLabel *>(QStringLiteral("errorLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 10000);
        QVERIFY2(error->text().contains(QStringLiteral("taken")), qPrintable(error->text()));
        dialog->nameEdit()->clear();
        QTest::keyClicks(dialog->nameEdit(), QStringLiteral("gui-new-org"));
        create->click();
        QTRY_VERIFY_WITH_TIMEOUT(!page->createDialog(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(page, QStringLiteral("gui-new-org")) >= 0, 10000);

        // Delete: owners only, by typing the name.
        QVERIFY(selectRow(page, QStringLiteral("gui-new-org")));
        QTRY_VERIFY(page->deleteAction()->isEnabled());
        page->deleteAction()->trigger();
        auto *del = page->findChild<ui::DeleteOrganizationDialog *>(QStringLiteral("deleteOrganizationDialog"));
        QVERIFY(del);
        auto *deleteButton = del->findChild<QPushButton *>(QStringLiteral("deleteButton"));
        QTest::keyClicks(del->confirmEdit(), QStringLiteral("gui-new-or"));
        QVERIFY(!deleteButton->isEnabled());
        QTest::keyClicks(del->confirmEdit(), QStringLiteral("g"));
        QVERIFY(deleteButton->isEnabled());
        grabFor(del, QStringLiteral("delete-organization"));
        deleteButton->click();
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(page, QStringLiteral("gui-new-org")) < 0, 10000);

        // Not an owner of globex: delete is disabled and says why; leaving works.
        QVERIFY(selectRow(page, QStringLiteral("globex")));
        QTRY_VERIFY(!page->deleteAction()->isEnabled());
        QVERIFY(page->deleteAction()->toolTip().contains(QStringLiteral("owners")));
        ui::MessageBoxes::setNextAnswer(QMessageBox::Yes);
        page->leaveAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(page, QStringLiteral("globex")) < 0, 10000);

        QStringList actions;
        for (const auto &e : app.session->journal().latest(10).value())
            actions << e.action;
        QVERIFY(actions.contains(QStringLiteral("org.create")));
        QVERIFY(actions.contains(QStringLiteral("org.delete")));
        QVERIFY(actions.contains(QStringLiteral("org.leave")));
    }

    void restrictedOrganizationCreation()
    {
        SandboxProcess::Options options;
        options.extraArguments = { QStringLiteral("--restrict-org-creation") };
        SandboxProcess restricted(options);
        QVERIFY2(restricted.start(), qPrintable(restricted.errorString()));

        // An ordinary user: the action is disabled and says why.
        GuiApp user;
        QVERIFY(user.connect(
            restricted, userToken(restricted, QStringLiteral("olivia.owner@acme.example")), QStringLiteral("acme")));
        QTRY_VERIFY(user.session->serverInfo() && user.session->serverInfo()->restrictedOrgCreation);
        MainWindow w(*user.session);
        w.show();
        w.showPage(MainWindow::Page::Organizations);
        QTRY_VERIFY(!w.organizationsPage()->createAction()->isEnabled());
        QVERIFY(w.organizationsPage()->createAction()->toolTip().contains(QStringLiteral("restricts")));

        // The instance admin may create, and the dialog shows the instance's notice.
        GuiApp admin;
        const QByteArray ada
            = restricted.seededTokens().value(QStringLiteral("instance_admin_user_token")).toString().toUtf8();
        QVERIFY(admin.connect(restricted, ada, QStringLiteral("initech")));
        QTRY_VERIFY(admin.session->serverInfo() && admin.session->serverInfo()->restrictedOrgCreation);
        MainWindow aw(*admin.session);
        aw.show();
        aw.showPage(MainWindow::Page::Organizations);
        QTRY_VERIFY(aw.organizationsPage()->createAction()->isEnabled());
        aw.organizationsPage()->startCreate();
        QVERIFY(aw.organizationsPage()->createDialog());
        QVERIFY(aw.organizationsPage()->createDialog()->findChild<QLabel *>(QStringLiteral("restrictedNotice")));
        grabFor(aw.organizationsPage()->createDialog(), QStringLiteral("create-organization-restricted"));
    }

    void soleOwnerCannotLeave()
    {
        GuiApp app;
        QVERIFY(app.connect(
            m_sandbox, userToken(m_sandbox, QStringLiteral("gina.owner@globex.example")), QStringLiteral("globex")));
        MainWindow w(*app.session);
        w.show();
        w.showPage(MainWindow::Page::Organizations);
        ui::OrganizationsPage *page = w.organizationsPage();
        QVERIFY(waitSettled(page));
        QVERIFY(selectRow(page, QStringLiteral("globex")));
        QTRY_VERIFY(page->leaveAction()->isEnabled());
        ui::MessageBoxes::setNextAnswer(QMessageBox::Yes);
        QSignalSpy finished(page->organizations(), &models::PageController::actionFinished);
        page->leaveAction()->trigger();
        QVERIFY(ui::MessageBoxes::lastText().contains(QStringLiteral("only owner")));
        QVERIFY(finished.wait(10000));
        QVERIFY(finished.first().at(1).value<api::ApiError>().isError());
        QVERIFY(finished.first().at(2).toString().contains(QStringLiteral("only owner")));
    }

    void membersChangeRoleAndRemove()
    {
        GuiApp app;
        QVERIFY(app.connect(m_sandbox, olivia(), QStringLiteral("acme")));
        MainWindow w(*app.session);
        w.show();
        w.showPage(MainWindow::Page::Members);
        ui::MembersPage *page = w.membersPage();
        QVERIFY(waitSettled(page));
        QVERIFY(page->view()->model()->rowCount() >= 5);
        QVERIFY2(page->statusLabel()->text().contains(QStringLiteral("of")), qPrintable(page->statusLabel()->text()));

        // Server-side filter: e-mail text and role together.
        QTest::keyClicks(page->filterEdit(), QStringLiteral("mike"));
        QTRY_COMPARE_WITH_TIMEOUT(page->view()->model()->rowCount(), 1, 5000);
        page->roleFilterCombo()->setCurrentIndex(page->roleFilterCombo()->findData(int(Role::Viewer)));
        QTRY_COMPARE_WITH_TIMEOUT(page->view()->model()->rowCount(), 0, 5000);
        page->roleFilterCombo()->setCurrentIndex(0);
        QTRY_COMPARE_WITH_TIMEOUT(page->view()->model()->rowCount(), 1, 5000);

        // Change role: the current role is preselected.
        QVERIFY(selectRow(page, QStringLiteral("mike.member@acme.example"), 1));
        QTRY_VERIFY(page->changeRoleAction()->isEnabled());
        page->changeRoleAction()->trigger();
        auto *dialog = page->findChild<ui::ChangeRoleDialog *>(QStringLiteral("changeRoleDialog"));
        QVERIFY(dialog);
        QCOMPARE(dialog->selectedRole(), Role::Member);
        grabFor(dialog, QStringLiteral("change-role"));
        QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("okButton"))->isEnabled());
        dialog->roleCombo()->setCurrentIndex(dialog->roleCombo()->findData(int(Role::Viewer)));
        dialog->findChild<QPushButton *>(QStringLiteral("okButton"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(page->members()->model()->at(0).role, Role::Viewer, 10000);

        // Remove, after confirmation.
        page->filterEdit()->clear();
        QTRY_VERIFY_WITH_TIMEOUT(page->view()->model()->rowCount() >= 5, 5000);
        QVERIFY(selectRow(page, QStringLiteral("vera.viewer@acme.example"), 1));
        QTRY_VERIFY(page->removeAction()->isEnabled());
        ui::MessageBoxes::setNextAnswer(QMessageBox::Yes);
        QSignalSpy removed(page->members(), &models::MembersController::removeFinished);
        page->removeAction()->trigger();
        QVERIFY(removed.wait(10000));
        QCOMPARE(removed.first().at(0).toInt(), 1);
        QCOMPARE(rowOf(page, QStringLiteral("vera.viewer@acme.example"), 1), -1);
    }

    void membersPermissionDeniedForContributor()
    {
        GuiApp app;
        QVERIFY(app.connect(
            m_sandbox, userToken(m_sandbox, QStringLiteral("carla.contributor@acme.example")), QStringLiteral("acme")));
        MainWindow w(*app.session);
        w.show();
        w.showPage(MainWindow::Page::Members);
        ui::MembersPage *page = w.membersPage();
        const QString reason = app.session->permission(AdminAction::ListMembers).reason;
        QVERIFY(!reason.isEmpty());
        QTRY_COMPARE(page->statusLabel()->text(), reason);
        QVERIFY(!page->removeAction()->isEnabled());
    }

    void invitationsManyRevokeAndMessage()
    {
        GuiApp app;
        QVERIFY(app.connect(m_sandbox, olivia(), QStringLiteral("acme")));
        MainWindow w(*app.session);
        w.show();
        w.showPage(MainWindow::Page::Invitations);
        ui::InvitationsPage *page = w.invitationsPage();
        QVERIFY(waitSettled(page));
        QVERIFY(rowOf(page, QStringLiteral("zoe@example.com")) >= 0);

        page->startInvite();
        ui::InviteMembersDialog *dialog = page->inviteDialog();
        QVERIFY(dialog);
        auto *send = dialog->findChild<QPushButton *>(QStringLiteral("sendButton"));
        dialog->addressEdit()->setPlainText(
            QStringLiteral("new.one@example.com, not-an-address\nZOE@example.com; second@example.com"));
        QCOMPARE(dialog->validAddresses().size(), 3);
        QCOMPARE(dialog->invalidAddresses(), QStringList { QStringLiteral("not-an-address") });
        QVERIFY(!send->isEnabled()); // no role chosen yet: never a silent default
        dialog->roleCombo()->setCurrentIndex(dialog->roleCombo()->findData(int(Role::Viewer)));
        QVERIFY(send->isEnabled());
        QSignalSpy done(page->invitations(), &models::InvitationsController::invitationsFinished);
        send->click();
        QVERIFY(done.wait(10000));
        QCOMPARE(done.first().at(0).toInt(), 2);
        QCOMPARE(done.first().at(1).toInt(), 1); // zoe has a pending invitation
        QTableWidget *results = dialog->resultTable();
        QCOMPARE(results->rowCount(), 3);
        int failedRows = 0;
        for (int r = 0; r < results->rowCount(); ++r)
            failedRows += results->item(r, 1)->data(Qt::UserRole).toBool() ? 0 : 1;
        QCOMPARE(failedRows, 1);
        grabFor(dialog, QStringLiteral("invite-results"));
        dialog->reject();
        QTRY_VERIFY(rowOf(page, QStringLiteral("new.one@example.com")) >= 0);

        // Revoke a pending one.
        QVERIFY(selectRow(page, QStringLiteral("new.one@example.com")));
        QTRY_VERIFY(page->revokeAction()->isEnabled());
        ui::MessageBoxes::setNextAnswer(QMessageBox::Yes);
        QSignalSpy revoked(page->invitations(), &models::InvitationsController::revokeFinished);
        page->revokeAction()->trigger();
        QVERIFY(revoked.wait(10000));
        QCOMPARE(rowOf(page, QStringLiteral("new.one@example.com")), -1);

        // Accepted invitations cannot be revoked.
        QVERIFY(selectRow(page, QStringLiteral("mike.member@acme.example")));
        QVERIFY(!page->revokeAction()->isEnabled());

        // The onboarding message names the instance, the organization and the role.
        QVERIFY(selectRow(page, QStringLiteral("second@example.com")));
        page->copyMessageAction()->trigger();
        const QString text = QApplication::clipboard()->text();
        QVERIFY(text.contains(m_sandbox.grpcAddress()));
        QVERIFY(text.contains(QStringLiteral("acme")));
        QVERIFY(text.contains(QStringLiteral("viewer")));
        QVERIFY(text.contains(QStringLiteral("second@example.com")));
    }

    void settingsSendOnlyChangedFields()
    {
        GuiApp app;
        QVERIFY(app.connect(m_sandbox, olivia(), QStringLiteral("acme")));
        MainWindow w(*app.session);
        w.show();
        w.showPage(MainWindow::Page::Settings);
        ui::OrgSettingsPage *page = w.settingsPage();
        QTRY_VERIFY_WITH_TIMEOUT(page->maxDaysInactive()->isEnabled(), 10000);
        QVERIFY(!page->saveAction()->isEnabled());
        page->maxDaysInactive()->setValue(30);
        const OrganizationSettings changes = page->changes();
        QCOMPARE(changes.apiTokenMaxDaysInactive, std::optional<int>(30));
        QVERIFY(!changes.blockOnPolicyViolation);
        QVERIFY(!changes.policyAllowedHostnames);
        QVERIFY(page->saveAction()->isEnabled());
        page->saveAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!page->hasChanges(), 10000);
        QTRY_VERIFY(page->statusLabel()->text().contains(QStringLiteral("Saved")));
        QCOMPARE(w.organizationsPage()->organizations()->organization(QStringLiteral("acme"))->apiTokenMaxDaysInactive,
            std::optional<int>(30));
    }

    void instanceTokensAndCasBackends()
    {
        GuiApp app;
        const QByteArray token = m_sandbox.seededTokens().value(QStringLiteral("instance_token")).toString().toUtf8();
        QVERIFY(app.connect(m_sandbox, token, QStringLiteral("acme")));
        MainWindow w(*app.session);
        w.show();
        w.showPage(MainWindow::Page::InstanceTokens);
        ui::InstanceTokensPage *page = w.instanceTokensPage();
        QVERIFY(waitSettled(page));
        QVERIFY(page->tokens()->serverOffersService());
        QVERIFY(rowOf(page, QStringLiteral("provisioning")) >= 0);
        QVERIFY(!page->noticeLabel()->isVisible());

        w.showPage(MainWindow::Page::CasBackends);
        QVERIFY(waitSettled(w.casBackendsPage()));
        QVERIFY(rowOf(w.casBackendsPage(), QStringLiteral("s3-primary")) >= 0);

        // Export all rows and the selection.
        QTemporaryDir dir;
        QVERIFY(w.casBackendsPage()->exportTo(dir.filePath(QStringLiteral("cas.csv")), false));
        QFile csv(dir.filePath(QStringLiteral("cas.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(csv.readAll().startsWith("Name,Provider,Location"));
        QVERIFY(selectRow(w.casBackendsPage(), QStringLiteral("s3-primary")));
        QVERIFY(w.casBackendsPage()->exportTo(dir.filePath(QStringLiteral("cas.json")), true));
        QFile json(dir.filePath(QStringLiteral("cas.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(json.readAll()).array().size(), 1);
        // Copy cell and copy row.
        w.casBackendsPage()->copyCell();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("s3-primary"));
        w.casBackendsPage()->copyRow();
        QVERIFY(QApplication::clipboard()->text().startsWith(QStringLiteral("s3-primary\t")));
    }
};

QTEST_MAIN(TestPages)
#include "tst_pages.moc"
