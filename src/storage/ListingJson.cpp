// SPDX-License-Identifier: Apache-2.0
#include "storage/ListingJson.h"

#include <QJsonValue>

#include <optional>

namespace adm::storage {

namespace {

QJsonValue time(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

// "2026-05-04T10:20:30.123Z", as time() above writes it: read without QDateTime::fromString,
// which costs several microseconds per call (a cached listing of 10,000 members holds 20,000).
// Anything else goes through fromString.
std::optional<QDateTime> fastUtcTime(QStringView s)
{
    if (s.size() != 24 || s[4] != u'-' || s[7] != u'-' || s[10] != u'T' || s[13] != u':' || s[16] != u':'
        || s[19] != u'.' || s[23] != u'Z')
        return std::nullopt;
    auto number = [&s](int from, int len, int *out) {
        int n = 0;
        for (int i = from; i < from + len; ++i) {
            const char16_t c = s[i].unicode();
            if (c < u'0' || c > u'9')
                return false;
            n = n * 10 + (c - u'0');
        }
        *out = n;
        return true;
    };
    int y, mo, d, h, mi, sec, ms;
    if (!number(0, 4, &y) || !number(5, 2, &mo) || !number(8, 2, &d) || !number(11, 2, &h) || !number(14, 2, &mi)
        || !number(17, 2, &sec) || !number(20, 3, &ms))
        return std::nullopt;
    const QDate date(y, mo, d);
    const QTime clock(h, mi, sec, ms);
    if (!date.isValid() || !clock.isValid())
        return std::nullopt;
    return QDateTime(date, clock, Qt::UTC);
}

QDateTime time(const QJsonValue &v)
{
    const QString s = v.toString();
    if (s.isEmpty())
        return {};
    if (const auto fast = fastUtcTime(s))
        return *fast;
    return QDateTime::fromString(s, Qt::ISODateWithMs).toUTC();
}

QString scopeName(ApiToken::Scope s)
{
    switch (s) {
    case ApiToken::Scope::Organization: return QStringLiteral("organization");
    case ApiToken::Scope::Project: return QStringLiteral("project");
    case ApiToken::Scope::Instance: return QStringLiteral("instance");
    }
    return {};
}

ApiToken::Scope scopeFromName(const QString &s)
{
    if (s == QLatin1String("project"))
        return ApiToken::Scope::Project;
    if (s == QLatin1String("instance"))
        return ApiToken::Scope::Instance;
    return ApiToken::Scope::Organization;
}

QString validationName(CasBackend::Validation v)
{
    switch (v) {
    case CasBackend::Validation::Unknown: return QStringLiteral("unknown");
    case CasBackend::Validation::Ok: return QStringLiteral("ok");
    case CasBackend::Validation::Invalid: return QStringLiteral("invalid");
    }
    return {};
}

CasBackend::Validation validationFromName(const QString &s)
{
    if (s == QLatin1String("ok"))
        return CasBackend::Validation::Ok;
    if (s == QLatin1String("invalid"))
        return CasBackend::Validation::Invalid;
    return CasBackend::Validation::Unknown;
}

QJsonObject userToJson(const User &u)
{
    return { { QStringLiteral("id"), u.id }, { QStringLiteral("email"), u.email },
        { QStringLiteral("firstName"), u.firstName }, { QStringLiteral("lastName"), u.lastName },
        { QStringLiteral("createdAt"), time(u.createdAt) }, { QStringLiteral("instanceAdmin"), u.instanceAdmin } };
}

User userFromJson(const QJsonObject &o)
{
    User u;
    u.id = o.value(QLatin1String("id")).toString();
    u.email = o.value(QLatin1String("email")).toString();
    u.firstName = o.value(QLatin1String("firstName")).toString();
    u.lastName = o.value(QLatin1String("lastName")).toString();
    u.createdAt = time(o.value(QLatin1String("createdAt")));
    u.instanceAdmin = o.value(QLatin1String("instanceAdmin")).toBool();
    return u;
}

} // namespace

QJsonObject toJson(const Organization &org)
{
    // Only what differs from a default Organization: organizationFromJson() reads a missing key
    // as the default. Every cached member row carries its organization, so this keeps a cached
    // listing of 10,000 members about 2.5 MB smaller and quicker to read at start-up.
    QJsonObject o { { QStringLiteral("id"), org.id }, { QStringLiteral("name"), org.name } };
    if (org.createdAt.isValid())
        o.insert(QStringLiteral("createdAt"), time(org.createdAt));
    if (org.updatedAt.isValid())
        o.insert(QStringLiteral("updatedAt"), time(org.updatedAt));
    auto flag = [&o](const QString &key, bool value) {
        if (value)
            o.insert(key, true);
    };
    flag(QStringLiteral("blockOnPolicyViolation"), org.blockOnPolicyViolation);
    if (!org.policyAllowedHostnames.isEmpty())
        o.insert(QStringLiteral("policyAllowedHostnames"), QJsonArray::fromStringList(org.policyAllowedHostnames));
    flag(QStringLiteral("preventImplicitWorkflowCreation"), org.preventImplicitWorkflowCreation);
    flag(QStringLiteral("restrictContractCreationToOrgAdmins"), org.restrictContractCreationToOrgAdmins);
    flag(QStringLiteral("enableAiAgentCollector"), org.enableAiAgentCollector);
    flag(QStringLiteral("blockAttestationsOnReleasedVersions"), org.blockAttestationsOnReleasedVersions);
    flag(QStringLiteral("skipRunnerEnvVars"), org.skipRunnerEnvVars);
    if (org.apiTokenMaxDaysInactive)
        o.insert(QStringLiteral("apiTokenMaxDaysInactive"), *org.apiTokenMaxDaysInactive);
    return o;
}

Organization organizationFromJson(const QJsonObject &o)
{
    Organization org;
    org.id = o.value(QLatin1String("id")).toString();
    org.name = o.value(QLatin1String("name")).toString();
    org.createdAt = time(o.value(QLatin1String("createdAt")));
    org.updatedAt = time(o.value(QLatin1String("updatedAt")));
    org.blockOnPolicyViolation = o.value(QLatin1String("blockOnPolicyViolation")).toBool();
    for (const auto &h : o.value(QLatin1String("policyAllowedHostnames")).toArray())
        org.policyAllowedHostnames.append(h.toString());
    org.preventImplicitWorkflowCreation = o.value(QLatin1String("preventImplicitWorkflowCreation")).toBool();
    org.restrictContractCreationToOrgAdmins = o.value(QLatin1String("restrictContractCreationToOrgAdmins")).toBool();
    if (o.contains(QLatin1String("apiTokenMaxDaysInactive")))
        org.apiTokenMaxDaysInactive = o.value(QLatin1String("apiTokenMaxDaysInactive")).toInt();
    org.enableAiAgentCollector = o.value(QLatin1String("enableAiAgentCollector")).toBool();
    org.blockAttestationsOnReleasedVersions = o.value(QLatin1String("blockAttestationsOnReleasedVersions")).toBool();
    org.skipRunnerEnvVars = o.value(QLatin1String("skipRunnerEnvVars")).toBool();
    return org;
}

QJsonObject toJson(const ApiToken &t)
{
    return { { QStringLiteral("id"), t.id }, { QStringLiteral("name"), t.name },
        { QStringLiteral("description"), t.description }, { QStringLiteral("organizationId"), t.organizationId },
        { QStringLiteral("organizationName"), t.organizationName }, { QStringLiteral("scope"), scopeName(t.scope) },
        { QStringLiteral("projectId"), t.projectId }, { QStringLiteral("projectName"), t.projectName },
        { QStringLiteral("createdAt"), time(t.createdAt) }, { QStringLiteral("revokedAt"), time(t.revokedAt) },
        { QStringLiteral("expiresAt"), time(t.expiresAt) }, { QStringLiteral("lastUsedAt"), time(t.lastUsedAt) } };
}

ApiToken apiTokenFromJson(const QJsonObject &o)
{
    ApiToken t;
    t.id = o.value(QLatin1String("id")).toString();
    t.name = o.value(QLatin1String("name")).toString();
    t.description = o.value(QLatin1String("description")).toString();
    t.organizationId = o.value(QLatin1String("organizationId")).toString();
    t.organizationName = o.value(QLatin1String("organizationName")).toString();
    t.scope = scopeFromName(o.value(QLatin1String("scope")).toString());
    t.projectId = o.value(QLatin1String("projectId")).toString();
    t.projectName = o.value(QLatin1String("projectName")).toString();
    t.createdAt = time(o.value(QLatin1String("createdAt")));
    t.revokedAt = time(o.value(QLatin1String("revokedAt")));
    t.expiresAt = time(o.value(QLatin1String("expiresAt")));
    t.lastUsedAt = time(o.value(QLatin1String("lastUsedAt")));
    return t;
}

QJsonObject toJson(const Membership &m)
{
    return { { QStringLiteral("id"), m.id }, { QStringLiteral("org"), toJson(m.org) },
        { QStringLiteral("user"), userToJson(m.user) }, { QStringLiteral("role"), roleCliName(m.role) },
        { QStringLiteral("current"), m.current }, { QStringLiteral("createdAt"), time(m.createdAt) },
        { QStringLiteral("updatedAt"), time(m.updatedAt) } };
}

Membership membershipFromJson(const QJsonObject &o)
{
    Membership m;
    m.id = o.value(QLatin1String("id")).toString();
    m.org = organizationFromJson(o.value(QLatin1String("org")).toObject());
    m.user = userFromJson(o.value(QLatin1String("user")).toObject());
    m.role = roleFromName(o.value(QLatin1String("role")).toString());
    m.current = o.value(QLatin1String("current")).toBool();
    m.createdAt = time(o.value(QLatin1String("createdAt")));
    m.updatedAt = time(o.value(QLatin1String("updatedAt")));
    return m;
}

QJsonObject toJson(const Invitation &i)
{
    return { { QStringLiteral("id"), i.id }, { QStringLiteral("receiverEmail"), i.receiverEmail },
        { QStringLiteral("role"), roleCliName(i.role) }, { QStringLiteral("status"), i.status },
        { QStringLiteral("organizationId"), i.organizationId },
        { QStringLiteral("organizationName"), i.organizationName }, { QStringLiteral("senderEmail"), i.senderEmail },
        { QStringLiteral("createdAt"), time(i.createdAt) } };
}

Invitation invitationFromJson(const QJsonObject &o)
{
    Invitation i;
    i.id = o.value(QLatin1String("id")).toString();
    i.receiverEmail = o.value(QLatin1String("receiverEmail")).toString();
    i.role = roleFromName(o.value(QLatin1String("role")).toString());
    i.status = o.value(QLatin1String("status")).toString();
    i.organizationId = o.value(QLatin1String("organizationId")).toString();
    i.organizationName = o.value(QLatin1String("organizationName")).toString();
    i.senderEmail = o.value(QLatin1String("senderEmail")).toString();
    i.createdAt = time(o.value(QLatin1String("createdAt")));
    return i;
}

QJsonObject toJson(const CasBackend &b)
{
    // Only what the listing shows; credentials are write-only on the server and never here.
    return { { QStringLiteral("id"), b.id }, { QStringLiteral("name"), b.name },
        { QStringLiteral("location"), b.location }, { QStringLiteral("description"), b.description },
        { QStringLiteral("provider"), b.provider }, { QStringLiteral("isDefault"), b.isDefault },
        { QStringLiteral("isFallback"), b.isFallback }, { QStringLiteral("isInline"), b.isInline },
        { QStringLiteral("isManaged"), b.isManaged },
        { QStringLiteral("maxBytes"), QString::number(b.maxBytes) }, // as text: JSON numbers are doubles
        { QStringLiteral("validation"), validationName(b.validation) },
        { QStringLiteral("validationError"), b.validationError }, { QStringLiteral("createdAt"), time(b.createdAt) },
        { QStringLiteral("validatedAt"), time(b.validatedAt) }, { QStringLiteral("updatedAt"), time(b.updatedAt) } };
}

CasBackend casBackendFromJson(const QJsonObject &o)
{
    CasBackend b;
    b.id = o.value(QLatin1String("id")).toString();
    b.name = o.value(QLatin1String("name")).toString();
    b.location = o.value(QLatin1String("location")).toString();
    b.description = o.value(QLatin1String("description")).toString();
    b.provider = o.value(QLatin1String("provider")).toString();
    b.isDefault = o.value(QLatin1String("isDefault")).toBool();
    b.isFallback = o.value(QLatin1String("isFallback")).toBool();
    b.isInline = o.value(QLatin1String("isInline")).toBool();
    b.isManaged = o.value(QLatin1String("isManaged")).toBool();
    b.maxBytes = o.value(QLatin1String("maxBytes")).toString().toLongLong();
    b.validation = validationFromName(o.value(QLatin1String("validation")).toString());
    b.validationError = o.value(QLatin1String("validationError")).toString();
    b.createdAt = time(o.value(QLatin1String("createdAt")));
    b.validatedAt = time(o.value(QLatin1String("validatedAt")));
    b.updatedAt = time(o.value(QLatin1String("updatedAt")));
    return b;
}

} // namespace adm::storage
