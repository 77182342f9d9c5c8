// SPDX-License-Identifier: Apache-2.0
#include "models/TableFilterProxy.h"

#include "models/ModelRoles.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QMutex>
#include <QThreadPool>

#include <algorithm>
#include <numeric>

namespace adm::models {

namespace {
// Joins the columns of a key; a filter text holding it is matched column by column instead.
constexpr char ColumnSeparator = '\n';
// One slice of key building: well inside a frame, so scrolling and typing stay smooth meanwhile.
constexpr qint64 WarmSliceNs = 3'000'000;
// Warming starts this long after rows arrive: the first paint of a window showing cached rows
// comes first (nobody types within a tenth of a second of seeing a table).
constexpr int WarmDelayMs = 100;
// Edited rows re-sorted one by one up to this many; more sort the whole order again.
constexpr int ResortSingleRows = 64;

// The order QSortFilterProxyModel::lessThan() gives two SortRole values (Qt 6.4's
// QAbstractItemModelPrivate::isVariantLessThan, case-insensitive, not locale-aware): numbers and
// times by value, anything else as text. Strings come case-folded from sortValue().
bool variantLessThan(const QVariant &l, const QVariant &r)
{
    if (l.userType() == QMetaType::UnknownType)
        return false;
    if (r.userType() == QMetaType::UnknownType)
        return true;
    switch (l.userType()) {
    case QMetaType::Int: return l.toInt() < r.toInt();
    case QMetaType::UInt: return l.toUInt() < r.toUInt();
    case QMetaType::LongLong: return l.toLongLong() < r.toLongLong();
    case QMetaType::ULongLong: return l.toULongLong() < r.toULongLong();
    case QMetaType::Float: return l.toFloat() < r.toFloat();
    case QMetaType::Double: return l.toDouble() < r.toDouble();
    case QMetaType::QChar: return l.toChar() < r.toChar();
    case QMetaType::QDate: return l.toDate() < r.toDate();
    case QMetaType::QTime: return l.toTime() < r.toTime();
    case QMetaType::QDateTime: return l.toDateTime() < r.toDateTime();
    case QMetaType::QString: {
        // Both case-folded by sortValue() already: comparing their code units is what a
        // case-insensitive compare of the originals gives, without folding at every comparison.
        const QString &a = *static_cast<const QString *>(l.constData());
        if (r.userType() == QMetaType::QString)
            return a < *static_cast<const QString *>(r.constData());
        return a.compare(r.toString(), Qt::CaseInsensitive) < 0;
    }
    default: return l.toString().compare(r.toString(), Qt::CaseInsensitive) < 0;
    }
}
} // namespace

// The worker posts its answer through this, never to a proxy that is gone: the destructor
// clears `owner` under the same lock (events already posted die with the QObject).
struct TableFilterProxy::MatchShared {
    QMutex mutex;
    TableFilterProxy *owner = nullptr;
};

TableFilterProxy::TableFilterProxy(QObject *parent)
    : QAbstractProxyModel(parent)
    , m_shared(std::make_shared<MatchShared>())
{
    m_shared->owner = this;
    m_warmTimer.setSingleShot(true);
    connect(&m_warmTimer, &QTimer::timeout, this, &TableFilterProxy::warmSome);
}

TableFilterProxy::~TableFilterProxy()
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->owner = nullptr;
}

void TableFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    beginResetModel();
    for (const auto &c : std::as_const(m_sourceConnections))
        disconnect(c);
    m_sourceConnections.clear();
    QAbstractProxyModel::setSourceModel(model);
    if (model) {
        using M = QAbstractItemModel;
        using P = TableFilterProxy;
        m_sourceConnections = {
            connect(model, &M::dataChanged, this, &P::sourceDataChanged),
            connect(model, &M::rowsAboutToBeInserted, this, &P::sourceRowsAboutToBeInserted),
            connect(model, &M::rowsInserted, this, &P::sourceRowsInserted),
            connect(model, &M::rowsAboutToBeRemoved, this, &P::sourceRowsAboutToBeRemoved),
            connect(model, &M::rowsRemoved, this, &P::sourceRowsRemoved),
            connect(model, &M::rowsAboutToBeMoved, this, &P::sourceLayoutAboutToBeChanged),
            connect(model, &M::rowsMoved, this, &P::sourceLayoutChanged),
            connect(model, &M::layoutAboutToBeChanged, this, &P::sourceLayoutAboutToBeChanged),
            connect(model, &M::layoutChanged, this, &P::sourceLayoutChanged),
            connect(model, &M::modelAboutToBeReset, this, &P::sourceAboutToBeReset),
            connect(model, &M::modelReset, this, &P::sourceReset),
            // Rare in a flat table: start over.
            connect(model, &M::columnsAboutToBeInserted, this, &P::sourceAboutToBeReset),
            connect(model, &M::columnsInserted, this, &P::sourceReset),
            connect(model, &M::columnsAboutToBeRemoved, this, &P::sourceAboutToBeReset),
            connect(model, &M::columnsRemoved, this, &P::sourceReset),
            connect(model, &M::columnsAboutToBeMoved, this, &P::sourceAboutToBeReset),
            connect(model, &M::columnsMoved, this, &P::sourceReset),
            connect(model, &M::headerDataChanged, this, &P::headerDataChanged),
        };
    }
    resetState();
    rebuildRows();
    endResetModel();
}

// ---- the model interface

QModelIndex TableFilterProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || size_t(row) >= m_rows.size() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex TableFilterProxy::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex TableFilterProxy::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int TableFilterProxy::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TableFilterProxy::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !sourceModel() ? 0 : sourceModel()->columnCount();
}

bool TableFilterProxy::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && rowCount() > 0 && columnCount() > 0;
}

QVariant TableFilterProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!sourceModel())
        return {};
    if (orientation == Qt::Horizontal)
        return sourceModel()->headerData(section, orientation, role);
    if (section < 0 || size_t(section) >= m_rows.size())
        return {};
    return sourceModel()->headerData(m_rows[size_t(section)], orientation, role);
}

QModelIndex TableFilterProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || proxyIndex.model() != this || !sourceModel())
        return {};
    const auto row = size_t(proxyIndex.row());
    if (row >= m_rows.size())
        return {};
    return sourceModel()->index(m_rows[row], proxyIndex.column());
}

QModelIndex TableFilterProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != sourceModel() || sourceIndex.parent().isValid())
        return {};
    const auto row = size_t(sourceIndex.row());
    if (row >= m_proxyRow.size() || m_proxyRow[row] < 0)
        return {};
    return createIndex(m_proxyRow[row], sourceIndex.column());
}

// ---- filtering

void TableFilterProxy::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    m_needle = trimmed.toCaseFolded().toUtf8();
    ++m_generation;
    const bool small = !sourceModel() || sourceModel()->rowCount() < BackgroundRows;
    if (small || m_needle.isEmpty() || m_needle.contains(ColumnSeparator)) {
        m_matchWanted = false; // a job still running answers an older text: dropped
        useNeedle(m_needle);
        refilter();
        Q_EMIT filterApplied(m_text);
        return;
    }
    if (m_matchRunning)
        m_matchWanted = true;
    else
        startMatch();
}

void TableFilterProxy::setRowPredicate(RowPredicate predicate)
{
    m_predicate = std::move(predicate);
    refilter();
}

void TableFilterProxy::useNeedle(const QByteArray &needle)
{
    // A row the old text rejected cannot match a text that contains it.
    const bool narrowing = !m_verdictNeedle.isEmpty() && needle.contains(m_verdictNeedle);
    for (Verdict &v : m_verdicts) {
        if (v == Accepted || !narrowing)
            v = Unknown;
    }
    m_verdictNeedle = needle;
    m_matcher.setPattern(needle);
}

void TableFilterProxy::startMatch()
{
    m_matchWanted = false;
    m_matchRunning = true;
    m_rowsChangedSinceMatch = 0;
    // The worker cannot ask the model: every key is built first (warming has done nearly all).
    for (size_t r = 0; r < m_keys.size(); ++r)
        key(r);
    const quint64 generation = m_generation;
    const QByteArray needle = m_needle;
    const bool narrowing = !m_verdictNeedle.isEmpty() && needle.contains(m_verdictNeedle);
    // Copies: the arena and the vectors change on this thread while the worker reads.
    const QByteArray arena = m_arena;
    const std::vector<KeyRef> keys = m_keys;
    const std::vector<Verdict> previous = narrowing ? m_verdicts : std::vector<Verdict>();
    const std::shared_ptr<MatchShared> shared = m_shared;
    QThreadPool::globalInstance()->start([=] {
        QByteArrayMatcher matcher(needle);
        std::vector<Verdict> verdicts(keys.size());
        for (size_t r = 0; r < keys.size(); ++r) {
            if (narrowing && previous[r] == Rejected)
                verdicts[r] = Rejected;
            else
                verdicts[r] = matcher.indexIn(QByteArrayView(arena.constData() + keys[r].offset, keys[r].length)) >= 0
                    ? Accepted
                    : Rejected;
        }
        QMutexLocker lock(&shared->mutex);
        if (TableFilterProxy *owner = shared->owner) {
            QMetaObject::invokeMethod(
                owner, [owner, generation, needle, verdicts] { owner->matchDone(generation, needle, verdicts); },
                Qt::QueuedConnection);
        }
    });
}

void TableFilterProxy::matchDone(quint64 generation, const QByteArray &needle, std::vector<Verdict> verdicts)
{
    m_matchRunning = false;
    if (generation == m_generation && m_rowsChangedSinceMatch == 0) {
        // Rows appended since the copy are matched as they are shown.
        verdicts.resize(m_verdicts.size(), Unknown);
        m_verdicts = std::move(verdicts);
        m_verdictNeedle = needle;
        m_matcher.setPattern(needle);
        refilter();
        Q_EMIT filterApplied(m_text);
    } else if (generation == m_generation) {
        m_matchWanted = true; // rows changed under it: again
    }
    if (m_matchWanted)
        startMatch();
}

bool TableFilterProxy::accepts(int sourceRow)
{
    if (m_predicate && !m_predicate(sourceRow))
        return false;
    return m_verdictNeedle.isEmpty() || textMatches(sourceRow);
}

bool TableFilterProxy::textMatches(int sourceRow)
{
    const auto row = size_t(sourceRow);
    if (m_verdicts[row] != Unknown)
        return m_verdicts[row] == Accepted;
    bool match = m_matcher.indexIn(key(row)) >= 0;
    if (match && m_verdictNeedle.contains(ColumnSeparator)) {
        // The text spans a column boundary of the key: ask each column alone.
        const QString text = QString::fromUtf8(m_verdictNeedle);
        match = false;
        for (int c = 0; c < sourceModel()->columnCount() && !match; ++c) {
            const QString cell = sourceModel()->index(sourceRow, c).data(FilterRole).toString();
            match = cell.contains(text, Qt::CaseInsensitive);
        }
    }
    m_verdicts[row] = match ? Accepted : Rejected;
    return match;
}

QByteArrayView TableFilterProxy::key(size_t row)
{
    KeyRef &ref = m_keys[row];
    if (ref.length == NotBuilt) {
        const QByteArray k = keyOf(int(row));
        ref.offset = quint32(m_arena.size());
        ref.length = quint32(k.size());
        m_arena.append(k);
    }
    return QByteArrayView(m_arena.constData() + ref.offset, ref.length);
}

QByteArray TableFilterProxy::keyOf(int sourceRow) const
{
    const QAbstractItemModel *model = sourceModel();
    QString key;
    for (int c = 0; c < model->columnCount(); ++c) {
        if (c > 0)
            key += QLatin1Char(ColumnSeparator);
        key += model->index(sourceRow, c).data(FilterRole).toString();
    }
    return key.toCaseFolded().toUtf8();
}

void TableFilterProxy::compactKeys()
{
    QByteArray arena;
    arena.reserve(m_arena.size() - m_garbage);
    for (KeyRef &ref : m_keys) {
        if (ref.length == NotBuilt)
            continue;
        const auto offset = quint32(arena.size());
        arena.append(m_arena.constData() + ref.offset, ref.length);
        ref.offset = offset;
    }
    m_arena = std::move(arena);
    m_garbage = 0;
}

void TableFilterProxy::forgetKeys(int first, int last)
{
    for (int r = std::max(first, 0); r <= last && size_t(r) < m_keys.size(); ++r) {
        KeyRef &ref = m_keys[size_t(r)];
        if (ref.length != NotBuilt)
            m_garbage += ref.length;
        ref = KeyRef();
        m_verdicts[size_t(r)] = Unknown;
    }
    m_warmFrom = std::min(m_warmFrom, size_t(std::max(first, 0)));
    scheduleWarming();
}

void TableFilterProxy::growTo(int rows)
{
    m_keys.resize(size_t(rows));
    m_verdicts.resize(size_t(rows), Unknown);
}

void TableFilterProxy::resetState()
{
    const int rows = sourceModel() ? sourceModel()->rowCount() : 0;
    m_keys.assign(size_t(rows), KeyRef());
    m_arena.clear();
    m_garbage = 0;
    m_verdicts.assign(size_t(rows), Unknown);
    m_warmFrom = 0;
    ++m_rowsChangedSinceMatch;
    if (sourceModel() && m_sortColumn >= sourceModel()->columnCount())
        m_sortColumn = -1;
    sortOrderVector();
    scheduleWarming();
}

void TableFilterProxy::scheduleWarming()
{
    const QAbstractItemModel *model = sourceModel();
    if (model && model->rowCount() >= WarmRows && !m_warmTimer.isActive())
        m_warmTimer.start(WarmDelayMs);
}

void TableFilterProxy::warmSome()
{
    const QAbstractItemModel *model = sourceModel();
    if (!model)
        return;
    QElapsedTimer slice;
    slice.start();
    // Edited rows leave their old keys behind: copy the live ones once half the buffer is waste.
    if (m_garbage > 64 * 1024 && m_garbage > m_arena.size() / 2)
        compactKeys();
    const size_t rows = m_keys.size();
    size_t r = m_warmFrom;
    for (; r < rows; ++r) {
        key(r);
        if ((r & 63) == 63 && slice.nsecsElapsed() > WarmSliceNs)
            break;
    }
    m_warmFrom = std::min(r + 1, rows);
    if (m_warmFrom < rows)
        m_warmTimer.start(0);
}

// ---- sorting and the mapping

void TableFilterProxy::sort(int column, Qt::SortOrder order)
{
    if (sourceModel() && column >= sourceModel()->columnCount())
        column = -1;
    if (column < 0)
        order = Qt::AscendingOrder;
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    beginLayoutChange();
    m_sortColumn = column;
    m_sortOrder = order;
    sortOrderVector();
    endLayoutChange();
}

QVariant TableFilterProxy::sortValue(int sourceRow) const
{
    QVariant value = sourceModel()->index(sourceRow, m_sortColumn).data(SortRole);
    // Folded once here rather than twice per comparison (~34 comparisons per row at 100,000).
    if (value.userType() == QMetaType::QString)
        value = static_cast<const QString *>(value.constData())->toCaseFolded();
    return value;
}

bool TableFilterProxy::sortLess(int leftSourceRow, int rightSourceRow) const
{
    const QVariant &l = m_sortValues[size_t(leftSourceRow)];
    const QVariant &r = m_sortValues[size_t(rightSourceRow)];
    if (m_sortStrings) {
        // The common case (names, e-mails) without asking each value its type.
        const QString &a = *static_cast<const QString *>(l.constData());
        const QString &b = *static_cast<const QString *>(r.constData());
        return m_sortOrder == Qt::AscendingOrder ? a < b : b < a;
    }
    return m_sortOrder == Qt::AscendingOrder ? variantLessThan(l, r) : variantLessThan(r, l);
}

void TableFilterProxy::sortOrderVector()
{
    const int rows = sourceModel() ? sourceModel()->rowCount() : 0;
    m_order.resize(size_t(rows));
    std::iota(m_order.begin(), m_order.end(), 0);
    m_sortValues.clear();
    if (m_sortColumn < 0)
        return;
    // Each value read once, not twice per comparison (~34 times per row for 100,000 rows).
    m_sortValues.resize(size_t(rows));
    m_sortStrings = true;
    for (int r = 0; r < rows; ++r) {
        m_sortValues[size_t(r)] = sortValue(r);
        m_sortStrings = m_sortStrings && m_sortValues[size_t(r)].userType() == QMetaType::QString;
    }
    std::stable_sort(m_order.begin(), m_order.end(), [this](int a, int b) { return sortLess(a, b); });
}

std::vector<int> TableFilterProxy::shownRows()
{
    std::vector<int> rows;
    rows.reserve(m_order.size());
    for (const int source : m_order) {
        if (accepts(source))
            rows.push_back(source);
    }
    return rows;
}

void TableFilterProxy::setRows(std::vector<int> rows)
{
    m_rows = std::move(rows);
    m_proxyRow.assign(m_order.size(), -1);
    for (size_t p = 0; p < m_rows.size(); ++p)
        m_proxyRow[size_t(m_rows[p])] = int(p);
}

void TableFilterProxy::rebuildRows()
{
    setRows(shownRows());
}

void TableFilterProxy::refilter()
{
    // The mapping is still the old one: the proxy's rows change only in endLayoutChange().
    std::vector<int> rows = shownRows();
    if (rows == m_rows)
        return; // e.g. a keystroke that hides no row: no relayout of 100,000 rows
    beginLayoutChange();
    endLayoutChange(std::move(rows));
}

void TableFilterProxy::beginLayoutChange()
{
    if (m_layoutDepth++ > 0 || m_resetting)
        return;
    // After the signal: selection models make their persistent indexes in answer to it.
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    m_layoutProxy = persistentIndexList();
    m_layoutSource.clear();
    m_layoutSource.reserve(m_layoutProxy.size());
    for (const QModelIndex &index : std::as_const(m_layoutProxy))
        m_layoutSource.append(QPersistentModelIndex(mapToSource(index)));
}

void TableFilterProxy::endLayoutChange(std::optional<std::vector<int>> rows)
{
    if (--m_layoutDepth > 0 || m_resetting)
        return;
    setRows(rows ? std::move(*rows) : shownRows());
    QModelIndexList to;
    to.reserve(m_layoutSource.size());
    for (const QPersistentModelIndex &source : std::as_const(m_layoutSource))
        to.append(mapFromSource(source));
    changePersistentIndexList(m_layoutProxy, to);
    m_layoutProxy.clear();
    m_layoutSource.clear();
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

// ---- following the source

void TableFilterProxy::sourceDataChanged(
    const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (topLeft.parent().isValid() || !topLeft.isValid())
        return;
    const int first = topLeft.row(), last = std::min(bottomRight.row(), int(m_keys.size()) - 1);
    if (last < first)
        return;
    forgetKeys(first, last);
    ++m_rowsChangedSinceMatch;
    const bool sortTouched = m_sortColumn >= 0 && topLeft.column() <= m_sortColumn
        && m_sortColumn <= bottomRight.column() && (roles.isEmpty() || roles.contains(SortRole));
    bool visibilityChanged = false;
    for (int r = first; r <= last && !visibilityChanged; ++r)
        visibilityChanged = (m_proxyRow[size_t(r)] >= 0) != accepts(r);
    if (!sortTouched && !visibilityChanged) {
        int lo = -1, hi = -1;
        for (int r = first; r <= last; ++r) {
            const int p = m_proxyRow[size_t(r)];
            if (p >= 0) {
                lo = lo < 0 ? p : std::min(lo, p);
                hi = std::max(hi, p);
            }
        }
        if (lo >= 0)
            Q_EMIT dataChanged(index(lo, topLeft.column()), index(hi, bottomRight.column()), roles);
        return;
    }
    beginLayoutChange();
    if (sortTouched) {
        for (int r = first; r <= last; ++r) {
            m_sortValues[size_t(r)] = sortValue(r);
            m_sortStrings = m_sortStrings && m_sortValues[size_t(r)].userType() == QMetaType::QString;
        }
        if (last - first + 1 > ResortSingleRows) {
            std::stable_sort(m_order.begin(), m_order.end(), [this](int a, int b) { return sortLess(a, b); });
        } else {
            for (int r = first; r <= last; ++r) {
                m_order.erase(std::find(m_order.begin(), m_order.end(), r));
                const auto at = std::upper_bound(
                    m_order.begin(), m_order.end(), r, [this](int a, int b) { return sortLess(a, b); });
                m_order.insert(at, r);
            }
        }
    }
    endLayoutChange();
}

void TableFilterProxy::sourceRowsAboutToBeInserted(const QModelIndex &parent, int first, int)
{
    if (parent.isValid())
        return;
    // Appended to an unsorted table: the new rows go after every row shown, told as an insertion.
    // Anywhere else they fall among the rows shown: one layout change.
    m_insertAppends = m_sortColumn < 0 && size_t(first) == m_keys.size();
    if (!m_insertAppends)
        beginLayoutChange();
}

void TableFilterProxy::sourceRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const auto count = size_t(last - first + 1);
    m_keys.insert(m_keys.begin() + first, count, KeyRef());
    m_verdicts.insert(m_verdicts.begin() + first, count, Unknown);
    m_warmFrom = std::min(m_warmFrom, size_t(first));
    scheduleWarming();
    if (m_insertAppends) {
        m_insertAppends = false;
        for (int r = first; r <= last; ++r)
            m_order.push_back(r);
        m_proxyRow.resize(m_keys.size(), -1);
        std::vector<int> shown;
        for (int r = first; r <= last; ++r) {
            if (accepts(r))
                shown.push_back(r);
        }
        if (shown.empty())
            return;
        const int at = int(m_rows.size());
        beginInsertRows({}, at, at + int(shown.size()) - 1);
        for (const int r : shown) {
            m_proxyRow[size_t(r)] = int(m_rows.size());
            m_rows.push_back(r);
        }
        endInsertRows();
        return;
    }
    ++m_rowsChangedSinceMatch;
    for (int &r : m_order) {
        if (r >= first)
            r += int(count);
    }
    if (m_sortColumn < 0) {
        m_order.insert(m_order.begin() + first, count, 0);
        std::iota(m_order.begin() + first, m_order.begin() + first + qsizetype(count), first);
    } else {
        std::vector<QVariant> values(count);
        for (size_t i = 0; i < count; ++i) {
            values[i] = sortValue(first + int(i));
            m_sortStrings = m_sortStrings && values[i].userType() == QMetaType::QString;
        }
        m_sortValues.insert(m_sortValues.begin() + first, values.begin(), values.end());
        const auto middle = m_order.size();
        for (int r = first; r <= last; ++r)
            m_order.push_back(r);
        auto less = [this](int a, int b) { return sortLess(a, b); };
        std::stable_sort(m_order.begin() + qsizetype(middle), m_order.end(), less);
        std::inplace_merge(m_order.begin(), m_order.begin() + qsizetype(middle), m_order.end(), less);
    }
    endLayoutChange();
}

void TableFilterProxy::sourceRowsAboutToBeRemoved(const QModelIndex &parent, int, int)
{
    if (!parent.isValid())
        beginLayoutChange();
}

void TableFilterProxy::sourceRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const auto end = std::min(size_t(last) + 1, m_keys.size());
    for (size_t r = size_t(first); r < end; ++r) {
        if (m_keys[r].length != NotBuilt)
            m_garbage += m_keys[r].length;
    }
    m_keys.erase(m_keys.begin() + first, m_keys.begin() + qsizetype(end));
    m_verdicts.erase(m_verdicts.begin() + first, m_verdicts.begin() + qsizetype(end));
    if (!m_sortValues.empty())
        m_sortValues.erase(m_sortValues.begin() + first, m_sortValues.begin() + qsizetype(end));
    const int count = int(end) - first;
    std::erase_if(m_order, [first, last](int r) { return r >= first && r <= last; });
    for (int &r : m_order) {
        if (r > last)
            r -= count;
    }
    m_warmFrom = std::min(m_warmFrom, size_t(first));
    ++m_rowsChangedSinceMatch;
    endLayoutChange();
}

void TableFilterProxy::sourceLayoutAboutToBeChanged()
{
    beginLayoutChange();
}

void TableFilterProxy::sourceLayoutChanged()
{
    resetState();
    endLayoutChange();
}

void TableFilterProxy::sourceAboutToBeReset()
{
    beginResetModel();
    m_resetting = true;
}

void TableFilterProxy::sourceReset()
{
    resetState();
    rebuildRows();
    m_resetting = false;
    endResetModel();
}

} // namespace adm::models
