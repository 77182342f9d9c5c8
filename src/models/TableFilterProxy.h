// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArrayMatcher>
#include <QSortFilterProxyModel>
#include <QTimer>

#include <functional>
#include <vector>

namespace adm::models {

// Sort by SortRole, filter-as-you-type on FilterRole (all columns, case-insensitive), plus an
// optional row predicate on the source model (e.g. "active tokens only").
//
// Filtering must keep up with typing on 100,000 rows (one 60 Hz frame per keystroke,
// docs/PERFORMANCE.md), so a keystroke does not ask the model for every cell again:
//  - each source row's FilterRole texts are case-folded and joined once into a key, kept until
//    that row changes. In tables of WarmRows rows or more the keys are built ahead, in slices of
//    a few milliseconds while the event loop is idle, so the first keystroke finds them ready
//    (smaller tables build them at the first keystroke). The keys lie back to back in one
//    buffer, so a keystroke reads memory in order rather than chasing 100,000 allocations
//    (about 100 bytes per row);
//  - typing narrows: when the new text contains the previous one, a row the previous text
//    rejected stays rejected without being looked at.
// Sorting reads the sort column once per row (not twice per comparison, ~34 times per row for
// 100,000 rows) and compares those values as QSortFilterProxyModel::lessThan() would.
class TableFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    using RowPredicate = std::function<bool(int sourceRow)>;
    static constexpr int WarmRows = 2000;

    explicit TableFilterProxy(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *model) override;
    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }
    void setRowPredicate(RowPredicate predicate);
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &sourceLeft, const QModelIndex &sourceRight) const override;

private:
    bool textMatches(int sourceRow) const;
    QByteArray keyOf(int sourceRow) const;
    QByteArrayView key(size_t row) const; // built if needed
    void compactKeys(); // drops the bytes of replaced keys
    void forgetRows(int first, int last); // their data changed
    void insertRows(int first, int last);
    void removeRows(int first, int last);
    void forgetAll(); // rows moved, reset, columns changed
    void scheduleWarming();
    void warmSome(); // one slice of key building

    enum Verdict : signed char { Unknown = -1, Rejected = 0, Accepted = 1 };

    RowPredicate m_predicate;
    QString m_text; // trimmed, as typed
    QByteArray m_needle; // case-folded UTF-8 of m_text
    QByteArrayMatcher m_matcher;
    // Where a row's key lies in m_arena; length NotBuilt until built.
    struct KeyRef {
        quint32 offset = 0;
        quint32 length = NotBuilt;
    };
    static constexpr quint32 NotBuilt = 0xffffffffu;
    // By source row (top level only); may be shorter than the model: missing = not known yet.
    mutable std::vector<KeyRef> m_keys;
    mutable QByteArray m_arena; // the keys, back to back
    mutable qsizetype m_garbage = 0; // bytes of m_arena no key points to any more
    mutable std::vector<Verdict> m_verdicts; // for m_needle
    QTimer m_warmTimer;
    size_t m_warmFrom = 0; // keys before this row are built
    QList<QMetaObject::Connection> m_sourceConnections;
    // The sort column's values by source row, only while sort() runs.
    std::vector<QVariant> m_sortKeys;
    int m_sortKeyColumn = -1;
};

} // namespace adm::models
