// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/ClientBase.h"
#include "api/Requests.h"
#include "core/Entities.h"

#include <QAbstractTableModel>
#include <QPointer>

#include <functional>

namespace adm::api {
class UnaryCall;
}

namespace adm::models {

// Members of the selected organization, paged from the server (OrganizationService/
// ListMemberships, newest first). Rows arrive through canFetchMore()/fetchMore() as the view
// scrolls, so 100,000 members never load up front. One page request at a time; after an error
// the model keeps the error and stops fetching until reload() (no refetch loop).
class MemberTableModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column { Name, Email, Role, Joined, Count };
    static constexpr int DefaultPageSize = 100; // the server's maximum

    using PageFetcher = std::function<api::UnaryCall *(
        const api::MembershipFilter &filter, QObject *context, api::Callback<MembershipPage> done)>;

    explicit MemberTableModel(QObject *parent = nullptr);
    ~MemberTableModel() override;

    // How pages are fetched (the api client in the app, a fake in tests). Does not fetch.
    void setFetcher(PageFetcher fetcher);
    void setPageSize(int size) { m_pageSize = qBound(1, size, 100); }
    int pageSize() const { return m_pageSize; }

    // Server-side filters, sent together: `text` matches the name or the e-mail, `role`
    // Unspecified = any. Changing them restarts from page 1.
    void setFilter(const QString &text, Role role);
    QString filterText() const { return m_filterText; }
    Role filterRole() const { return m_filterRole; }

    // Fetches page 1 again; the rows shown stay until it arrives.
    void reload();
    // Drops rows, error and any call in flight.
    void clear();
    // Rows from the cache (first page) shown until page 1 arrives.
    void setCachedRows(const QList<Membership> &rows, int totalCount);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(Column::Count); }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    const Membership &at(int row) const { return m_rows.at(row); }
    const QList<Membership> &rows() const { return m_rows; }
    int rowForId(const QString &id) const;
    void replaceMember(const Membership &member);
    void removeMember(const QString &id);

    int totalCount() const { return m_totalCount; } // -1 until the server said
    int loadedPages() const { return m_loadedPages; }
    bool isLoading() const { return !m_call.isNull() || m_waitingForCall; }
    bool hasError() const { return m_error.isError(); }
    const api::ApiError &lastError() const { return m_error; }
    bool showsCachedRows() const { return m_cached; }

    void setNow(const QDateTime &now) { m_now = now; }

Q_SIGNALS:
    void totalCountChanged(int total);
    void loadingChanged(bool loading);
    void pageLoaded(int page, int rows);
    void errorOccurred(const adm::api::ApiError &error);

private:
    void requestPage(int page);
    void cancelCall();
    void onPage(quint64 generation, int page, const api::Result<MembershipPage> &result);

    PageFetcher m_fetcher;
    QList<Membership> m_rows;
    QString m_filterText;
    Role m_filterRole = Role::Unspecified;
    int m_pageSize = DefaultPageSize;
    int m_loadedPages = 0;
    int m_totalPages = -1; // unknown until the first page
    int m_totalCount = -1;
    QPointer<api::UnaryCall> m_call; // the page in flight: the guard against concurrent fetches
    bool m_waitingForCall = false; // fetcher returned no job (fakes) but the answer is pending
    quint64 m_generation = 0; // answers for an older filter are dropped
    api::ApiError m_error;
    bool m_cached = false;
    QDateTime m_now;
};

} // namespace adm::models
