// SPDX-License-Identifier: Apache-2.0
// The page every listing shares: a filter line, the table behind a sort/filter proxy, a
// notice banner, a status line with the age of the rows, and a context menu with copy cell,
// copy row and export. Subclasses add their actions and enable them from the identity's
// permissions (Session::permission) and the selection.
#pragma once

#include "core/Capabilities.h"

#include <QList>
#include <QWidget>

class QAbstractItemModel;
class QAction;
class QBoxLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QMenu;
class QTableView;
class QToolBar;

namespace adm::models {
class PageController;
class Session;
class TableFilterProxy;
} // namespace adm::models

namespace adm::ui {

class TablePage : public QWidget
{
    Q_OBJECT
public:
    // `session` must outlive the page. `objectName` is stable (tests, screenshots, settings).
    TablePage(models::Session &session, const QString &objectName, const QString &title, QWidget *parent = nullptr);

    QString title() const { return m_title; }
    models::Session &session() const { return m_session; }
    models::PageController *controller() const { return m_controller; }
    QTableView *view() const { return m_view; }
    models::TableFilterProxy *proxy() const { return m_proxy; }
    QLineEdit *filterEdit() const { return m_filter; }
    QLabel *statusLabel() const { return m_status; }
    QLabel *noticeLabel() const { return m_notice; }

    // The page's own actions (for the main window's menu), then the shared table actions.
    QList<QAction *> pageActions() const { return m_pageActions; }
    QList<QAction *> tableActions() const;

    // Called when the page becomes visible: loads once per organization (cache, then server).
    virtual void activate();
    // The organization or profile changed: the next activate() reloads.
    void invalidate() { m_loaded = false; }
    bool isLoaded() const { return m_loaded; }
    void refresh();

    // Source-model rows of the selection, in view order.
    QList<int> selectedSourceRows() const;
    // Writes all rows (or the selection) as CSV or JSON by the file's extension.
    bool exportTo(const QString &path, bool selectionOnly, QString *error = nullptr) const;

public Q_SLOTS:
    virtual void updateActions();
    void copyCell();
    void copyRow();
    void exportRows(bool selectionOnly);

protected:
    void setController(models::PageController *controller);
    void setSourceModel(QAbstractItemModel *model);
    // Page actions get WidgetWithChildrenShortcut so the same key works per page.
    QAction *addPageAction(
        const QString &objectName, const QString &text, const QKeySequence &shortcut, const QString &toolTip = {});
    QHBoxLayout *filterRow() const { return m_filterRow; }
    QToolBar *toolBar() const { return m_toolBar; }
    void setNotice(const QString &html); // empty hides the banner
    // Enables `action` if the identity may do `what`, the session is online (for writes) and
    // the selection suits; otherwise disables it with a tooltip saying why.
    void applyPermission(QAction *action, AdminAction what, bool needsSelection, bool writes = true);
    bool isReadOnly() const; // offline or signed out
    void showActionResult(const QString &message, bool failed);
    virtual void onFilterTextChanged(const QString &text);
    void updateStatus();

private:
    void showContextMenu(const QPoint &pos);

    models::Session &m_session;
    QString m_title;
    models::PageController *m_controller = nullptr;
    models::TableFilterProxy *m_proxy;
    QTableView *m_view;
    QLineEdit *m_filter;
    QLabel *m_status;
    QLabel *m_notice;
    QLabel *m_result;
    QToolBar *m_toolBar;
    QHBoxLayout *m_filterRow;
    QList<QAction *> m_pageActions;
    QAction *m_copyCell;
    QAction *m_copyRow;
    QAction *m_exportAll;
    QAction *m_exportSelection;
    bool m_loaded = false;
};

} // namespace adm::ui
