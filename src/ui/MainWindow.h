// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMainWindow>
#include <QPointer>

#include <memory>

class QAction;
class QLabel;
class QProgressBar;
class QTreeWidgetItem;

namespace Ui {
class MainWindow;
}

namespace adm::models {
class ActivityTableModel;
class Session;
} // namespace adm::models

namespace adm::ui {

class CasBackendsPage;
class InstanceTokensPage;
class InvitationsPage;
class MembersPage;
class BulkOnboardingWindow;
class OnboardWizard;
class OrganizationPicker;
class OrgSettingsPage;
class OrganizationsPage;
class ProfilePicker;
class TablePage;
class TokensPage;

// The main window: sidebar of sections (instance, then the selected organization), one page per
// section, profile and organization pickers, a status bar with the connection state and the
// work in progress, and the activity panel. Geometry and layout are restored on start.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class Page { InstanceTokens, Organizations, Members, Invitations, Tokens, CasBackends, Settings, Count };

    // `session` must outlive the window.
    explicit MainWindow(models::Session &session, QWidget *parent = nullptr);
    ~MainWindow() override;

    void showPage(Page page);
    Page currentPage() const;
    // Pages other than Organizations are built when first needed (shown, or asked for here): at
    // start-up only the page on screen is, which keeps the first paint early.
    QWidget *page(Page page);
    static QString pageKey(Page page); // stable name: "tokens", "members", ... (screenshots, settings)
    // True when the page loaded once and nothing is running for it.
    bool isPageSettled(Page page);

    TokensPage *tokensPage();
    InstanceTokensPage *instanceTokensPage();
    OrganizationsPage *organizationsPage();
    MembersPage *membersPage();
    InvitationsPage *invitationsPage();
    CasBackendsPage *casBackendsPage();
    OrgSettingsPage *settingsPage();
    models::ActivityTableModel *activityModel() const { return m_activity; }
    QLabel *connectionLabel() const { return m_connection; }
    QLabel *workLabel() const { return m_work; }
    // File > Onboard Organization… (Ctrl+Shift+O); disabled with the reason when the identity
    // cannot create organizations.
    QAction *onboardAction() const { return m_onboard; }
    OnboardWizard *onboardWizard() const; // the open wizard, if any
    void startOnboarding();
    // File > Bulk Onboarding from File… (Ctrl+Shift+B): the bulk window, made on first use and
    // kept (a run may go on while it is hidden).
    QAction *bulkOnboardingAction() const { return m_bulkAction; }
    BulkOnboardingWindow *bulkOnboardingWindow();
    void openBulkOnboarding();

Q_SIGNALS:
    void pageShown(adm::ui::MainWindow::Page page);
    void pageCreated(adm::ui::MainWindow::Page page);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void setupPages();
    QWidget *createPage(Page page);
    void setupSidebar();
    void setupToolBar();
    void setupMenus();
    void setupStatusBar();
    void setupActivity();
    void restoreLayout();
    static Page savedPage(); // the page shown when the window was last closed
    void prefetchStartPage();
    void saveLayout() const;
    void onSidebarItemChanged(QTreeWidgetItem *current);
    void onOrganizationChanged();
    void onStateChanged();
    void updateBusy();
    void updateTitle();
    void rebuildActionsMenu();
    void refreshCurrent();
    void updateOnboardAction();
    void setupBulkOnboarding();
    void offerOnboardingResume();
    QList<TablePage *> tablePages() const; // those built so far

    models::Session &m_session;
    std::unique_ptr<Ui::MainWindow> m_ui;
    TokensPage *m_tokens = nullptr;
    InstanceTokensPage *m_instanceTokens = nullptr;
    OrganizationsPage *m_organizations = nullptr;
    MembersPage *m_members = nullptr;
    InvitationsPage *m_invitations = nullptr;
    CasBackendsPage *m_casBackends = nullptr;
    OrgSettingsPage *m_settings = nullptr;
    QList<QWidget *> m_pages; // by Page; null until built
    QList<QTreeWidgetItem *> m_items; // by Page
    QTreeWidgetItem *m_orgSection = nullptr;
    ProfilePicker *m_profilePicker = nullptr;
    OrganizationPicker *m_orgPicker = nullptr;
    models::ActivityTableModel *m_activity = nullptr;
    QLabel *m_connection = nullptr;
    QLabel *m_work = nullptr;
    QProgressBar *m_progress = nullptr;
    QString m_profileKey; // profile the pages were loaded for
    QAction *m_onboard = nullptr;
    QPointer<OnboardWizard> m_onboardWizard;
    QAction *m_bulkAction = nullptr;
    BulkOnboardingWindow *m_bulk = nullptr;
    bool m_closeWhenBulkRunStops = false; // the user chose to quit during a bulk run
    QStringList m_resumeOffered; // profiles offered to resume their interrupted runs this session
};

} // namespace adm::ui
