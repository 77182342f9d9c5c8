// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Entities.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace adm::storage {

// Rows of ListingCache as JSON, one object per entity. Field names are ours and stable
// (camelCase); unknown fields are ignored when reading, missing ones get defaults, so a
// cache written by an older version still reads. CreatedApiToken has no conversion on
// purpose: its JWT must never reach the cache.
QJsonObject toJson(const Organization &org);
QJsonObject toJson(const ApiToken &token);
QJsonObject toJson(const Membership &membership);
QJsonObject toJson(const Invitation &invitation);
QJsonObject toJson(const CasBackend &backend);

Organization organizationFromJson(const QJsonObject &o);
ApiToken apiTokenFromJson(const QJsonObject &o);
Membership membershipFromJson(const QJsonObject &o);
Invitation invitationFromJson(const QJsonObject &o);
CasBackend casBackendFromJson(const QJsonObject &o);

template<typename T> QJsonArray toJsonArray(const QList<T> &items)
{
    QJsonArray rows;
    for (const T &item : items)
        rows.append(toJson(item));
    return rows;
}

// e.g. fromJsonArray(rows, apiTokenFromJson)
template<typename F> auto fromJsonArray(const QJsonArray &rows, F fromJson) -> QList<decltype(fromJson(QJsonObject()))>
{
    QList<decltype(fromJson(QJsonObject()))> items;
    items.reserve(rows.size());
    for (const auto &row : rows)
        items.append(fromJson(row.toObject()));
    return items;
}

} // namespace adm::storage
