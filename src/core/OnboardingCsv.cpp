// SPDX-License-Identifier: Apache-2.0
#include "core/OnboardingCsv.h"

#include "core/Validation.h"

#include <QCoreApplication>
#include <QHash>
#include <QMap>
#include <QRegularExpression>
#include <QSet>

namespace adm {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("adm::OnboardingCsv", text);
}

namespace col {
const QString Organization = QStringLiteral("organization");
const QString Email = QStringLiteral("email");
const QString Role = QStringLiteral("role");
const QString BlockOnPolicyViolation = QStringLiteral("block_on_policy_violation");
const QString PoliciesAllowedHostnames = QStringLiteral("policies_allowed_hostnames");
const QString PreventImplicitWorkflowCreation = QStringLiteral("prevent_implicit_workflow_creation");
const QString RestrictContractCreation = QStringLiteral("restrict_contract_creation_to_org_admins");
const QString ApiTokenMaxDaysInactive = QStringLiteral("api_token_max_days_inactive");
const QString EnableAiAgentCollector = QStringLiteral("enable_ai_agent_collector");
const QString BlockAttestationsOnReleased = QStringLiteral("block_attestations_on_released_versions");
const QString SkipRunnerEnvVars = QStringLiteral("skip_runner_env_vars");
const QString CasBackend = QStringLiteral("cas_backend");
const QString CasProvider = QStringLiteral("cas_provider");
const QString CasLocation = QStringLiteral("cas_location");
const QString CasCredentials = QStringLiteral("cas_credentials");
const QString CasDescription = QStringLiteral("cas_description");
const QString CasDefault = QStringLiteral("cas_default");
const QString CasMaxBytes = QStringLiteral("cas_max_bytes");
} // namespace col

const QStringList &settingsColumns()
{
    static const QStringList c { col::BlockOnPolicyViolation, col::PoliciesAllowedHostnames,
        col::PreventImplicitWorkflowCreation, col::RestrictContractCreation, col::ApiTokenMaxDaysInactive,
        col::EnableAiAgentCollector, col::BlockAttestationsOnReleased, col::SkipRunnerEnvVars };
    return c;
}

const QStringList &casColumns()
{
    static const QStringList c { col::CasBackend, col::CasProvider, col::CasLocation, col::CasCredentials,
        col::CasDescription, col::CasDefault, col::CasMaxBytes };
    return c;
}

std::optional<bool> parseBool(const QString &v)
{
    const QString s = v.toLower();
    if (s == QLatin1String("true") || s == QLatin1String("yes") || s == QLatin1String("1"))
        return true;
    if (s == QLatin1String("false") || s == QLatin1String("no") || s == QLatin1String("0"))
        return false;
    return std::nullopt;
}

QString canonicalProvider(const QString &v)
{
    for (const QString &p : { QStringLiteral("AWS-S3"), QStringLiteral("AzureBlob"), QStringLiteral("OCI") }) {
        if (p.compare(v, Qt::CaseInsensitive) == 0)
            return p;
    }
    return {};
}

bool isCredentialSetName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"));
    return re.match(name).hasMatch();
}

// Per organization: the settings and CAS template first given, with the line that gave them,
// so a conflicting later row can be named.
struct OrgAccumulator {
    QList<int> lines;
    OrganizationSettings settings;
    bool hasSettings = false;
    int settingsLine = 0;
    QHash<QString, QString> settingsCells; // column -> cell, for conflict checks
    std::optional<CasTemplate> cas;
    int casLine = 0;
    QList<OnboardingStep> invites;
};

class RowReader
{
public:
    RowReader(const QHash<QString, int> &columns, const CsvRecord &record, QList<OnboardingCsvIssue> &issues)
        : m_columns(columns)
        , m_record(record)
        , m_issues(issues)
    { }

    QString cell(const QString &column) const
    {
        const int i = m_columns.value(column, -1);
        return i >= 0 && i < m_record.fields.size() ? m_record.fields.at(i).trimmed() : QString();
    }
    void issue(const QString &column, const QString &message) { m_issues.append({ m_record.line, column, message }); }
    int line() const { return m_record.line; }

private:
    const QHash<QString, int> &m_columns;
    const CsvRecord &m_record;
    QList<OnboardingCsvIssue> &m_issues;
};

void readSettings(RowReader &r, OrgAccumulator &acc, const OnboardingCsvOptions &options)
{
    OrganizationSettings s;
    QHash<QString, QString> cells;
    bool any = false;
    for (const QString &c : settingsColumns()) {
        const QString v = r.cell(c);
        if (v.isEmpty())
            continue;
        if (!options.allowSettings) {
            r.issue(c,
                tr("Settings can be changed only with a user token of an organization admin or owner; an API token "
                   "cannot (leave the column empty)."));
            continue;
        }
        any = true;
        cells.insert(c, v);
        if (c == col::PoliciesAllowedHostnames) {
            s.policyAllowedHostnames = v.split(QRegularExpression(QStringLiteral("[;\\s]+")), Qt::SkipEmptyParts);
            continue;
        }
        if (c == col::ApiTokenMaxDaysInactive) {
            bool ok = false;
            const int days = v.toInt(&ok);
            if (!ok || days < 0 || days > 365)
                r.issue(c, tr("Expected a number of days from 0 to 365 (0 turns the limit off)."));
            else
                s.apiTokenMaxDaysInactive = days;
            continue;
        }
        const auto b = parseBool(v);
        if (!b) {
            r.issue(c, tr("Expected true or false, found \"%1\".").arg(v));
            continue;
        }
        if (c == col::BlockOnPolicyViolation)
            s.blockOnPolicyViolation = b;
        else if (c == col::PreventImplicitWorkflowCreation)
            s.preventImplicitWorkflowCreation = b;
        else if (c == col::RestrictContractCreation)
            s.restrictContractCreationToOrgAdmins = b;
        else if (c == col::EnableAiAgentCollector)
            s.enableAiAgentCollector = b;
        else if (c == col::BlockAttestationsOnReleased)
            s.blockAttestationsOnReleasedVersions = b;
        else if (c == col::SkipRunnerEnvVars)
            s.skipRunnerEnvVars = b;
    }
    if (!any)
        return;
    if (!acc.hasSettings) {
        acc.hasSettings = true;
        acc.settings = s;
        acc.settingsLine = r.line();
        acc.settingsCells = cells;
        return;
    }
    // Later rows may repeat a value or fill another column, but not contradict.
    for (auto it = cells.begin(); it != cells.end(); ++it) {
        const QString earlier = acc.settingsCells.value(it.key());
        if (!earlier.isEmpty() && earlier != it.value()) {
            r.issue(it.key(),
                tr("Conflicts with line %1, which sets \"%2\" for this organization.")
                    .arg(acc.settingsLine)
                    .arg(earlier));
            continue;
        }
        acc.settingsCells.insert(it.key(), it.value());
    }
    // Merge: take what this row sets in addition.
    auto merge = [](auto &into, const auto &from) {
        if (!into && from)
            into = from;
    };
    merge(acc.settings.blockOnPolicyViolation, s.blockOnPolicyViolation);
    merge(acc.settings.policyAllowedHostnames, s.policyAllowedHostnames);
    merge(acc.settings.preventImplicitWorkflowCreation, s.preventImplicitWorkflowCreation);
    merge(acc.settings.restrictContractCreationToOrgAdmins, s.restrictContractCreationToOrgAdmins);
    merge(acc.settings.apiTokenMaxDaysInactive, s.apiTokenMaxDaysInactive);
    merge(acc.settings.enableAiAgentCollector, s.enableAiAgentCollector);
    merge(acc.settings.blockAttestationsOnReleasedVersions, s.blockAttestationsOnReleasedVersions);
    merge(acc.settings.skipRunnerEnvVars, s.skipRunnerEnvVars);
}

void readCas(RowReader &r, OrgAccumulator &acc)
{
    bool any = false;
    for (const QString &c : casColumns())
        any = any || !r.cell(c).isEmpty();
    if (!any)
        return;
    CasTemplate t;
    bool valid = true;
    auto bad = [&](const QString &column, const QString &message) {
        r.issue(column, message);
        valid = false;
    };
    t.name = r.cell(col::CasBackend);
    if (t.name.isEmpty())
        bad(col::CasBackend, tr("A CAS backend needs a name when other cas_ columns are filled."));
    else if (const Validity v = validateDnsLabel(t.name); !v.ok())
        bad(col::CasBackend, v.message);
    t.provider = canonicalProvider(r.cell(col::CasProvider));
    if (t.provider.isEmpty())
        bad(col::CasProvider, tr("Expected AWS-S3, AzureBlob or OCI."));
    t.location = r.cell(col::CasLocation);
    if (t.location.isEmpty()) {
        bad(col::CasLocation, tr("A CAS backend needs a location (bucket, account/container or repository)."));
    } else if (t.provider == QLatin1String("OCI") && !t.location.contains(u'/')) {
        bad(col::CasLocation, tr("An OCI location is a repository with its registry, e.g. ghcr.io/acme/cas."));
    } else if (t.provider == QLatin1String("AzureBlob")) {
        const qsizetype parts = t.location.split(u'/').size();
        if (parts != 2 && parts != 3)
            bad(col::CasLocation, tr("An Azure Blob location is account/container or suffix/account/container."));
    }
    t.credentialSet = r.cell(col::CasCredentials);
    if (t.credentialSet.isEmpty())
        bad(col::CasCredentials, tr("Name the remembered credential set that holds this backend's secret."));
    else if (!isCredentialSetName(t.credentialSet))
        bad(col::CasCredentials,
            tr("A credential set name, not a secret: letters, digits, '.', '_' and '-' (at most 63)."));
    t.description = r.cell(col::CasDescription);
    if (const QString d = r.cell(col::CasDefault); !d.isEmpty()) {
        const auto b = parseBool(d);
        if (!b)
            bad(col::CasDefault, tr("Expected true or false, found \"%1\".").arg(d));
        else
            t.isDefault = *b;
    }
    if (const QString m = r.cell(col::CasMaxBytes); !m.isEmpty()) {
        const auto bytes = parseByteSize(m);
        if (!bytes || *bytes < 10 * 1024 * 1024)
            bad(col::CasMaxBytes, tr("Expected a size of at least 10MB, e.g. 100MB."));
        else
            t.maxBytes = bytes;
    }
    if (!valid)
        return;
    if (!acc.cas) {
        acc.cas = t;
        acc.casLine = r.line();
    } else if (!(*acc.cas == t)) {
        r.issue(col::CasBackend,
            tr("Conflicts with line %1: one CAS backend per organization, given the same way on every row.")
                .arg(acc.casLine));
    }
}

} // namespace

QString OnboardingCsvIssue::toString() const
{
    if (line <= 0)
        return message;
    if (column.isEmpty())
        return tr("line %1: %2").arg(line).arg(message);
    return tr("line %1, column %2: %3").arg(line).arg(column, message);
}

QStringList onboardingCsvColumns()
{
    return QStringList { col::Organization, col::Email, col::Role } + settingsColumns() + casColumns();
}

OnboardingCsvResult parseOnboardingCsv(const QByteArray &data, const OnboardingCsvOptions &options)
{
    OnboardingCsvResult result;
    const CsvParseResult csv = readCsv(data, options.limits);
    if (!csv.ok()) {
        result.issues.append({ csv.error.line, {}, tr("column %1: %2").arg(csv.error.column).arg(csv.error.message) });
        return result;
    }
    if (csv.records.isEmpty()) {
        result.issues.append({ 0, {}, tr("The file is empty; it needs a header row naming the columns.") });
        return result;
    }
    // Header: known names only (a typo must not silently drop a column), each once.
    QHash<QString, int> columns;
    const CsvRecord &header = csv.records.first();
    const QStringList known = onboardingCsvColumns();
    for (int i = 0; i < header.fields.size(); ++i) {
        const QString name = header.fields.at(i).trimmed().toLower();
        if (!known.contains(name))
            result.issues.append({ header.line, name, tr("Unknown column. Known columns: %1.").arg(known.join(u',')) });
        else if (columns.contains(name))
            result.issues.append({ header.line, name, tr("The column appears twice.") });
        else
            columns.insert(name, i);
    }
    if (!columns.contains(col::Organization))
        result.issues.append({ header.line, col::Organization, tr("The header has no organization column.") });
    if (!result.issues.isEmpty())
        return result;

    QStringList orgOrder;
    QHash<QString, OrgAccumulator> orgs;
    QHash<QString, int> inviteLines; // "org/email" -> first line
    for (qsizetype i = 1; i < csv.records.size(); ++i) {
        const CsvRecord &record = csv.records.at(i);
        RowReader r(columns, record, result.issues);
        if (record.fields.size() > header.fields.size()) {
            r.issue(
                {}, tr("The row has %1 fields, the header %2.").arg(record.fields.size()).arg(header.fields.size()));
            OnboardingCsvRow bad; // still listed, so the table shows every line of the file
            bad.line = record.line;
            bad.organization = record.fields.value(columns.value(col::Organization)).trimmed();
            result.rows << bad;
            continue;
        }
        OnboardingCsvRow row;
        row.line = record.line;
        row.organization = r.cell(col::Organization);
        row.email = r.cell(col::Email).toLower();
        const QString roleText = r.cell(col::Role);
        bool rowOk = true;
        if (const Validity v = validateOrganizationName(row.organization); !v.ok()) {
            r.issue(col::Organization, v.message);
            rowOk = false;
        }
        if (!row.email.isEmpty()) {
            if (const Validity v = validateEmail(row.email); !v.ok()) {
                r.issue(col::Email, v.message);
                rowOk = false;
            }
            row.role = roleFromName(roleText);
            if (row.role == Role::Unspecified) {
                r.issue(col::Role, tr("Expected owner, admin, contributor, member or viewer."));
                rowOk = false;
            }
        } else if (!roleText.isEmpty()) {
            r.issue(col::Role, tr("A role without an e-mail: fill in the e-mail or leave the role empty."));
            rowOk = false;
        }
        if (!rowOk) {
            result.rows << row;
            continue;
        }
        if (!orgs.contains(row.organization))
            orgOrder << row.organization;
        OrgAccumulator &acc = orgs[row.organization];
        acc.lines << row.line;
        readSettings(r, acc, options);
        readCas(r, acc);
        if (!row.email.isEmpty()) {
            const QString key = row.organization + u'/' + row.email;
            if (inviteLines.contains(key)) {
                r.issue(col::Email,
                    tr("%1 is already invited to %2 on line %3.")
                        .arg(row.email, row.organization)
                        .arg(inviteLines.value(key)));
                result.rows << row;
                continue;
            }
            inviteLines.insert(key, row.line);
            OnboardingStep invite;
            invite.kind = OnboardingStep::Kind::Invite;
            invite.organization = row.organization;
            invite.email = row.email;
            invite.role = row.role;
            invite.rows = { row.line };
            acc.invites << invite;
        }
        result.rows << row;
    }
    if (result.rows.isEmpty() && result.issues.isEmpty())
        result.issues.append({ 0, {}, tr("The file has a header but no rows.") });
    if (!result.issues.isEmpty())
        return result;
    for (const QString &name : orgOrder) {
        const OrgAccumulator &acc = orgs.value(name);
        OnboardingStep create;
        create.organization = name;
        create.rows = acc.lines;
        result.plan.steps << create;
        if (acc.hasSettings) {
            OnboardingStep s;
            s.kind = OnboardingStep::Kind::UpdateSettings;
            s.organization = name;
            s.settings = acc.settings;
            s.rows = { acc.settingsLine };
            result.plan.steps << s;
        }
        if (acc.cas) {
            OnboardingStep s;
            s.kind = OnboardingStep::Kind::AddCasBackend;
            s.organization = name;
            s.cas = *acc.cas;
            s.rows = { acc.casLine };
            result.plan.steps << s;
        }
        result.plan.steps << acc.invites;
    }
    return result;
}

QList<OnboardingCsvRow> onboardingRowsFromPlan(const OnboardingPlan &plan)
{
    QMap<int, OnboardingCsvRow> byLine;
    for (const OnboardingStep &s : plan.steps) {
        for (int line : s.rows) {
            OnboardingCsvRow &row = byLine[line];
            row.line = line;
            row.organization = s.organization;
            if (s.kind == OnboardingStep::Kind::Invite) {
                row.email = s.email;
                row.role = s.role;
            }
        }
    }
    return byLine.values();
}

QList<OnboardingRowResult> onboardingRowResults(const OnboardingPlan &plan, const QList<OnboardingCsvRow> &rows)
{
    using S = OnboardingStep::State;
    // Worse states win: a failure anywhere in a row's steps is that row's outcome.
    auto rank = [](S s) {
        switch (s) {
        case S::Failed: return 5;
        case S::Skipped: return 4;
        case S::Running: return 3;
        case S::Pending: return 2;
        case S::Done: return 1;
        case S::Adopted: return 0;
        }
        return 0;
    };
    QHash<int, QList<int>> stepsByLine;
    QHash<QString, int> createByOrg;
    for (int i = 0; i < plan.steps.size(); ++i) {
        for (int line : plan.steps[i].rows)
            stepsByLine[line] << i;
        if (plan.steps[i].kind == OnboardingStep::Kind::CreateOrganization)
            createByOrg.insert(plan.steps[i].organization, i);
    }
    QList<OnboardingRowResult> out;
    for (const OnboardingCsvRow &row : rows) {
        OnboardingRowResult r { row.line, row.organization, row.email, row.role, S::Adopted, {} };
        QList<int> indices = stepsByLine.value(row.line);
        if (createByOrg.contains(row.organization) && !indices.contains(createByOrg.value(row.organization)))
            indices.prepend(createByOrg.value(row.organization));
        bool anyDone = false;
        for (int i : indices) {
            const OnboardingStep &s = plan.steps[i];
            anyDone = anyDone || s.state == S::Done;
            if (rank(s.state) > rank(r.state)) {
                r.state = s.state;
                r.error = s.error.isEmpty() ? QString() : QStringLiteral("%1: %2").arg(stepKindName(s.kind), s.error);
            }
        }
        if (r.state == S::Adopted && anyDone)
            r.state = S::Done;
        if (indices.isEmpty())
            r.state = S::Pending; // no plan for it (yet): a file with problems has none
        out << r;
    }
    return out;
}

QString onboardingResultsCsv(const QList<OnboardingRowResult> &results)
{
    // A cell starting with = + - @ runs as a formula when the export is opened in a spreadsheet.
    auto safe = [](const QString &v) {
        static const QString starters = QStringLiteral("=+-@\t\r");
        return !v.isEmpty() && starters.contains(v.front()) ? u'\'' + v : v;
    };
    QString out = csvLine({ QStringLiteral("line"), QStringLiteral("organization"), QStringLiteral("email"),
        QStringLiteral("role"), QStringLiteral("status"), QStringLiteral("error") });
    for (const OnboardingRowResult &r : results) {
        out += csvLine({ QString::number(r.line), safe(r.organization), safe(r.email), roleCliName(r.role),
            stepStateName(r.state), safe(r.error) });
    }
    return out;
}

} // namespace adm
