// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Entities.h"
#include "models/ListTableModel.h"

#include <QHash>
#include <QIcon>

namespace adm::models {

// CAS backends of the selected organization (CASBackendService/List).
class CasBackendTableModel final : public ListTableModel<CasBackend>
{
    Q_OBJECT
public:
    enum class Column {
        Name,
        Provider,
        Location,
        Description,
        Role,
        MaxSize,
        Validation,
        LastError,
        Validated,
        Updated,
        Count
    };

    explicit CasBackendTableModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(Column::Count); }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Provider -> icon for the Provider column (the icons live with the widgets); "" = others.
    void setProviderIcons(QHash<QString, QIcon> icons) { m_icons = std::move(icons); }

private:
    QHash<QString, QIcon> m_icons;
};

} // namespace adm::models
