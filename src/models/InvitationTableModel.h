// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Entities.h"
#include "models/ListTableModel.h"

namespace adm::models {

// Invitations sent from the selected organization (OrgInvitationService/ListSent).
class InvitationTableModel final : public ListTableModel<Invitation>
{
    Q_OBJECT
public:
    enum class Column { Email, Role, Status, Sender, Sent, Count };

    explicit InvitationTableModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(Column::Count); }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int rowForId(const QString &id) const;
};

} // namespace adm::models
