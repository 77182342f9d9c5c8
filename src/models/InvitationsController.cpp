// SPDX-License-Identifier: Apache-2.0
#include "models/InvitationsController.h"

#include "api/InvitationClient.h"
#include "models/InvitationTableModel.h"
#include "models/Session.h"

#include <QUrl>

namespace adm::models {

using storage::ListingKind;

InvitationsController::InvitationsController(Session &session, QObject *parent)
    : PageController(session, parent)
    , m_model(new InvitationTableModel(this))
{ }

QString InvitationsController::countText() const
{
    return tr("%n invitation(s)", nullptr, m_model->rowCount());
}

bool InvitationsController::showCached()
{
    const auto cached = getCache<Invitation>(ListingKind::Invitations, false);
    m_model->setRows(cached ? cached->rows : QList<Invitation> {});
    if (cached)
        setFetched(cached->fetchedAt, true);
    return cached.has_value();
}

void InvitationsController::storeCache()
{
    putCache(ListingKind::Invitations, false, m_model->rows());
}

void InvitationsController::refresh()
{
    if (!mayList(AdminAction::ListInvitations, [this] { m_model->setRows({}); }))
        return;
    api::Channel *channel = session().channel();
    if (!channel) {
        setListError(notConnected("/controlplane.v1.OrgInvitationService/ListSent"));
        return;
    }
    beginListWork();
    api::InvitationClient(channel).listSent(epoch(), [this](api::Result<QList<Invitation>> r) {
        endListWork();
        if (!r.ok()) {
            setListError(r.error());
            return;
        }
        m_model->setRows(r.value());
        storeCache();
        setFetched(QDateTime::currentDateTimeUtc(), false);
    });
}

void InvitationsController::invite(const QStringList &emails, Role role)
{
    api::Channel *channel = session().channel();
    if (emails.isEmpty())
        return;
    if (!channel) {
        for (const QString &e : emails)
            Q_EMIT invitationResult(e, notConnected({}), tr("Not connected."));
        Q_EMIT invitationsFinished(0, int(emails.size()));
        return;
    }
    m_pendingInvites += int(emails.size());
    for (const QString &email : emails) {
        beginWork();
        api::InvitationClient(channel).create(email, role, this, [this, email, role](api::Result<Invitation> r) {
            endWork();
            const QString target = QStringLiteral("%1 (%2)").arg(email, roleCliName(role));
            session().recordActivity(QStringLiteral("member.invite"), target, r.ok() ? api::ApiError() : r.error());
            if (r.ok()) {
                ++m_sent;
                if (m_model->rowForId(r.value().id) < 0)
                    m_model->appendRow(r.value());
                Q_EMIT invitationResult(email, {}, tr("invited as %1").arg(roleDisplayName(role)));
            } else {
                ++m_failed;
                session().reportError(r.error());
                QString message = explain(r.error(), AdminAction::InviteMember);
                if (r.error().kind() == api::ApiError::Kind::InvalidArgument && !r.error().serverMessage().isEmpty())
                    message = r.error().serverMessage(); // "already a member", "pending invitation exists", ...
                Q_EMIT invitationResult(email, r.error(), message);
            }
            if (--m_pendingInvites == 0) {
                storeCache();
                const int sent = std::exchange(m_sent, 0);
                const int failed = std::exchange(m_failed, 0);
                Q_EMIT actionFinished(QStringLiteral("member.invite"), failed ? r.error() : api::ApiError(),
                    tr("%n invitation(s) sent", nullptr, sent)
                        + (failed ? tr(", %n failed", nullptr, failed) : QString()));
                Q_EMIT invitationsFinished(sent, failed);
            }
        });
    }
}

void InvitationsController::revoke(const QList<Invitation> &invitations)
{
    api::Channel *channel = session().channel();
    if (invitations.isEmpty())
        return;
    if (!channel) {
        Q_EMIT revokeFinished(0, { tr("Not connected.") });
        return;
    }
    m_revokes.expect(int(invitations.size()));
    for (const Invitation &inv : invitations) {
        beginWork();
        api::InvitationClient(channel).revoke(inv.id, this, [this, inv](api::Result<void> r) {
            endWork();
            session().recordActivity(
                QStringLiteral("invitation.revoke"), inv.receiverEmail, r.ok() ? api::ApiError() : r.error());
            if (r.ok()) {
                m_revokes.succeeded();
                // Revoked invitations disappear from ListSent.
                m_model->removeRowAt(m_model->rowForId(inv.id));
            } else {
                session().reportError(r.error());
                m_revokes.failed(
                    tr("%1: %2").arg(inv.receiverEmail, explain(r.error(), AdminAction::RevokeInvitation)), r.error());
            }
            if (m_revokes.answered()) {
                storeCache();
                const BatchTally::Outcome o = m_revokes.take();
                Q_EMIT actionFinished(QStringLiteral("invitation.revoke"), o.error,
                    o.failures.isEmpty() ? tr("Revoked %n invitation(s).", nullptr, o.succeeded)
                                         : o.failures.join(QLatin1Char('\n')));
                Q_EMIT revokeFinished(o.succeeded, o.failures);
            }
        });
    }
}

QString InvitationsController::onboardingMessage(const QString &email, Role role) const
{
    const auto info = session().serverInfo();
    QString loginUrl = info ? info->loginUrl : QString();
    QString dashboard = info ? info->uiDashboardUrl : QString();
    const QString address = session().profile().address;
    const QString org = session().organization();
    QString text = tr("Hello,\n\n"
                      "you have been invited to join the organization \"%1\" as %2 on our Chainloop instance.\n\n")
                       .arg(org, roleDisplayName(role).toLower());
    text += tr("To accept:\n");
    if (!loginUrl.isEmpty())
        text += tr("1. Open %1 in your browser and sign in with %2. The invitation is accepted automatically when "
                   "you sign in.\n")
                    .arg(loginUrl, email.isEmpty() ? tr("your e-mail address") : email);
    else
        text += tr("1. Sign in to the instance with %1. The invitation is accepted automatically when you sign in.\n")
                    .arg(email.isEmpty() ? tr("your e-mail address") : email);
    text += tr("2. Or, with the Chainloop CLI:\n"
               "     chainloop config save --control-plane %1\n"
               "     chainloop auth login\n"
               "     chainloop organization set --name %2\n")
                .arg(address, org);
    if (!dashboard.isEmpty())
        text += tr("3. The web dashboard is at %1\n").arg(dashboard);
    text += tr("\nControl plane: %1\nOrganization: %2\nRole: %3\n").arg(address, org, roleDisplayName(role));
    return text;
}

} // namespace adm::models
