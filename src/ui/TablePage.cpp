// SPDX-License-Identifier: Apache-2.0
#include "ui/TablePage.h"

#include "models/ModelRoles.h"
#include "models/PageController.h"
#include "models/Session.h"
#include "models/TableExport.h"
#include "models/TableFilterProxy.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace adm::ui {

TablePage::TablePage(models::Session &session, const QString &objectName, const QString &title, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_title(title)
    , m_proxy(new models::TableFilterProxy(this))
    , m_view(new QTableView(this))
    , m_filter(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_notice(new QLabel(this))
    , m_result(new QLabel(this))
    , m_toolBar(new QToolBar(this))
    , m_filterRow(new QHBoxLayout)
{
    setObjectName(objectName);
    setAccessibleName(title);

    auto *heading = new QLabel(title, this);
    heading->setObjectName(QStringLiteral("pageTitle"));
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.3);
    headingFont.setBold(true);
    heading->setFont(headingFont);

    m_filter->setObjectName(QStringLiteral("filterEdit"));
    m_filter->setPlaceholderText(tr("Filter (Ctrl+F)"));
    m_filter->setAccessibleName(tr("Filter %1").arg(title));
    m_filter->setMaximumWidth(320);
    connect(m_filter, &QLineEdit::textChanged, this, &TablePage::onFilterTextChanged);
    // The clear button shows only over text, and setting it up loads its icon (about 5 ms at
    // start-up, docs/PERFORMANCE.md): done with the first text.
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (!text.isEmpty() && !m_filter->isClearButtonEnabled())
            m_filter->setClearButtonEnabled(true);
    });

    m_toolBar->setObjectName(QStringLiteral("pageToolBar"));
    m_toolBar->setAccessibleName(tr("%1 actions").arg(title));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);

    m_filterRow->addWidget(heading);
    m_filterRow->addSpacing(12);
    m_filterRow->addWidget(m_toolBar, 1);
    m_filterRow->addWidget(m_filter);

    m_notice->setObjectName(QStringLiteral("noticeLabel"));
    m_notice->setAccessibleName(tr("Notice"));
    m_notice->setWordWrap(true);
    m_notice->setTextFormat(Qt::RichText);
    m_notice->setFrameShape(QFrame::StyledPanel);
    m_notice->setMargin(8);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_notice->hide();

    m_result->setObjectName(QStringLiteral("resultLabel"));
    m_result->setAccessibleName(tr("Result of the last action"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->hide();

    m_view->setObjectName(QStringLiteral("tableView"));
    m_view->setAccessibleName(tr("%1 table").arg(title));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSortingEnabled(true);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setDefaultSectionSize(150);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, &TablePage::showContextMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TablePage::updateActions);

    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setAccessibleName(tr("%1 status").arg(title));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_filterRow);
    layout->addWidget(m_notice);
    layout->addWidget(m_result);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);

    auto makeTableAction = [this](const QString &name, const QString &text, const QKeySequence &key) {
        auto *a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
        return a;
    };
    m_copyCell = makeTableAction(QStringLiteral("copyCellAction"), tr("Copy Cell"), QKeySequence::Copy);
    m_copyRow = makeTableAction(
        QStringLiteral("copyRowAction"), tr("Copy Row"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_exportAll = makeTableAction(
        QStringLiteral("exportAllAction"), tr("Export All Rows…"), QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportSelection = makeTableAction(QStringLiteral("exportSelectionAction"), tr("Export Selected Rows…"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(m_copyCell, &QAction::triggered, this, &TablePage::copyCell);
    connect(m_copyRow, &QAction::triggered, this, &TablePage::copyRow);
    connect(m_exportAll, &QAction::triggered, this, [this] { exportRows(false); });
    connect(m_exportSelection, &QAction::triggered, this, [this] { exportRows(true); });

    connect(&session, &models::Session::stateChanged, this, &TablePage::updateActions);
    connect(&session, &models::Session::contextChanged, this, &TablePage::updateActions);
    setFocusProxy(m_view);
}

QList<QAction *> TablePage::tableActions() const
{
    return { m_copyCell, m_copyRow, m_exportAll, m_exportSelection };
}

void TablePage::setController(models::PageController *controller)
{
    m_controller = controller;
    connect(controller, &models::PageController::statusChanged, this, &TablePage::updateStatus);
    connect(controller, &models::PageController::actionFinished, this,
        [this](const QString &, const api::ApiError &error, const QString &message) {
            showActionResult(message, error.isError());
        });
    // Not updateStatus(): subclasses call this from their constructor, before their actions exist.
    m_status->setText(controller->statusText());
}

void TablePage::setSourceModel(QAbstractItemModel *model)
{
    m_proxy->setSourceModel(model);
    // The proxy's signals: they also fire when a row leaves the view through the filter.
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &TablePage::updateStatus);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &TablePage::updateStatus);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &TablePage::updateStatus);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &TablePage::updateStatus);
}

QAction *TablePage::addPageAction(
    const QString &objectName, const QString &text, const QKeySequence &shortcut, const QString &toolTip)
{
    auto *a = new QAction(text, this);
    a->setObjectName(objectName);
    if (!shortcut.isEmpty()) {
        a->setShortcut(shortcut);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    }
    a->setToolTip(toolTip.isEmpty() ? text : toolTip);
    a->setProperty("baseToolTip", a->toolTip());
    addAction(a);
    m_toolBar->addAction(a);
    m_pageActions.append(a);
    return a;
}

void TablePage::activate()
{
    if (m_loaded || !m_controller)
        return;
    m_loaded = true;
    m_result->hide();
    m_controller->load();
    updateActions();
}

void TablePage::refresh()
{
    if (!m_controller)
        return;
    m_loaded = true;
    m_controller->refresh();
}

bool TablePage::isReadOnly() const
{
    const auto state = m_session.state();
    return state != models::Session::State::Ready;
}

void TablePage::applyPermission(QAction *action, AdminAction what, bool needsSelection, bool writes)
{
    const QString base = action->property("baseToolTip").toString();
    QString why;
    if (writes && isReadOnly()) {
        why = m_session.state() == models::Session::State::Offline
            ? tr("The server cannot be reached: cached rows are shown read-only.")
            : tr("Not connected.");
    } else {
        const Permission p = m_session.permission(what);
        if (!p.allowed)
            why = p.reason;
        else if (needsSelection && m_view->selectionModel()->selectedRows().isEmpty())
            why = tr("Select one or more rows first.");
    }
    action->setEnabled(why.isEmpty());
    action->setToolTip(why.isEmpty() ? base : tr("%1 (unavailable: %2)").arg(base, why));
    action->setStatusTip(why);
}

void TablePage::updateActions()
{
    const bool hasRows = m_proxy->rowCount() > 0;
    const bool hasSelection = !m_view->selectionModel()->selectedRows().isEmpty();
    m_copyCell->setEnabled(m_view->currentIndex().isValid());
    m_copyRow->setEnabled(hasSelection || m_view->currentIndex().isValid());
    m_exportAll->setEnabled(hasRows);
    m_exportSelection->setEnabled(hasSelection);
}

void TablePage::updateStatus()
{
    if (m_controller) {
        QString text = m_controller->statusText();
        // Filtered locally: say how many of the rows are visible.
        const QAbstractItemModel *source = m_proxy->sourceModel();
        if (source && m_proxy->rowCount() != source->rowCount())
            text = tr("%1 shown · %2").arg(m_proxy->rowCount()).arg(text);
        m_status->setText(text);
    }
    updateActions();
}

void TablePage::setNotice(const QString &html)
{
    m_notice->setText(html);
    m_notice->setVisible(!html.isEmpty());
}

void TablePage::showActionResult(const QString &message, bool failed)
{
    if (message.isEmpty()) {
        m_result->hide();
        return;
    }
    m_result->setText(message);
    m_result->setProperty("failed", failed);
    // Translucent tint: readable on light and dark palettes.
    m_result->setStyleSheet(failed ? QStringLiteral("QLabel { background: rgba(220,50,50,60); padding: 6px; }")
                                   : QStringLiteral("QLabel { background: rgba(60,170,60,50); padding: 6px; }"));
    m_result->show();
}

void TablePage::onFilterTextChanged(const QString &text)
{
    m_proxy->setFilterText(text);
    updateStatus();
}

QList<int> TablePage::selectedSourceRows() const
{
    QList<QModelIndex> rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QList<int> out;
    for (const QModelIndex &index : rows)
        out.append(m_proxy->mapToSource(index).row());
    return out;
}

void TablePage::copyCell()
{
    const QModelIndex index = m_view->currentIndex();
    if (index.isValid())
        QApplication::clipboard()->setText(index.data(Qt::DisplayRole).toString());
}

void TablePage::copyRow()
{
    QList<QModelIndex> rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty() && m_view->currentIndex().isValid())
        rows.append(m_view->currentIndex());
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList lines;
    for (const QModelIndex &index : rows)
        lines.append(models::TableExport::rowText(*m_proxy, index.row()));
    if (!lines.isEmpty())
        QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

bool TablePage::exportTo(const QString &path, bool selectionOnly, QString *error) const
{
    // Export what the view shows (filtered and sorted), in view order.
    QList<int> rows;
    if (selectionOnly) {
        QList<QModelIndex> selected = m_view->selectionModel()->selectedRows();
        std::sort(selected.begin(), selected.end(),
            [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
        for (const QModelIndex &i : selected)
            rows.append(i.row());
        if (rows.isEmpty()) {
            if (error)
                *error = tr("No rows are selected.");
            return false;
        }
    }
    const bool json = path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
    const QByteArray data
        = json ? models::TableExport::toJson(*m_proxy, rows) : models::TableExport::toCsv(*m_proxy, rows);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(data) != data.size()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void TablePage::exportRows(bool selectionOnly)
{
    QString filter;
    const QString path
        = QFileDialog::getSaveFileName(this, selectionOnly ? tr("Export Selected Rows") : tr("Export All Rows"),
            objectName().remove(QStringLiteral("Page")) + QStringLiteral(".csv"), tr("CSV (*.csv);;JSON (*.json)"),
            &filter);
    if (path.isEmpty())
        return;
    QString error;
    if (!exportTo(path, selectionOnly, &error))
        showActionResult(tr("Could not export to %1: %2").arg(path, error), true);
    else
        showActionResult(tr("Exported to %1.").arg(path), false);
}

void TablePage::showContextMenu(const QPoint &pos)
{
    QMenu menu(this);
    for (QAction *a : m_pageActions)
        menu.addAction(a);
    if (!m_pageActions.isEmpty())
        menu.addSeparator();
    for (QAction *a : tableActions())
        menu.addAction(a);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

} // namespace adm::ui
