// SPDX-License-Identifier: Apache-2.0
#include "models/InvitationTableModel.h"

#include "models/Formatting.h"
#include "models/ModelRoles.h"

namespace adm::models {

InvitationTableModel::InvitationTableModel(QObject *parent)
    : ListTableModel(parent)
{ }

int InvitationTableModel::rowForId(const QString &id) const
{
    return findRow([&id](const Invitation &i) { return i.id == id; });
}

QVariant InvitationTableModel::data(const QModelIndex &index, int role) const
{
    if (!validIndex(index))
        return {};
    const Invitation &i = at(index.row());
    const auto column = Column(index.column());
    const bool exporting = role == ExportRole;

    if (role == IdRole)
        return i.id;
    if (role == EntityRole)
        return QVariant::fromValue(i);
    if (role == Qt::DisplayRole || role == FilterRole || exporting) {
        switch (column) {
        case Column::Email: return i.receiverEmail;
        case Column::Role: return exporting ? roleCliName(i.role) : roleDisplayName(i.role);
        case Column::Status:
            if (exporting)
                return i.status;
            return i.isPending() ? tr("pending") : i.status == QLatin1String("accepted") ? tr("accepted") : i.status;
        case Column::Sender:
            if (i.senderEmail.isEmpty())
                return exporting ? QString() : tr("an API token");
            return i.senderEmail;
        case Column::Sent: return exporting ? exportTime(i.createdAt) : relativeTime(i.createdAt, now());
        case Column::Count: break;
        }
        return {};
    }
    if (role == SortRole) {
        if (column == Column::Sent)
            return i.createdAt.isValid() ? i.createdAt.toMSecsSinceEpoch() : 0;
        return data(index, Qt::DisplayRole);
    }
    if (role == Qt::ToolTipRole && column == Column::Sent)
        return absoluteTime(i.createdAt);
    return {};
}

QVariant InvitationTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Email: return tr("E-mail");
    case Column::Role: return tr("Role");
    case Column::Status: return tr("Status");
    case Column::Sender: return tr("Sent by");
    case Column::Sent: return tr("Sent");
    case Column::Count: break;
    }
    return {};
}

} // namespace adm::models
