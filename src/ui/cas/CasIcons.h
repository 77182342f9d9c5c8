// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QIcon>
#include <QString>

namespace adm::ui {

// The icon of a CAS provider ("AWS-S3", "AzureBlob", "OCI"; anything else: built-in storage).
QIcon casProviderIcon(const QString &provider);

} // namespace adm::ui
