// SPDX-License-Identifier: Apache-2.0
#include "ui/MainWindow.h"

#include "ui_MainWindow.h"

#include "core/StartupTrace.h"
#include "models/ActivityTableModel.h"
#include "models/OrganizationsController.h"
#include "models/PageController.h"
#include "models/Session.h"
#include "storage/ListingCache.h"
#include "ui/MessageBoxes.h"
#include "ui/connect/ConnectWizard.h"
#include "ui/onboarding/BulkOnboardingWindow.h"
#include "ui/onboarding/OnboardWizard.h"
#include "ui/onboarding/ResumeOnboardingOffer.h"
#include "ui/pages/CasBackendsPage.h"
#include "ui/pages/InstanceTokensPage.h"
#include "ui/pages/InvitationsPage.h"
#include "ui/pages/MembersPage.h"
#include "ui/pages/OrgSettingsPage.h"
#include "ui/pages/OrganizationsPage.h"
#include "ui/pages/TokensPage.h"
#include "ui/session/OrganizationPicker.h"
#include "ui/session/ProfilePicker.h"
#include "ui/session/ProfilesDialog.h"
#include "ui/session/SignInPrompt.h"

#include <QCloseEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QTableView>
#include <QToolBar>

namespace adm::ui {

namespace {
constexpr int PageRole = Qt::UserRole + 1;
}

MainWindow::MainWindow(models::Session &session, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_ui(std::make_unique<Ui::MainWindow>())
{
    prefetchStartPage();
    m_ui->setupUi(this);
    startup::mark("window-form");
    setObjectName(QStringLiteral("mainWindow"));
    setupPages();
    setupSidebar();
    setupToolBar();
    setupMenus();
    setupBulkOnboarding();
    setupStatusBar();
    setupActivity();
    SignInPrompt::attach(session, this);
    startup::mark("window-chrome");

    connect(&session, &models::Session::organizationChanged, this, &MainWindow::onOrganizationChanged);
    connect(&session, &models::Session::stateChanged, this, &MainWindow::onStateChanged);
    connect(&session, &models::Session::contextChanged, this, &MainWindow::updateTitle);

    restoreLayout();
    startup::mark("window-layout");
    onOrganizationChanged();
    onStateChanged();
    // Taken by the page shown (it loads in onOrganizationChanged()), unless it showed other rows.
    m_session.cache().cancelPrefetch();
}

MainWindow::~MainWindow() = default;

QString MainWindow::pageKey(Page page)
{
    switch (page) {
    case Page::InstanceTokens: return QStringLiteral("instance-tokens");
    case Page::Organizations: return QStringLiteral("organizations");
    case Page::Members: return QStringLiteral("members");
    case Page::Invitations: return QStringLiteral("invitations");
    case Page::Tokens: return QStringLiteral("tokens");
    case Page::CasBackends: return QStringLiteral("cas-backends");
    case Page::Settings: return QStringLiteral("settings");
    case Page::Count: break;
    }
    return {};
}

void MainWindow::setupPages()
{
    // Each page is built when first shown or asked for (start-up time, docs/PERFORMANCE.md).
    m_pages = QList<QWidget *>(int(Page::Count), nullptr);
}

QWidget *MainWindow::createPage(Page page)
{
    QWidget *w = nullptr;
    switch (page) {
    case Page::InstanceTokens: w = m_instanceTokens = new InstanceTokensPage(m_session, this); break;
    case Page::Organizations: w = m_organizations = new OrganizationsPage(m_session, this); break;
    case Page::Members: w = m_members = new MembersPage(m_session, this); break;
    case Page::Invitations: w = m_invitations = new InvitationsPage(m_session, this); break;
    case Page::Tokens: w = m_tokens = new TokensPage(m_session, this); break;
    case Page::CasBackends: w = m_casBackends = new CasBackendsPage(m_session, this); break;
    case Page::Settings:
        w = m_settings = new OrgSettingsPage(m_session, organizationsPage()->organizations(), this);
        break;
    case Page::Count: return nullptr;
    }
    m_pages[int(page)] = w;
    m_ui->pageStack->addWidget(w);
    if (auto *p = qobject_cast<TablePage *>(w))
        connect(p->controller(), &models::PageController::busyChanged, this, &MainWindow::updateBusy);
    Q_EMIT pageCreated(page);
    return w;
}

QList<TablePage *> MainWindow::tablePages() const
{
    QList<TablePage *> pages;
    for (TablePage *p : { static_cast<TablePage *>(m_instanceTokens), static_cast<TablePage *>(m_organizations),
             static_cast<TablePage *>(m_members), static_cast<TablePage *>(m_invitations),
             static_cast<TablePage *>(m_tokens), static_cast<TablePage *>(m_casBackends) }) {
        if (p)
            pages.append(p);
    }
    return pages;
}

OrganizationsPage *MainWindow::organizationsPage()
{
    page(Page::Organizations);
    return m_organizations;
}

TokensPage *MainWindow::tokensPage()
{
    page(Page::Tokens);
    return m_tokens;
}

InstanceTokensPage *MainWindow::instanceTokensPage()
{
    page(Page::InstanceTokens);
    return m_instanceTokens;
}

MembersPage *MainWindow::membersPage()
{
    page(Page::Members);
    return m_members;
}

InvitationsPage *MainWindow::invitationsPage()
{
    page(Page::Invitations);
    return m_invitations;
}

CasBackendsPage *MainWindow::casBackendsPage()
{
    page(Page::CasBackends);
    return m_casBackends;
}

OrgSettingsPage *MainWindow::settingsPage()
{
    page(Page::Settings);
    return m_settings;
}

void MainWindow::setupSidebar()
{
    QTreeWidget *tree = m_ui->sidebar;
    auto section = [tree](const QString &text) {
        auto *item = new QTreeWidgetItem(tree, { text });
        item->setFlags(Qt::ItemIsEnabled);
        QFont f = item->font(0);
        f.setBold(true);
        item->setFont(0, f);
        return item;
    };
    QTreeWidgetItem *instance = section(tr("Instance"));
    m_orgSection = section(tr("Organization"));
    m_items.resize(int(Page::Count));
    auto add = [this](QTreeWidgetItem *parent, Page page, const QString &text) {
        auto *item = new QTreeWidgetItem(parent, { text });
        item->setData(0, PageRole, int(page));
        item->setData(0, Qt::AccessibleTextRole, text);
        m_items[int(page)] = item;
    };
    add(instance, Page::InstanceTokens, tr("Instance tokens"));
    add(instance, Page::Organizations, tr("Organizations"));
    add(m_orgSection, Page::Members, tr("Members"));
    add(m_orgSection, Page::Invitations, tr("Invitations"));
    add(m_orgSection, Page::Tokens, tr("API tokens"));
    add(m_orgSection, Page::CasBackends, tr("CAS backends"));
    add(m_orgSection, Page::Settings, tr("Settings"));
    tree->expandAll();
    connect(tree, &QTreeWidget::currentItemChanged, this, &MainWindow::onSidebarItemChanged);
    m_ui->splitter->setStretchFactor(1, 1);
    m_ui->splitter->setSizes({ 200, 1080 });
}

void MainWindow::setupToolBar()
{
    QToolBar *bar = m_ui->mainToolBar;
    m_profilePicker = new ProfilePicker(m_session, this);
    m_profilePicker->setObjectName(QStringLiteral("profilePicker"));
    m_profilePicker->setAccessibleName(tr("Profile"));
    m_profilePicker->setToolTip(tr("The Chainloop instance (profile) to work with"));
    m_profilePicker->setMinimumContentsLength(24);
    m_orgPicker = new OrganizationPicker(m_session, this);
    m_orgPicker->setObjectName(QStringLiteral("organizationPicker"));
    m_orgPicker->setAccessibleName(tr("Organization"));
    m_orgPicker->setToolTip(tr("The organization the organization pages act on"));
    auto *profileLabel = new QLabel(tr(" Profile: "), this);
    profileLabel->setBuddy(m_profilePicker);
    auto *orgLabel = new QLabel(tr("  Organization: "), this);
    orgLabel->setBuddy(m_orgPicker);
    bar->addWidget(profileLabel);
    bar->addWidget(m_profilePicker);
    bar->addWidget(orgLabel);
    bar->addWidget(m_orgPicker);
    bar->addSeparator();
    bar->addAction(m_ui->actionRefresh);
    connect(m_profilePicker, &ProfilePicker::newConnectionRequested, m_ui->actionNewConnection, &QAction::trigger);
    connect(m_profilePicker, &ProfilePicker::manageProfilesRequested, m_ui->actionManageProfiles, &QAction::trigger);
}

void MainWindow::setupMenus()
{
    m_ui->actionRefresh->setObjectName(QStringLiteral("refreshAction"));
    connect(m_ui->actionRefresh, &QAction::triggered, this, &MainWindow::refreshCurrent);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionNewConnection, &QAction::triggered, this,
        [this] { ConnectWizard::openNewConnection(m_session, this); });
    connect(
        m_ui->actionManageProfiles, &QAction::triggered, this, [this] { ProfilesDialog::openFor(m_session, this); });
    // File > Onboard Organization…: create, configure, invite and give storage in one run.
    m_onboard = new QAction(tr("&Onboard Organization…"), this);
    m_onboard->setObjectName(QStringLiteral("onboardOrganizationAction"));
    m_onboard->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_ui->menuFile->insertAction(m_ui->actionQuit, m_onboard); // after the separator above Quit
    m_ui->menuFile->setToolTipsVisible(true);
    addAction(m_onboard); // the shortcut works without opening the menu
    connect(m_onboard, &QAction::triggered, this, &MainWindow::startOnboarding);
    connect(&m_session, &models::Session::stateChanged, this, &MainWindow::updateOnboardAction);
    connect(&m_session, &models::Session::contextChanged, this, &MainWindow::updateOnboardAction);
    updateOnboardAction();
    connect(m_ui->actionFocusFilter, &QAction::triggered, this, [this] {
        if (auto *p = qobject_cast<TablePage *>(m_ui->pageStack->currentWidget())) {
            p->filterEdit()->setFocus(Qt::ShortcutFocusReason);
            p->filterEdit()->selectAll();
        }
    });
    connect(m_ui->actionAbout, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Chainloop Admin"),
            tr("<p><b>Chainloop Admin</b> %1</p><p>Administration of Chainloop instances: tokens, organizations, "
               "members, invitations and CAS backends.</p>"
               "<p>Licensed under the Apache License 2.0. Built with Qt %2.</p>"
               "<p><a href=\"https://chainloop.dev\">chainloop.dev</a> &middot; "
               "<a href=\"https://docs.chainloop.dev\">Chainloop documentation</a></p>")
                .arg(QStringLiteral(ADM_VERSION_STRING), QString::fromLatin1(qVersion())));
    });

    // View: one entry per page, Ctrl+1..7, then the activity panel.
    const QStringList names = { tr("&Instance Tokens"), tr("&Organizations"), tr("&Members"), tr("In&vitations"),
        tr("API &Tokens"), tr("&CAS Backends"), tr("&Settings") };
    for (int i = 0; i < int(Page::Count); ++i) {
        auto *a = m_ui->menuView->addAction(names.at(i));
        a->setObjectName(QStringLiteral("show-%1-action").arg(pageKey(Page(i))));
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(a, &QAction::triggered, this, [this, i] { showPage(Page(i)); });
    }
    m_ui->menuView->addSeparator();
    QAction *toggleActivity = m_ui->activityDock->toggleViewAction();
    toggleActivity->setObjectName(QStringLiteral("toggleActivityAction"));
    toggleActivity->setText(tr("&Activity Panel"));
    toggleActivity->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_ui->menuView->addAction(toggleActivity);
    connect(m_ui->menuActions, &QMenu::aboutToShow, this, &MainWindow::rebuildActionsMenu);
    rebuildActionsMenu();
}

OnboardWizard *MainWindow::onboardWizard() const
{
    return m_onboardWizard;
}

void MainWindow::updateOnboardAction()
{
    const bool ready = m_session.state() == models::Session::State::Ready;
    const Permission p = m_session.permission(AdminAction::CreateOrganization);
    const QString why = !ready ? tr("Connect to a control plane first.") : p.reason;
    m_onboard->setEnabled(ready && p.allowed);
    const QString tip = why.isEmpty()
        ? tr("Create an organization with its settings, invitations and storage in one guided run")
        : tr("Unavailable: %1").arg(why);
    m_onboard->setToolTip(tip);
    m_onboard->setStatusTip(tip);
}

void MainWindow::startOnboarding()
{
    if (!m_onboard->isEnabled())
        return;
    if (m_onboardWizard) {
        m_onboardWizard->raise();
        m_onboardWizard->activateWindow();
        return;
    }
    m_onboardWizard = OnboardWizard::openFor(m_session, this);
    connect(m_onboardWizard, &OnboardWizard::organizationOnboarded, this, [this](const QString &) {
        // The controller already asked the session for its organizations; the page's table too
        // (one not built yet loads when shown).
        if (m_organizations)
            m_organizations->refresh();
    });
}

void MainWindow::rebuildActionsMenu()
{
    // The page's own actions plus copy/export; their shortcuts work while the page has focus.
    QMenu *menu = m_ui->menuActions;
    menu->clear();
    QWidget *current = m_ui->pageStack->currentWidget();
    if (auto *p = qobject_cast<TablePage *>(current)) {
        menu->addActions(p->pageActions());
        menu->addSeparator();
        menu->addActions(p->tableActions());
    } else if (current && current == m_settings) {
        menu->addActions(m_settings->pageActions());
    }
}

void MainWindow::setupStatusBar()
{
    m_connection = new QLabel(this);
    m_connection->setObjectName(QStringLiteral("connectionLabel"));
    m_connection->setAccessibleName(tr("Connection state"));
    m_work = new QLabel(this);
    m_work->setObjectName(QStringLiteral("workLabel"));
    m_work->setAccessibleName(tr("Work in progress"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("workProgress"));
    m_progress->setAccessibleName(tr("Work in progress"));
    m_progress->setRange(0, 0); // busy indicator
    m_progress->setMaximumWidth(120);
    m_progress->setMaximumHeight(14);
    m_progress->hide();
    statusBar()->addWidget(m_connection, 1);
    statusBar()->addPermanentWidget(m_work);
    statusBar()->addPermanentWidget(m_progress);
}

void MainWindow::setupActivity()
{
    m_activity = new models::ActivityTableModel(this);
    m_activity->setJournal(&m_session.journal());
    QTableView *view = m_ui->activityView;
    view->setModel(m_activity);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->resizeSection(int(models::ActivityTableModel::Column::Time), 140);
    view->horizontalHeader()->resizeSection(int(models::ActivityTableModel::Column::Action), 140);
    view->horizontalHeader()->resizeSection(int(models::ActivityTableModel::Column::Target), 240);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_ui->activityDock->setObjectName(QStringLiteral("activityDock"));
    resizeDocks({ m_ui->activityDock }, { 170 }, Qt::Vertical);
}

void MainWindow::showPage(Page page)
{
    if (page == Page::Count)
        return;
    QTreeWidgetItem *item = m_items.value(int(page));
    if (item && m_ui->sidebar->currentItem() != item)
        m_ui->sidebar->setCurrentItem(item); // comes back through onSidebarItemChanged
    else
        onSidebarItemChanged(item);
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(m_pages.indexOf(m_ui->pageStack->currentWidget()));
}

QWidget *MainWindow::page(Page page)
{
    if (page == Page::Count)
        return nullptr;
    if (QWidget *w = m_pages.at(int(page)))
        return w;
    return createPage(page);
}

bool MainWindow::isPageSettled(Page page)
{
    if (auto *p = qobject_cast<TablePage *>(this->page(page)))
        return p->isLoaded() && !p->controller()->isBusy();
    return !organizationsPage()->controller()->isBusy();
}

void MainWindow::onSidebarItemChanged(QTreeWidgetItem *current)
{
    if (!current || !current->data(0, PageRole).isValid())
        return;
    const auto page = Page(current->data(0, PageRole).toInt());
    QWidget *w = this->page(page);
    m_ui->pageStack->setCurrentWidget(w);
    if (auto *p = qobject_cast<TablePage *>(w))
        p->activate();
    else if (w == m_settings)
        m_settings->activate();
    rebuildActionsMenu();
    Q_EMIT pageShown(page);
}

void MainWindow::refreshCurrent()
{
    // Reconnect first: it renews the channel, and the page's listing should use the new one.
    if (m_session.state() == models::Session::State::Offline)
        m_session.reconnect();
    QWidget *w = m_ui->pageStack->currentWidget();
    if (auto *p = qobject_cast<TablePage *>(w))
        p->refresh();
    else if (w == m_settings)
        organizationsPage()->organizations()->refresh();
}

void MainWindow::onOrganizationChanged()
{
    const QString org = m_session.organization();
    m_orgSection->setText(0, org.isEmpty() ? tr("Organization (none selected)") : tr("Organization: %1").arg(org));
    for (TablePage *p : tablePages()) {
        if (p != m_instanceTokens && p != m_organizations)
            p->invalidate();
    }
    if (m_settings)
        m_settings->invalidate();
    updateTitle();
    // Reload what is visible now; the other pages load when shown.
    onSidebarItemChanged(m_ui->sidebar->currentItem());
}

void MainWindow::onStateChanged()
{
    using State = models::Session::State;
    const State state = m_session.state();
    m_connection->setText(m_session.stateMessage());
    const QString key = m_session.profile().id.toString() + m_session.profile().name;
    if (state == State::Ready && key != m_profileKey) {
        // Another profile (or the first one): every page loads again for it.
        m_profileKey = key;
        for (TablePage *p : tablePages())
            p->invalidate();
        if (m_settings)
            m_settings->invalidate();
        onSidebarItemChanged(m_ui->sidebar->currentItem());
    }
    if (state == State::Ready)
        offerOnboardingResume();
    updateTitle();
}

void MainWindow::updateBusy()
{
    QStringList running;
    for (TablePage *p : tablePages()) {
        if (p->controller()->isBusy())
            running << p->title();
    }
    m_progress->setVisible(!running.isEmpty());
    m_work->setText(running.isEmpty() ? QString() : tr("Working: %1").arg(running.join(QStringLiteral(", "))));
}

void MainWindow::updateTitle()
{
    const QString profile = m_session.profile().name;
    const QString org = m_session.organization();
    QString title = tr("Chainloop Admin");
    if (!profile.isEmpty())
        title += QStringLiteral(" — ") + profile;
    if (!org.isEmpty())
        title += QStringLiteral(" / ") + org;
    setWindowTitle(title);
    m_connection->setText(m_session.stateMessage());
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("MainWindow"));
    restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("state")).toByteArray());
    m_ui->splitter->restoreState(settings.value(QStringLiteral("splitter")).toByteArray());
    const Page page = savedPage();
    const QSignalBlocker blocker(m_ui->sidebar);
    m_ui->sidebar->setCurrentItem(m_items.value(int(page)));
    m_ui->pageStack->setCurrentWidget(this->page(page));
}

MainWindow::Page MainWindow::savedPage()
{
    const QString pageName = QSettings().value(QStringLiteral("MainWindow/page")).toString();
    for (int i = 0; i < int(Page::Count); ++i) {
        if (pageKey(Page(i)) == pageName)
            return Page(i);
    }
    return Page::Organizations;
}

void MainWindow::prefetchStartPage()
{
    // Decoded on another thread while the window is built (start-up, docs/PERFORMANCE.md).
    using storage::ListingKind;
    switch (savedPage()) {
    case Page::InstanceTokens: m_session.prefetchCachedListing(ListingKind::ApiTokens, true); break;
    case Page::Organizations: m_session.prefetchCachedListing(ListingKind::Organizations, true); break;
    case Page::Members: m_session.prefetchCachedListing(ListingKind::Members, false); break;
    case Page::Invitations: m_session.prefetchCachedListing(ListingKind::Invitations, false); break;
    case Page::Tokens: m_session.prefetchCachedListing(ListingKind::ApiTokens, false); break;
    case Page::CasBackends: m_session.prefetchCachedListing(ListingKind::CasBackends, false); break;
    case Page::Settings:
    case Page::Count: break;
    }
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("MainWindow"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    settings.setValue(QStringLiteral("splitter"), m_ui->splitter->saveState());
    settings.setValue(QStringLiteral("page"), pageKey(currentPage()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // A bulk run kept running in the background would die with the app: ask first, and let a
    // stopped run finish cancelling (its journal then says where it stopped) before closing.
    if (m_bulk && m_bulk->isRunning()) {
        event->ignore();
        if (m_closeWhenBulkRunStops)
            return; // already asked; closes when the run has stopped
        const auto answer = MessageBoxes::choose(this, tr("Onboarding Is Running"),
            tr("A bulk onboarding run is still sending calls. Quitting stops it: what is done is kept, and the "
               "run can be resumed the next time the app starts."),
            QMessageBox::Abort | QMessageBox::Cancel, QMessageBox::Cancel,
            { { QMessageBox::Abort, tr("Stop the Run and &Quit") }, { QMessageBox::Cancel, tr("&Keep Running") } });
        if (answer != QMessageBox::Abort)
            return;
        if (m_bulk->isRunning()) {
            m_closeWhenBulkRunStops = true;
            statusBar()->showMessage(tr("Stopping the bulk onboarding run before quitting…"));
            connect(
                m_bulk, &BulkOnboardingWindow::runFinished, this, [this] { close(); }, Qt::SingleShotConnection);
            m_bulk->cancelRun();
            return;
        }
        event->accept(); // it finished while the question was open
    }
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event)
{
    // The system switched between light and dark: the models' colours are translucent, so a
    // repaint of the views is all that is needed.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange) {
        for (TablePage *p : tablePages())
            p->update();
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::setupBulkOnboarding()
{
    m_bulkAction = new QAction(tr("&Bulk Onboarding from File…"), this);
    m_bulkAction->setObjectName(QStringLiteral("bulkOnboardingAction"));
    m_bulkAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    m_bulkAction->setStatusTip(tr("Create many organizations with their invitations and storage from a CSV file"));
    m_ui->menuFile->insertAction(m_ui->actionQuit, m_bulkAction);
    m_ui->menuFile->insertSeparator(m_ui->actionQuit);
    addAction(m_bulkAction); // the shortcut works without opening the menu
    connect(m_bulkAction, &QAction::triggered, this, &MainWindow::openBulkOnboarding);
}

BulkOnboardingWindow *MainWindow::bulkOnboardingWindow()
{
    if (!m_bulk) {
        m_bulk = new BulkOnboardingWindow(m_session, this);
        connect(m_bulk, &BulkOnboardingWindow::runFinished, this, [this](bool allSucceeded, bool cancelled) {
            // The new organizations belong in the list (the controller refreshed the session's).
            if (m_organizations)
                m_organizations->refresh();
            statusBar()->showMessage(cancelled ? tr("Bulk onboarding cancelled; it can be resumed.")
                    : allSucceeded             ? tr("Bulk onboarding finished.")
                                               : tr("Bulk onboarding finished with problems."),
                10000);
        });
    }
    return m_bulk;
}

void MainWindow::openBulkOnboarding()
{
    BulkOnboardingWindow *w = bulkOnboardingWindow();
    w->show();
    w->raise();
    w->activateWindow();
}

void MainWindow::offerOnboardingResume()
{
    // Once per profile and session, after it is connected: one box, not one per run.
    const QString profile = m_session.profile().id.toString();
    if (m_resumeOffered.contains(profile))
        return;
    m_resumeOffered << profile;
    BulkOnboardingWindow *w = bulkOnboardingWindow();
    if (w->isRunning())
        return;
    if (auto *offer = ResumeOnboardingOffer::offer(*w->controller(), this)) {
        connect(offer, &ResumeOnboardingOffer::resumeRequested, this, [this](const QString &runId) {
            openBulkOnboarding();
            m_bulk->resumeRun(runId);
        });
    }
}

} // namespace adm::ui
