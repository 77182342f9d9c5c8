// SPDX-License-Identifier: Apache-2.0
#include "models/InstanceTokenTableModel.h"

#include "models/Formatting.h"
#include "models/ModelRoles.h"

#include <QColor>

#include <limits>

namespace adm::models {

InstanceTokenTableModel::InstanceTokenTableModel(QObject *parent)
    : ListTableModel(parent)
{ }

QVariant InstanceTokenTableModel::data(const QModelIndex &index, int role) const
{
    if (!validIndex(index))
        return {};
    const InstanceTokenRow &r = at(index.row());
    const ApiToken &t = r.token;
    const auto column = Column(index.column());
    const bool exporting = role == ExportRole;

    if (role == IdRole)
        return t.id.isEmpty() ? r.profileName : t.id;
    if (role == EntityRole)
        return QVariant::fromValue(r);
    if (role == Qt::DisplayRole || role == FilterRole || exporting) {
        switch (column) {
        case Column::Name: return t.name;
        case Column::Source:
            if (r.fromServer && !r.profileName.isEmpty())
                return tr("server; held by profile %1").arg(r.profileName);
            if (r.fromServer)
                return tr("server");
            return tr("held by profile %1").arg(r.profileName);
        case Column::Created: return exporting ? exportTime(t.createdAt) : relativeTime(t.createdAt, now());
        case Column::Expires:
            if (!t.expiresAt.isValid())
                return exporting ? QString() : tr("never");
            return exporting ? exportTime(t.expiresAt) : relativeTime(t.expiresAt, now());
        case Column::LastUsed:
            if (!r.fromServer)
                return QString();
            if (!t.lastUsedAt.isValid())
                return exporting ? QString() : tr("never");
            return exporting ? exportTime(t.lastUsedAt) : relativeTime(t.lastUsedAt, now());
        case Column::Revoked:
            if (!r.fromServer)
                return QString(); // unknown: only the server knows
            if (!t.isRevoked())
                return exporting ? QString() : tr("no");
            return exporting ? exportTime(t.revokedAt) : relativeTime(t.revokedAt, now());
        case Column::Count: break;
        }
        return {};
    }
    if (role == SortRole) {
        switch (column) {
        case Column::Created: return t.createdAt.isValid() ? t.createdAt.toMSecsSinceEpoch() : 0;
        case Column::Expires:
            return t.expiresAt.isValid() ? t.expiresAt.toMSecsSinceEpoch() : std::numeric_limits<qint64>::max();
        case Column::LastUsed: return t.lastUsedAt.isValid() ? t.lastUsedAt.toMSecsSinceEpoch() : 0;
        case Column::Revoked: return t.revokedAt.isValid() ? t.revokedAt.toMSecsSinceEpoch() : 0;
        default: return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::ToolTipRole && column == Column::Expires)
        return t.expiresAt.isValid() ? absoluteTime(t.expiresAt) : tr("This token never expires.");
    if (role == Qt::BackgroundRole && column == Column::Expires && t.expiresAt.isValid() && !t.isRevoked()) {
        if (t.expiresAt <= now())
            return QColor(220, 50, 50, 90);
        if (t.expiresAt <= now().addDays(7))
            return QColor(240, 170, 0, 90);
    }
    return {};
}

QVariant InstanceTokenTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Name: return tr("Name");
    case Column::Source: return tr("Source");
    case Column::Created: return tr("Created");
    case Column::Expires: return tr("Expires");
    case Column::LastUsed: return tr("Last used");
    case Column::Revoked: return tr("Revoked");
    case Column::Count: break;
    }
    return {};
}

} // namespace adm::models
