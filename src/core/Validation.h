// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <chrono>
#include <optional>

namespace adm {

// Outcome of checking one input. An empty message means valid; otherwise the message names
// the rule that was broken, ready to show next to the field.
struct Validity {
    QString message;
    bool ok() const { return message.isEmpty(); }
    static Validity valid() { return {}; }
};

// DNS-1123 label: 1-63 chars of a-z, 0-9 and '-', starting and ending alphanumeric.
// Used for organization, API token and CAS backend names.
Validity validateDnsLabel(const QString &name);
// A DNS-1123 label that is not one of the reserved organization names.
Validity validateOrganizationName(const QString &name);
bool isReservedOrganizationName(const QString &name);
Validity validateEmail(const QString &email);

// Durations as the CLI takes them: "30d", "12h", "90m", "45s", "1d12h". Whole units only.
std::optional<std::chrono::seconds> parseDuration(const QString &text);
QString formatDuration(std::chrono::seconds d);

// Byte sizes with binary units, as the CLI takes them: "100MB" = 100 * 1024^2, "1GiB", "10485760".
std::optional<qint64> parseByteSize(const QString &text);
QString formatByteSize(qint64 bytes);

} // namespace adm
