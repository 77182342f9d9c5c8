// SPDX-License-Identifier: Apache-2.0
#include "sandbox/OrganizationMethods.h"

#include "controlplane/v1/organization.pb.h"
#include "core/Validation.h"
#include "sandbox/AccessPolicy.h"
#include "sandbox/ProtoItems.h"
#include "sandbox/RpcError.h"

namespace adm::sandbox {

namespace v1 = controlplane::v1;

namespace {
constexpr int kOwner = 3;
constexpr int kDefaultPageSize = 100;
} // namespace

OrganizationMethods::OrganizationMethods(SandboxStore &store, const ControlPlaneOptions &options)
    : m_store(store)
    , m_options(options)
{ }

OrgRow OrganizationMethods::insertOrg(const QString &name, const UserRow *owner)
{
    OrgRow org;
    org.id = SandboxStore::newId();
    org.name = name;
    org.createdAt = org.updatedAt = m_store.now();
    m_store.insertOrg(org);
    m_store.insertCas(m_store.makeInlineBackend(org.id));
    if (owner) {
        m_store.exec(QStringLiteral("UPDATE memberships SET current = 0 WHERE user_id = ?"), { owner->id });
        const QDateTime now = m_store.now();
        m_store.insertMembership({ SandboxStore::newId(), org.id, owner->id, kOwner, true, now, now });
    }
    return org;
}

RpcReply OrganizationMethods::create(const CallContext &ctx, const v1::OrganizationServiceCreateRequest &request)
{
    // API tokens always need the stored policy; users only when creation is restricted.
    if (ctx.isToken() && !ctx.hasPolicy(policy::kOrgCreate))
        return RpcError::forbidden().reply();
    if (ctx.isUser() && m_options.restrictOrgCreation && !ctx.user->instanceAdmin)
        return RpcError::forbidden(QStringLiteral("not allowed")).reply();

    const QString name = QString::fromStdString(request.name());
    if (const auto v = validateOrganizationName(name); !v.ok())
        return RpcError::invalid(QStringLiteral("validation error: ") + v.message).reply();
    if (m_store.orgByName(name))
        return RpcError::alreadyExists(QStringLiteral("organization already exists")).reply();

    SandboxStore::Transaction tx(m_store);
    const OrgRow org = insertOrg(name, ctx.isUser() ? &*ctx.user : nullptr);
    tx.commit();
    v1::OrganizationServiceCreateResponse response;
    items::org(org, response.mutable_result());
    return items::ok(response);
}

RpcReply OrganizationMethods::update(const CallContext &ctx, const v1::OrganizationServiceUpdateRequest &request)
{
    if (!ctx.org)
        return RpcError::notFound(QStringLiteral("current organization not set")).reply();
    if (QString::fromStdString(request.name()) != ctx.org->name)
        return RpcError::forbidden(QStringLiteral("the organization is not the selected one")).reply();
    if (request.has_api_token_max_days_inactive()
        && (request.api_token_max_days_inactive() < 0 || request.api_token_max_days_inactive() > 365)) {
        return RpcError::invalid(
            QStringLiteral("validation error: api_token_max_days_inactive must be between 0 and 365"))
            .reply();
    }

    QStringList sets { QStringLiteral("updated_at = ?") };
    QVariantList binds { SandboxStore::ms(ctx.now) };
    auto set = [&](const char *column, const QVariant &value) {
        sets << QStringLiteral("%1 = ?").arg(QLatin1String(column));
        binds << value;
    };
    if (request.has_block_on_policy_violation())
        set("block_on_policy_violation", request.block_on_policy_violation());
    if (request.update_policies_allowed_hostnames()) {
        QStringList hosts;
        for (const auto &h : request.policies_allowed_hostnames())
            hosts << QString::fromStdString(h);
        // Never NULL: an empty list (the "clear" of field 4) is stored as an empty text.
        set("policy_allowed_hostnames", hosts.isEmpty() ? QStringLiteral("") : hosts.join(QLatin1Char('\n')));
    }
    if (request.has_prevent_implicit_workflow_creation())
        set("prevent_implicit_workflow_creation", request.prevent_implicit_workflow_creation());
    if (request.has_restrict_contract_creation_to_org_admins())
        set("restrict_contract_creation_to_org_admins", request.restrict_contract_creation_to_org_admins());
    if (request.has_api_token_max_days_inactive()) {
        const int days = request.api_token_max_days_inactive();
        set("api_token_max_days_inactive", days == 0 ? QVariant() : QVariant(days)); // 0 disables
    }
    if (request.has_enable_ai_agent_collector())
        set("enable_ai_agent_collector", request.enable_ai_agent_collector());
    if (request.has_block_attestations_on_released_versions())
        set("block_attestations_on_released_versions", request.block_attestations_on_released_versions());
    if (request.has_skip_runner_env_vars())
        set("skip_runner_env_vars", request.skip_runner_env_vars());
    binds << ctx.org->id;
    m_store.exec(QStringLiteral("UPDATE orgs SET %1 WHERE id = ?").arg(sets.join(QStringLiteral(", "))), binds);

    v1::OrganizationServiceUpdateResponse response;
    items::org(*m_store.org(ctx.org->id), response.mutable_result());
    return items::ok(response);
}

RpcReply OrganizationMethods::remove(const CallContext &ctx, const v1::OrganizationServiceDeleteRequest &request)
{
    if (!ctx.isUser())
        return RpcError::notFound(QStringLiteral("logged in user")).reply();
    const auto org = m_store.orgByName(QString::fromStdString(request.name()));
    if (!org)
        return RpcError::notFound(QStringLiteral("organization not found")).reply();
    // Checked against the named org, even for admins of the selected one.
    const auto membership = m_store.membershipOf(ctx.user->id, org->id);
    if (!membership || membership->role != kOwner)
        return RpcError::forbidden(QStringLiteral("only organization owners can delete the organization")).reply();

    SandboxStore::Transaction tx(m_store);
    const QVariant now = SandboxStore::ms(ctx.now);
    m_store.exec(QStringLiteral("UPDATE orgs SET deleted_at = ? WHERE id = ?"), { now, org->id });
    m_store.exec(QStringLiteral("DELETE FROM memberships WHERE org_id = ?"), { org->id });
    m_store.exec(QStringLiteral("UPDATE invitations SET deleted_at = ? WHERE org_id = ? AND deleted_at IS NULL"),
        { now, org->id });
    m_store.exec(QStringLiteral("UPDATE api_tokens SET revoked_at = ? WHERE org_id = ? AND revoked_at IS NULL"),
        { now, org->id });
    m_store.exec(QStringLiteral("UPDATE cas_backends SET deleted_at = ? WHERE org_id = ? AND deleted_at IS NULL"),
        { now, org->id });
    tx.commit();
    return items::ok(v1::OrganizationServiceDeleteResponse());
}

RpcReply OrganizationMethods::listMemberships(
    const CallContext &ctx, const v1::OrganizationServiceListMembershipsRequest &request)
{
    if (!ctx.org)
        return RpcError::notFound(QStringLiteral("current organization not set")).reply();
    const int page = request.has_pagination() ? request.pagination().page() : 1;
    const int pageSize = request.has_pagination() ? request.pagination().page_size() : kDefaultPageSize;

    QString where = QStringLiteral("m.org_id = ?");
    QVariantList binds { ctx.org->id };
    if (request.has_membership_id()) {
        where += QStringLiteral(" AND m.id = ?");
        binds << QString::fromStdString(request.membership_id());
    }
    if (request.has_role()) {
        where += QStringLiteral(" AND m.role = ?");
        binds << int(request.role());
    }
    QStringList userFilters;
    auto like = [](const std::string &s) { return QStringLiteral("%%1%").arg(QString::fromStdString(s).toLower()); };
    if (request.has_name()) {
        userFilters << QStringLiteral("lower(u.first_name) LIKE ? OR lower(u.last_name) LIKE ?");
        binds << like(request.name()) << like(request.name());
    }
    if (request.has_email()) {
        userFilters << QStringLiteral("lower(u.email) LIKE ?");
        binds << like(request.email());
    }
    if (!userFilters.isEmpty())
        where += QStringLiteral(" AND (%1)").arg(userFilters.join(QStringLiteral(" OR ")));

    const QString from = userFilters.isEmpty() ? QStringLiteral("memberships m")
                                               : QStringLiteral("memberships m JOIN users u ON u.id = m.user_id");
    auto count = m_store.exec(QStringLiteral("SELECT COUNT(*) FROM %1 WHERE %2").arg(from, where), binds);
    const int total = count.next() ? count.value(0).toInt() : 0;

    // Pick the page's rowids through the (org_id, created_at) index first, so a deep page
    // does not join users for every skipped row.
    QVariantList pageBinds = binds;
    pageBinds << pageSize << qint64(page - 1) * pageSize;
    auto q = m_store.exec(QStringLiteral("WITH page AS (SELECT m.rowid AS rid FROM %1 WHERE %2"
                                         " ORDER BY m.created_at DESC, m.rowid DESC LIMIT ? OFFSET ?)"
                                         " SELECT %3, %4 FROM page JOIN memberships m ON m.rowid = page.rid"
                                         " JOIN users u ON u.id = m.user_id ORDER BY m.created_at DESC, m.rowid DESC")
                              .arg(from, where, SandboxStore::kMembershipCols, SandboxStore::kUserCols),
        pageBinds);

    v1::OrganizationServiceListMembershipsResponse response;
    while (q.next()) {
        const MembershipRow m = SandboxStore::readMembership(q);
        const UserRow u = SandboxStore::readUser(q, 7);
        items::membership(m, *ctx.org, &u, response.add_result());
    }
    auto *p = response.mutable_pagination();
    p->set_page(page);
    p->set_page_size(pageSize);
    p->set_total_count(total);
    p->set_total_pages((total + pageSize - 1) / pageSize);
    return items::ok(response);
}

RpcReply OrganizationMethods::deleteMembership(
    const CallContext &ctx, const v1::OrganizationServiceDeleteMembershipRequest &request)
{
    const auto m = m_store.membership(QString::fromStdString(request.membership_id()));
    if (!m || !ctx.org || m->orgId != ctx.org->id)
        return RpcError::notFound(QStringLiteral("membership not found")).reply();
    if (ctx.isUser() && m->userId == ctx.user->id)
        return RpcError::invalid(QStringLiteral("cannot delete yourself from the org")).reply();
    if (m->role == kOwner && !ctx.isOwner())
        return RpcError::unauthorized(QStringLiteral("only organization owners can remove owners")).reply();
    m_store.exec(QStringLiteral("DELETE FROM memberships WHERE id = ?"), { m->id });
    return items::ok(v1::OrganizationServiceDeleteMembershipResponse());
}

RpcReply OrganizationMethods::updateMembership(
    const CallContext &ctx, const v1::OrganizationServiceUpdateMembershipRequest &request)
{
    if (request.role() == v1::MEMBERSHIP_ROLE_UNSPECIFIED)
        return RpcError::invalid(QStringLiteral("role is required")).reply();
    auto m = m_store.membership(QString::fromStdString(request.membership_id()));
    if (!m || !ctx.org || m->orgId != ctx.org->id)
        return RpcError::notFound(QStringLiteral("membership not found")).reply();
    if (ctx.isUser() && m->userId == ctx.user->id)
        return RpcError::invalid(QStringLiteral("cannot update your own role")).reply();
    if ((m->role == kOwner || request.role() == kOwner) && !ctx.isOwner())
        return RpcError::unauthorized(QStringLiteral("only organization owners can manage owners")).reply();
    m->role = request.role();
    m->updatedAt = ctx.now;
    m_store.exec(QStringLiteral("UPDATE memberships SET role = ?, updated_at = ? WHERE id = ?"),
        { m->role, SandboxStore::ms(m->updatedAt), m->id });
    const auto user = m_store.user(m->userId);
    v1::OrganizationServiceUpdateMembershipResponse response;
    items::membership(*m, *ctx.org, user ? &*user : nullptr, response.mutable_result());
    return items::ok(response);
}

} // namespace adm::sandbox
