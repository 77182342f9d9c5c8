// SPDX-License-Identifier: Apache-2.0
#include "Entities.h"

namespace adm {

QString User::displayName() const
{
    const QString full = (firstName + QLatin1Char(' ') + lastName).trimmed();
    return full.isEmpty() ? email : full;
}

} // namespace adm
