// SPDX-License-Identifier: Apache-2.0
#include "sandbox/UserMethods.h"

#include "controlplane/v1/context.pb.h"
#include "controlplane/v1/user.pb.h"
#include "sandbox/ProtoItems.h"
#include "sandbox/RpcError.h"

namespace adm::sandbox {

namespace v1 = controlplane::v1;

namespace {
constexpr int kOwner = 3;

RpcReply notLoggedIn()
{
    return RpcError::notFound(QStringLiteral("logged in user")).reply();
}
} // namespace

UserMethods::UserMethods(SandboxStore &store)
    : m_store(store)
{ }

RpcReply UserMethods::listMemberships(const CallContext &ctx, const v1::UserServiceListMembershipsRequest &)
{
    if (!ctx.isUser())
        return notLoggedIn();
    auto q = m_store.exec(QStringLiteral("SELECT %1, %2 FROM memberships m JOIN orgs o ON o.id = m.org_id"
                                         " WHERE m.user_id = ? AND o.deleted_at IS NULL"
                                         " ORDER BY m.created_at DESC, m.rowid DESC")
                              .arg(SandboxStore::kMembershipCols, SandboxStore::kOrgCols),
        { ctx.user->id });
    v1::UserServiceListMembershipsResponse response;
    while (q.next())
        items::membership(SandboxStore::readMembership(q), SandboxStore::readOrg(q, 7), nullptr, response.add_result());
    return items::ok(response);
}

RpcReply UserMethods::deleteMembership(const CallContext &ctx, const v1::DeleteMembershipRequest &request)
{
    if (!ctx.isUser())
        return notLoggedIn();
    const auto m = m_store.membership(QString::fromStdString(request.membership_id()));
    if (!m || m->userId != ctx.user->id)
        return RpcError::notFound(QStringLiteral("membership not found")).reply();
    if (m->role == kOwner) {
        auto q = m_store.exec(
            QStringLiteral("SELECT COUNT(*) FROM memberships WHERE org_id = ? AND role = ?"), { m->orgId, kOwner });
        if (q.next() && q.value(0).toInt() <= 1)
            return RpcError::invalid(QStringLiteral("validation error: you are the only owner of the organization; "
                                                    "add another owner or delete the organization"))
                .reply();
    }
    m_store.exec(QStringLiteral("DELETE FROM memberships WHERE id = ?"), { m->id });
    return items::ok(v1::DeleteMembershipResponse());
}

RpcReply UserMethods::setCurrentMembership(const CallContext &ctx, const v1::SetCurrentMembershipRequest &request)
{
    if (!ctx.isUser())
        return notLoggedIn();
    auto m = m_store.membership(QString::fromStdString(request.membership_id()));
    const auto org = m ? m_store.org(m->orgId) : std::nullopt;
    if (!m || !org || m->userId != ctx.user->id)
        return RpcError::notFound(QStringLiteral("membership not found")).reply();
    SandboxStore::Transaction tx(m_store);
    m_store.exec(
        QStringLiteral("UPDATE memberships SET current = (id = ?) WHERE user_id = ?"), { m->id, ctx.user->id });
    tx.commit();
    m->current = true;
    v1::SetCurrentMembershipResponse response;
    items::membership(*m, *org, &*ctx.user, response.mutable_result());
    return items::ok(response);
}

RpcReply UserMethods::current(const CallContext &ctx, const v1::ContextServiceCurrentRequest &)
{
    v1::ContextServiceCurrentResponse response;
    auto *result = response.mutable_result();
    std::optional<OrgRow> org;
    if (ctx.isToken()) {
        auto *user = result->mutable_current_user();
        user->set_id(ctx.token->id.toStdString());
        user->set_email("API-token@chainloop");
        items::timestamp(ctx.token->createdAt, user->mutable_created_at());
        org = ctx.token->isInstance() ? (ctx.orgHeader.isEmpty() ? std::nullopt : m_store.orgByName(ctx.orgHeader))
                                      : m_store.org(ctx.token->orgId);
    } else {
        items::user(*ctx.user, result->mutable_current_user());
        result->mutable_current_user()->set_instance_admin(ctx.user->instanceAdmin);
        std::optional<MembershipRow> membership;
        if (!ctx.orgHeader.isEmpty()) {
            org = m_store.orgByName(ctx.orgHeader);
            membership = org ? m_store.membershipOf(ctx.user->id, org->id) : std::nullopt;
            // Applies to instance admins too: Current reports memberships only.
            if (!membership) {
                return RpcError(PermissionDenied,
                    QStringLiteral("user is not a member of organization %1").arg(ctx.orgHeader),
                    QStringLiteral("USER_NOT_MEMBER_OF_ORG_ERROR_NOT_IN_ORG"))
                    .reply();
            }
        } else {
            for (const MembershipRow &m : m_store.membershipsOfUser(ctx.user->id)) {
                if (m.current) {
                    membership = m;
                    org = m_store.org(m.orgId);
                    break;
                }
            }
        }
        if (membership && org)
            items::membership(*membership, *org, &*ctx.user, result->mutable_current_membership());
    }
    if (org) {
        if (const auto cas = m_store.casDefault(org->id))
            items::casBackend(*cas, result->mutable_current_cas_backend());
    }
    return items::ok(response);
}

} // namespace adm::sandbox
