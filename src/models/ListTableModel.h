// SPDX-License-Identifier: Apache-2.0
// Row storage shared by the flat table models: a list of domain values, replaced wholesale
// after a refresh and edited row by row after a write.
#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

#include <functional>

namespace adm::models {

template<typename T> class ListTableModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }

    void setRows(QList<T> rows)
    {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
    }
    const QList<T> &rows() const { return m_rows; }
    const T &at(int row) const { return m_rows.at(row); }

    void appendRow(const T &value)
    {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
        m_rows.append(value);
        endInsertRows();
    }
    void replaceRow(int row, const T &value)
    {
        if (row < 0 || row >= m_rows.size())
            return;
        m_rows[row] = value;
        Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
    }
    void removeRowAt(int row)
    {
        if (row < 0 || row >= m_rows.size())
            return;
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
    }
    // First row whose value satisfies `pred`, or -1.
    int findRow(const std::function<bool(const T &)> &pred) const
    {
        for (int i = 0; i < m_rows.size(); ++i) {
            if (pred(m_rows.at(i)))
                return i;
        }
        return -1;
    }

    // The time "relative" columns are computed against; tests pin it.
    void setNow(const QDateTime &now) { m_now = now; }
    QDateTime now() const { return m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc(); }

protected:
    bool validIndex(const QModelIndex &index) const
    {
        return index.isValid() && !index.parent().isValid() && index.row() < m_rows.size()
            && index.column() < columnCount();
    }

    QList<T> m_rows;
    QDateTime m_now;
};

} // namespace adm::models
