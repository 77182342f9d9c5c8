// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/ListTableModel.h"
#include "storage/ActivityJournal.h"

namespace adm::models {

// What this app did, newest first: loaded from the journal and kept current by its
// appended() signal.
class ActivityTableModel final : public ListTableModel<storage::ActivityEntry>
{
    Q_OBJECT
public:
    enum class Column { Time, Profile, Organization, Action, Target, Result, Count };
    static constexpr int DefaultLimit = 500;

    explicit ActivityTableModel(QObject *parent = nullptr);

    // Not owned; may be null (detaches). Loads the latest entries.
    void setJournal(storage::ActivityJournal *journal, int limit = DefaultLimit);
    void reload();

    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(Column::Count); }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void prepend(const storage::ActivityEntry &entry);

private:
    storage::ActivityJournal *m_journal = nullptr;
    QMetaObject::Connection m_connection;
    int m_limit = DefaultLimit;
};

} // namespace adm::models
