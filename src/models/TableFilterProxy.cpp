// SPDX-License-Identifier: Apache-2.0
#include "models/TableFilterProxy.h"

#include "models/ModelRoles.h"

#include <QDateTime>
#include <QElapsedTimer>

namespace adm::models {

namespace {
// Joins the columns of a key; a filter text holding it is matched column by column instead.
constexpr char ColumnSeparator = '\n';
// One slice of key building: well inside a frame, so scrolling and typing stay smooth meanwhile.
constexpr qint64 WarmSliceNs = 3'000'000;

// The order QSortFilterProxyModel::lessThan() gives two SortRole values (Qt 6.4's
// QAbstractItemModelPrivate::isVariantLessThan): numbers and times by value, anything else as text.
bool variantLessThan(const QVariant &l, const QVariant &r, Qt::CaseSensitivity cs, bool localeAware)
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
        // Without a conversion: the values are strings already.
        const QString &a = *static_cast<const QString *>(l.constData());
        if (r.userType() == QMetaType::QString) {
            const QString &b = *static_cast<const QString *>(r.constData());
            return localeAware ? a.localeAwareCompare(b) < 0 : a.compare(b, cs) < 0;
        }
        return localeAware ? a.localeAwareCompare(r.toString()) < 0 : a.compare(r.toString(), cs) < 0;
    }
    default:
        return localeAware ? l.toString().localeAwareCompare(r.toString()) < 0
                           : l.toString().compare(r.toString(), cs) < 0;
    }
}
} // namespace

TableFilterProxy::TableFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(SortRole);
    setFilterRole(FilterRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(-1);
    m_warmTimer.setSingleShot(true);
    m_warmTimer.setInterval(0);
    connect(&m_warmTimer, &QTimer::timeout, this, &TableFilterProxy::warmSome);
}

void TableFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    for (const auto &c : std::as_const(m_sourceConnections))
        disconnect(c);
    m_sourceConnections.clear();
    forgetAll();
    // Connected before the base class connects its own: the keys are up to date by the time it
    // filters the new or changed rows.
    if (model) {
        auto topLevel = [](const QModelIndex &parent) { return !parent.isValid(); };
        m_sourceConnections = {
            connect(model, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex &tl, const QModelIndex &br) {
                    if (!tl.parent().isValid())
                        forgetRows(tl.row(), br.row());
                }),
            connect(model, &QAbstractItemModel::rowsInserted, this,
                [this, topLevel](const QModelIndex &parent, int first, int last) {
                    if (topLevel(parent))
                        insertRows(first, last);
                }),
            connect(model, &QAbstractItemModel::rowsRemoved, this,
                [this, topLevel](const QModelIndex &parent, int first, int last) {
                    if (topLevel(parent))
                        removeRows(first, last);
                }),
            connect(model, &QAbstractItemModel::rowsMoved, this, &TableFilterProxy::forgetAll),
            connect(model, &QAbstractItemModel::modelReset, this, &TableFilterProxy::forgetAll),
            connect(model, &QAbstractItemModel::layoutChanged, this, &TableFilterProxy::forgetAll),
            connect(model, &QAbstractItemModel::columnsInserted, this, &TableFilterProxy::forgetAll),
            connect(model, &QAbstractItemModel::columnsRemoved, this, &TableFilterProxy::forgetAll),
        };
    }
    QSortFilterProxyModel::setSourceModel(model);
    scheduleWarming();
}

void TableFilterProxy::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    const QByteArray needle = trimmed.toCaseFolded().toUtf8();
    // A row the old text rejected cannot match a text that contains it.
    const bool narrowing = !m_needle.isEmpty() && needle.contains(m_needle);
    for (Verdict &v : m_verdicts) {
        if (v == Accepted || !narrowing)
            v = Unknown;
    }
    m_text = trimmed;
    m_needle = needle;
    m_matcher.setPattern(needle);
    invalidateRowsFilter();
}

void TableFilterProxy::setRowPredicate(RowPredicate predicate)
{
    m_predicate = std::move(predicate);
    invalidateRowsFilter();
}

void TableFilterProxy::sort(int column, Qt::SortOrder order)
{
    const QAbstractItemModel *model = sourceModel();
    const bool unchanged = dynamicSortFilter() && column == sortColumn() && order == sortOrder();
    if (model && !unchanged && column >= 0 && column < model->columnCount()) {
        const int rows = model->rowCount();
        m_sortKeys.resize(size_t(rows));
        for (int r = 0; r < rows; ++r)
            m_sortKeys[size_t(r)] = model->index(r, column).data(sortRole());
        m_sortKeyColumn = column;
    }
    QSortFilterProxyModel::sort(column, order);
    m_sortKeys = {};
    m_sortKeyColumn = -1;
}

bool TableFilterProxy::lessThan(const QModelIndex &sourceLeft, const QModelIndex &sourceRight) const
{
    // Columns are never filtered here, so the source column is the proxy's.
    const auto l = size_t(sourceLeft.row()), r = size_t(sourceRight.row());
    if (m_sortKeyColumn >= 0 && sourceLeft.column() == m_sortKeyColumn && sourceRight.column() == m_sortKeyColumn
        && !sourceLeft.parent().isValid() && l < m_sortKeys.size() && r < m_sortKeys.size())
        return variantLessThan(m_sortKeys[l], m_sortKeys[r], sortCaseSensitivity(), isSortLocaleAware());
    return QSortFilterProxyModel::lessThan(sourceLeft, sourceRight);
}

bool TableFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_predicate && !m_predicate(sourceRow))
        return false;
    if (m_needle.isEmpty())
        return true;
    if (sourceParent.isValid())
        return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
    return textMatches(sourceRow);
}

bool TableFilterProxy::textMatches(int sourceRow) const
{
    const auto row = size_t(sourceRow);
    if (row >= m_verdicts.size()) {
        const auto rows = size_t(std::max(sourceModel()->rowCount(), sourceRow + 1));
        m_verdicts.resize(rows, Unknown);
        m_keys.resize(rows);
    }
    if (m_verdicts[row] != Unknown)
        return m_verdicts[row] == Accepted;
    bool match = m_matcher.indexIn(key(row)) >= 0;
    if (match && m_needle.contains(ColumnSeparator)) {
        // The text spans a column boundary of the key: ask each column alone.
        match = false;
        for (int c = 0; c < sourceModel()->columnCount() && !match; ++c) {
            const QString cell = sourceModel()->index(sourceRow, c).data(filterRole()).toString();
            match = cell.contains(m_text, Qt::CaseInsensitive);
        }
    }
    m_verdicts[row] = match ? Accepted : Rejected;
    return match;
}

QByteArrayView TableFilterProxy::key(size_t row) const
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

QByteArray TableFilterProxy::keyOf(int sourceRow) const
{
    const QAbstractItemModel *model = sourceModel();
    QString key;
    for (int c = 0; c < model->columnCount(); ++c) {
        if (c > 0)
            key += QLatin1Char(ColumnSeparator);
        key += model->index(sourceRow, c).data(filterRole()).toString();
    }
    return key.toCaseFolded().toUtf8();
}

void TableFilterProxy::forgetRows(int first, int last)
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

void TableFilterProxy::insertRows(int first, int last)
{
    if (size_t(first) < m_keys.size()) {
        const auto count = size_t(last - first + 1);
        m_keys.insert(m_keys.begin() + first, count, KeyRef());
        m_verdicts.insert(m_verdicts.begin() + first, count, Unknown);
    }
    // Appended rows are looked up when first filtered, or warmed.
    m_warmFrom = std::min(m_warmFrom, size_t(first));
    scheduleWarming();
}

void TableFilterProxy::removeRows(int first, int last)
{
    if (size_t(first) >= m_keys.size())
        return;
    const auto end = std::min(size_t(last) + 1, m_keys.size());
    for (size_t r = size_t(first); r < end; ++r) {
        if (m_keys[r].length != NotBuilt)
            m_garbage += m_keys[r].length;
    }
    m_keys.erase(m_keys.begin() + first, m_keys.begin() + qsizetype(end));
    m_verdicts.erase(m_verdicts.begin() + first, m_verdicts.begin() + qsizetype(end));
    m_warmFrom = std::min(m_warmFrom, size_t(first));
}

void TableFilterProxy::forgetAll()
{
    m_keys.clear();
    m_arena.clear();
    m_garbage = 0;
    m_verdicts.clear();
    m_warmFrom = 0;
    scheduleWarming();
}

void TableFilterProxy::scheduleWarming()
{
    const QAbstractItemModel *model = sourceModel();
    if (model && model->rowCount() >= WarmRows && !m_warmTimer.isActive())
        m_warmTimer.start();
}

void TableFilterProxy::warmSome()
{
    const QAbstractItemModel *model = sourceModel();
    if (!model)
        return;
    const auto rows = size_t(model->rowCount());
    if (m_keys.size() < rows) {
        m_keys.resize(rows);
        m_verdicts.resize(rows, Unknown);
    }
    QElapsedTimer slice;
    slice.start();
    // Edited rows leave their old keys behind: copy the live ones once half the buffer is waste.
    if (m_garbage > 64 * 1024 && m_garbage > m_arena.size() / 2)
        compactKeys();
    size_t r = m_warmFrom;
    for (; r < rows; ++r) {
        key(r);
        if ((r & 63) == 63 && slice.nsecsElapsed() > WarmSliceNs)
            break;
    }
    m_warmFrom = std::min(r + 1, rows);
    if (m_warmFrom < rows)
        m_warmTimer.start();
}

} // namespace adm::models
