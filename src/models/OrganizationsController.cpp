// SPDX-License-Identifier: Apache-2.0
#include "models/OrganizationsController.h"

#include "api/OrganizationClient.h"
#include "api/UserClient.h"
#include "models/OrganizationTableModel.h"
#include "models/Session.h"

namespace adm::models {

using storage::ListingKind;

OrganizationsController::OrganizationsController(Session &session, QObject *parent)
    : PageController(session, parent)
    , m_model(new OrganizationTableModel(this))
{
    m_model->setSelectedOrganization(session.organization());
    connect(&session, &Session::organizationChanged, m_model, &OrganizationTableModel::setSelectedOrganization);
    connect(&session, &Session::organizationsChanged, this, [this] {
        if (!isUser())
            showKnownOrganizations();
    });
}

bool OrganizationsController::isUser() const
{
    return session().identity().tokenKind == JwtClaims::Kind::User;
}

QString OrganizationsController::countText() const
{
    return tr("%n organization(s)", nullptr, m_model->rowCount());
}

bool OrganizationsController::showCached()
{
    if (!isUser()) {
        showKnownOrganizations();
        return false;
    }
    const auto cached = getCache<Membership>(ListingKind::Organizations, true);
    QList<OrganizationRow> rows;
    if (cached) {
        for (const Membership &m : std::as_const(cached->rows))
            rows.append(OrganizationRow::fromMembership(m));
        setFetched(cached->fetchedAt, true);
    }
    m_model->setRows(rows);
    return cached.has_value();
}

void OrganizationsController::showKnownOrganizations()
{
    QList<OrganizationRow> rows;
    for (const QString &name : session().organizations())
        rows.append(OrganizationRow::known(name));
    m_model->setRows(rows);
    setFetched(QDateTime::currentDateTimeUtc(), false);
}

void OrganizationsController::storeCache()
{
    QList<Membership> rows;
    for (const OrganizationRow &r : m_model->rows()) {
        Membership m;
        m.id = r.membershipId;
        m.org = r.org;
        m.role = r.role.value_or(Role::Unspecified);
        m.current = r.current;
        m.createdAt = r.joined;
        rows.append(m);
    }
    putCache(ListingKind::Organizations, true, rows);
}

void OrganizationsController::refresh()
{
    if (!isUser()) {
        // Tokens cannot list organizations: the picker's locally known names are the list.
        showKnownOrganizations();
        return;
    }
    api::Channel *channel = session().channel();
    if (!channel) {
        setListError(notConnected("/controlplane.v1.UserService/ListMemberships"));
        return;
    }
    beginListWork();
    api::UserClient(channel).listMemberships(epoch(), [this](api::Result<QList<Membership>> r) {
        endListWork();
        if (!r.ok()) {
            setListError(r.error());
            return;
        }
        QList<OrganizationRow> rows;
        for (const Membership &m : r.value())
            rows.append(OrganizationRow::fromMembership(m));
        m_model->setRows(rows);
        storeCache();
        setFetched(QDateTime::currentDateTimeUtc(), false);
    });
}

std::optional<Organization> OrganizationsController::organization(const QString &name) const
{
    const int row = m_model->rowForName(name);
    if (row < 0 || m_model->at(row).membershipId.isEmpty())
        return std::nullopt;
    return m_model->at(row).org;
}

void OrganizationsController::afterMembershipChange(const QString &name)
{
    session().refreshOrganizations();
    if (!name.isEmpty() && session().organization() == name) {
        const QStringList others = session().organizations();
        QString next;
        for (const QString &o : others) {
            if (o != name) {
                next = o;
                break;
            }
        }
        session().setOrganization(next);
    }
    refresh();
}

void OrganizationsController::create(const QString &name)
{
    api::Channel *channel = session().channel();
    if (!channel) {
        Q_EMIT actionFinished(QStringLiteral("org.create"), notConnected({}), tr("Not connected."));
        return;
    }
    beginWork();
    api::OrganizationClient(channel).create(name, this, [this, name](api::Result<Organization> r) {
        endWork();
        session().recordActivity(QStringLiteral("org.create"), name, r.ok() ? api::ApiError() : r.error());
        if (!r.ok()) {
            session().reportError(r.error());
            QString message = explain(r.error(), AdminAction::CreateOrganization);
            if (r.error().kind() == api::ApiError::Kind::AlreadyExists)
                message = tr("The name %1 is taken: organization names are unique on the instance.").arg(name);
            Q_EMIT actionFinished(QStringLiteral("org.create"), r.error(), message);
            return;
        }
        if (!isUser())
            session().addOrganizationByName(name); // tokens remember it locally
        session().refreshOrganizations();
        refresh();
        Q_EMIT actionFinished(QStringLiteral("org.create"), {}, tr("Created organization %1.").arg(name));
        Q_EMIT organizationCreated(name);
    });
}

void OrganizationsController::update(const QString &name, const OrganizationSettings &changes)
{
    api::Channel *channel = session().channel();
    if (!channel) {
        Q_EMIT actionFinished(QStringLiteral("org.update"), notConnected({}), tr("Not connected."));
        return;
    }
    beginWork();
    api::OrganizationClient(channel).update(name, changes, this, [this, name](api::Result<Organization> r) {
        endWork();
        session().recordActivity(QStringLiteral("org.update"), name, r.ok() ? api::ApiError() : r.error());
        if (!r.ok()) {
            session().reportError(r.error());
            Q_EMIT actionFinished(
                QStringLiteral("org.update"), r.error(), explain(r.error(), AdminAction::UpdateOrganization));
            return;
        }
        const int row = m_model->rowForName(name);
        if (row >= 0) {
            OrganizationRow updated = m_model->at(row);
            updated.org = r.value();
            m_model->replaceRow(row, updated);
            storeCache();
        }
        Q_EMIT actionFinished(QStringLiteral("org.update"), {}, tr("Saved the settings of %1.").arg(name));
        Q_EMIT organizationUpdated(r.value());
    });
}

void OrganizationsController::remove(const QString &name)
{
    api::Channel *channel = session().channel();
    if (!channel) {
        Q_EMIT actionFinished(QStringLiteral("org.delete"), notConnected({}), tr("Not connected."));
        return;
    }
    beginWork();
    api::OrganizationClient(channel).remove(name, this, [this, name](api::Result<void> r) {
        endWork();
        session().recordActivity(QStringLiteral("org.delete"), name, r.ok() ? api::ApiError() : r.error());
        if (!r.ok()) {
            session().reportError(r.error());
            Q_EMIT actionFinished(
                QStringLiteral("org.delete"), r.error(), explain(r.error(), AdminAction::DeleteOrganization));
            return;
        }
        afterMembershipChange(name);
        Q_EMIT actionFinished(QStringLiteral("org.delete"), {}, tr("Deleted organization %1.").arg(name));
        Q_EMIT organizationRemoved(name);
    });
}

void OrganizationsController::leave(const QString &name)
{
    api::Channel *channel = session().channel();
    const int row = m_model->rowForName(name);
    if (!channel || row < 0 || m_model->at(row).membershipId.isEmpty()) {
        Q_EMIT actionFinished(
            QStringLiteral("org.leave"), notConnected({}), tr("You are not a member of %1.").arg(name));
        return;
    }
    beginWork();
    api::UserClient(channel).deleteMembership(m_model->at(row).membershipId, this, [this, name](api::Result<void> r) {
        endWork();
        session().recordActivity(QStringLiteral("org.leave"), name, r.ok() ? api::ApiError() : r.error());
        if (!r.ok()) {
            session().reportError(r.error());
            QString message = explain(r.error(), AdminAction::LeaveOrganization);
            if (r.error().kind() == api::ApiError::Kind::InvalidArgument)
                message = tr("You are the only owner of %1, so you cannot leave it. Make another member an owner "
                             "first, or delete the organization.")
                              .arg(name);
            Q_EMIT actionFinished(QStringLiteral("org.leave"), r.error(), message);
            return;
        }
        afterMembershipChange(name);
        Q_EMIT actionFinished(QStringLiteral("org.leave"), {}, tr("You left %1.").arg(name));
        Q_EMIT organizationRemoved(name);
    });
}

} // namespace adm::models
