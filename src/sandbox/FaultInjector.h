// SPDX-License-Identifier: Apache-2.0
// Fault injection for reliability tests: which calls get delayed, refused, cut or corrupted.
// Pure logic on the Qt main thread; the transports carry out what planFor() decides. All random
// choices come from one generator seeded with --fault-seed, so a run is reproducible for a
// given call order.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QRandomGenerator>
#include <QString>

#include <chrono>
#include <optional>

namespace adm::sandbox {

enum class FaultKind { Latency, Unavailable, Drop, Malformed, Oversize, Hang };

struct FaultRule {
    FaultKind kind = FaultKind::Latency;
    QString method; // substring of the full method path; empty = every method
    double ratio = 1.0; // share of matching calls it hits
    int count = -1; // how many more times it may fire; -1 = unlimited
    std::chrono::milliseconds latencyMin { 0 };
    std::chrono::milliseconds latencyMax { 0 };
    qint64 size = 0; // Oversize: reply message size in bytes
    int fired = 0;
    QString spec; // the rule written back in --fault syntax
};

// What a transport does with one call.
struct FaultPlan {
    enum class Action { None, Unavailable, Drop, Malformed, Oversize, Hang };
    std::chrono::milliseconds latency { 0 };
    Action action = Action::None;
    qint64 oversizeBytes = 0;
};

class FaultInjector
{
public:
    static constexpr qint64 DefaultOversizeBytes = 33 * 1024 * 1024; // above the CLI's 32 MiB limit

    // Parses one --fault SPEC; nullopt with *error on a syntax error.
    static std::optional<FaultRule> parseSpec(const QString &spec, QString *error);
    // The SPEC syntax for --help.
    static QString syntaxHelp();

    explicit FaultInjector(quint64 seed = 1);

    void addRule(FaultRule rule) { m_rules.append(std::move(rule)); }
    void clear();
    bool isEmpty() const { return m_rules.isEmpty(); }
    void reseed(quint64 seed);
    quint64 seed() const { return m_seed; }

    // Decides the fate of one call and counts the rules that fired.
    FaultPlan planFor(const QByteArray &method);

    // Control endpoint: {"seed": N, "faults": [{"kind":..., "spec":..., "fired":...}, ...]}.
    QJsonObject toJson() const;
    // Replaces every rule from {"faults": ["SPEC" | {"spec": "SPEC"}, ...], "seed": N (optional)}.
    // Leaves the rules untouched and returns false with *error when any entry is invalid.
    bool replaceFromJson(const QJsonObject &json, QString *error);

private:
    bool fires(FaultRule &rule, const QByteArray &method);

    QList<FaultRule> m_rules;
    quint64 m_seed = 1;
    QRandomGenerator m_random;
};

QString faultKindName(FaultKind kind);

} // namespace adm::sandbox
