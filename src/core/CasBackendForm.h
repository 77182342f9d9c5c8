// SPDX-License-Identifier: Apache-2.0
// The fields of a CAS backend per provider (CHAINLOOP_API.md §5): the rule of each field in
// words, its check, how the server's location string is built, and the credential set (also
// the JSON kept in the keychain by "remember credentials"). Pure: no I/O, no widgets.
#pragma once

#include "core/Entities.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace adm {

enum class CasProvider { S3, Azure, Oci };

// "AWS-S3", "AzureBlob", "OCI": the provider strings of the API.
QString casProviderId(CasProvider provider);
std::optional<CasProvider> casProviderFromId(const QString &id);
QString casProviderTitle(CasProvider provider); // "AWS S3 or S3-compatible", ... (translated)

// Field keys. Credential keys are the server's own (accessKeyID, ...).
namespace CasField {
inline constexpr char Bucket[] = "bucket";
inline constexpr char Region[] = "region";
inline constexpr char Endpoint[] = "endpoint";
inline constexpr char AccessKeyId[] = "accessKeyID";
inline constexpr char SecretAccessKey[] = "secretAccessKey";
inline constexpr char Account[] = "account";
inline constexpr char Container[] = "container";
inline constexpr char EndpointSuffix[] = "endpointSuffix";
inline constexpr char TenantId[] = "tenantID";
inline constexpr char ClientId[] = "clientID";
inline constexpr char ClientSecret[] = "clientSecret";
inline constexpr char Repository[] = "repository";
inline constexpr char Username[] = "username";
inline constexpr char Password[] = "password";
} // namespace CasField

using CasFields = QMap<QString, QString>;

// The fields that make the location, and the credential fields, in form order.
QStringList casLocationKeys(CasProvider provider);
QStringList casCredentialKeys(CasProvider provider);
bool casIsSecretKey(const QString &key);
QString casFieldLabel(const QString &key); // translated
// The rule of a field in words, shown under it (translated).
QString casFieldRule(CasProvider provider, const QString &key);
// Empty when `value` is acceptable; otherwise what is wrong (translated).
QString casFieldError(CasProvider provider, const QString &key, const QString &value);
// First problem of all fields of `keys`, as "key" -> message.
QMap<QString, QString> casFieldErrors(CasProvider provider, const QStringList &keys, const CasFields &fields);

// The location as the server expects it: S3 "<endpoint>/<bucket>" or the bare bucket; Azure
// "<account>/<container>" or "<suffix>/<account>/<container>"; OCI the repository.
QString casLocation(CasProvider provider, const CasFields &fields);
// Credentials for Create/Update (empty optional keys left out; S3 region defaults to us-east-1).
QJsonObject casCredentials(CasProvider provider, const CasFields &fields);

// Name (DNS-1123 label, unique in the organization); empty when fine.
QString casNameError(const QString &name, const QStringList &takenNames);
inline constexpr qint64 kCasMinMaxBytes = 10LL * 1024 * 1024;
QString casMaxBytesError(qint64 bytes);

// Remembered credential sets: the keychain value, {"provider": "AWS-S3", "keys": {...}}.
QByteArray casCredentialSetToJson(CasProvider provider, const CasFields &credentials);
std::optional<std::pair<CasProvider, CasFields>> casCredentialSetFromJson(const QByteArray &json);
inline QString casCredentialSetKey(const QString &name)
{
    return QStringLiteral("credentials/") + name;
}

// Which backend is the organization's default once `removed` is deleted (or stops being the
// default): the current default if that is another one; otherwise the server promotes the
// first fallback, then a managed backend, then the inline one (§4.6). Empty when none.
QString casDefaultAfterRemoval(const QList<CasBackend> &backends, const QString &removed);
// The current default's name other than `except`; empty when none.
QString casCurrentDefault(const QList<CasBackend> &backends, const QString &except = {});

} // namespace adm
