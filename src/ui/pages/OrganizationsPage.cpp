// SPDX-License-Identifier: Apache-2.0
#include "ui/pages/OrganizationsPage.h"

#include "models/OrganizationTableModel.h"
#include "models/OrganizationsController.h"
#include "models/Session.h"
#include "ui/MessageBoxes.h"
#include "ui/dialogs/CreateOrganizationDialog.h"
#include "ui/dialogs/DeleteOrganizationDialog.h"

#include <QAction>
#include <QHeaderView>
#include <QTableView>

namespace adm::ui {

using models::OrganizationRow;
using models::OrganizationTableModel;

OrganizationsPage::OrganizationsPage(models::Session &session, QWidget *parent)
    : TablePage(session, QStringLiteral("organizationsPage"), tr("Organizations"), parent)
    , m_orgs(new models::OrganizationsController(session, this))
{
    setController(m_orgs);
    setSourceModel(m_orgs->model());
    view()->sortByColumn(int(OrganizationTableModel::Column::Name), Qt::AscendingOrder);
    view()->horizontalHeader()->resizeSection(int(OrganizationTableModel::Column::Name), 240);
    view()->horizontalHeader()->resizeSection(int(OrganizationTableModel::Column::Role), 220);

    m_create = addPageAction(QStringLiteral("createOrganizationAction"), tr("&New Organization…"),
        QKeySequence(Qt::CTRL | Qt::Key_N), tr("Create an organization"));
    m_switch = addPageAction(QStringLiteral("switchOrganizationAction"), tr("&Switch To"),
        QKeySequence(Qt::CTRL | Qt::Key_Return), tr("Work in the selected organization"));
    m_leave = addPageAction(QStringLiteral("leaveOrganizationAction"), tr("&Leave…"), QKeySequence(),
        tr("Leave the selected organization"));
    m_delete = addPageAction(QStringLiteral("deleteOrganizationAction"), tr("&Delete…"), QKeySequence::Delete,
        tr("Delete the selected organization"));
    connect(m_create, &QAction::triggered, this, &OrganizationsPage::startCreate);
    connect(m_switch, &QAction::triggered, this, &OrganizationsPage::switchToSelected);
    connect(m_delete, &QAction::triggered, this, &OrganizationsPage::deleteSelected);
    connect(m_leave, &QAction::triggered, this, &OrganizationsPage::leaveSelected);
    connect(view(), &QTableView::activated, this, &OrganizationsPage::switchToSelected);
    connect(&session, &models::Session::organizationsChanged, this, &OrganizationsPage::updateActions);
    updateActions();
}

const OrganizationRow *OrganizationsPage::currentRow() const
{
    const QList<int> rows = selectedSourceRows();
    if (rows.size() != 1)
        return nullptr;
    return &m_orgs->model()->at(rows.first());
}

void OrganizationsPage::updateActions()
{
    if (!m_delete)
        return; // still constructing: the status line changed before the actions exist
    TablePage::updateActions();
    applyPermission(m_create, AdminAction::CreateOrganization, false);

    const OrganizationRow *row = currentRow();
    const bool isUser = session().identity().tokenKind == JwtClaims::Kind::User;
    m_switch->setEnabled(row != nullptr);
    m_switch->setToolTip(row ? m_switch->property("baseToolTip").toString() : tr("Select one organization first."));

    // Delete and leave concern the selected row's organization, so the row's role decides.
    auto setState = [this](QAction *a, const QString &why) {
        const QString base = a->property("baseToolTip").toString();
        a->setEnabled(why.isEmpty());
        a->setToolTip(why.isEmpty() ? base : tr("%1 (unavailable: %2)").arg(base, why));
    };
    QString deleteWhy;
    QString leaveWhy;
    if (isReadOnly())
        deleteWhy = leaveWhy = tr("Not connected; cached rows are read-only.");
    else if (!isUser)
        deleteWhy = leaveWhy = tr("API tokens cannot do this; sign in as a user.");
    else if (!row)
        deleteWhy = leaveWhy = tr("Select one organization first.");
    else {
        if (row->role != Role::Owner)
            deleteWhy = tr("Only owners of an organization can delete it.");
        if (row->membershipId.isEmpty())
            leaveWhy = tr("You are not a member of this organization.");
    }
    setState(m_delete, deleteWhy);
    setState(m_leave, leaveWhy);
}

void OrganizationsPage::startCreate()
{
    if (!m_create->isEnabled())
        return;
    if (m_dialog && m_dialog->isVisible()) {
        m_dialog->raise();
        return;
    }
    delete m_dialog.data(); // a closed one whose deferred deletion is still pending
    const auto info = session().serverInfo();
    QString notice;
    if (info && info->restrictedOrgCreation)
        notice = tr("This instance restricts creating organizations to instance administrators (and tokens "
                    "allowed to). Others are refused by the server.");
    auto *dialog = new CreateOrganizationDialog(notice, this);
    m_dialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CreateOrganizationDialog::submitted, this, [this, dialog](const QString &name) {
        dialog->setBusy(true);
        m_orgs->create(name);
    });
    connect(m_orgs, &models::PageController::actionFinished, dialog,
        [this, dialog](const QString &action, const api::ApiError &error, const QString &message) {
            if (action != QLatin1String("org.create"))
                return;
            if (error.isError())
                dialog->showServerError(message);
            else
                dialog->accept();
        });
    dialog->open();
}

void OrganizationsPage::switchToSelected()
{
    if (const OrganizationRow *row = currentRow())
        session().setOrganization(row->org.name);
}

void OrganizationsPage::deleteSelected()
{
    const OrganizationRow *row = currentRow();
    if (!m_delete->isEnabled() || !row)
        return;
    const QString name = row->org.name;
    auto *dialog = new DeleteOrganizationDialog(name, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, name] { m_orgs->remove(name); });
    dialog->open();
}

void OrganizationsPage::leaveSelected()
{
    const OrganizationRow *row = currentRow();
    if (!m_leave->isEnabled() || !row)
        return;
    const QString name = row->org.name;
    QString text = tr("Leave %1? You lose access to it until someone invites you again.").arg(name);
    if (row->role == Role::Owner)
        text += QStringLiteral("\n\n")
            + tr("You are an owner. If you are the only owner the server refuses: make another member an owner "
                 "first, or delete the organization.");
    if (MessageBoxes::question(
            this, tr("Leave Organization"), text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        != QMessageBox::Yes)
        return;
    m_orgs->leave(name);
}

} // namespace adm::ui
