// SPDX-License-Identifier: Apache-2.0
#include "ui/pages/InvitationsPage.h"

#include "models/InvitationTableModel.h"
#include "models/InvitationsController.h"
#include "models/Session.h"
#include "ui/MessageBoxes.h"
#include "ui/dialogs/InviteMembersDialog.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QTableView>

namespace adm::ui {

using models::InvitationTableModel;

InvitationsPage::InvitationsPage(models::Session &session, QWidget *parent)
    : TablePage(session, QStringLiteral("invitationsPage"), tr("Invitations"), parent)
    , m_invitations(new models::InvitationsController(session, this))
{
    setController(m_invitations);
    setSourceModel(m_invitations->model());
    view()->sortByColumn(int(InvitationTableModel::Column::Sent), Qt::DescendingOrder);
    view()->horizontalHeader()->resizeSection(int(InvitationTableModel::Column::Email), 240);
    view()->horizontalHeader()->resizeSection(int(InvitationTableModel::Column::Sender), 220);

    m_invite = addPageAction(QStringLiteral("inviteAction"), tr("&Invite…"), QKeySequence(Qt::CTRL | Qt::Key_N),
        tr("Invite one or many people"));
    m_revoke = addPageAction(QStringLiteral("revokeInvitationAction"), tr("&Revoke…"), QKeySequence::Delete,
        tr("Revoke the selected pending invitations"));
    m_copyMessage = addPageAction(QStringLiteral("copyOnboardingAction"), tr("Copy &Onboarding Message"),
        QKeySequence(Qt::CTRL | Qt::Key_M), tr("Copy a ready-to-send text explaining how to join"));
    connect(m_invite, &QAction::triggered, this, &InvitationsPage::startInvite);
    connect(m_revoke, &QAction::triggered, this, &InvitationsPage::revokeSelected);
    connect(m_copyMessage, &QAction::triggered, this, &InvitationsPage::copyOnboardingMessage);
    updateActions();
}

void InvitationsPage::updateActions()
{
    if (!m_copyMessage)
        return; // still constructing: the status line changed before the actions exist
    TablePage::updateActions();
    applyPermission(m_invite, AdminAction::InviteMember, false);
    applyPermission(m_revoke, AdminAction::RevokeInvitation, true);
    if (m_revoke->isEnabled()) {
        bool anyPending = false;
        for (int row : selectedSourceRows())
            anyPending = anyPending || m_invitations->model()->at(row).isPending();
        if (!anyPending) {
            m_revoke->setEnabled(false);
            m_revoke->setToolTip(tr("Only pending invitations can be revoked."));
        }
    }
    const bool oneSelected = selectedSourceRows().size() == 1;
    m_copyMessage->setEnabled(oneSelected || !session().organization().isEmpty());
}

void InvitationsPage::startInvite()
{
    if (!m_invite->isEnabled())
        return;
    if (m_dialog && m_dialog->isVisible()) {
        m_dialog->raise();
        return;
    }
    delete m_dialog.data(); // a closed one whose deferred deletion is still pending
    const bool owner = session().identity().role == Role::Owner;
    auto *dialog = new InviteMembersDialog(session().organization(), owner || session().identity().instanceAdmin, this);
    m_dialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &InviteMembersDialog::submitted, m_invitations, &models::InvitationsController::invite);
    connect(m_invitations, &models::InvitationsController::invitationResult, dialog,
        [this, dialog](const QString &email, const api::ApiError &error, const QString &message) {
            dialog->showResult(email, error.isOk(), message);
        });
    connect(m_invitations, &models::InvitationsController::invitationsFinished, dialog, &InviteMembersDialog::finish);
    dialog->open();
}

void InvitationsPage::revokeSelected()
{
    if (!m_revoke->isEnabled())
        return;
    QList<Invitation> pending;
    QStringList lines;
    for (int row : selectedSourceRows()) {
        const Invitation &i = m_invitations->model()->at(row);
        if (!i.isPending())
            continue;
        pending.append(i);
        lines << tr("• %1 (%2)").arg(i.receiverEmail, roleDisplayName(i.role));
    }
    if (pending.isEmpty())
        return;
    const QString text = tr("Revoke %n pending invitation(s)?", nullptr, int(pending.size())) + QStringLiteral("\n\n")
        + lines.join(QLatin1Char('\n'));
    if (MessageBoxes::question(
            this, tr("Revoke Invitations"), text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        != QMessageBox::Yes)
        return;
    m_invitations->revoke(pending);
}

void InvitationsPage::copyOnboardingMessage()
{
    QString email;
    Role role = Role::Viewer;
    const QList<int> rows = selectedSourceRows();
    if (rows.size() == 1) {
        email = m_invitations->model()->at(rows.first()).receiverEmail;
        role = m_invitations->model()->at(rows.first()).role;
    }
    QApplication::clipboard()->setText(m_invitations->onboardingMessage(email, role));
    showActionResult(email.isEmpty() ? tr("Copied an onboarding message for %1.").arg(session().organization())
                                     : tr("Copied an onboarding message for %1.").arg(email),
        false);
}

} // namespace adm::ui
