// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QLoggingCategory>

namespace adm::storage {

// "adm.storage": SQL and keychain diagnostics. Never log a secret or a row's JSON.
Q_DECLARE_LOGGING_CATEGORY(lcStorage)

} // namespace adm::storage
