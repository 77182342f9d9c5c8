// SPDX-License-Identifier: Apache-2.0
#include "models/MembersController.h"

#include "api/OrganizationClient.h"
#include "core/StartupTrace.h"
#include "models/MemberTableModel.h"
#include "models/Session.h"

#include <QLocale>

namespace adm::models {

using storage::ListingKind;

MembersController::MembersController(Session &session, QObject *parent)
    : PageController(session, parent)
    , m_model(new MemberTableModel(this))
{
    // The channel is looked up per page: a profile switch gives a new one.
    m_model->setFetcher([this](const api::MembershipFilter &filter, QObject *context,
                            api::Callback<MembershipPage> done) -> api::UnaryCall * {
        api::Channel *channel = this->session().channel();
        if (!channel) {
            done(notConnected("/controlplane.v1.OrganizationService/ListMemberships"));
            return nullptr;
        }
        return api::OrganizationClient(channel).listMemberships(filter, context, std::move(done));
    });
    connect(
        m_model, &MemberTableModel::loadingChanged, this, [this](bool loading) { loading ? beginWork() : endWork(); });
    connect(m_model, &MemberTableModel::errorOccurred, this, &MembersController::setListError);
    connect(m_model, &MemberTableModel::totalCountChanged, this, &MembersController::statusChanged);
    connect(m_model, &MemberTableModel::pageLoaded, this, [this](int page, int) {
        // Only the unfiltered first page goes to the cache: enough for an instant start.
        if (page == 1 && m_model->filterText().isEmpty() && m_model->filterRole() == Role::Unspecified)
            putCache(ListingKind::Members, false, m_model->rows());
        setFetched(QDateTime::currentDateTimeUtc(), false);
    });
}

QString MembersController::countText() const
{
    const int total = m_model->totalCount();
    if (total < 0)
        return tr("%n member(s) shown", nullptr, m_model->rowCount());
    return tr("%1 of %Ln member(s) loaded", nullptr, total).arg(QLocale().toString(m_model->rowCount()));
}

bool MembersController::showCached()
{
    m_model->clear();
    startup::mark("members-cache-read");
    const auto cached = getCache<Membership>(ListingKind::Members, false);
    if (!cached)
        return false;
    startup::mark("members-cache-decoded");
    m_model->setCachedRows(cached->rows, -1);
    startup::mark("members-cache-shown");
    setFetched(cached->fetchedAt, true);
    return true;
}

void MembersController::refresh()
{
    if (!mayList(AdminAction::ListMembers, [this] { m_model->clear(); }))
        return;
    m_model->reload();
}

void MembersController::setFilter(const QString &text, Role role)
{
    if (!session().permission(AdminAction::ListMembers).allowed)
        return;
    m_model->setFilter(text, role);
}

void MembersController::changeRole(const Membership &member, Role role)
{
    api::Channel *channel = session().channel();
    const QString target = QStringLiteral("%1 → %2").arg(member.user.email, roleCliName(role));
    if (!channel) {
        Q_EMIT actionFinished(QStringLiteral("member.role"), notConnected({}), tr("Not connected."));
        return;
    }
    beginWork();
    api::OrganizationClient(channel).updateMembership(
        member.id, role, this, [this, target, member](api::Result<Membership> r) {
            endWork();
            session().recordActivity(QStringLiteral("member.role"), target, r.ok() ? api::ApiError() : r.error());
            if (!r.ok()) {
                session().reportError(r.error());
                Q_EMIT actionFinished(
                    QStringLiteral("member.role"), r.error(), explain(r.error(), AdminAction::UpdateMember));
                return;
            }
            Membership updated = r.value();
            if (updated.id.isEmpty())
                updated.id = member.id;
            m_model->replaceMember(updated);
            Q_EMIT actionFinished(QStringLiteral("member.role"), {},
                tr("%1 is now %2.").arg(member.user.email, roleDisplayName(updated.role)));
        });
}

void MembersController::remove(const QList<Membership> &members)
{
    api::Channel *channel = session().channel();
    if (members.isEmpty())
        return;
    if (!channel) {
        Q_EMIT removeFinished(0, { tr("Not connected.") });
        return;
    }
    m_pendingRemovals += int(members.size());
    for (const Membership &m : members) {
        beginWork();
        api::OrganizationClient(channel).deleteMembership(m.id, this, [this, m](api::Result<void> r) {
            endWork();
            session().recordActivity(
                QStringLiteral("member.remove"), m.user.email, r.ok() ? api::ApiError() : r.error());
            if (r.ok()) {
                ++m_removed;
                m_model->removeMember(m.id);
            } else {
                session().reportError(r.error());
                m_removeFailures << tr("%1: %2").arg(m.user.email, explain(r.error(), AdminAction::RemoveMember));
            }
            if (--m_pendingRemovals == 0) {
                const int removed = std::exchange(m_removed, 0);
                const QStringList failures = std::exchange(m_removeFailures, {});
                Q_EMIT actionFinished(QStringLiteral("member.remove"), failures.isEmpty() ? api::ApiError() : r.error(),
                    failures.isEmpty() ? tr("Removed %n member(s).", nullptr, removed)
                                       : failures.join(QLatin1Char('\n')));
                Q_EMIT removeFinished(removed, failures);
            }
        });
    }
}

} // namespace adm::models
