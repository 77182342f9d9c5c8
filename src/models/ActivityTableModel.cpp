// SPDX-License-Identifier: Apache-2.0
#include "models/ActivityTableModel.h"

#include "models/Formatting.h"
#include "models/ModelRoles.h"

#include <QColor>

namespace adm::models {

using storage::ActivityEntry;

ActivityTableModel::ActivityTableModel(QObject *parent)
    : ListTableModel(parent)
{ }

void ActivityTableModel::setJournal(storage::ActivityJournal *journal, int limit)
{
    if (m_connection)
        disconnect(m_connection);
    m_journal = journal;
    m_limit = limit;
    if (m_journal)
        m_connection = connect(m_journal, &storage::ActivityJournal::appended, this, &ActivityTableModel::prepend);
    reload();
}

void ActivityTableModel::reload()
{
    if (!m_journal) {
        setRows({});
        return;
    }
    const auto entries = m_journal->latest(m_limit);
    setRows(entries.ok() ? entries.value() : QList<ActivityEntry> {});
}

void ActivityTableModel::prepend(const ActivityEntry &entry)
{
    beginInsertRows({}, 0, 0);
    m_rows.prepend(entry);
    endInsertRows();
    if (m_rows.size() > m_limit) {
        beginRemoveRows({}, m_limit, int(m_rows.size()) - 1);
        m_rows.resize(m_limit);
        endRemoveRows();
    }
}

QVariant ActivityTableModel::data(const QModelIndex &index, int role) const
{
    if (!validIndex(index))
        return {};
    const ActivityEntry &e = at(index.row());
    const auto column = Column(index.column());
    const bool exporting = role == ExportRole;

    if (role == IdRole)
        return e.id;
    if (role == Qt::DisplayRole || role == FilterRole || exporting) {
        switch (column) {
        case Column::Time: return exporting ? exportTime(e.at) : absoluteTime(e.at);
        case Column::Profile: return e.profileName;
        case Column::Organization: return e.organization;
        case Column::Action: return e.action;
        case Column::Target: return e.target;
        case Column::Result:
            if (exporting)
                return e.errorMessage.isEmpty()
                    ? storage::outcomeName(e.outcome)
                    : storage::outcomeName(e.outcome) + QStringLiteral(": ") + e.errorMessage;
            switch (e.outcome) {
            case ActivityEntry::Outcome::Succeeded: return tr("done");
            case ActivityEntry::Outcome::Cancelled: return tr("cancelled");
            case ActivityEntry::Outcome::Failed: return tr("failed: %1").arg(e.errorMessage);
            }
            return {};
        case Column::Count: break;
        }
        return {};
    }
    if (role == SortRole) {
        if (column == Column::Time)
            return e.id;
        return data(index, Qt::DisplayRole);
    }
    if (role == Qt::ToolTipRole && column == Column::Result && !e.errorMessage.isEmpty())
        return e.errorMessage;
    if (role == Qt::ForegroundRole && column == Column::Result && e.outcome == ActivityEntry::Outcome::Failed)
        return QColor(210, 60, 60);
    return {};
}

QVariant ActivityTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Time: return tr("Time");
    case Column::Profile: return tr("Profile");
    case Column::Organization: return tr("Organization");
    case Column::Action: return tr("Action");
    case Column::Target: return tr("Target");
    case Column::Result: return tr("Result");
    case Column::Count: break;
    }
    return {};
}

} // namespace adm::models
