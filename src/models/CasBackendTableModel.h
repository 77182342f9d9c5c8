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
        Credentials, // when the recorded cloud credential expires (this app's record, not the server's)
        Count
    };

    // Days ahead of a recorded expiry from which the page warns.
    static constexpr int kExpiryWarningDays = 14;

    explicit CasBackendTableModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(Column::Count); }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Provider -> icon for the Provider column (the icons live with the widgets); "" = others.
    void setProviderIcons(QHash<QString, QIcon> icons) { m_icons = std::move(icons); }

    // Recorded credential expiry by backend name (CredentialSetRepository::backends()).
    void setCredentialExpiry(QHash<QString, QDateTime> expiry);
    QDateTime credentialExpiry(const QString &backend) const { return m_expiry.value(backend); }
    // Whole days from `now` to `expiresAt` (UTC dates); negative once expired.
    static qint64 daysLeft(const QDateTime &expiresAt, const QDateTime &now);
    // "expires in 3 days", "expires today", "expired 2 days ago", or "expires 2027-01-31".
    static QString expiryText(const QDateTime &expiresAt, const QDateTime &now);
    // Backends whose recorded credential expires within kExpiryWarningDays (or has expired).
    QStringList expiringSoon() const;

private:
    QHash<QString, QIcon> m_icons;
    QHash<QString, QDateTime> m_expiry;
};

} // namespace adm::models
