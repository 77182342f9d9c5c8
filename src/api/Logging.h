// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QLoggingCategory>

namespace adm::api {

// Category "adm.api". Never log an authorization header, a token or CAS credentials.
Q_DECLARE_LOGGING_CATEGORY(lcApi)

// Installs (once, chained to the previous handler) a filter for the qCritical QNAM prints on
// every HTTP/2 trailer block ("caching was enabled after some bytes had been written").
void installQtMessageFilter();

// Replaces anything that looks like a bearer token or JWT with "<redacted>", for log lines that
// carry server text.
QByteArray redactSecrets(const QByteArray &text);

} // namespace adm::api
