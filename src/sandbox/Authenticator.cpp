// SPDX-License-Identifier: Apache-2.0
#include "sandbox/Authenticator.h"

#include "sandbox/AccessPolicy.h"
#include "sandbox/ControlPlane.h"
#include "sandbox/SandboxJwt.h"

namespace adm::sandbox {

Authenticator::Authenticator(SandboxStore &store, const SandboxJwt &jwt)
    : m_store(store)
    , m_jwt(jwt)
{ }

std::optional<RpcError> Authenticator::authenticate(const RpcRequest &request, CallContext &ctx)
{
    const QByteArray header = request.metadata.value("authorization").trimmed();
    const qsizetype space = header.indexOf(' ');
    const QByteArray scheme = space < 0 ? header : header.left(space);
    const QByteArray bearer = space < 0 ? QByteArray() : header.mid(space + 1).trimmed();
    if (scheme.compare("bearer", Qt::CaseInsensitive) != 0 || bearer.isEmpty())
        return RpcError::unauthenticated(QStringLiteral("JWT token is missing"));

    QString error;
    const auto verified = m_jwt.verify(QString::fromLatin1(bearer), ctx.now, &error);
    if (!verified)
        return RpcError::unauthenticated(error);

    if (!verified->userId.isEmpty()) {
        ctx.user = m_store.user(verified->userId);
        if (!ctx.user)
            return RpcError::plain(Unknown, QStringLiteral("user not found"));
        return std::nullopt;
    }
    ctx.token = m_store.token(verified->tokenId);
    if (!ctx.token)
        return RpcError::plain(Unknown, QStringLiteral("API token not found"));
    // Upstream returns a plain Go error here, which reaches the client as UNKNOWN.
    if (ctx.token->revokedAt.isValid())
        return RpcError::plain(Unknown, QStringLiteral("API token revoked"));
    m_store.exec(QStringLiteral("UPDATE api_tokens SET last_used_at = ? WHERE id = ?"),
        { SandboxStore::ms(ctx.now), ctx.token->id });
    ctx.token->lastUsedAt = ctx.now;
    return std::nullopt;
}

std::optional<RpcError> Authenticator::resolveOrganization(CallContext &ctx)
{
    if (ctx.user)
        return resolveForUser(ctx);
    if (!ctx.token->isInstance()) {
        // Org and project tokens always act on their own org; the header is ignored.
        ctx.org = m_store.org(ctx.token->orgId);
        if (!ctx.org)
            return RpcError::plain(Unknown, QStringLiteral("organization not found"));
        return std::nullopt;
    }
    if (ctx.orgHeader.isEmpty())
        return std::nullopt; // no org selected; org-bound handlers fail later
    ctx.org = m_store.orgByName(ctx.orgHeader);
    if (!ctx.org)
        return RpcError::plain(Unknown, QStringLiteral("organization not found"));
    return std::nullopt;
}

std::optional<RpcError> Authenticator::resolveForUser(CallContext &ctx)
{
    if (!ctx.orgHeader.isEmpty()) {
        ctx.org = m_store.orgByName(ctx.orgHeader);
        if (ctx.org)
            ctx.membership = m_store.membershipOf(ctx.user->id, ctx.org->id);
        if (ctx.org && (ctx.membership || ctx.user->instanceAdmin))
            return std::nullopt;
        // Upstream: an instance admin gets the reasoned error; an ordinary user whose
        // membership set is loaded ends up with a plain "org not found" (open question 3).
        ctx.org.reset();
        if (ctx.user->instanceAdmin) {
            return RpcError(PermissionDenied,
                QStringLiteral("user is not a member of organization %1").arg(ctx.orgHeader),
                QStringLiteral("USER_NOT_MEMBER_OF_ORG_ERROR_NOT_IN_ORG"));
        }
        return RpcError::plain(Unknown, QStringLiteral("org not found"));
    }
    const auto memberships = m_store.membershipsOfUser(ctx.user->id);
    if (memberships.isEmpty()) {
        return RpcError(PermissionDenied, QStringLiteral("user does not belong to any organization"),
            QStringLiteral("USER_WITH_NO_MEMBERSHIP_ERROR_NOT_IN_ORG"));
    }
    auto current = std::find_if(memberships.begin(), memberships.end(), [](const auto &m) { return m.current; });
    if (current == memberships.end()) {
        // No current flag (e.g. after leaving the current org): the newest membership becomes current.
        current = memberships.begin();
        m_store.exec(QStringLiteral("UPDATE memberships SET current = 1 WHERE id = ?"), { current->id });
    }
    ctx.membership = *current;
    ctx.membership->current = true;
    ctx.org = m_store.org(current->orgId);
    if (!ctx.org)
        return RpcError::plain(Unknown, QStringLiteral("org not found"));
    return std::nullopt;
}

std::optional<RpcError> Authenticator::authorize(const CallContext &ctx)
{
    const auto requirement = AccessPolicy::requirementFor(ctx.method);
    if (requirement.rule == AccessPolicy::Rule::Open)
        return std::nullopt;
    if (requirement.rule == AccessPolicy::Rule::Instance) {
        const bool allowed
            = ctx.user ? ctx.user->instanceAdmin : ctx.isInstanceToken() && ctx.hasPolicy(requirement.policy);
        return allowed ? std::nullopt : std::optional(RpcError::forbidden());
    }
    if (ctx.token) {
        if (requirement.rule == AccessPolicy::Rule::Policy && ctx.hasPolicy(requirement.policy))
            return std::nullopt;
        return RpcError::forbidden();
    }
    // Owners and admins skip the policy check entirely.
    if (ctx.isOrgAdminOrOwner())
        return std::nullopt;
    if (requirement.rule == AccessPolicy::Rule::Policy) {
        QStringList held = AccessPolicy::rolePolicies(ctx.role());
        if (ctx.user->instanceAdmin)
            held += AccessPolicy::instanceAdminPolicies();
        if (held.contains(requirement.policy))
            return std::nullopt;
    }
    return RpcError::forbidden();
}

std::optional<RpcError> Authenticator::requireDefaultCas(const CallContext &ctx)
{
    if (!ctx.org)
        return RpcError::plain(Unknown, QStringLiteral("organization not found"));
    if (!m_store.casDefault(ctx.org->id)) {
        return RpcError(PermissionDenied, QStringLiteral("the organization has no default CAS backend"),
            QStringLiteral("CAS_BACKEND_ERROR_REASON_REQUIRED"));
    }
    return std::nullopt;
}

} // namespace adm::sandbox
