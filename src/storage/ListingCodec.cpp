// SPDX-License-Identifier: Apache-2.0
#include "storage/ListingCodec.h"

#include <QtEndian>

#include <limits>
#include <type_traits>

namespace adm::storage {

namespace {

constexpr char Magic[4] = { 'A', 'D', 'M', 'R' };
// 2: strings as UTF-8 (half the bytes of UTF-16 for the mostly ASCII text of listings), and a
// member's organization as "same as the previous row's" when it is. Older versions read as
// cache misses: the next fetch writes the listing again.
constexpr quint16 FormatVersion = 2;
constexpr qint64 NoTime = std::numeric_limits<qint64>::min();
// Smallest encoded row of any kind (an entity of empty strings): bounds the row count a blob
// may claim before anything is allocated for it.
constexpr qsizetype MinRowBytes = 8;

// One tag per entity type, so a blob of one kind is never read as another.
template<typename T> constexpr quint8 kindTag();
template<> constexpr quint8 kindTag<Organization>()
{
    return 1;
}
template<> constexpr quint8 kindTag<ApiToken>()
{
    return 2;
}
template<> constexpr quint8 kindTag<Membership>()
{
    return 3;
}
template<> constexpr quint8 kindTag<Invitation>()
{
    return 4;
}
template<> constexpr quint8 kindTag<CasBackend>()
{
    return 5;
}

// Writes a listing's fields: little-endian integers, bool as one byte, QString as its UTF-8
// byte length (0xffffffff for a null string) and the bytes.
class BlobWriter
{
public:
    explicit BlobWriter(QByteArray &blob)
        : m_blob(blob)
    { }

    template<typename I>
    requires std::is_integral_v<I> BlobWriter &operator<<(I value)
    {
        char bytes[sizeof(I)];
        qToLittleEndian<I>(value, bytes);
        m_blob.append(bytes, sizeof(I));
        return *this;
    }

    BlobWriter &operator<<(bool value) { return *this << qint8(value ? 1 : 0); }

    BlobWriter &operator<<(const QString &value)
    {
        if (value.isNull())
            return *this << quint32(0xffffffffu);
        const QByteArray utf8 = value.toUtf8();
        *this << quint32(utf8.size());
        m_blob.append(utf8);
        return *this;
    }

    void writeRaw(QByteArrayView bytes) { m_blob.append(bytes); }

    // The organization record of the previous member (see write(Membership)).
    QByteArray lastOrganization;

private:
    QByteArray &m_blob;
};

// Reads what BlobWriter wrote straight from the blob (QDataStream, used before, goes through a
// QIODevice for every field: 10,000 members took about 25 ms that way, a few here). Any read
// past the end fails the reader and yields zeros.
class BlobReader
{
public:
    explicit BlobReader(QByteArrayView blob)
        : m_next(blob.data())
        , m_end(blob.data() + blob.size())
    { }

    bool ok() const { return m_ok; }
    bool atEnd() const { return m_next == m_end; }
    void skip(qsizetype bytes) { take(bytes); }
    // The organization of the previous member (see read(Membership)).
    Organization lastOrganization;

    template<typename I>
    requires std::is_integral_v<I> BlobReader &operator>>(I &value)
    {
        const char *p = take(sizeof(I));
        value = p ? qFromLittleEndian<I>(p) : I();
        return *this;
    }

    BlobReader &operator>>(bool &value)
    {
        qint8 byte = 0;
        *this >> byte;
        value = byte != 0;
        return *this;
    }

    BlobReader &operator>>(QString &value)
    {
        quint32 bytes = 0;
        *this >> bytes;
        value = QString();
        if (bytes == 0xffffffffu || !m_ok)
            return *this;
        if (const char *p = take(bytes))
            value = bytes == 0 ? QString(QLatin1String("")) : QString::fromUtf8(p, qsizetype(bytes));
        return *this;
    }

private:
    const char *take(qsizetype bytes)
    {
        if (!m_ok || m_end - m_next < bytes) {
            m_ok = false;
            return nullptr;
        }
        const char *p = m_next;
        m_next += bytes;
        return p;
    }

    const char *m_next;
    const char *m_end;
    bool m_ok = true;
};

void writeTime(BlobWriter &s, const QDateTime &t)
{
    s << (t.isValid() ? t.toMSecsSinceEpoch() : NoTime);
}

QDateTime readTime(BlobReader &s)
{
    qint64 ms = NoTime;
    s >> ms;
    return ms == NoTime ? QDateTime() : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

// A list of strings as a count and the strings (the reader grows the list as it reads, so a
// damaged count cannot ask for gigabytes).
void writeStrings(BlobWriter &s, const QStringList &list)
{
    s << quint32(list.size());
    for (const QString &item : list)
        s << item;
}

QStringList readStrings(BlobReader &s)
{
    quint32 count = 0;
    s >> count;
    QStringList list;
    for (quint32 i = 0; i < count && s.ok(); ++i) {
        QString item;
        s >> item;
        list.append(item);
    }
    return list;
}

template<typename E> void writeEnum(BlobWriter &s, E value)
{
    s << qint32(value);
}

// Values outside [0, last] (a newer version's, or damage) read as the first, "unknown" value.
template<typename E> E readEnum(BlobReader &s, E last)
{
    qint32 v = 0;
    s >> v;
    return v >= 0 && v <= qint32(last) ? E(v) : E(0);
}

void write(BlobWriter &s, const User &u)
{
    s << u.id << u.email << u.firstName << u.lastName << u.instanceAdmin;
    writeTime(s, u.createdAt);
}

void read(BlobReader &s, User &u)
{
    s >> u.id >> u.email >> u.firstName >> u.lastName >> u.instanceAdmin;
    u.createdAt = readTime(s);
}

void write(BlobWriter &s, const Organization &o)
{
    s << o.id << o.name << o.blockOnPolicyViolation;
    writeStrings(s, o.policyAllowedHostnames);
    s << o.preventImplicitWorkflowCreation << o.restrictContractCreationToOrgAdmins
      << o.apiTokenMaxDaysInactive.has_value() << qint32(o.apiTokenMaxDaysInactive.value_or(0))
      << o.enableAiAgentCollector << o.blockAttestationsOnReleasedVersions << o.skipRunnerEnvVars;
    writeTime(s, o.createdAt);
    writeTime(s, o.updatedAt);
}

void read(BlobReader &s, Organization &o)
{
    bool hasMaxDays = false;
    qint32 maxDays = 0;
    s >> o.id >> o.name >> o.blockOnPolicyViolation;
    o.policyAllowedHostnames = readStrings(s);
    s >> o.preventImplicitWorkflowCreation >> o.restrictContractCreationToOrgAdmins >> hasMaxDays >> maxDays
        >> o.enableAiAgentCollector >> o.blockAttestationsOnReleasedVersions >> o.skipRunnerEnvVars;
    if (hasMaxDays)
        o.apiTokenMaxDaysInactive = maxDays;
    o.createdAt = readTime(s);
    o.updatedAt = readTime(s);
}

void write(BlobWriter &s, const ApiToken &t)
{
    s << t.id << t.name << t.description << t.organizationId << t.organizationName << t.projectId << t.projectName;
    writeEnum(s, t.scope);
    writeTime(s, t.createdAt);
    writeTime(s, t.revokedAt);
    writeTime(s, t.expiresAt);
    writeTime(s, t.lastUsedAt);
}

void read(BlobReader &s, ApiToken &t)
{
    s >> t.id >> t.name >> t.description >> t.organizationId >> t.organizationName >> t.projectId >> t.projectName;
    t.scope = readEnum(s, ApiToken::Scope::Instance);
    t.createdAt = readTime(s);
    t.revokedAt = readTime(s);
    t.expiresAt = readTime(s);
    t.lastUsedAt = readTime(s);
}

// The members of one organization all carry the same organization record: written once,
// then as one byte meaning "the previous member's" (10,000 members: 1.5 MB less to read, and
// the rows share one copy of the organization in memory).
void write(BlobWriter &s, const Membership &m)
{
    s << m.id << m.current;
    QByteArray record;
    BlobWriter recordWriter(record);
    write(recordWriter, m.org);
    const bool repeated = !s.lastOrganization.isNull() && record == s.lastOrganization;
    s << repeated;
    if (!repeated) {
        s.writeRaw(record);
        s.lastOrganization = record;
    }
    write(s, m.user);
    writeEnum(s, m.role);
    writeTime(s, m.createdAt);
    writeTime(s, m.updatedAt);
}

void read(BlobReader &s, Membership &m)
{
    bool repeated = false;
    s >> m.id >> m.current >> repeated;
    if (repeated) {
        m.org = s.lastOrganization;
    } else {
        read(s, m.org);
        s.lastOrganization = m.org;
    }
    read(s, m.user);
    m.role = readEnum(s, Role::Contributor);
    m.createdAt = readTime(s);
    m.updatedAt = readTime(s);
}

void write(BlobWriter &s, const Invitation &i)
{
    s << i.id << i.receiverEmail << i.status << i.organizationId << i.organizationName << i.senderEmail;
    writeEnum(s, i.role);
    writeTime(s, i.createdAt);
}

void read(BlobReader &s, Invitation &i)
{
    s >> i.id >> i.receiverEmail >> i.status >> i.organizationId >> i.organizationName >> i.senderEmail;
    i.role = readEnum(s, Role::Contributor);
    i.createdAt = readTime(s);
}

void write(BlobWriter &s, const CasBackend &b)
{
    s << b.id << b.name << b.location << b.description << b.provider << b.isDefault << b.isFallback << b.isInline
      << b.isManaged << b.maxBytes << b.validationError;
    writeEnum(s, b.validation);
    writeTime(s, b.createdAt);
    writeTime(s, b.validatedAt);
    writeTime(s, b.updatedAt);
}

void read(BlobReader &s, CasBackend &b)
{
    s >> b.id >> b.name >> b.location >> b.description >> b.provider >> b.isDefault >> b.isFallback >> b.isInline
        >> b.isManaged >> b.maxBytes >> b.validationError;
    b.validation = readEnum(s, CasBackend::Validation::Invalid);
    b.createdAt = readTime(s);
    b.validatedAt = readTime(s);
    b.updatedAt = readTime(s);
}

} // namespace

bool isEncodedListing(const QByteArray &blob)
{
    return blob.startsWith(QByteArrayView(Magic, sizeof Magic));
}

template<typename T> QByteArray encodeListing(const QList<T> &rows)
{
    QByteArray blob;
    BlobWriter s(blob);
    s.writeRaw(QByteArrayView(Magic, sizeof Magic));
    s << FormatVersion << kindTag<T>() << quint32(rows.size());
    for (const T &row : rows)
        write(s, row);
    return blob;
}

template<typename T> std::optional<QList<T>> decodeListing(const QByteArray &blob)
{
    if (!isEncodedListing(blob))
        return std::nullopt;
    BlobReader s(blob);
    s.skip(sizeof Magic);
    quint16 version = 0;
    quint8 kind = 0;
    quint32 count = 0;
    s >> version >> kind >> count;
    if (!s.ok() || version != FormatVersion || kind != kindTag<T>() || qsizetype(count) > blob.size() / MinRowBytes)
        return std::nullopt;
    QList<T> rows(count);
    for (T &row : rows) {
        read(s, row);
        if (!s.ok())
            return std::nullopt;
    }
    if (!s.atEnd())
        return std::nullopt; // trailing bytes: not what this version wrote
    return rows;
}

#define ADM_LISTING_CODEC(T)                                                                                           \
    template QByteArray encodeListing<T>(const QList<T> &);                                                            \
    template std::optional<QList<T>> decodeListing<T>(const QByteArray &);
ADM_LISTING_CODEC(Organization)
ADM_LISTING_CODEC(ApiToken)
ADM_LISTING_CODEC(Membership)
ADM_LISTING_CODEC(Invitation)
ADM_LISTING_CODEC(CasBackend)
#undef ADM_LISTING_CODEC

} // namespace adm::storage
