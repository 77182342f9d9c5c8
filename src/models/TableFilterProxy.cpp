// SPDX-License-Identifier: Apache-2.0
#include "models/TableFilterProxy.h"

#include "models/ModelRoles.h"

namespace adm::models {

TableFilterProxy::TableFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(SortRole);
    setFilterRole(FilterRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(-1);
}

void TableFilterProxy::setFilterText(const QString &text)
{
    setFilterFixedString(text.trimmed());
}

void TableFilterProxy::setRowPredicate(RowPredicate predicate)
{
    m_predicate = std::move(predicate);
    invalidateFilter();
}

bool TableFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_predicate && !m_predicate(sourceRow))
        return false;
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

} // namespace adm::models
