// SPDX-License-Identifier: Apache-2.0
#include "ui/pages/MembersPage.h"

#include "models/MemberTableModel.h"
#include "models/MembersController.h"
#include "models/Session.h"
#include "models/TableFilterProxy.h"
#include "ui/MessageBoxes.h"
#include "ui/dialogs/ChangeRoleDialog.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>

namespace adm::ui {

using models::MemberTableModel;

MembersPage::MembersPage(models::Session &session, QWidget *parent)
    : TablePage(session, QStringLiteral("membersPage"), tr("Members"), parent)
    , m_members(new models::MembersController(session, this))
    , m_roleCombo(new QComboBox(this))
    , m_debounce(new QTimer(this))
{
    setController(m_members);
    setSourceModel(m_members->model());
    filterEdit()->setPlaceholderText(tr("Name or e-mail (Ctrl+F)"));
    // The server sorts (newest first) and pages: sorting the loaded part only would mislead.
    view()->setSortingEnabled(false);
    view()->horizontalHeader()->setSortIndicatorShown(false);
    // TablePage enabled sorting, which sorted the proxy by the first column: back to the
    // server's order (it also spares a sort of every page that arrives).
    proxy()->sort(-1);
    view()->horizontalHeader()->resizeSection(int(MemberTableModel::Column::Email), 260);
    // Uniform rows keep scrolling through 100,000 rows cheap.
    view()->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);

    m_roleCombo->setObjectName(QStringLiteral("roleFilterCombo"));
    m_roleCombo->setAccessibleName(tr("Filter by role"));
    m_roleCombo->addItem(tr("Any role"), int(Role::Unspecified));
    for (Role r : assignableRoles())
        m_roleCombo->addItem(roleDisplayName(r), int(r));
    filterRow()->insertWidget(filterRow()->count() - 1, m_roleCombo);
    connect(m_roleCombo, &QComboBox::currentIndexChanged, this, &MembersPage::sendFilter);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(300);
    connect(m_debounce, &QTimer::timeout, this, &MembersPage::sendFilter);

    m_changeRole = addPageAction(QStringLiteral("changeRoleAction"), tr("Change &Role…"),
        QKeySequence(Qt::CTRL | Qt::Key_R), tr("Change the role of the selected member"));
    m_remove = addPageAction(QStringLiteral("removeMemberAction"), tr("Re&move…"), QKeySequence::Delete,
        tr("Remove the selected members from the organization"));
    connect(m_changeRole, &QAction::triggered, this, &MembersPage::changeRoleOfCurrent);
    connect(m_remove, &QAction::triggered, this, &MembersPage::removeSelected);
    connect(view(), &QTableView::activated, this, [this] {
        if (m_changeRole->isEnabled())
            changeRoleOfCurrent();
    });
    updateActions();
}

void MembersPage::onFilterTextChanged(const QString &)
{
    m_debounce->start();
}

void MembersPage::sendFilter()
{
    m_debounce->stop();
    m_members->setFilter(filterEdit()->text(), roleFromWire(m_roleCombo->currentData().toInt()));
}

void MembersPage::updateActions()
{
    if (!m_remove)
        return; // still constructing: the status line changed before the actions exist
    TablePage::updateActions();
    applyPermission(m_changeRole, AdminAction::UpdateMember, true);
    applyPermission(m_remove, AdminAction::RemoveMember, true);
    if (m_changeRole->isEnabled() && selectedSourceRows().size() != 1) {
        m_changeRole->setEnabled(false);
        m_changeRole->setToolTip(tr("Select one member to change the role."));
    }
}

void MembersPage::changeRoleOfCurrent()
{
    const QList<int> rows = selectedSourceRows();
    if (!m_changeRole->isEnabled() || rows.size() != 1)
        return;
    const Membership member = m_members->model()->at(rows.first());
    const auto context = session().context();
    const bool callerIsOwner = session().identity().role == Role::Owner;
    if (context && context->user.id == member.user.id) {
        showActionResult(tr("You cannot change your own role."), true);
        return;
    }
    auto *dialog = new ChangeRoleDialog(member.user.displayName(), member.role, callerIsOwner, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
        [this, dialog, member] { m_members->changeRole(member, dialog->selectedRole()); });
    dialog->open();
}

void MembersPage::removeSelected()
{
    if (!m_remove->isEnabled())
        return;
    QList<Membership> members;
    QStringList lines;
    const auto context = session().context();
    bool touchesOwner = false;
    for (int row : selectedSourceRows()) {
        const Membership &m = m_members->model()->at(row);
        if (context && context->user.id == m.user.id) {
            showActionResult(tr("You cannot remove yourself here; leave the organization from the Organizations "
                                "page instead."),
                true);
            return;
        }
        touchesOwner = touchesOwner || m.role == Role::Owner;
        members.append(m);
        lines << tr("• %1 (%2)").arg(m.user.email, roleDisplayName(m.role));
    }
    QString text = tr("Remove %n member(s) from %1? They lose access at once.", nullptr, int(members.size()))
                       .arg(session().organization())
        + QStringLiteral("\n\n") + lines.join(QLatin1Char('\n'));
    if (touchesOwner)
        text += QStringLiteral("\n\n") + tr("Removing an owner requires you to be an owner.");
    if (MessageBoxes::question(
            this, tr("Remove Members"), text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        != QMessageBox::Yes)
        return;
    m_members->remove(members);
}

} // namespace adm::ui
