// SPDX-License-Identifier: Apache-2.0
#include "models/TokenTableModel.h"

#include "models/Formatting.h"
#include "models/ModelRoles.h"

#include <QColor>

#include <limits>

namespace adm::models {

namespace {

QString scopeText(const ApiToken &t)
{
    switch (t.scope) {
    case ApiToken::Scope::Organization: return TokenTableModel::tr("organization");
    case ApiToken::Scope::Project: return TokenTableModel::tr("project %1").arg(t.projectName);
    case ApiToken::Scope::Instance: return TokenTableModel::tr("instance");
    }
    return {};
}

qint64 msecs(const QDateTime &t, qint64 missing)
{
    return t.isValid() ? t.toMSecsSinceEpoch() : missing;
}

} // namespace

TokenTableModel::TokenTableModel(QObject *parent)
    : ListTableModel(parent)
{ }

TokenTableModel::ExpiryState TokenTableModel::expiryState(const ApiToken &token) const
{
    if (!token.expiresAt.isValid() || token.isRevoked())
        return ExpiryState::None;
    const QDateTime n = now();
    if (token.expiresAt <= n)
        return ExpiryState::Expired;
    if (token.expiresAt <= n.addDays(ExpiringSoonDays))
        return ExpiryState::Soon;
    return ExpiryState::None;
}

int TokenTableModel::rowForId(const QString &id) const
{
    return findRow([&id](const ApiToken &t) { return t.id == id; });
}

void TokenTableModel::markRevoked(const QString &id, const QDateTime &when)
{
    const int row = rowForId(id);
    if (row < 0)
        return;
    ApiToken t = at(row);
    t.revokedAt = when;
    replaceRow(row, t);
}

QVariant TokenTableModel::data(const QModelIndex &index, int role) const
{
    if (!validIndex(index))
        return {};
    const ApiToken &t = at(index.row());
    const auto column = Column(index.column());

    if (role == IdRole)
        return t.id;
    if (role == EntityRole)
        return QVariant::fromValue(t);

    if (role == Qt::DisplayRole || role == FilterRole || role == ExportRole) {
        const bool exporting = role == ExportRole;
        switch (column) {
        case Column::Name: return t.name;
        case Column::Description: return t.description;
        case Column::Scope: return scopeText(t);
        case Column::Created: return exporting ? exportTime(t.createdAt) : relativeTime(t.createdAt, now());
        case Column::Expires:
            if (!t.expiresAt.isValid())
                return exporting ? QString() : tr("never");
            if (exporting)
                return exportTime(t.expiresAt);
            return expiryState(t) == ExpiryState::Expired ? tr("expired %1").arg(relativeTime(t.expiresAt, now()))
                                                          : relativeTime(t.expiresAt, now());
        case Column::LastUsed:
            if (!t.lastUsedAt.isValid())
                return exporting ? QString() : tr("never");
            return exporting ? exportTime(t.lastUsedAt) : relativeTime(t.lastUsedAt, now());
        case Column::Revoked:
            if (!t.isRevoked())
                return exporting ? QString() : tr("no");
            return exporting ? exportTime(t.revokedAt) : relativeTime(t.revokedAt, now());
        case Column::Count: break;
        }
        return {};
    }
    if (role == SortRole) {
        switch (column) {
        case Column::Created: return msecs(t.createdAt, 0);
        case Column::Expires: return msecs(t.expiresAt, std::numeric_limits<qint64>::max());
        case Column::LastUsed: return msecs(t.lastUsedAt, 0);
        case Column::Revoked: return msecs(t.revokedAt, 0);
        default: return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (column) {
        case Column::Created: return absoluteTime(t.createdAt);
        case Column::Expires:
            if (expiryState(t) == ExpiryState::Soon)
                return tr("Expires %1 (within %n day(s))", nullptr, ExpiringSoonDays).arg(absoluteTime(t.expiresAt));
            if (expiryState(t) == ExpiryState::Expired)
                return tr("Expired %1").arg(absoluteTime(t.expiresAt));
            return t.expiresAt.isValid() ? absoluteTime(t.expiresAt) : tr("This token never expires.");
        case Column::LastUsed: return absoluteTime(t.lastUsedAt);
        case Column::Revoked: return absoluteTime(t.revokedAt);
        default: return {};
        }
    }
    // Translucent colours read on light and dark palettes alike.
    if (role == Qt::BackgroundRole && column == Column::Expires) {
        switch (expiryState(t)) {
        case ExpiryState::Expired: return QColor(220, 50, 50, 90);
        case ExpiryState::Soon: return QColor(240, 170, 0, 90);
        case ExpiryState::None: break;
        }
    }
    if (role == Qt::ForegroundRole && t.isRevoked())
        return QColor(128, 128, 128);
    return {};
}

QVariant TokenTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Name: return tr("Name");
    case Column::Description: return tr("Description");
    case Column::Scope: return tr("Scope");
    case Column::Created: return tr("Created");
    case Column::Expires: return tr("Expires");
    case Column::LastUsed: return tr("Last used");
    case Column::Revoked: return tr("Revoked");
    case Column::Count: break;
    }
    return {};
}

} // namespace adm::models
