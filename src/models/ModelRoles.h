// SPDX-License-Identifier: Apache-2.0
// Roles shared by every table model, so one proxy, one exporter and one context menu work
// for all of them.
#pragma once

#include <Qt>

namespace adm::models {

enum ModelRole {
    SortRole = Qt::UserRole + 1, // a value that sorts right (timestamps as msecs, not "3 days ago")
    FilterRole, // the text filter-as-you-type matches against
    IdRole, // the entity's server id (or name where it has none)
    ExportRole, // the value written to CSV/JSON: ISO dates, plain words
    EntityRole, // the whole entity as a QVariant
};

} // namespace adm::models
