// SPDX-License-Identifier: Apache-2.0
#include "models/OrganizationTableModel.h"

#include "models/Formatting.h"
#include "models/ModelRoles.h"

#include <QFont>

namespace adm::models {

OrganizationRow OrganizationRow::fromMembership(const Membership &m)
{
    OrganizationRow r;
    r.org = m.org;
    r.membershipId = m.id;
    if (m.role != Role::Unspecified)
        r.role = m.role;
    r.current = m.current;
    r.joined = m.createdAt;
    return r;
}

OrganizationRow OrganizationRow::known(const QString &name, const QString &id)
{
    OrganizationRow r;
    r.org.name = name;
    r.org.id = id;
    return r;
}

OrganizationTableModel::OrganizationTableModel(QObject *parent)
    : ListTableModel(parent)
{ }

int OrganizationTableModel::rowForName(const QString &name) const
{
    return findRow([&name](const OrganizationRow &r) { return r.org.name == name; });
}

void OrganizationTableModel::setSelectedOrganization(const QString &name)
{
    if (m_selected == name)
        return;
    m_selected = name;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), { Qt::FontRole });
}

QVariant OrganizationTableModel::data(const QModelIndex &index, int role) const
{
    if (!validIndex(index))
        return {};
    const OrganizationRow &r = at(index.row());
    const auto column = Column(index.column());
    const bool exporting = role == ExportRole;

    if (role == IdRole)
        return r.org.name;
    if (role == EntityRole)
        return QVariant::fromValue(r);
    if (role == Qt::DisplayRole || role == FilterRole || exporting) {
        switch (column) {
        case Column::Name: return r.org.name;
        case Column::Role:
            if (!r.role)
                return exporting ? QString() : tr("not a member (known locally)");
            return exporting ? roleCliName(*r.role) : roleDisplayName(*r.role);
        case Column::Current:
            if (exporting)
                return r.current ? QStringLiteral("true") : QStringLiteral("false");
            return r.current ? tr("yes") : QString();
        case Column::Joined: return exporting ? exportTime(r.joined) : relativeTime(r.joined, now());
        case Column::Count: break;
        }
        return {};
    }
    if (role == SortRole) {
        if (column == Column::Joined)
            return r.joined.isValid() ? r.joined.toMSecsSinceEpoch() : 0;
        return data(index, Qt::DisplayRole);
    }
    if (role == Qt::ToolTipRole && column == Column::Joined)
        return absoluteTime(r.joined);
    if (role == Qt::ToolTipRole && column == Column::Current)
        return tr("The membership the server uses when a client names no organization.");
    if (role == Qt::FontRole && !m_selected.isEmpty() && r.org.name == m_selected) {
        QFont font;
        font.setBold(true);
        return font;
    }
    return {};
}

QVariant OrganizationTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Name: return tr("Organization");
    case Column::Role: return tr("Your role");
    case Column::Current: return tr("Current");
    case Column::Joined: return tr("Joined");
    case Column::Count: break;
    }
    return {};
}

} // namespace adm::models
