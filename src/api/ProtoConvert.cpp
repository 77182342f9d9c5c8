// SPDX-License-Identifier: Apache-2.0
#include "ProtoConvert.h"

#include <QJsonArray>

namespace adm::api::convert {

QString str(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

std::string str(const QString &s)
{
    return s.toStdString();
}

QDateTime time(const google::protobuf::Timestamp &ts, bool present)
{
    if (!present)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ts.seconds() * 1000 + ts.nanos() / 1'000'000, Qt::UTC);
}

User user(const controlplane::v1::User &u)
{
    User out;
    out.id = str(u.id());
    out.email = str(u.email());
    out.firstName = str(u.first_name());
    out.lastName = str(u.last_name());
    out.createdAt = time(u.created_at(), u.has_created_at());
    out.instanceAdmin = u.instance_admin();
    return out;
}

Organization organization(const controlplane::v1::OrgItem &o)
{
    Organization out;
    out.id = str(o.id());
    out.name = str(o.name());
    out.createdAt = time(o.created_at(), o.has_created_at());
    out.updatedAt = time(o.updated_at(), o.has_updated_at());
    out.blockOnPolicyViolation
        = o.default_policy_violation_strategy() == controlplane::v1::OrgItem::POLICY_VIOLATION_BLOCKING_STRATEGY_BLOCK;
    for (const auto &h : o.policy_allowed_hostnames())
        out.policyAllowedHostnames << str(h);
    out.preventImplicitWorkflowCreation = o.prevent_implicit_workflow_creation();
    out.restrictContractCreationToOrgAdmins = o.restrict_contract_creation_to_org_admins();
    if (o.has_api_token_max_days_inactive())
        out.apiTokenMaxDaysInactive = o.api_token_max_days_inactive();
    out.enableAiAgentCollector = o.enable_ai_agent_collector();
    out.blockAttestationsOnReleasedVersions = o.block_attestations_on_released_versions();
    out.skipRunnerEnvVars = o.skip_runner_env_vars();
    return out;
}

Membership membership(const controlplane::v1::OrgMembershipItem &m)
{
    Membership out;
    out.id = str(m.id());
    out.org = organization(m.org());
    out.user = user(m.user());
    out.role = roleFromWire(int(m.role()));
    out.current = m.current();
    out.createdAt = time(m.created_at(), m.has_created_at());
    out.updatedAt = time(m.updated_at(), m.has_updated_at());
    return out;
}

ApiToken apiToken(const controlplane::v1::APITokenItem &t)
{
    ApiToken out;
    out.id = str(t.id());
    out.name = str(t.name());
    out.description = str(t.description());
    out.organizationId = str(t.organization_id());
    out.organizationName = str(t.organization_name());
    // Instance tokens have no organization; listed, their id reads as the all-zero UUID (§7).
    static const QString zeroUuid = QStringLiteral("00000000-0000-0000-0000-000000000000");
    if (t.has_scoped_entity() && t.scoped_entity().type() == "project") {
        out.scope = ApiToken::Scope::Project;
        out.projectId = str(t.scoped_entity().id());
        out.projectName = str(t.scoped_entity().name());
    } else if ((out.organizationId.isEmpty() || out.organizationId == zeroUuid) && out.organizationName.isEmpty()) {
        out.scope = ApiToken::Scope::Instance;
        out.organizationId.clear();
    }
    out.createdAt = time(t.created_at(), t.has_created_at());
    out.revokedAt = time(t.revoked_at(), t.has_revoked_at());
    out.expiresAt = time(t.expires_at(), t.has_expires_at());
    out.lastUsedAt = time(t.last_used_at(), t.has_last_used_at());
    return out;
}

Invitation invitation(const controlplane::v1::OrgInvitationItem &i)
{
    Invitation out;
    out.id = str(i.id());
    out.receiverEmail = str(i.receiver_email());
    out.role = roleFromWire(int(i.role()));
    out.status = str(i.status());
    out.organizationId = str(i.organization().id());
    out.organizationName = str(i.organization().name());
    if (i.has_sender())
        out.senderEmail = str(i.sender().email());
    out.createdAt = time(i.created_at(), i.has_created_at());
    return out;
}

CasBackend casBackend(const controlplane::v1::CASBackendItem &b)
{
    CasBackend out;
    out.id = str(b.id());
    out.name = str(b.name());
    out.location = str(b.location());
    out.description = str(b.description());
    out.provider = str(b.provider());
    out.isDefault = b.default_();
    out.isFallback = b.fallback();
    out.isInline = b.is_inline();
    out.isManaged = b.is_managed();
    out.maxBytes = b.limits().max_bytes();
    switch (b.validation_status()) {
    case controlplane::v1::CASBackendItem::VALIDATION_STATUS_OK: out.validation = CasBackend::Validation::Ok; break;
    case controlplane::v1::CASBackendItem::VALIDATION_STATUS_INVALID:
        out.validation = CasBackend::Validation::Invalid;
        break;
    default: out.validation = CasBackend::Validation::Unknown; break;
    }
    out.validationError = str(b.validation_error());
    out.createdAt = time(b.created_at(), b.has_created_at());
    out.validatedAt = time(b.validated_at(), b.has_validated_at());
    out.updatedAt = time(b.updated_at(), b.has_updated_at());
    return out;
}

ServerInfo serverInfo(const controlplane::v1::InfozResponse &r)
{
    ServerInfo out;
    out.loginUrl = str(r.login_url());
    out.version = str(r.version());
    out.chartVersion = str(r.chart_version());
    out.restrictedOrgCreation = r.restricted_org_creation();
    out.uiDashboardUrl = str(r.ui_dashboard_url());
    return out;
}

controlplane::v1::MembershipRole role(Role r)
{
    return controlplane::v1::MembershipRole(int(r));
}

namespace {
void toValue(const QJsonValue &v, google::protobuf::Value *out)
{
    switch (v.type()) {
    case QJsonValue::Bool: out->set_bool_value(v.toBool()); break;
    case QJsonValue::Double: out->set_number_value(v.toDouble()); break;
    case QJsonValue::String: out->set_string_value(str(v.toString())); break;
    case QJsonValue::Array: {
        auto *list = out->mutable_list_value();
        for (const QJsonValue &e : v.toArray())
            toValue(e, list->add_values());
        break;
    }
    case QJsonValue::Object: toStruct(v.toObject(), out->mutable_struct_value()); break;
    case QJsonValue::Null:
    case QJsonValue::Undefined: out->set_null_value(google::protobuf::NULL_VALUE); break;
    }
}
} // namespace

void toStruct(const QJsonObject &json, google::protobuf::Struct *out)
{
    auto &fields = *out->mutable_fields();
    for (auto it = json.begin(); it != json.end(); ++it)
        toValue(it.value(), &fields[str(it.key())]);
}

} // namespace adm::api::convert
