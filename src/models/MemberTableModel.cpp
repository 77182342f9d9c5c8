// SPDX-License-Identifier: Apache-2.0
#include "models/MemberTableModel.h"

#include "api/UnaryCall.h"
#include "models/Formatting.h"
#include "models/ModelRoles.h"

namespace adm::models {

MemberTableModel::MemberTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

MemberTableModel::~MemberTableModel()
{
    if (m_call)
        m_call->cancel();
}

void MemberTableModel::setFetcher(PageFetcher fetcher)
{
    m_fetcher = std::move(fetcher);
}

void MemberTableModel::setFilter(const QString &text, Role role)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_filterText && role == m_filterRole && (m_loadedPages > 0 || isLoading()))
        return;
    m_filterText = trimmed;
    m_filterRole = role;
    // Other filters give other rows: drop what is shown now.
    clear();
    requestPage(1);
}

void MemberTableModel::cancelCall()
{
    ++m_generation;
    const bool wasLoading = isLoading();
    if (m_call)
        m_call->cancel();
    m_call.clear();
    m_waitingForCall = false;
    if (wasLoading)
        Q_EMIT loadingChanged(false);
}

void MemberTableModel::clear()
{
    cancelCall();
    beginResetModel();
    m_rows.clear();
    m_loadedPages = 0;
    m_totalPages = -1;
    m_cached = false;
    m_error = {};
    endResetModel();
    if (m_totalCount != -1) {
        m_totalCount = -1;
        Q_EMIT totalCountChanged(-1);
    }
}

void MemberTableModel::reload()
{
    cancelCall();
    m_error = {};
    m_loadedPages = 0;
    m_totalPages = -1;
    // The rows shown stay (as stale) until page 1 replaces them: no flicker, and they remain
    // visible if the server is unreachable.
    m_cached = !m_rows.isEmpty();
    requestPage(1);
}

void MemberTableModel::setCachedRows(const QList<Membership> &rows, int totalCount)
{
    beginResetModel();
    m_rows = rows;
    m_cached = true;
    endResetModel();
    m_totalCount = totalCount;
    Q_EMIT totalCountChanged(totalCount);
}

int MemberTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

bool MemberTableModel::canFetchMore(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_fetcher || isLoading() || m_error.isError() || m_cached)
        return false;
    // Before the first page the server's page count is unknown; reload() asks for page 1.
    return m_loadedPages > 0 && m_loadedPages < m_totalPages;
}

void MemberTableModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    requestPage(m_loadedPages + 1);
}

void MemberTableModel::requestPage(int page)
{
    if (!m_fetcher || isLoading() || (page != 1 && page != m_loadedPages + 1))
        return;
    api::MembershipFilter filter;
    filter.name = m_filterText;
    // The server ORs name and e-mail: one text box finds either.
    filter.email = m_filterText;
    filter.role = m_filterRole;
    filter.page = page;
    filter.pageSize = m_pageSize;
    const quint64 generation = m_generation;
    m_waitingForCall = true;
    Q_EMIT loadingChanged(true);
    m_call = m_fetcher(filter, this,
        [this, generation, page](api::Result<MembershipPage> result) { onPage(generation, page, result); });
}

void MemberTableModel::onPage(quint64 generation, int page, const api::Result<MembershipPage> &result)
{
    if (generation != m_generation)
        return;
    m_call.clear();
    m_waitingForCall = false;
    if (!result.ok()) {
        m_error = result.error();
        Q_EMIT loadingChanged(false);
        Q_EMIT errorOccurred(m_error);
        return;
    }
    const MembershipPage &p = result.value();
    if (page == 1 && m_cached) {
        beginResetModel();
        m_rows.clear();
        m_cached = false;
        endResetModel();
    }
    // State first, rows second: a view (or a model tester) may call fetchMore() from
    // rowsInserted, and must then ask for the page after this one, not this one again.
    m_loadedPages = page;
    m_totalPages = p.items.isEmpty() ? page : p.page.totalPages; // nothing more, whatever the server said
    const bool totalChanged = m_totalCount != p.page.totalCount;
    m_totalCount = p.page.totalCount;
    if (!p.items.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + p.items.size()) - 1);
        m_rows.append(p.items);
        endInsertRows();
    }
    if (totalChanged)
        Q_EMIT totalCountChanged(m_totalCount);
    Q_EMIT loadingChanged(false);
    Q_EMIT pageLoaded(page, int(p.items.size()));
}

int MemberTableModel::rowForId(const QString &id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == id)
            return i;
    }
    return -1;
}

void MemberTableModel::replaceMember(const Membership &member)
{
    const int row = rowForId(member.id);
    if (row < 0)
        return;
    Membership merged = member;
    // UpdateMembership may answer without the user; keep what we had.
    if (merged.user.email.isEmpty())
        merged.user = m_rows.at(row).user;
    m_rows[row] = merged;
    Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
}

void MemberTableModel::removeMember(const QString &id)
{
    const int row = rowForId(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    if (m_totalCount > 0) {
        --m_totalCount;
        Q_EMIT totalCountChanged(m_totalCount);
    }
}

QVariant MemberTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.parent().isValid() || index.row() >= m_rows.size() || index.column() >= columnCount())
        return {};
    const Membership &m = m_rows.at(index.row());
    const auto column = Column(index.column());
    const bool exporting = role == ExportRole;

    if (role == IdRole)
        return m.id;
    if (role == EntityRole)
        return QVariant::fromValue(m);
    if (role == Qt::DisplayRole || role == FilterRole || exporting) {
        switch (column) {
        case Column::Name: return (m.user.firstName + QLatin1Char(' ') + m.user.lastName).trimmed();
        case Column::Email: return m.user.email;
        case Column::Role: return exporting ? roleCliName(m.role) : roleDisplayName(m.role);
        case Column::Joined:
            // The clock only for this column: reading it for every cell is measurable on 100,000 rows.
            return exporting ? exportTime(m.createdAt)
                             : relativeTime(m.createdAt, m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc());
        case Column::Count: break;
        }
        return {};
    }
    if (role == SortRole) {
        if (column == Column::Joined)
            return m.createdAt.isValid() ? m.createdAt.toMSecsSinceEpoch() : 0;
        return data(index, Qt::DisplayRole);
    }
    if (role == Qt::ToolTipRole && column == Column::Joined)
        return absoluteTime(m.createdAt);
    return {};
}

QVariant MemberTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Name: return tr("Name");
    case Column::Email: return tr("E-mail");
    case Column::Role: return tr("Role");
    case Column::Joined: return tr("Joined");
    case Column::Count: break;
    }
    return {};
}

} // namespace adm::models
