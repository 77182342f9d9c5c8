// SPDX-License-Identifier: Apache-2.0
#include "sandbox/ProtoItems.h"

#include "controlplane/v1/org_invitation.pb.h"
#include "controlplane/v1/response_messages.pb.h"

#include <google/protobuf/timestamp.pb.h>

namespace adm::sandbox::items {

namespace v1 = controlplane::v1;

void timestamp(const QDateTime &t, google::protobuf::Timestamp *out)
{
    const qint64 msecs = t.toMSecsSinceEpoch();
    out->set_seconds(msecs / 1000);
    out->set_nanos(int(msecs % 1000) * 1000000);
}

void user(const UserRow &u, v1::User *out)
{
    out->set_id(u.id.toStdString());
    out->set_email(u.email.toStdString());
    out->set_first_name(u.firstName.toStdString());
    out->set_last_name(u.lastName.toStdString());
    timestamp(u.createdAt, out->mutable_created_at());
    timestamp(u.updatedAt, out->mutable_updated_at());
}

void org(const OrgRow &o, v1::OrgItem *out)
{
    out->set_id(o.id.toStdString());
    out->set_name(o.name.toStdString());
    timestamp(o.createdAt, out->mutable_created_at());
    timestamp(o.updatedAt, out->mutable_updated_at());
    out->set_default_policy_violation_strategy(o.blockOnPolicyViolation
            ? v1::OrgItem::POLICY_VIOLATION_BLOCKING_STRATEGY_BLOCK
            : v1::OrgItem::POLICY_VIOLATION_BLOCKING_STRATEGY_ADVISORY);
    for (const QString &h : o.policyAllowedHostnames)
        out->add_policy_allowed_hostnames(h.toStdString());
    out->set_prevent_implicit_workflow_creation(o.preventImplicitWorkflowCreation);
    out->set_restrict_contract_creation_to_org_admins(o.restrictContractCreationToOrgAdmins);
    if (o.apiTokenMaxDaysInactive)
        out->set_api_token_max_days_inactive(*o.apiTokenMaxDaysInactive);
    out->set_enable_ai_agent_collector(o.enableAiAgentCollector);
    out->set_block_attestations_on_released_versions(o.blockAttestationsOnReleasedVersions);
    out->set_skip_runner_env_vars(o.skipRunnerEnvVars);
}

void membership(const MembershipRow &m, const OrgRow &o, const UserRow *u, v1::OrgMembershipItem *out)
{
    out->set_id(m.id.toStdString());
    org(o, out->mutable_org());
    if (u)
        user(*u, out->mutable_user());
    out->set_current(m.current);
    timestamp(m.createdAt, out->mutable_created_at());
    timestamp(m.updatedAt, out->mutable_updated_at());
    out->set_role(static_cast<v1::MembershipRole>(m.role));
}

void token(const TokenRow &t, v1::APITokenItem *out)
{
    out->set_id(t.id.toStdString());
    out->set_name(t.name.toStdString());
    out->set_description(t.description.toStdString());
    out->set_organization_id((t.isInstance() ? kNoOrgId : t.orgId).toStdString());
    out->set_organization_name(t.orgName.toStdString());
    if (!t.projectId.isEmpty()) {
        auto *scoped = out->mutable_scoped_entity();
        scoped->set_type("project");
        scoped->set_id(t.projectId.toStdString());
        scoped->set_name(t.projectName.toStdString());
    }
    timestamp(t.createdAt, out->mutable_created_at());
    if (t.revokedAt.isValid())
        timestamp(t.revokedAt, out->mutable_revoked_at());
    if (t.expiresAt.isValid())
        timestamp(t.expiresAt, out->mutable_expires_at());
    if (t.lastUsedAt.isValid())
        timestamp(t.lastUsedAt, out->mutable_last_used_at());
}

void invitation(const InvitationRow &i, const OrgRow &o, const UserRow *sender, v1::OrgInvitationItem *out)
{
    out->set_id(i.id.toStdString());
    timestamp(i.createdAt, out->mutable_created_at());
    out->set_receiver_email(i.receiverEmail.toStdString());
    if (sender)
        user(*sender, out->mutable_sender());
    org(o, out->mutable_organization());
    out->set_status(i.status.toStdString());
    out->set_role(static_cast<v1::MembershipRole>(i.role));
}

void casBackend(const CasRow &c, v1::CASBackendItem *out)
{
    out->set_id(c.id.toStdString());
    out->set_name(c.name.toStdString());
    out->set_location(c.isManaged ? "managed by Chainloop" : c.location.toStdString());
    out->set_description(c.description.toStdString());
    timestamp(c.createdAt, out->mutable_created_at());
    timestamp(c.validatedAt, out->mutable_validated_at());
    out->set_validation_status(static_cast<v1::CASBackendItem::ValidationStatus>(c.validationStatus));
    out->set_provider(c.isManaged ? "Chainloop" : c.provider.toStdString());
    out->set_default_(c.isDefault);
    out->mutable_limits()->set_max_bytes(c.maxBytes);
    out->set_is_inline(c.isInline);
    if (c.validationError)
        out->set_validation_error(c.validationError->toStdString());
    timestamp(c.updatedAt, out->mutable_updated_at());
    out->set_fallback(c.isFallback);
    out->set_is_managed(c.isManaged);
}

QByteArray serialize(const google::protobuf::Message &message)
{
    const std::string bytes = message.SerializeAsString();
    return QByteArray(bytes.data(), qsizetype(bytes.size()));
}

RpcReply ok(const google::protobuf::Message &message)
{
    RpcReply reply;
    reply.body = serialize(message);
    return reply;
}

} // namespace adm::sandbox::items
