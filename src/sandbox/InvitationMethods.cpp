// SPDX-License-Identifier: Apache-2.0
#include "sandbox/InvitationMethods.h"

#include "controlplane/v1/org_invitation.pb.h"
#include "sandbox/AccessPolicy.h"
#include "sandbox/ProtoItems.h"
#include "sandbox/RpcError.h"

namespace adm::sandbox {

namespace v1 = controlplane::v1;

namespace {
constexpr int kOwner = 3;
const QString kPending = QStringLiteral("pending");
const QString kAccepted = QStringLiteral("accepted");
} // namespace

InvitationMethods::InvitationMethods(SandboxStore &store)
    : m_store(store)
{ }

RpcReply InvitationMethods::create(const CallContext &ctx, const v1::OrgInvitationServiceCreateRequest &request)
{
    if (!ctx.org)
        return RpcError::notFound(QStringLiteral("current organization not set")).reply();
    if (request.role() == v1::MEMBERSHIP_ROLE_UNSPECIFIED)
        return RpcError::invalid(QStringLiteral("role is required")).reply();
    const QString email = QString::fromStdString(request.receiver_email()).toLower();
    if (ctx.isUser() && ctx.user->email.toLower() == email)
        return RpcError::invalid(QStringLiteral("validation error: sender and receiver emails cannot be the same"))
            .reply();
    // Inviting an owner needs an owner (or, for tokens, the manage-owners policy).
    if (request.role() == kOwner) {
        const bool allowed = ctx.isUser() ? ctx.isOwner() : ctx.hasPolicy(policy::kManageOwners);
        if (!allowed)
            return RpcError::unauthorized(QStringLiteral("only organization owners can invite owners")).reply();
    }
    // Upstream matches members by e-mail substring.
    if (m_store
            .exec(QStringLiteral("SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id"
                                 " WHERE m.org_id = ? AND instr(lower(u.email), ?) > 0 LIMIT 1"),
                { ctx.org->id, email })
            .next())
        return RpcError::invalid(QStringLiteral("validation error: user already a member")).reply();
    if (m_store
            .exec(QStringLiteral("SELECT 1 FROM invitations WHERE org_id = ? AND receiver_email = ? AND status = ?"
                                 " AND deleted_at IS NULL"),
                { ctx.org->id, email, kPending })
            .next())
        return RpcError::invalid(QStringLiteral("validation error: invitation already exists for this user")).reply();

    InvitationRow invitation { SandboxStore::newId(), ctx.org->id, email, ctx.isUser() ? ctx.user->id : QString(),
        int(request.role()), kPending, m_store.now() };
    m_store.insertInvitation(invitation);
    v1::OrgInvitationServiceCreateResponse response;
    items::invitation(invitation, *ctx.org, ctx.isUser() ? &*ctx.user : nullptr, response.mutable_result());
    return items::ok(response);
}

RpcReply InvitationMethods::revoke(const CallContext &ctx, const v1::OrgInvitationServiceRevokeRequest &request)
{
    const auto invitation = m_store.invitation(QString::fromStdString(request.id()));
    if (!invitation || !ctx.org || invitation->orgId != ctx.org->id)
        return RpcError::notFound(QStringLiteral("invitation not found")).reply();
    if (invitation->status != kPending)
        return RpcError::invalid(QStringLiteral("validation error: invitation is not in pending state")).reply();
    m_store.exec(QStringLiteral("UPDATE invitations SET deleted_at = ? WHERE id = ?"),
        { SandboxStore::ms(ctx.now), invitation->id });
    return items::ok(v1::OrgInvitationServiceRevokeResponse());
}

RpcReply InvitationMethods::listSent(const CallContext &ctx, const v1::OrgInvitationServiceListSentRequest &)
{
    if (!ctx.org)
        return RpcError::notFound(QStringLiteral("current organization not set")).reply();
    auto q = m_store.exec(
        QStringLiteral("SELECT %1 WHERE org_id = ? AND deleted_at IS NULL ORDER BY created_at DESC, rowid DESC")
            .arg(SandboxStore::kInvitationCols),
        { ctx.org->id });
    v1::OrgInvitationServiceListSentResponse response;
    QHash<QString, std::optional<UserRow>> senders;
    while (q.next()) {
        const InvitationRow invitation = SandboxStore::readInvitation(q);
        if (!invitation.senderId.isEmpty() && !senders.contains(invitation.senderId))
            senders.insert(invitation.senderId, m_store.user(invitation.senderId));
        const auto sender = senders.value(invitation.senderId);
        items::invitation(invitation, *ctx.org, sender ? &*sender : nullptr, response.add_result());
    }
    return items::ok(response);
}

int InvitationMethods::acceptPending(const UserRow &user)
{
    auto q = m_store.exec(QStringLiteral("SELECT %1 WHERE receiver_email = ? AND status = ? AND deleted_at IS NULL"
                                         " ORDER BY created_at ASC")
                              .arg(SandboxStore::kInvitationCols),
        { user.email.toLower(), kPending });
    QList<InvitationRow> pending;
    while (q.next())
        pending << SandboxStore::readInvitation(q);
    int accepted = 0;
    SandboxStore::Transaction tx(m_store);
    for (const InvitationRow &invitation : pending) {
        if (!m_store.org(invitation.orgId))
            continue;
        if (!m_store.membershipOf(user.id, invitation.orgId)) {
            const QDateTime now = m_store.now();
            m_store.insertMembership(
                { SandboxStore::newId(), invitation.orgId, user.id, invitation.role, false, now, now });
        }
        m_store.exec(QStringLiteral("UPDATE invitations SET status = ? WHERE id = ?"), { kAccepted, invitation.id });
        ++accepted;
    }
    tx.commit();
    return accepted;
}

} // namespace adm::sandbox
