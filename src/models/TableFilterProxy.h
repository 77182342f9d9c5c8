// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QSortFilterProxyModel>

#include <functional>

namespace adm::models {

// Sort by SortRole, filter-as-you-type on FilterRole (all columns, case-insensitive), plus an
// optional row predicate on the source model (e.g. "active tokens only").
class TableFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    using RowPredicate = std::function<bool(int sourceRow)>;

    explicit TableFilterProxy(QObject *parent = nullptr);

    void setFilterText(const QString &text);
    void setRowPredicate(RowPredicate predicate);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    RowPredicate m_predicate;
};

} // namespace adm::models
