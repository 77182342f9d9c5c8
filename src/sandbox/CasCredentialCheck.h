// SPDX-License-Identifier: Apache-2.0
// The sandbox's stand-in for the live write check the real server runs against a storage
// before it saves CAS credentials (CHAINLOOP_API.md §4.6). Outcomes follow fixed rules on the
// provider, location and secret, listed by rulesHelp() (printed by chainloop-sandbox --help).
#pragma once

#include <QJsonObject>
#include <QString>

#include <chrono>

namespace adm::sandbox {

struct CasCheckOutcome {
    enum Kind { Ok, Invalid, Slow };
    Kind kind = Ok;
    QString message; // provider-like error text when Invalid
};

class CasCredentialCheck
{
public:
    // How long a successful or failed check "takes" on the sandbox.
    static constexpr std::chrono::milliseconds kCheckDuration { 100 };
    // The providers users may create; AWS-S3-ACCESS-POINT is managed-only, INLINE automatic.
    static bool isCreatableProvider(const QString &provider);

    // Required credential keys and the location shape; an empty string means well-formed.
    static QString shapeError(const QString &provider, const QString &location, const QJsonObject &credentials);
    static CasCheckOutcome check(const QString &provider, const QString &location, const QJsonObject &credentials);

    static QString rulesHelp();

private:
    static QString secretOf(const QString &provider, const QJsonObject &credentials);
};

} // namespace adm::sandbox
