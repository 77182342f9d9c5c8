// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Entities.h"
#include "models/ListTableModel.h"

namespace adm::models {

// Organization API tokens (APITokenService/List). Also used for instance tokens, where the
// scope column reads "instance".
class TokenTableModel final : public ListTableModel<ApiToken>
{
    Q_OBJECT
public:
    enum class Column { Name, Description, Scope, Created, Expires, LastUsed, Revoked, Count };
    // How close a token is to its end; drives the highlight of the Expires column.
    enum class ExpiryState { None, Soon, Expired };
    static constexpr int ExpiringSoonDays = 7;

    explicit TokenTableModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(Column::Count); }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    ExpiryState expiryState(const ApiToken &token) const;
    int rowForId(const QString &id) const;
    // Marks a token revoked in place (after Revoke succeeded).
    void markRevoked(const QString &id, const QDateTime &when);
};

} // namespace adm::models
