// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractProxyModel>
#include <QByteArrayMatcher>
#include <QPersistentModelIndex>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace adm::models {

// Sort by SortRole, filter-as-you-type on FilterRole (all columns, case-insensitive), plus an
// optional row predicate on the source model (e.g. "active tokens only"), for flat tables.
//
// Filtering must keep up with typing on 100,000 rows (one 60 Hz frame per keystroke,
// docs/PERFORMANCE.md). QSortFilterProxyModel could not: telling the view about each range of
// rows that leaves or returns, and asking the filter about every row again, cost more than the
// matching itself. So this proxy keeps its own mapping and changes it in one layout change:
//  - each source row's FilterRole texts are case-folded and joined once into a key, kept until
//    that row changes. In tables of WarmRows rows or more the keys are built ahead, in slices of
//    a few milliseconds, starting a moment after rows arrive (after the first paint of cached
//    rows at start-up). The keys lie back to back in one buffer
//    (about 100 bytes per row), so matching reads memory in order;
//  - in tables of BackgroundRows rows or more a new filter text is matched on a worker thread,
//    against a copy of the keys; the GUI thread only applies the answer. While it runs the view
//    keeps the previous rows, and a newer text replaces a pending one (only the last counts);
//  - typing narrows: when the new text contains the previous one, a row the previous text
//    rejected stays rejected without being looked at;
//  - sorting reads the sort column once per row and compares as QSortFilterProxyModel::lessThan()
//    would (numbers and times by value, text case-insensitively), stable for equal values. The
//    order is kept as rows arrive, change or leave.
class TableFilterProxy : public QAbstractProxyModel
{
    Q_OBJECT
public:
    using RowPredicate = std::function<bool(int sourceRow)>;
    static constexpr int WarmRows = 2000;
    static constexpr int BackgroundRows = 5000;

    explicit TableFilterProxy(QObject *parent = nullptr);
    ~TableFilterProxy() override;

    void setSourceModel(QAbstractItemModel *model) override;
    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }
    void setRowPredicate(RowPredicate predicate);
    // column < 0: the source model's order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    // A filter text is being matched on the worker thread; the rows shown are the previous text's.
    bool isMatching() const { return m_matchRunning; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

Q_SIGNALS:
    // A filter text has been matched and its rows are shown (also for synchronous matches).
    void filterApplied(const QString &text);

private:
    enum Verdict : signed char { Unknown = -1, Rejected = 0, Accepted = 1 };
    // Where a row's key lies in m_arena; length NotBuilt until built.
    struct KeyRef {
        quint32 offset = 0;
        quint32 length = NotBuilt;
    };
    static constexpr quint32 NotBuilt = 0xffffffffu;
    struct MatchShared; // between the proxy and its worker jobs

    bool accepts(int sourceRow); // predicate and text
    bool textMatches(int sourceRow);
    QByteArray keyOf(int sourceRow) const;
    QByteArrayView key(size_t row); // built if needed
    void compactKeys(); // drops the bytes of replaced keys
    void forgetKeys(int first, int last); // their data changed
    void growTo(int rows); // per-row vectors as long as the source
    void resetState(); // after a reset, a move or a layout change of the source
    void scheduleWarming();
    void warmSome(); // one slice of key building

    void useNeedle(const QByteArray &needle); // synchronously: m_verdicts now for needle
    void startMatch(); // on the worker
    void matchDone(quint64 generation, const QByteArray &needle, std::vector<Verdict> verdicts);

    QVariant sortValue(int sourceRow) const;
    bool sortLess(int leftSourceRow, int rightSourceRow) const;
    void sortOrderVector();
    std::vector<int> shownRows(); // from m_order, the predicate and the verdicts
    void setRows(std::vector<int> rows); // m_rows and m_proxyRow
    void rebuildRows(); // setRows(shownRows())
    // After the verdicts or the predicate changed: one layout change, or none when the same
    // rows come out.
    void refilter();
    void beginLayoutChange();
    // Shows `rows` (or shownRows()) and moves the persistent indexes.
    void endLayoutChange(std::optional<std::vector<int>> rows = std::nullopt);

    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void sourceRowsAboutToBeInserted(const QModelIndex &parent, int first, int last);
    void sourceRowsInserted(const QModelIndex &parent, int first, int last);
    void sourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void sourceRowsRemoved(const QModelIndex &parent, int first, int last);
    void sourceLayoutAboutToBeChanged();
    void sourceLayoutChanged();
    void sourceAboutToBeReset();
    void sourceReset();

    RowPredicate m_predicate;
    QString m_text; // trimmed, as typed
    QByteArray m_needle; // case-folded UTF-8 of m_text: what the user asked for
    QByteArray m_verdictNeedle; // what m_verdicts answer (differs while the worker matches)
    QByteArrayMatcher m_matcher; // for m_verdictNeedle

    // By source row (top level only).
    std::vector<KeyRef> m_keys;
    QByteArray m_arena; // the keys, back to back
    qsizetype m_garbage = 0; // bytes of m_arena no key points to any more
    std::vector<Verdict> m_verdicts; // for m_verdictNeedle
    std::vector<QVariant> m_sortValues; // of m_sortColumn, while sorted
    bool m_sortStrings = false; // every one of them is a QString

    std::vector<int> m_order; // every source row, in sort order
    std::vector<int> m_rows; // proxy row -> source row
    std::vector<int> m_proxyRow; // source row -> proxy row, -1 when hidden
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;

    // Persistent indexes across a layout change, as source indexes.
    int m_layoutDepth = 0;
    QModelIndexList m_layoutProxy;
    QList<QPersistentModelIndex> m_layoutSource;
    bool m_resetting = false;
    bool m_insertAppends = false; // the insertion in progress appends rows to an unsorted table

    std::shared_ptr<MatchShared> m_shared;
    quint64 m_generation = 0; // of m_needle; answers for older texts are dropped
    bool m_matchRunning = false;
    bool m_matchWanted = false; // a newer text waits for the running job
    quint64 m_rowsChangedSinceMatch = 0; // rows edited, removed or moved under a running job

    QTimer m_warmTimer;
    size_t m_warmFrom = 0; // keys before this row are built
    QList<QMetaObject::Connection> m_sourceConnections;
};

} // namespace adm::models
