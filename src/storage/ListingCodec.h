// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Entities.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace adm::storage {

// Rows of ListingCache in a compact binary form, read at every start-up. JSON took about
// 120 ms for 10,000 cached members (text parse, then a key lookup per field); this form is
// read in a few milliseconds (docs/PERFORMANCE.md). Layout: magic "ADMR", a format version,
// the row count, then each entity's fields in a fixed order (little-endian integers, strings
// as UTF-8 with their length, times as milliseconds since the epoch in UTC; a member's
// organization only when it differs from the previous member's). A blob that is not exactly
// one well-formed listing of the expected kind and version decodes to std::nullopt, never to
// partial rows (an older version's blob is a cache miss).
//
// Defined for Organization, ApiToken, Membership, Invitation and CasBackend. CreatedApiToken
// has no encoding on purpose: its JWT must never reach the cache.
template<typename T> QByteArray encodeListing(const QList<T> &rows);
template<typename T> std::optional<QList<T>> decodeListing(const QByteArray &blob);

// True when `blob` starts like an encoded listing (and not, e.g., like the JSON of older versions).
bool isEncodedListing(const QByteArray &blob);

} // namespace adm::storage
