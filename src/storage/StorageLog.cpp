// SPDX-License-Identifier: Apache-2.0
#include "storage/StorageLog.h"

namespace adm::storage {

Q_LOGGING_CATEGORY(lcStorage, "adm.storage", QtInfoMsg)

} // namespace adm::storage
