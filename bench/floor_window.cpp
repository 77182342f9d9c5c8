// SPDX-License-Identifier: Apache-2.0
// floor_window: the second reference of bench_startup. The widgets chainloop-admin shows at
// start-up (menu bar, toolbar with two pickers, sidebar, the Members page with 10,000 rows, the
// activity dock, status bar), built from plain Qt classes with the rows generated in memory: no
// database, keychain, network or protobuf, nothing linked but Qt Widgets and the app's start-up
// warm-up (src/app/StartupWarmup.h: fonts, image plugins and the session bus on pool threads).
// What is left between it and bare_window is the cost of putting this window on screen at all;
// what is left between the app and it is the app's own.
//
// Prints the app's probe line (src/app/StartupProbe.h) at the first paint of the table:
//
//   startup-probe painted-ns=<CLOCK_MONOTONIC ns> rows=<rows> cached=1 vmhwm-kb=<peak RSS>
#include "BenchSupport.h"
#include "app/StartupWarmup.h"
#include "core/StartupTrace.h"

#include <QAbstractTableModel>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenuBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <chrono>
#include <cstdio>

namespace {

// The columns and texts of the app's members table, made up from the row number when asked
// for: no storage at all, so the floor holds no cost of the app's data.
class MemberRows : public QAbstractTableModel
{
public:
    explicit MemberRows(int count)
        : m_count(count)
    { }
    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : m_count; }
    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : 4; }
    QVariant data(const QModelIndex &index, int role) const override
    {
        static const char *roles[] = { "Member", "Contributor", "Admin", "Viewer" };
        if (role != Qt::DisplayRole || !index.isValid())
            return {};
        const int n = index.row() + 1;
        switch (index.column()) {
        case 0: return QStringLiteral("Bench User %1").arg(n, 6, 10, QLatin1Char('0'));
        case 1: return QStringLiteral("user-%1@bench.example").arg(n, 6, 10, QLatin1Char('0'));
        case 2: return QString::fromLatin1(roles[index.row() % 4]);
        default: return QStringLiteral("%1 minutes ago").arg(n);
        }
    }
    QVariant headerData(int section, Qt::Orientation o, int role) const override
    {
        static const char *titles[] = { "Name", "E-mail", "Role", "Joined" };
        if (o == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < 4)
            return QString::fromLatin1(titles[section]);
        return QAbstractTableModel::headerData(section, o, role);
    }

private:
    int m_count;
};

class FirstPaint : public QObject
{
public:
    FirstPaint(int rows, QObject *parent)
        : QObject(parent)
        , m_rows(rows)
    { }
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() != QEvent::Paint || m_fired)
            return false;
        m_fired = true;
        adm::startup::mark("rows-paint");
        QTimer::singleShot(0, this, [rows = m_rows] {
            const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                std::chrono::steady_clock::now().time_since_epoch())
                                .count();
            std::printf("startup-probe painted-ns=%lld rows=%d cached=1 vmhwm-kb=%ld\n", static_cast<long long>(ns),
                rows, adm::bench::statusKb("VmHWM:"));
            std::fflush(stdout);
            QApplication::quit();
        });
        return false;
    }

private:
    int m_rows;
    bool m_fired = false;
};

QWidget *membersPage(QAbstractItemModel *model, QWidget *parent, QTableView **tableOut)
{
    auto *page = new QWidget(parent);
    auto *layout = new QVBoxLayout(page);
    auto *header = new QHBoxLayout;
    auto *title = new QLabel(QStringLiteral("Members"), page);
    QFont bold = title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.3);
    title->setFont(bold);
    header->addWidget(title);
    for (const char *text : { "Change Role…", "Remove…" }) {
        auto *button = new QPushButton(QString::fromUtf8(text), page);
        button->setFlat(true);
        button->setEnabled(false);
        header->addWidget(button);
    }
    header->addStretch(1);
    auto *roles = new QComboBox(page);
    roles->addItems({ QStringLiteral("Any role"), QStringLiteral("Admin"), QStringLiteral("Contributor"),
        QStringLiteral("Member"), QStringLiteral("Viewer") });
    header->addWidget(roles);
    auto *filter = new QLineEdit(page);
    filter->setPlaceholderText(QStringLiteral("Name or e-mail (Ctrl+F)"));
    header->addWidget(filter);
    layout->addLayout(header);
    auto *table = new QTableView(page);
    table->setModel(model);
    table->setAlternatingRowColors(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->resizeSection(0, 145);
    table->horizontalHeader()->resizeSection(1, 250);
    table->horizontalHeader()->resizeSection(2, 145);
    layout->addWidget(table, 1);
    layout->addWidget(new QLabel(QStringLiteral("%1 members shown · cached just now · offline, read-only: The server "
                                                "is unreachable: the connection was refused.")
                                     .arg(model->rowCount()),
        page));
    *tableOut = table;
    return page;
}

} // namespace

int main(int argc, char *argv[])
{
    adm::startup::mark("main");
    adm::app::warmUpBeforeApplication();
    QApplication app(argc, argv);
    adm::startup::mark("application");
    adm::app::warmUpInBackground();
    constexpr int rowCount = 10000;

    QMainWindow window;
    window.setWindowTitle(QStringLiteral("floor_window"));
    window.resize(1280, 800);

    auto *menus = window.menuBar();
    for (const char *title : { "&File", "&Edit", "&View", "&Actions", "&Help" })
        menus->addMenu(QString::fromUtf8(title))->addAction(QStringLiteral("&Item"));

    auto *tools = window.addToolBar(QStringLiteral("Main Toolbar"));
    tools->setMovable(false);
    tools->addWidget(new QLabel(QStringLiteral(" Profile: ")));
    auto *profile = new QComboBox;
    profile->addItem(QStringLiteral("bench (expires in 23 hours)"));
    profile->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    profile->setMinimumContentsLength(20);
    tools->addWidget(profile);
    tools->addWidget(new QLabel(QStringLiteral("  Organization: ")));
    auto *org = new QComboBox;
    QStringList orgs;
    for (int i = 1; i <= 1000; ++i)
        orgs << QStringLiteral("bench-org-%1").arg(i, 4, 10, QLatin1Char('0'));
    org->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    org->setMinimumContentsLength(20);
    org->addItems(orgs);
    adm::startup::mark("toolbar");
    tools->addWidget(org);
    tools->addSeparator();
    tools->addAction(QStringLiteral("Refresh"));

    auto *central = new QWidget;
    auto *centralLayout = new QHBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    auto *splitter = new QSplitter(Qt::Horizontal, central);
    auto *sidebar = new QTreeWidget(splitter);
    sidebar->setHeaderHidden(true);
    sidebar->setRootIsDecorated(false);
    sidebar->setIndentation(12);
    sidebar->setMinimumWidth(180);
    QFont boldFont = sidebar->font();
    boldFont.setBold(true);
    auto *instance = new QTreeWidgetItem(sidebar, { QStringLiteral("Instance") });
    instance->setFont(0, boldFont);
    for (const char *t : { "Instance tokens", "Organizations" })
        new QTreeWidgetItem(instance, { QString::fromUtf8(t) });
    auto *orgItem = new QTreeWidgetItem(sidebar, { QStringLiteral("Organization: bench-org-0001") });
    orgItem->setFont(0, boldFont);
    for (const char *t : { "Members", "Invitations", "API tokens", "CAS backends", "Settings" })
        new QTreeWidgetItem(orgItem, { QString::fromUtf8(t) });
    sidebar->expandAll();
    sidebar->setCurrentItem(orgItem->child(0));
    auto *pages = new QStackedWidget(splitter);
    adm::startup::mark("sidebar");
    MemberRows rows(rowCount);
    QTableView *table = nullptr;
    pages->addWidget(membersPage(&rows, pages, &table));
    splitter->setStretchFactor(1, 1);
    centralLayout->addWidget(splitter);
    window.setCentralWidget(central);
    adm::startup::mark("page");

    auto *dock = new QDockWidget(QStringLiteral("Activity"), &window);
    auto *activity = new QTableView(dock);
    QStandardItemModel journal(0, 6);
    journal.setHorizontalHeaderLabels({ QStringLiteral("Time"), QStringLiteral("Profile"),
        QStringLiteral("Organization"), QStringLiteral("Action"), QStringLiteral("Target"), QStringLiteral("Result") });
    activity->setModel(&journal);
    activity->verticalHeader()->hide();
    activity->horizontalHeader()->setStretchLastSection(true);
    dock->setWidget(activity);
    window.addDockWidget(Qt::BottomDockWidgetArea, dock);
    window.resizeDocks({ dock }, { 170 }, Qt::Vertical);

    window.statusBar()->addWidget(
        new QLabel(QStringLiteral("bench is offline: The server is unreachable: the connection was refused.")), 1);

    FirstPaint probe(rowCount, &app);
    table->viewport()->installEventFilter(&probe);
    adm::startup::mark("window");
    window.show();
    adm::startup::mark("show");
    return QApplication::exec();
}
