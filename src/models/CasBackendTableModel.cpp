// SPDX-License-Identifier: Apache-2.0
#include "models/CasBackendTableModel.h"

#include "core/Validation.h"
#include "models/Formatting.h"
#include "models/ModelRoles.h"

#include <QColor>
#include <QFont>

#include <limits>

namespace adm::models {

namespace {

QString roleText(const CasBackend &b)
{
    QStringList parts;
    if (b.isDefault)
        parts << CasBackendTableModel::tr("default");
    if (b.isFallback)
        parts << CasBackendTableModel::tr("fallback");
    if (b.isInline)
        parts << CasBackendTableModel::tr("inline");
    if (b.isManaged)
        parts << CasBackendTableModel::tr("managed");
    return parts.join(QStringLiteral(", "));
}

} // namespace

CasBackendTableModel::CasBackendTableModel(QObject *parent)
    : ListTableModel(parent)
{ }

QVariant CasBackendTableModel::data(const QModelIndex &index, int role) const
{
    if (!validIndex(index))
        return {};
    const CasBackend &b = at(index.row());
    const auto column = Column(index.column());
    const bool exporting = role == ExportRole;

    if (role == IdRole)
        return b.name;
    if (role == EntityRole)
        return QVariant::fromValue(b);
    if (role == Qt::DisplayRole || role == FilterRole || exporting) {
        switch (column) {
        case Column::Name: return b.name;
        case Column::Provider: return b.provider;
        case Column::Location: return b.location;
        case Column::Description: return b.description;
        case Column::Role: return roleText(b);
        case Column::LastError: return b.validationError;
        case Column::Validated: return exporting ? exportTime(b.validatedAt) : relativeTime(b.validatedAt, now());
        case Column::Validation:
            switch (b.validation) {
            case CasBackend::Validation::Ok: return exporting ? QStringLiteral("ok") : tr("OK");
            case CasBackend::Validation::Invalid: return exporting ? QStringLiteral("invalid") : tr("invalid");
            case CasBackend::Validation::Unknown: return exporting ? QStringLiteral("unknown") : tr("unknown");
            }
            return {};
        case Column::MaxSize:
            if (exporting)
                return b.maxBytes;
            return b.maxBytes > 0 ? formatByteSize(b.maxBytes) : QString();
        case Column::Updated: return exporting ? exportTime(b.updatedAt) : relativeTime(b.updatedAt, now());
        case Column::Credentials: {
            const QDateTime expires = m_expiry.value(b.name);
            if (!expires.isValid())
                return QString();
            return exporting ? exportTime(expires) : expiryText(expires, now());
        }
        case Column::Count: break;
        }
        return {};
    }
    const QDateTime expires = column == Column::Credentials ? m_expiry.value(b.name) : QDateTime();
    if (role == SortRole && column == Column::Credentials)
        return expires.isValid() ? expires.toMSecsSinceEpoch() : std::numeric_limits<qint64>::max();
    if (expires.isValid() && daysLeft(expires, now()) <= kExpiryWarningDays) {
        if (role == Qt::BackgroundRole)
            return daysLeft(expires, now()) < 0 ? QColor(220, 50, 50, 90) : QColor(240, 170, 30, 110);
        if (role == Qt::ToolTipRole)
            return tr("The cloud credential recorded for this backend %1 (%2). Rotate it with Edit → Rotate "
                      "credentials before the storage stops accepting writes.")
                .arg(expiryText(expires, now()), expires.date().toString(Qt::ISODate));
    }
    if (role == SortRole) {
        if (column == Column::MaxSize)
            return b.maxBytes;
        if (column == Column::Updated)
            return b.updatedAt.isValid() ? b.updatedAt.toMSecsSinceEpoch() : 0;
        if (column == Column::Validated)
            return b.validatedAt.isValid() ? b.validatedAt.toMSecsSinceEpoch() : 0;
        return data(index, Qt::DisplayRole);
    }
    if (role == Qt::ToolTipRole && column == Column::Validation && !b.validationError.isEmpty())
        return b.validationError;
    if (role == Qt::ToolTipRole && column == Column::Role && (b.isInline || b.isManaged))
        return b.isInline ? tr("Built-in inline storage: it cannot be edited or deleted.")
                          : tr("Managed by the instance: it cannot be edited or deleted.");
    if (role == Qt::DecorationRole && column == Column::Provider) {
        const auto it = m_icons.constFind(b.provider);
        return it != m_icons.constEnd() ? QVariant(*it) : QVariant(m_icons.value(QString()));
    }
    if (role == Qt::FontRole && column == Column::Role && b.isDefault) {
        QFont font;
        font.setBold(true);
        return font;
    }
    if (role == Qt::BackgroundRole && column == Column::Validation && b.validation == CasBackend::Validation::Invalid)
        return QColor(220, 50, 50, 90);
    return {};
}

QVariant CasBackendTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Name: return tr("Name");
    case Column::Provider: return tr("Provider");
    case Column::Location: return tr("Location");
    case Column::Description: return tr("Description");
    case Column::Role: return tr("Role");
    case Column::LastError: return tr("Last error");
    case Column::Validated: return tr("Validated");
    case Column::Validation: return tr("Validation");
    case Column::MaxSize: return tr("Max. blob size");
    case Column::Updated: return tr("Updated");
    case Column::Credentials: return tr("Credentials");
    case Column::Count: break;
    }
    return {};
}

void CasBackendTableModel::setCredentialExpiry(QHash<QString, QDateTime> expiry)
{
    if (expiry == m_expiry)
        return;
    m_expiry = std::move(expiry);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, int(Column::Credentials)), index(rowCount() - 1, int(Column::Credentials)));
}

qint64 CasBackendTableModel::daysLeft(const QDateTime &expiresAt, const QDateTime &now)
{
    return now.toUTC().date().daysTo(expiresAt.toUTC().date());
}

QString CasBackendTableModel::expiryText(const QDateTime &expiresAt, const QDateTime &now)
{
    const qint64 days = daysLeft(expiresAt, now);
    if (days < 0)
        return tr("expired %n day(s) ago", nullptr, int(-days));
    if (days == 0)
        return tr("expires today");
    if (days <= kExpiryWarningDays)
        return tr("expires in %n day(s)", nullptr, int(days));
    return tr("expires %1").arg(expiresAt.toUTC().date().toString(Qt::ISODate));
}

QStringList CasBackendTableModel::expiringSoon() const
{
    QStringList names;
    for (const CasBackend &b : m_rows) {
        const QDateTime expires = m_expiry.value(b.name);
        if (expires.isValid() && daysLeft(expires, now()) <= kExpiryWarningDays)
            names << b.name;
    }
    return names;
}

} // namespace adm::models
