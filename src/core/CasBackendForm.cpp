// SPDX-License-Identifier: Apache-2.0
#include "core/CasBackendForm.h"

#include "core/Validation.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

namespace adm {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CasBackendForm", text);
}

bool matches(const QString &value, const char *pattern)
{
    return QRegularExpression(QRegularExpression::anchoredPattern(QLatin1String(pattern))).match(value).hasMatch();
}

QString key(const char *k)
{
    return QLatin1String(k);
}

QString field(const CasFields &fields, const char *k)
{
    return fields.value(key(k)).trimmed();
}

} // namespace

QString casProviderId(CasProvider provider)
{
    switch (provider) {
    case CasProvider::S3: return QStringLiteral("AWS-S3");
    case CasProvider::Azure: return QStringLiteral("AzureBlob");
    case CasProvider::Oci: return QStringLiteral("OCI");
    }
    return {};
}

std::optional<CasProvider> casProviderFromId(const QString &id)
{
    for (CasProvider p : { CasProvider::S3, CasProvider::Azure, CasProvider::Oci }) {
        if (casProviderId(p).compare(id, Qt::CaseInsensitive) == 0)
            return p;
    }
    return std::nullopt;
}

QString casProviderTitle(CasProvider provider)
{
    switch (provider) {
    case CasProvider::S3: return tr("AWS S3 or S3-compatible (MinIO, R2, …)");
    case CasProvider::Azure: return tr("Azure Blob Storage");
    case CasProvider::Oci: return tr("OCI registry");
    }
    return {};
}

QStringList casLocationKeys(CasProvider provider)
{
    switch (provider) {
    case CasProvider::S3: return { key(CasField::Bucket), key(CasField::Region), key(CasField::Endpoint) };
    case CasProvider::Azure: return { key(CasField::Account), key(CasField::Container), key(CasField::EndpointSuffix) };
    case CasProvider::Oci: return { key(CasField::Repository) };
    }
    return {};
}

QStringList casCredentialKeys(CasProvider provider)
{
    switch (provider) {
    case CasProvider::S3: return { key(CasField::AccessKeyId), key(CasField::SecretAccessKey) };
    case CasProvider::Azure: return { key(CasField::TenantId), key(CasField::ClientId), key(CasField::ClientSecret) };
    case CasProvider::Oci: return { key(CasField::Username), key(CasField::Password) };
    }
    return {};
}

bool casIsSecretKey(const QString &k)
{
    return k == key(CasField::SecretAccessKey) || k == key(CasField::ClientSecret) || k == key(CasField::Password);
}

QString casFieldLabel(const QString &k)
{
    static const QMap<QString, const char *> labels {
        { key(CasField::Bucket), QT_TRANSLATE_NOOP("CasBackendForm", "Bucket") },
        { key(CasField::Region), QT_TRANSLATE_NOOP("CasBackendForm", "Region") },
        { key(CasField::Endpoint), QT_TRANSLATE_NOOP("CasBackendForm", "Custom endpoint") },
        { key(CasField::AccessKeyId), QT_TRANSLATE_NOOP("CasBackendForm", "Access key ID") },
        { key(CasField::SecretAccessKey), QT_TRANSLATE_NOOP("CasBackendForm", "Secret access key") },
        { key(CasField::Account), QT_TRANSLATE_NOOP("CasBackendForm", "Storage account") },
        { key(CasField::Container), QT_TRANSLATE_NOOP("CasBackendForm", "Container") },
        { key(CasField::EndpointSuffix), QT_TRANSLATE_NOOP("CasBackendForm", "Endpoint suffix") },
        { key(CasField::TenantId), QT_TRANSLATE_NOOP("CasBackendForm", "Tenant ID") },
        { key(CasField::ClientId), QT_TRANSLATE_NOOP("CasBackendForm", "Client ID") },
        { key(CasField::ClientSecret), QT_TRANSLATE_NOOP("CasBackendForm", "Client secret") },
        { key(CasField::Repository), QT_TRANSLATE_NOOP("CasBackendForm", "Repository") },
        { key(CasField::Username), QT_TRANSLATE_NOOP("CasBackendForm", "Username") },
        { key(CasField::Password), QT_TRANSLATE_NOOP("CasBackendForm", "Password") },
    };
    const char *label = labels.value(k, nullptr);
    return label ? tr(label) : k;
}

QString casFieldRule(CasProvider, const QString &k)
{
    if (k == key(CasField::Bucket))
        return tr("3–63 characters: lowercase letters, digits, dots and hyphens; starts and ends with a letter or "
                  "digit.");
    if (k == key(CasField::Region))
        return tr("Optional; the server uses us-east-1 when empty (R2 uses \"auto\").");
    if (k == key(CasField::Endpoint))
        return tr("Only for S3-compatible storage (MinIO, R2, …): http:// or https:// with host and optional port, "
                  "no path. Without a scheme the server would take the whole text as a bucket name.");
    if (k == key(CasField::AccessKeyId))
        return tr("Required; no spaces.");
    if (k == key(CasField::SecretAccessKey) || k == key(CasField::ClientSecret) || k == key(CasField::Password))
        return tr("Required. Sent to the server only; never stored by this app unless you choose to remember it in "
                  "the keychain.");
    if (k == key(CasField::Account))
        return tr("3–24 lowercase letters and digits.");
    if (k == key(CasField::Container))
        return tr("3–63 characters: lowercase letters, digits and single hyphens; starts and ends with a letter or "
                  "digit. Defaults to chainloop.");
    if (k == key(CasField::EndpointSuffix))
        return tr("Optional, for sovereign clouds (e.g. blob.core.chinacloudapi.cn): a host name without scheme or "
                  "path. Empty means blob.core.windows.net.");
    if (k == key(CasField::TenantId) || k == key(CasField::ClientId))
        return tr("Required; the directory (tenant) or application (client) ID, usually a GUID.");
    if (k == key(CasField::Repository))
        return tr("<registry>/<path> without scheme, e.g. ghcr.io/acme/chainloop-cas; the path is lowercase.");
    if (k == key(CasField::Username))
        return tr("Required; the registry user or robot account.");
    return {};
}

QString casFieldError(CasProvider, const QString &k, const QString &raw)
{
    const QString value = raw.trimmed();
    const bool empty = value.isEmpty();
    const bool hasSpace = value.contains(QRegularExpression(QStringLiteral("\\s")));
    if (k == key(CasField::Bucket)) {
        if (empty)
            return tr("Enter the bucket name.");
        if (value.size() < 3 || value.size() > 63)
            return tr("A bucket name has 3 to 63 characters.");
        if (!matches(value, "[a-z0-9][a-z0-9.-]*[a-z0-9]"))
            return tr("Use lowercase letters, digits, dots and hyphens; start and end with a letter or digit.");
        return {};
    }
    if (k == key(CasField::Region)) {
        if (!empty && !matches(value, "[a-z0-9]+(-[a-z0-9]+)*"))
            return tr("A region is lowercase letters, digits and hyphens, like eu-west-1.");
        return {};
    }
    if (k == key(CasField::Endpoint)) {
        if (empty)
            return {};
        if (!value.contains(QStringLiteral("://")))
            return tr("Add the scheme: https://host[:port] (without it the server takes it as a bucket name).");
        const QUrl url(value, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
            return tr("The scheme must be http:// or https://.");
        if (url.host().isEmpty())
            return tr("The endpoint needs a host name.");
        if (!url.path().isEmpty() && url.path() != QLatin1String("/"))
            return tr("Leave the path out: the bucket is added as the first path segment.");
        if (url.hasQuery() || url.hasFragment())
            return tr("Leave out the query and fragment.");
        return {};
    }
    if (k == key(CasField::Account)) {
        if (empty)
            return tr("Enter the storage account name.");
        if (!matches(value, "[a-z0-9]{3,24}"))
            return tr("A storage account name is 3 to 24 lowercase letters and digits.");
        return {};
    }
    if (k == key(CasField::Container)) {
        if (empty)
            return tr("Enter the container name.");
        if (value.size() < 3 || value.size() > 63)
            return tr("A container name has 3 to 63 characters.");
        if (!matches(value, "[a-z0-9]+(-[a-z0-9]+)*"))
            return tr("Use lowercase letters, digits and single hyphens; start and end with a letter or digit.");
        return {};
    }
    if (k == key(CasField::EndpointSuffix)) {
        if (empty)
            return {};
        if (value.contains(QStringLiteral("://")))
            return tr("Leave out the scheme: only the host suffix, like blob.core.chinacloudapi.cn.");
        if (!matches(value, "[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+"))
            return tr("Enter a host name suffix with dots and no slashes, like blob.core.chinacloudapi.cn.");
        return {};
    }
    if (k == key(CasField::Repository)) {
        if (empty)
            return tr("Enter the repository, like ghcr.io/acme/chainloop-cas.");
        if (value.contains(QStringLiteral("://")))
            return tr("Leave out the scheme: <registry>/<path>.");
        if (hasSpace)
            return tr("A repository reference has no spaces.");
        const qsizetype slash = value.indexOf(QLatin1Char('/'));
        if (slash <= 0 || slash == value.size() - 1)
            return tr("Add the path after the registry: <registry>/<path>.");
        if (!matches(value.mid(slash + 1), "[a-z0-9._/-]+") || value.endsWith(QLatin1Char('/')))
            return tr("The path is lowercase letters, digits, '.', '_', '-' and '/'.");
        return {};
    }
    if (k == key(CasField::AccessKeyId) || k == key(CasField::TenantId) || k == key(CasField::ClientId)
        || k == key(CasField::Username)) {
        if (empty)
            return tr("%1 is required.").arg(casFieldLabel(k));
        if (hasSpace)
            return tr("%1 has no spaces.").arg(casFieldLabel(k));
        return {};
    }
    if (casIsSecretKey(k)) {
        // Secrets are not trimmed by the server; only emptiness is checked here.
        if (raw.isEmpty())
            return tr("%1 is required.").arg(casFieldLabel(k));
        return {};
    }
    return {};
}

QMap<QString, QString> casFieldErrors(CasProvider provider, const QStringList &keys, const CasFields &fields)
{
    QMap<QString, QString> errors;
    for (const QString &k : keys) {
        const QString error = casFieldError(provider, k, fields.value(k));
        if (!error.isEmpty())
            errors.insert(k, error);
    }
    return errors;
}

QString casLocation(CasProvider provider, const CasFields &fields)
{
    switch (provider) {
    case CasProvider::S3: {
        QString endpoint = field(fields, CasField::Endpoint);
        while (endpoint.endsWith(QLatin1Char('/')))
            endpoint.chop(1);
        const QString bucket = field(fields, CasField::Bucket);
        return endpoint.isEmpty() ? bucket : endpoint + QLatin1Char('/') + bucket;
    }
    case CasProvider::Azure: {
        const QString suffix = field(fields, CasField::EndpointSuffix);
        QString container = field(fields, CasField::Container);
        if (container.isEmpty())
            container = QStringLiteral("chainloop");
        const QString tail = field(fields, CasField::Account) + QLatin1Char('/') + container;
        return suffix.isEmpty() ? tail : suffix + QLatin1Char('/') + tail;
    }
    case CasProvider::Oci: return field(fields, CasField::Repository);
    }
    return {};
}

QJsonObject casCredentials(CasProvider provider, const CasFields &fields)
{
    QJsonObject credentials;
    for (const QString &k : casCredentialKeys(provider))
        credentials.insert(k, casIsSecretKey(k) ? fields.value(k) : fields.value(k).trimmed());
    if (provider == CasProvider::S3) {
        const QString region = field(fields, CasField::Region);
        credentials.insert(key(CasField::Region), region.isEmpty() ? QStringLiteral("us-east-1") : region);
    }
    return credentials;
}

QString casNameError(const QString &name, const QStringList &takenNames)
{
    if (name.isEmpty())
        return tr("Enter a name.");
    const Validity validity = validateDnsLabel(name);
    if (!validity.ok())
        return validity.message;
    if (takenNames.contains(name))
        return tr("A CAS backend named %1 already exists in this organization.").arg(name);
    return {};
}

QString casMaxBytesError(qint64 bytes)
{
    if (bytes < kCasMinMaxBytes)
        return tr("The per-blob limit must be at least 10 MiB.");
    return {};
}

QByteArray casCredentialSetToJson(CasProvider provider, const CasFields &credentials)
{
    QJsonObject keys;
    for (auto it = credentials.begin(); it != credentials.end(); ++it)
        keys.insert(it.key(), it.value());
    return QJsonDocument(
        QJsonObject { { QStringLiteral("provider"), casProviderId(provider) }, { QStringLiteral("keys"), keys } })
        .toJson(QJsonDocument::Compact);
}

std::optional<std::pair<CasProvider, CasFields>> casCredentialSetFromJson(const QByteArray &json)
{
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    const auto provider = casProviderFromId(object.value(QStringLiteral("provider")).toString());
    if (!provider)
        return std::nullopt;
    CasFields fields;
    const QJsonObject keys = object.value(QStringLiteral("keys")).toObject();
    for (auto it = keys.begin(); it != keys.end(); ++it)
        fields.insert(it.key(), it.value().toString());
    return std::make_pair(*provider, fields);
}

QString casCurrentDefault(const QList<CasBackend> &backends, const QString &except)
{
    for (const CasBackend &b : backends) {
        if (b.isDefault && b.name != except)
            return b.name;
    }
    return {};
}

QString casDefaultAfterRemoval(const QList<CasBackend> &backends, const QString &removed)
{
    const QString current = casCurrentDefault(backends, removed);
    if (!current.isEmpty())
        return current;
    bool removedWasDefault = false;
    for (const CasBackend &b : backends)
        removedWasDefault = removedWasDefault || (b.name == removed && b.isDefault);
    if (!removedWasDefault)
        return {};
    for (const CasBackend &b : backends) {
        if (b.isFallback && b.name != removed)
            return b.name;
    }
    for (const CasBackend &b : backends) {
        if (b.isManaged && b.name != removed)
            return b.name;
    }
    for (const CasBackend &b : backends) {
        if (b.isInline && b.name != removed)
            return b.name;
    }
    return {};
}

} // namespace adm
