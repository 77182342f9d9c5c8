// SPDX-License-Identifier: Apache-2.0
// Display texts the table models share: relative times and absolute dates.
#pragma once

#include <QDateTime>
#include <QString>

namespace adm::models {

// "in 3 days", "2 hours ago", "just now". Empty for an invalid time.
QString relativeTime(const QDateTime &when, const QDateTime &now);
// Local time, ISO-like "2026-11-27 21:54" for tooltips.
QString absoluteTime(const QDateTime &when);
// UTC ISO 8601 for export; empty for an invalid time.
QString exportTime(const QDateTime &when);
// "cached 5 minutes ago" style age of a listing.
QString ageText(qint64 seconds);

} // namespace adm::models
