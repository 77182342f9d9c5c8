// SPDX-License-Identifier: Apache-2.0
#include "core/OnboardingPlan.h"

#include "core/CasBackendForm.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QSet>

namespace adm {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("adm::OnboardingPlan", text);
}

constexpr int kPlanVersion = 1;

// Settings travel as their wire field names so the JSON reads like the API.
QJsonObject settingsToJson(const OrganizationSettings &s)
{
    QJsonObject o;
    auto putBool = [&o](const char *key, const std::optional<bool> &v) {
        if (v)
            o.insert(QLatin1String(key), *v);
    };
    putBool("block_on_policy_violation", s.blockOnPolicyViolation);
    if (s.policyAllowedHostnames)
        o.insert(QStringLiteral("policies_allowed_hostnames"), QJsonArray::fromStringList(*s.policyAllowedHostnames));
    putBool("prevent_implicit_workflow_creation", s.preventImplicitWorkflowCreation);
    putBool("restrict_contract_creation_to_org_admins", s.restrictContractCreationToOrgAdmins);
    if (s.apiTokenMaxDaysInactive)
        o.insert(QStringLiteral("api_token_max_days_inactive"), *s.apiTokenMaxDaysInactive);
    putBool("enable_ai_agent_collector", s.enableAiAgentCollector);
    putBool("block_attestations_on_released_versions", s.blockAttestationsOnReleasedVersions);
    putBool("skip_runner_env_vars", s.skipRunnerEnvVars);
    return o;
}

OrganizationSettings settingsFromJson(const QJsonObject &o)
{
    OrganizationSettings s;
    auto getBool = [&o](const char *key) -> std::optional<bool> {
        const QJsonValue v = o.value(QLatin1String(key));
        return v.isBool() ? std::optional<bool>(v.toBool()) : std::nullopt;
    };
    s.blockOnPolicyViolation = getBool("block_on_policy_violation");
    if (o.value(QStringLiteral("policies_allowed_hostnames")).isArray()) {
        QStringList hosts;
        for (const QJsonValue &h : o.value(QStringLiteral("policies_allowed_hostnames")).toArray())
            hosts << h.toString();
        s.policyAllowedHostnames = hosts;
    }
    s.preventImplicitWorkflowCreation = getBool("prevent_implicit_workflow_creation");
    s.restrictContractCreationToOrgAdmins = getBool("restrict_contract_creation_to_org_admins");
    if (o.value(QStringLiteral("api_token_max_days_inactive")).isDouble())
        s.apiTokenMaxDaysInactive = o.value(QStringLiteral("api_token_max_days_inactive")).toInt();
    s.enableAiAgentCollector = getBool("enable_ai_agent_collector");
    s.blockAttestationsOnReleasedVersions = getBool("block_attestations_on_released_versions");
    s.skipRunnerEnvVars = getBool("skip_runner_env_vars");
    return s;
}

QJsonObject casToJson(const CasTemplate &c)
{
    // "credentialSet" holds a name; the storage guard refuses a key called "credentials".
    QJsonObject o { { QStringLiteral("name"), c.name }, { QStringLiteral("provider"), c.provider },
        { QStringLiteral("location"), c.location }, { QStringLiteral("credentialSet"), c.credentialSet },
        { QStringLiteral("default"), c.isDefault } };
    if (!c.description.isEmpty())
        o.insert(QStringLiteral("description"), c.description);
    if (c.maxBytes)
        o.insert(QStringLiteral("maxBytes"), QString::number(*c.maxBytes));
    return o;
}

CasTemplate casFromJson(const QJsonObject &o)
{
    CasTemplate c;
    c.name = o.value(QStringLiteral("name")).toString();
    c.provider = o.value(QStringLiteral("provider")).toString();
    c.location = o.value(QStringLiteral("location")).toString();
    c.credentialSet = o.value(QStringLiteral("credentialSet")).toString();
    c.description = o.value(QStringLiteral("description")).toString();
    c.isDefault = o.value(QStringLiteral("default")).toBool(true);
    if (o.contains(QStringLiteral("maxBytes"))) {
        bool ok = false;
        const qint64 v = o.value(QStringLiteral("maxBytes")).toString().toLongLong(&ok);
        if (ok)
            c.maxBytes = v;
    }
    return c;
}

} // namespace

QString OnboardingStep::key() const
{
    switch (kind) {
    case Kind::CreateOrganization: return QStringLiteral("org:") + organization;
    case Kind::UpdateSettings: return QStringLiteral("settings:") + organization;
    case Kind::AddCasBackend: return QStringLiteral("cas:%1/%2").arg(organization, cas.name);
    case Kind::Invite: return QStringLiteral("invite:%1/%2").arg(organization, email.toLower());
    }
    return {};
}

QString OnboardingStep::target() const
{
    switch (kind) {
    case Kind::CreateOrganization:
    case Kind::UpdateSettings: return organization;
    case Kind::AddCasBackend: return cas.name;
    case Kind::Invite: return email.toLower();
    }
    return {};
}

QString stepKindName(OnboardingStep::Kind kind)
{
    switch (kind) {
    case OnboardingStep::Kind::CreateOrganization: return QStringLiteral("org.create");
    case OnboardingStep::Kind::UpdateSettings: return QStringLiteral("org.settings");
    case OnboardingStep::Kind::AddCasBackend: return QStringLiteral("cas.create");
    case OnboardingStep::Kind::Invite: return QStringLiteral("invite");
    }
    return {};
}

std::optional<OnboardingStep::Kind> stepKindFromName(const QString &name)
{
    using K = OnboardingStep::Kind;
    for (K k : { K::CreateOrganization, K::UpdateSettings, K::AddCasBackend, K::Invite }) {
        if (stepKindName(k) == name)
            return k;
    }
    return std::nullopt;
}

QString stepStateName(OnboardingStep::State state)
{
    switch (state) {
    case OnboardingStep::State::Pending: return QStringLiteral("pending");
    case OnboardingStep::State::Running: return QStringLiteral("running");
    case OnboardingStep::State::Done: return QStringLiteral("done");
    case OnboardingStep::State::Adopted: return QStringLiteral("adopted");
    case OnboardingStep::State::Failed: return QStringLiteral("failed");
    case OnboardingStep::State::Skipped: return QStringLiteral("skipped");
    }
    return {};
}

std::optional<OnboardingStep::State> stepStateFromName(const QString &name)
{
    using S = OnboardingStep::State;
    for (S s : { S::Pending, S::Running, S::Done, S::Adopted, S::Failed, S::Skipped }) {
        if (stepStateName(s) == name)
            return s;
    }
    return std::nullopt;
}

QString stepStateDisplayName(OnboardingStep::State state)
{
    switch (state) {
    case OnboardingStep::State::Pending: return tr("Pending");
    case OnboardingStep::State::Running: return tr("Running");
    case OnboardingStep::State::Done: return tr("Done");
    case OnboardingStep::State::Adopted: return tr("Already there");
    case OnboardingStep::State::Failed: return tr("Failed");
    case OnboardingStep::State::Skipped: return tr("Skipped");
    }
    return {};
}

QString stepDescription(const OnboardingStep &step)
{
    switch (step.kind) {
    case OnboardingStep::Kind::CreateOrganization: return tr("Create organization %1").arg(step.organization);
    case OnboardingStep::Kind::UpdateSettings: return tr("Update the settings of %1").arg(step.organization);
    case OnboardingStep::Kind::AddCasBackend:
        return tr("Add CAS backend %1 (%2, %3) to %4")
            .arg(step.cas.name, step.cas.provider, step.cas.location, step.organization);
    case OnboardingStep::Kind::Invite:
        return tr("Invite %1 as %2 to %3").arg(step.email, roleCliName(step.role), step.organization);
    }
    return {};
}

QString journalAction(const OnboardingStep &step)
{
    const QString verb
        = step.state == OnboardingStep::State::Adopted ? QStringLiteral("adopt") : QStringLiteral("create");
    switch (step.kind) {
    case OnboardingStep::Kind::CreateOrganization: return QStringLiteral("onboard.org.") + verb;
    case OnboardingStep::Kind::UpdateSettings: return QStringLiteral("onboard.settings.update");
    case OnboardingStep::Kind::AddCasBackend: return QStringLiteral("onboard.cas.") + verb;
    case OnboardingStep::Kind::Invite: return QStringLiteral("onboard.invite.") + verb;
    }
    return {};
}

std::optional<OnboardingStep::Kind> stepKindFromJournalAction(const QString &action, bool *adopted)
{
    const QStringList parts = action.split(u'.');
    if (parts.size() != 3 || parts.at(0) != QLatin1String("onboard"))
        return std::nullopt;
    if (adopted)
        *adopted = parts.at(2) == QLatin1String("adopt");
    const QString &what = parts.at(1);
    if (what == QLatin1String("org"))
        return OnboardingStep::Kind::CreateOrganization;
    if (what == QLatin1String("settings"))
        return OnboardingStep::Kind::UpdateSettings;
    if (what == QLatin1String("cas"))
        return OnboardingStep::Kind::AddCasBackend;
    if (what == QLatin1String("invite"))
        return OnboardingStep::Kind::Invite;
    return std::nullopt;
}

QStringList OnboardingPlan::organizations() const
{
    QStringList out;
    QSet<QString> seen;
    for (const OnboardingStep &s : steps) {
        if (!seen.contains(s.organization)) {
            seen.insert(s.organization);
            out << s.organization;
        }
    }
    return out;
}

int OnboardingPlan::createStepOf(const QString &organization) const
{
    for (int i = 0; i < steps.size(); ++i) {
        if (steps[i].kind == OnboardingStep::Kind::CreateOrganization && steps[i].organization == organization)
            return i;
    }
    return -1;
}

int OnboardingPlan::indexOfKey(const QString &key) const
{
    for (int i = 0; i < steps.size(); ++i) {
        if (steps[i].key() == key)
            return i;
    }
    return -1;
}

int OnboardingPlan::count(OnboardingStep::State state) const
{
    return int(
        std::count_if(steps.begin(), steps.end(), [state](const OnboardingStep &s) { return s.state == state; }));
}

int OnboardingPlan::finishedCount() const
{
    return int(std::count_if(steps.begin(), steps.end(), [](const OnboardingStep &s) { return s.isFinished(); }));
}

bool OnboardingPlan::allSucceeded() const
{
    return std::all_of(steps.begin(), steps.end(), [](const OnboardingStep &s) { return s.succeeded(); });
}

bool OnboardingPlan::sameSteps(const OnboardingPlan &other) const
{
    auto stripped = [](const OnboardingPlan &p) {
        OnboardingPlan copy = p;
        for (OnboardingStep &s : copy.steps) {
            s.state = OnboardingStep::State::Pending;
            s.error.clear();
        }
        return copy.toJson();
    };
    return steps.size() == other.steps.size() && stripped(*this) == stripped(other);
}

void OnboardingPlan::resetUnfinished()
{
    for (OnboardingStep &s : steps) {
        if (!s.succeeded()) {
            s.state = OnboardingStep::State::Pending;
            s.error.clear();
        }
    }
}

QJsonObject OnboardingPlan::toJson() const
{
    QJsonArray array;
    for (const OnboardingStep &s : steps) {
        QJsonObject o { { QStringLiteral("kind"), stepKindName(s.kind) },
            { QStringLiteral("organization"), s.organization }, { QStringLiteral("state"), stepStateName(s.state) } };
        if (!s.error.isEmpty())
            o.insert(QStringLiteral("error"), s.error);
        QJsonArray rows;
        for (int r : s.rows)
            rows.append(r);
        o.insert(QStringLiteral("rows"), rows);
        switch (s.kind) {
        case OnboardingStep::Kind::CreateOrganization: break;
        case OnboardingStep::Kind::UpdateSettings:
            o.insert(QStringLiteral("settings"), settingsToJson(s.settings));
            break;
        case OnboardingStep::Kind::AddCasBackend: o.insert(QStringLiteral("cas"), casToJson(s.cas)); break;
        case OnboardingStep::Kind::Invite:
            o.insert(QStringLiteral("email"), s.email);
            o.insert(QStringLiteral("role"), roleCliName(s.role));
            break;
        }
        array.append(o);
    }
    return { { QStringLiteral("version"), kPlanVersion }, { QStringLiteral("steps"), array } };
}

std::optional<OnboardingPlan> OnboardingPlan::fromJson(const QJsonObject &json, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<OnboardingPlan> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (json.value(QStringLiteral("version")).toInt() != kPlanVersion)
        return fail(tr("The stored plan has an unknown format version."));
    OnboardingPlan plan;
    QSet<QString> keys;
    const QJsonArray array = json.value(QStringLiteral("steps")).toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject o = array.at(i).toObject();
        const auto kind = stepKindFromName(o.value(QStringLiteral("kind")).toString());
        const auto state = stepStateFromName(o.value(QStringLiteral("state")).toString());
        OnboardingStep s;
        s.organization = o.value(QStringLiteral("organization")).toString();
        if (!kind || !state || s.organization.isEmpty())
            return fail(tr("Step %1 of the stored plan is not readable.").arg(i + 1));
        s.kind = *kind;
        s.state = *state;
        s.error = o.value(QStringLiteral("error")).toString();
        for (const QJsonValue &r : o.value(QStringLiteral("rows")).toArray())
            s.rows << r.toInt();
        switch (s.kind) {
        case OnboardingStep::Kind::CreateOrganization: break;
        case OnboardingStep::Kind::UpdateSettings:
            s.settings = settingsFromJson(o.value(QStringLiteral("settings")).toObject());
            break;
        case OnboardingStep::Kind::AddCasBackend:
            s.cas = casFromJson(o.value(QStringLiteral("cas")).toObject());
            if (s.cas.name.isEmpty())
                return fail(tr("Step %1 of the stored plan is not readable.").arg(i + 1));
            break;
        case OnboardingStep::Kind::Invite:
            s.email = o.value(QStringLiteral("email")).toString();
            s.role = roleFromName(o.value(QStringLiteral("role")).toString());
            if (s.email.isEmpty() || s.role == Role::Unspecified)
                return fail(tr("Step %1 of the stored plan is not readable.").arg(i + 1));
            break;
        }
        if (keys.contains(s.key()))
            return fail(tr("Step %1 of the stored plan repeats an earlier step.").arg(i + 1));
        keys.insert(s.key());
        plan.steps.append(std::move(s));
    }
    return plan;
}

std::optional<QJsonObject> onboardingCredentials(
    const OnboardingPlan &plan, const QString &setName, const QByteArray &secret, QString *error)
{
    const auto set = casCredentialSetFromJson(secret);
    if (!set) {
        *error = tr("The credential set \"%1\" in the keychain is not a remembered credential set (a provider and "
                    "its keys); remember it again with the Add CAS backend wizard.")
                     .arg(setName);
        return std::nullopt;
    }
    const QString setProvider = casProviderId(set->first);
    for (const OnboardingStep &s : plan.steps) {
        if (s.kind != OnboardingStep::Kind::AddCasBackend || s.cas.credentialSet != setName)
            continue;
        if (s.cas.provider != setProvider) {
            *error = tr("The credential set \"%1\" holds %2 credentials, but the CAS backend %3 of %4 is %5.")
                         .arg(setName, setProvider, s.cas.name, s.organization, s.cas.provider);
            return std::nullopt;
        }
    }
    return casCredentials(set->first, set->second);
}

} // namespace adm
