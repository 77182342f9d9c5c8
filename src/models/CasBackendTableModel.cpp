// SPDX-License-Identifier: Apache-2.0
#include "models/CasBackendTableModel.h"

#include "core/Validation.h"
#include "models/Formatting.h"
#include "models/ModelRoles.h"

#include <QColor>
#include <QFont>

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
        case Column::Count: break;
        }
        return {};
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
    case Column::Count: break;
    }
    return {};
}

} // namespace adm::models
