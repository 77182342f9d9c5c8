// SPDX-License-Identifier: Apache-2.0
#include "sandbox/FaultInjector.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace adm::sandbox {

namespace {

struct KindName {
    FaultKind kind;
    const char *name;
};

constexpr KindName kindNames[] = {
    { FaultKind::Latency, "latency" },
    { FaultKind::Unavailable, "unavailable" },
    { FaultKind::Drop, "drop" },
    { FaultKind::Malformed, "malformed" },
    { FaultKind::Oversize, "oversize" },
    { FaultKind::Hang, "hang" },
};

std::optional<FaultKind> kindFromName(const QString &name)
{
    for (const auto &k : kindNames) {
        if (name == QLatin1String(k.name))
            return k.kind;
    }
    return std::nullopt;
}

std::optional<std::chrono::milliseconds> parseDuration(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^(\\d+(?:\\.\\d+)?)(ms|s|m)?$"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const double value = m.captured(1).toDouble();
    const QString unit = m.captured(2);
    double ms = value; // a bare number is milliseconds
    if (unit == QLatin1String("s"))
        ms = value * 1000;
    else if (unit == QLatin1String("m"))
        ms = value * 60000;
    return std::chrono::milliseconds(qint64(ms));
}

std::optional<double> parseRatio(const QString &text)
{
    QString t = text.trimmed();
    bool percent = false;
    if (t.endsWith(QLatin1Char('%'))) {
        percent = true;
        t.chop(1);
    }
    bool ok = false;
    double value = t.toDouble(&ok);
    if (!ok)
        return std::nullopt;
    if (percent)
        value /= 100.0;
    if (value < 0.0 || value > 1.0)
        return std::nullopt;
    return value;
}

std::optional<qint64> parseSize(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral("^(\\d+)(b|k|kb|kib|m|mb|mib)?$"), QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    qint64 value = m.captured(1).toLongLong();
    const QString unit = m.captured(2).toLower();
    if (unit.startsWith(QLatin1Char('k')))
        value *= 1024;
    else if (unit.startsWith(QLatin1Char('m')))
        value *= 1024 * 1024;
    if (value < 0 || value > qint64(1) << 30) // 1 GiB is plenty to break any client
        return std::nullopt;
    return value;
}

QString formatMs(std::chrono::milliseconds ms)
{
    return QString::number(ms.count()) + QStringLiteral("ms");
}

QString formatSpec(const FaultRule &r)
{
    QString spec = faultKindName(r.kind) + QLatin1Char('=');
    switch (r.kind) {
    case FaultKind::Latency:
        spec += formatMs(r.latencyMin);
        if (r.latencyMax != r.latencyMin)
            spec += QLatin1Char('-') + formatMs(r.latencyMax);
        if (!r.method.isEmpty())
            spec += QStringLiteral(",method=") + r.method;
        break;
    case FaultKind::Unavailable:
        spec += QString::number(r.ratio);
        if (!r.method.isEmpty())
            spec += QStringLiteral(",method=") + r.method;
        break;
    case FaultKind::Drop:
    case FaultKind::Malformed:
    case FaultKind::Oversize:
    case FaultKind::Hang:
        spec += r.method.isEmpty() ? QStringLiteral("*") : r.method;
        if (r.ratio < 1.0)
            spec += QStringLiteral(",ratio=") + QString::number(r.ratio);
        break;
    }
    if (r.kind == FaultKind::Oversize)
        spec += QStringLiteral(",size=") + QString::number(r.size);
    if (r.count >= 0)
        spec += QStringLiteral(",count=") + QString::number(r.count + r.fired);
    return spec;
}

} // namespace

QString faultKindName(FaultKind kind)
{
    for (const auto &k : kindNames) {
        if (k.kind == kind)
            return QLatin1String(k.name);
    }
    return {};
}

std::optional<FaultRule> FaultInjector::parseSpec(const QString &spec, QString *error)
{
    auto fail = [&](const QString &why) -> std::optional<FaultRule> {
        if (error)
            *error = QStringLiteral("invalid fault \"%1\": %2").arg(spec, why);
        return std::nullopt;
    };
    const QStringList parts = spec.split(QLatin1Char(','));
    const QString head = parts.value(0).trimmed();
    const qsizetype eq = head.indexOf(QLatin1Char('='));
    const QString kindText = (eq < 0 ? head : head.left(eq)).trimmed().toLower();
    const QString value = eq < 0 ? QString() : head.mid(eq + 1).trimmed();
    const auto kind = kindFromName(kindText);
    if (!kind)
        return fail(QStringLiteral("unknown kind \"%1\" (latency, unavailable, drop, malformed, oversize, hang)")
                        .arg(kindText));

    FaultRule rule;
    rule.kind = *kind;
    switch (rule.kind) {
    case FaultKind::Latency: {
        const qsizetype dash = value.indexOf(QLatin1Char('-'));
        const auto lo = parseDuration(dash < 0 ? value : value.left(dash));
        const auto hi = dash < 0 ? lo : parseDuration(value.mid(dash + 1));
        if (!lo || !hi || *hi < *lo)
            return fail(QStringLiteral("expected a duration such as 200ms, 2s or 100ms-300ms"));
        rule.latencyMin = *lo;
        rule.latencyMax = *hi;
        break;
    }
    case FaultKind::Unavailable: {
        const auto ratio = parseRatio(value);
        if (!ratio)
            return fail(QStringLiteral("expected a share between 0 and 1, such as 0.3 or 30%"));
        rule.ratio = *ratio;
        break;
    }
    case FaultKind::Drop:
    case FaultKind::Malformed:
    case FaultKind::Oversize:
    case FaultKind::Hang: rule.method = value == QLatin1String("*") ? QString() : value; break;
    }
    if (rule.kind == FaultKind::Oversize)
        rule.size = DefaultOversizeBytes;

    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QString option = parts.at(i).trimmed();
        const qsizetype oeq = option.indexOf(QLatin1Char('='));
        const QString key = option.left(oeq).trimmed().toLower();
        const QString val = oeq < 0 ? QString() : option.mid(oeq + 1).trimmed();
        if (oeq < 0)
            return fail(QStringLiteral("option \"%1\" needs a value").arg(option));
        if (key == QLatin1String("method")) {
            rule.method = val == QLatin1String("*") ? QString() : val;
        } else if (key == QLatin1String("ratio") && rule.kind != FaultKind::Unavailable) {
            const auto ratio = parseRatio(val);
            if (!ratio)
                return fail(QStringLiteral("ratio must be between 0 and 1"));
            rule.ratio = *ratio;
        } else if (key == QLatin1String("count")) {
            bool ok = false;
            rule.count = val.toInt(&ok);
            if (!ok || rule.count < 0)
                return fail(QStringLiteral("count must be a non-negative integer"));
        } else if (key == QLatin1String("size") && rule.kind == FaultKind::Oversize) {
            const auto size = parseSize(val);
            if (!size)
                return fail(QStringLiteral("size must be bytes with an optional K or M suffix, at most 1G"));
            rule.size = *size;
        } else {
            return fail(QStringLiteral("unknown option \"%1\" for %2").arg(key, kindText));
        }
    }
    rule.spec = formatSpec(rule);
    return rule;
}

QString FaultInjector::syntaxHelp()
{
    return QStringLiteral(
        "Fault injection (--fault SPEC, repeatable; or POST /sandbox/faults with --enable-control):\n"
        "  SPEC = KIND=VALUE[,OPTION=VALUE...]\n"
        "  latency=DURATION[-DURATION]  delay calls by DURATION (200ms, 2s; a range picks uniformly)\n"
        "  unavailable=SHARE            answer UNAVAILABLE (14) to SHARE of calls (0.3 or 30%)\n"
        "  drop=METHOD                  cut the connection in the middle of the reply\n"
        "  malformed=METHOD             reply with a broken frame\n"
        "  oversize=METHOD              reply with an oversized message (default 33 MiB, size=N[K|M])\n"
        "  hang=METHOD                  never answer (until the client gives up)\n"
        "  METHOD is a substring of the full method path, e.g. APITokenService/List; * = every method.\n"
        "  Options: method=SUBSTRING (latency, unavailable), ratio=SHARE (drop, malformed, oversize, hang),\n"
        "           count=N (fire at most N times, then stay off), size=BYTES (oversize).\n"
        "  Several latency rules add up; of the other rules the first that fires wins. Rules apply to\n"
        "  RPCs on both ports, not to /infoz, /statusz or /auth/*. Random choices use --fault-seed.\n"
        "  On the native gRPC port (grpc++ controls the framing there):\n"
        "    drop      resets the call's HTTP/2 stream (the client sees CANCELLED); the connection stays;\n"
        "    malformed sends a well-framed message whose bytes are not valid protobuf;\n"
        "  on the gRPC-Web port drop closes the TCP connection half-way through the body and\n"
        "  malformed sends a data frame whose length prefix overruns the body (no trailer frame).\n"
        "  Examples: --fault latency=200ms --fault unavailable=0.3,method=List --fault drop=Revoke,count=1");
}

FaultInjector::FaultInjector(quint64 seed)
    : m_seed(seed)
    , m_random(quint32(seed ^ (seed >> 32)))
{ }

void FaultInjector::clear()
{
    m_rules.clear();
}

void FaultInjector::reseed(quint64 seed)
{
    m_seed = seed;
    m_random.seed(quint32(seed ^ (seed >> 32)));
}

bool FaultInjector::fires(FaultRule &rule, const QByteArray &method)
{
    if (rule.count == 0)
        return false;
    if (!rule.method.isEmpty() && !method.contains(rule.method.toUtf8()))
        return false;
    // Draw only for partial shares so that always-on rules don't shift the random sequence.
    if (rule.ratio < 1.0 && !(m_random.generateDouble() < rule.ratio))
        return false;
    if (rule.count > 0)
        --rule.count;
    ++rule.fired;
    return true;
}

FaultPlan FaultInjector::planFor(const QByteArray &method)
{
    FaultPlan plan;
    for (auto &rule : m_rules) {
        if (rule.kind != FaultKind::Latency || !fires(rule, method))
            continue;
        auto delay = rule.latencyMin;
        if (rule.latencyMax > rule.latencyMin)
            delay += std::chrono::milliseconds(
                m_random.bounded(quint32((rule.latencyMax - rule.latencyMin).count() + 1)));
        plan.latency += delay;
    }
    for (auto &rule : m_rules) {
        if (rule.kind == FaultKind::Latency || !fires(rule, method))
            continue;
        switch (rule.kind) {
        case FaultKind::Latency: break;
        case FaultKind::Unavailable: plan.action = FaultPlan::Action::Unavailable; break;
        case FaultKind::Drop: plan.action = FaultPlan::Action::Drop; break;
        case FaultKind::Malformed: plan.action = FaultPlan::Action::Malformed; break;
        case FaultKind::Oversize:
            plan.action = FaultPlan::Action::Oversize;
            plan.oversizeBytes = rule.size;
            break;
        case FaultKind::Hang: plan.action = FaultPlan::Action::Hang; break;
        }
        break;
    }
    return plan;
}

QJsonObject FaultInjector::toJson() const
{
    QJsonArray faults;
    for (const auto &r : m_rules) {
        QJsonObject o {
            { QStringLiteral("kind"), faultKindName(r.kind) },
            { QStringLiteral("spec"), r.spec },
            { QStringLiteral("method"), r.method },
            { QStringLiteral("ratio"), r.ratio },
            { QStringLiteral("fired"), r.fired },
        };
        if (r.count >= 0)
            o.insert(QStringLiteral("remaining"), r.count);
        if (r.kind == FaultKind::Latency) {
            o.insert(QStringLiteral("latencyMinMs"), qint64(r.latencyMin.count()));
            o.insert(QStringLiteral("latencyMaxMs"), qint64(r.latencyMax.count()));
        }
        if (r.kind == FaultKind::Oversize)
            o.insert(QStringLiteral("size"), r.size);
        faults.append(o);
    }
    return { { QStringLiteral("seed"), QString::number(m_seed) }, { QStringLiteral("faults"), faults } };
}

bool FaultInjector::replaceFromJson(const QJsonObject &json, QString *error)
{
    QList<FaultRule> rules;
    const QJsonValue list = json.value(QStringLiteral("faults"));
    if (!list.isUndefined() && !list.isArray()) {
        *error = QStringLiteral("\"faults\" must be an array of SPEC strings");
        return false;
    }
    for (const QJsonValue &entry : list.toArray()) {
        const QString spec
            = entry.isObject() ? entry.toObject().value(QStringLiteral("spec")).toString() : entry.toString();
        auto rule = parseSpec(spec, error);
        if (!rule)
            return false;
        rules.append(std::move(*rule));
    }
    const QJsonValue seed = json.value(QStringLiteral("seed"));
    if (seed.isDouble())
        reseed(quint64(seed.toInteger()));
    else if (seed.isString())
        reseed(seed.toString().toULongLong());
    else if (!seed.isUndefined()) {
        *error = QStringLiteral("\"seed\" must be a number");
        return false;
    }
    m_rules = std::move(rules);
    return true;
}

} // namespace adm::sandbox
