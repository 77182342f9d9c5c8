// SPDX-License-Identifier: Apache-2.0
// Internal to adm_storage.
#pragma once

#include <QList>

namespace adm::storage {

// One numbered schema step. Steps run in order, each statement on its own, all pending steps
// in one transaction with PRAGMA user_version set after each; so a file is either at its old
// version or at the new one. Never edit a released step: add the next number.
struct Migration {
    int version;
    const char *description;
    QList<const char *> statements;
};

const QList<Migration> &migrations();

} // namespace adm::storage
