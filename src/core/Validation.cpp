// SPDX-License-Identifier: Apache-2.0
#include "Validation.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace adm {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Validation", text);
}
} // namespace

Validity validateDnsLabel(const QString &name)
{
    if (name.isEmpty())
        return { tr("Enter a name.") };
    if (name.size() > 63)
        return { tr("A name can have at most 63 characters (this one has %1).").arg(name.size()) };
    static const QRegularExpression allowed(QStringLiteral("^[a-z0-9-]+$"));
    if (!allowed.match(name).hasMatch())
        return { tr("Use only lowercase letters a-z, digits and '-'.") };
    if (name.front() == QLatin1Char('-') || name.back() == QLatin1Char('-'))
        return { tr("A name must start and end with a letter or a digit.") };
    return {};
}

bool isReservedOrganizationName(const QString &name)
{
    return name == QLatin1String("admin") || name == QLatin1String("default");
}

Validity validateOrganizationName(const QString &name)
{
    if (Validity v = validateDnsLabel(name); !v.ok())
        return v;
    if (isReservedOrganizationName(name))
        return { tr("\"%1\" is reserved by Chainloop; choose another name.").arg(name) };
    return {};
}

Validity validateEmail(const QString &email)
{
    if (email.isEmpty())
        return { tr("Enter an e-mail address.") };
    // Deliberately simple: one '@', a non-empty local part, a dotted domain, no spaces.
    static const QRegularExpression shape(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$"));
    if (!shape.match(email).hasMatch())
        return { tr("\"%1\" is not an e-mail address (expected name@example.com).").arg(email) };
    return {};
}

std::optional<std::chrono::seconds> parseDuration(const QString &text)
{
    static const QRegularExpression part(QStringLiteral("(\\d+)([dhms])"));
    const QString t = text.trimmed().toLower();
    if (t.isEmpty())
        return std::nullopt;
    qint64 total = 0;
    qsizetype pos = 0;
    auto it = part.globalMatch(t);
    while (it.hasNext()) {
        const auto m = it.next();
        if (m.capturedStart() != pos)
            return std::nullopt;
        bool ok = false;
        const qint64 n = m.captured(1).toLongLong(&ok);
        if (!ok || n > 100000 * 86400LL)
            return std::nullopt;
        const QChar unit = m.captured(2).front();
        const qint64 factor = unit == QLatin1Char('d') ? 86400
            : unit == QLatin1Char('h')                 ? 3600
            : unit == QLatin1Char('m')                 ? 60
                                                       : 1;
        total += n * factor;
        pos = m.capturedEnd();
    }
    if (pos != t.size() || total <= 0)
        return std::nullopt;
    return std::chrono::seconds(total);
}

QString formatDuration(std::chrono::seconds d)
{
    qint64 s = d.count();
    QString out;
    const struct {
        qint64 size;
        char unit;
    } units[] = { { 86400, 'd' }, { 3600, 'h' }, { 60, 'm' }, { 1, 's' } };
    for (const auto &u : units) {
        if (s >= u.size) {
            out += QString::number(s / u.size) + QLatin1Char(u.unit);
            s %= u.size;
        }
    }
    return out.isEmpty() ? QStringLiteral("0s") : out;
}

std::optional<qint64> parseByteSize(const QString &text)
{
    static const QRegularExpression shape(QStringLiteral("^(\\d+)\\s*([kmgt]?)(i?b)?$"));
    const auto m = shape.match(text.trimmed().toLower());
    if (!m.hasMatch())
        return std::nullopt;
    bool ok = false;
    const qint64 n = m.captured(1).toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    const QString unit = m.captured(2);
    int shift = 0;
    if (unit == QLatin1String("k"))
        shift = 10;
    else if (unit == QLatin1String("m"))
        shift = 20;
    else if (unit == QLatin1String("g"))
        shift = 30;
    else if (unit == QLatin1String("t"))
        shift = 40;
    if (n > (std::numeric_limits<qint64>::max() >> shift))
        return std::nullopt;
    return n << shift;
}

QString formatByteSize(qint64 bytes)
{
    const char *units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
    int i = 0;
    double v = double(bytes);
    while (v >= 1024.0 && i < 4 && (qint64(v) % 1024 == 0 || v >= 10240.0)) {
        v /= 1024.0;
        ++i;
    }
    const bool whole = v == double(qint64(v));
    return (whole ? QString::number(qint64(v)) : QString::number(v, 'f', 1)) + QLatin1Char(' ')
        + QLatin1String(units[i]);
}

} // namespace adm
