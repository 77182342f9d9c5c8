// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Entities.h"
#include "models/ListTableModel.h"

namespace adm::models {

// One instance-level token: listed by the server (InstanceAPITokenService) or, where the server
// offers no such service, known because one of this app's profiles holds it.
struct InstanceTokenRow {
    ApiToken token; // name, expiry; id only when the server listed it
    QString profileName; // the profile holding it; empty for server rows not held locally
    bool fromServer = false;
};

class InstanceTokenTableModel final : public ListTableModel<InstanceTokenRow>
{
    Q_OBJECT
public:
    enum class Column { Name, Source, Created, Expires, LastUsed, Revoked, Count };

    explicit InstanceTokenTableModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(Column::Count); }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace adm::models

Q_DECLARE_METATYPE(adm::models::InstanceTokenRow)
