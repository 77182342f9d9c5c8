// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ui/TablePage.h"
#include "ui/dialogs/InviteMembersDialog.h"

#include <QPointer>

namespace adm::models {
class InvitationsController;
}

namespace adm::ui {

// Invitations sent from the selected organization: invite many, revoke pending ones, copy a
// ready-to-send onboarding message.
class InvitationsPage : public TablePage
{
    Q_OBJECT
public:
    explicit InvitationsPage(models::Session &session, QWidget *parent = nullptr);

    models::InvitationsController *invitations() const { return m_invitations; }
    QAction *inviteAction() const { return m_invite; }
    QAction *revokeAction() const { return m_revoke; }
    QAction *copyMessageAction() const { return m_copyMessage; }
    InviteMembersDialog *inviteDialog() const { return m_dialog; }

    void updateActions() override;

public Q_SLOTS:
    void startInvite();
    void revokeSelected();
    void copyOnboardingMessage();

private:
    models::InvitationsController *m_invitations;
    QAction *m_invite = nullptr;
    QAction *m_revoke = nullptr;
    QAction *m_copyMessage = nullptr;
    QPointer<InviteMembersDialog> m_dialog;
};

} // namespace adm::ui
