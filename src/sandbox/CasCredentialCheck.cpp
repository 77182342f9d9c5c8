// SPDX-License-Identifier: Apache-2.0
#include "sandbox/CasCredentialCheck.h"

#include <QStringList>
#include <QUrl>

namespace adm::sandbox {

namespace {
const QString kOci = QStringLiteral("OCI");
const QString kS3 = QStringLiteral("AWS-S3");
const QString kAzure = QStringLiteral("AzureBlob");

// Upstream decodes the credential JSON case-insensitively.
QString value(const QJsonObject &credentials, const QString &key)
{
    for (auto it = credentials.begin(); it != credentials.end(); ++it) {
        if (it.key().compare(key, Qt::CaseInsensitive) == 0)
            return it.value().toVariant().toString();
    }
    return {};
}

QStringList requiredKeys(const QString &provider)
{
    if (provider == kOci)
        return { QStringLiteral("username"), QStringLiteral("password") };
    if (provider == kS3)
        return { QStringLiteral("accessKeyID"), QStringLiteral("secretAccessKey") };
    if (provider == kAzure)
        return { QStringLiteral("tenantID"), QStringLiteral("clientID"), QStringLiteral("clientSecret") };
    return {};
}

// The host the provider would contact, for error texts and the unreachable-host rule.
QString hostOf(const QString &provider, const QString &location)
{
    if (provider == kOci)
        return location.section(QLatin1Char('/'), 0, 0);
    if (provider == kS3) {
        const QUrl url(location);
        return location.contains(QStringLiteral("://")) ? url.host() : QStringLiteral("s3.amazonaws.com");
    }
    const QStringList parts = location.split(QLatin1Char('/'));
    const QString suffix = parts.size() == 3 ? parts[0] : QStringLiteral("blob.core.windows.net");
    return parts.value(parts.size() == 3 ? 1 : 0) + QLatin1Char('.') + suffix;
}
} // namespace

bool CasCredentialCheck::isCreatableProvider(const QString &provider)
{
    return provider == kOci || provider == kS3 || provider == kAzure;
}

QString CasCredentialCheck::secretOf(const QString &provider, const QJsonObject &credentials)
{
    if (provider == kOci)
        return value(credentials, QStringLiteral("password"));
    if (provider == kS3)
        return value(credentials, QStringLiteral("secretAccessKey"));
    return value(credentials, QStringLiteral("clientSecret"));
}

QString CasCredentialCheck::shapeError(const QString &provider, const QString &location, const QJsonObject &credentials)
{
    for (const QString &key : requiredKeys(provider)) {
        if (value(credentials, key).isEmpty())
            return QStringLiteral("invalid credentials: %1 is required").arg(key);
    }
    if (provider == kOci && (!location.contains(QLatin1Char('/')) || location.startsWith(QLatin1Char('/'))))
        return QStringLiteral("invalid repository %1: expected <registry>/<path>").arg(location);
    if (provider == kAzure) {
        const qsizetype parts = location.split(QLatin1Char('/')).size();
        if (parts != 2 && parts != 3)
            return QStringLiteral("invalid location %1: expected <storage-account>/<container>").arg(location);
    }
    return {};
}

CasCheckOutcome CasCredentialCheck::check(
    const QString &provider, const QString &location, const QJsonObject &credentials)
{
    const QString secret = secretOf(provider, credentials);
    if (secret == QLatin1String("slow"))
        return { CasCheckOutcome::Slow, {} };
    const QString host = hostOf(provider, location);
    if (host.endsWith(QLatin1String(".invalid")) || host.contains(QLatin1String("unreachable"))) {
        return { CasCheckOutcome::Invalid,
            QStringLiteral("checking write permissions: dial tcp: lookup %1: no such host").arg(host) };
    }
    if (secret != QLatin1String("invalid"))
        return { CasCheckOutcome::Ok, {} };
    if (provider == kOci) {
        return { CasCheckOutcome::Invalid,
            QStringLiteral("checking write permissions: POST https://%1/v2/%2/blobs/uploads/: UNAUTHORIZED: "
                           "authentication required")
                .arg(host, location.section(QLatin1Char('/'), 1)) };
    }
    if (provider == kS3) {
        return { CasCheckOutcome::Invalid,
            QStringLiteral("checking write permissions: operation error S3: PutObject, https response error "
                           "StatusCode: 403, RequestID: SANDBOX0000000000, api error InvalidAccessKeyId: The "
                           "AWS Access Key Id you provided does not exist in our records.") };
    }
    return { CasCheckOutcome::Invalid,
        QStringLiteral("checking write permissions: ClientSecretCredential: authentication failed: AADSTS7000215: "
                       "Invalid client secret provided. Ensure the secret being sent in the request is the "
                       "client secret value, not the client secret ID") };
}

QString CasCredentialCheck::rulesHelp()
{
    return QStringLiteral(
        "CAS credential check (simulates the server's write test before saving credentials):\n"
        "  - provider must be OCI, AWS-S3 or AzureBlob; AWS-S3-ACCESS-POINT (managed) and anything else\n"
        "    -> INVALID_ARGUMENT, reason \"invalid CAS backend\".\n"
        "  - required keys (case-insensitive): OCI username+password; AWS-S3 accessKeyID+secretAccessKey;\n"
        "    AzureBlob tenantID+clientID+clientSecret. OCI location needs <registry>/<path>; AzureBlob\n"
        "    location needs 2 or 3 '/'-separated parts. Missing/malformed -> reason \"invalid config\".\n"
        "  The secret is the password (OCI), secretAccessKey (AWS-S3) or clientSecret (AzureBlob):\n"
        "  - secret \"slow\": the check outlasts the handler timeout (10 s by default)\n"
        "    -> DEADLINE_EXCEEDED \"context deadline exceeded\" after that timeout; nothing is saved.\n"
        "  - storage host ending in \".invalid\" or containing \"unreachable\" (OCI registry, S3 endpoint,\n"
        "    Azure account host) -> reason \"invalid config\", \"... dial tcp: lookup <host>: no such host\".\n"
        "  - secret \"invalid\" -> reason \"invalid config\" with a provider-like message (registry\n"
        "    UNAUTHORIZED, S3 InvalidAccessKeyId, Azure AADSTS7000215).\n"
        "  - anything else passes after 100 ms.\n"
        "  Revalidate answers at once and applies the same rules to the stored secret about 300 ms later:\n"
        "  pass -> VALIDATION_STATUS_OK; \"invalid\"/unreachable -> VALIDATION_STATUS_INVALID with the message;\n"
        "  \"slow\" -> VALIDATION_STATUS_INVALID \"context deadline exceeded\".\n");
}

} // namespace adm::sandbox
