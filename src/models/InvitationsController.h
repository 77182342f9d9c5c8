// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Entities.h"
#include "models/BatchTally.h"
#include "models/PageController.h"

namespace adm::models {

class InvitationTableModel;

// Invitations sent from the selected organization: list, invite many, revoke pending ones.
class InvitationsController : public PageController
{
    Q_OBJECT
public:
    explicit InvitationsController(Session &session, QObject *parent = nullptr);

    InvitationTableModel *model() const { return m_model; }

    void refresh() override;
    // One call per address; invitationResult() for each, then invitationsFinished().
    void invite(const QStringList &emails, Role role);
    void revoke(const QList<Invitation> &invitations);

    // A ready-to-send text: instance URL, how to log in, organization and role.
    QString onboardingMessage(const QString &email, Role role) const;

Q_SIGNALS:
    void invitationResult(const QString &email, const adm::api::ApiError &error, const QString &message);
    void invitationsFinished(int sent, int failed);
    void revokeFinished(int revoked, const QStringList &failures);

protected:
    bool showCached() override;
    QString countText() const override;

private:
    void storeCache();

    InvitationTableModel *m_model;
    int m_pendingInvites = 0;
    int m_sent = 0;
    int m_failed = 0;
    BatchTally m_revokes;
};

} // namespace adm::models
