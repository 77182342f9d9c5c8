// SPDX-License-Identifier: Apache-2.0
#include "models/OnboardingRowTableModel.h"

#include "models/ModelRoles.h"

namespace adm::models {

OnboardingRowTableModel::OnboardingRowTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void OnboardingRowTableModel::setPlan(const QList<OnboardingCsvRow> &rows, const OnboardingPlan &plan)
{
    beginResetModel();
    m_rows = rows;
    m_results = onboardingRowResults(plan, rows);
    m_issues.clear();
    endResetModel();
}

void OnboardingRowTableModel::setIssues(const QList<OnboardingCsvIssue> &issues)
{
    m_issues.clear();
    for (const OnboardingCsvIssue &i : issues) {
        if (i.line > 0)
            m_issues[i.line] << (i.column.isEmpty() ? i.message : i.column + QStringLiteral(": ") + i.message);
    }
    if (!m_results.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

void OnboardingRowTableModel::updatePlan(const OnboardingPlan &plan)
{
    const QList<OnboardingRowResult> next = onboardingRowResults(plan, m_rows);
    for (int i = 0; i < next.size() && i < m_results.size(); ++i) {
        if (next[i].state == m_results[i].state && next[i].error == m_results[i].error)
            continue;
        m_results[i] = next[i];
        Q_EMIT dataChanged(index(i, int(Column::Status)), index(i, int(Column::Error)));
    }
}

int OnboardingRowTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_results.size());
}

int OnboardingRowTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QVariant OnboardingRowTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OnboardingRowResult &r = m_results.at(index.row());
    const auto column = Column(index.column());
    if (role == SortRole && column == Column::Line)
        return r.line;
    if (role == IdRole)
        return r.line;
    if (role != Qt::DisplayRole && role != SortRole && role != FilterRole && role != ExportRole)
        return {};
    const bool plain = role == ExportRole;
    const auto issues = m_issues.constFind(r.line);
    if (issues != m_issues.cend()) {
        if (column == Column::Status)
            return plain ? QStringLiteral("invalid") : tr("Invalid");
        if (column == Column::Error)
            return issues->join(QStringLiteral("; "));
    }
    switch (column) {
    case Column::Line: return r.line;
    case Column::Organization: return r.organization;
    case Column::Email: return r.email;
    case Column::Role: return plain ? roleCliName(r.role) : (r.email.isEmpty() ? QString() : roleDisplayName(r.role));
    case Column::Status: return plain ? stepStateName(r.state) : stepStateDisplayName(r.state);
    case Column::Error: return r.error;
    case Column::Count: break;
    }
    return {};
}

QVariant OnboardingRowTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Line: return tr("Line");
    case Column::Organization: return tr("Organization");
    case Column::Email: return tr("E-mail");
    case Column::Role: return tr("Role");
    case Column::Status: return tr("Status");
    case Column::Error: return tr("Error");
    case Column::Count: break;
    }
    return {};
}

} // namespace adm::models
