// SPDX-License-Identifier: Apache-2.0
#include "sandbox/TokenMethods.h"

#include "controlplane/v1/api_token.pb.h"
#include "core/Validation.h"
#include "sandbox/AccessPolicy.h"
#include "sandbox/ProtoItems.h"
#include "sandbox/RpcError.h"
#include "sandbox/SandboxJwt.h"

namespace adm::sandbox {

namespace v1 = controlplane::v1;

namespace {
QDateTime expiryFrom(const v1::APITokenServiceCreateRequest &request, const QDateTime &now)
{
    if (!request.has_expires_in())
        return {};
    const auto &d = request.expires_in();
    return now.addMSecs(d.seconds() * 1000 + d.nanos() / 1000000);
}

// Member/contributor callers manage project tokens only, and only where they are project admin.
bool isProjectScopedRole(const CallContext &ctx)
{
    return ctx.isUser() && !ctx.isOrgAdminOrOwner();
}

QString statusClause(v1::APITokenServiceListRequest::StatusFilter filter)
{
    switch (filter) {
    case v1::APITokenServiceListRequest::STATUS_FILTER_REVOKED: return QStringLiteral(" AND t.revoked_at IS NOT NULL");
    case v1::APITokenServiceListRequest::STATUS_FILTER_ALL: return {};
    default: return QStringLiteral(" AND t.revoked_at IS NULL");
    }
}
} // namespace

TokenMethods::TokenMethods(SandboxStore &store, const SandboxJwt &jwt)
    : m_store(store)
    , m_jwt(jwt)
{ }

TokenRow TokenMethods::insert(const QString &name, const QString &description, const std::optional<OrgRow> &org,
    const std::optional<ProjectRow> &project, const QDateTime &expiresAt, const QStringList &policies)
{
    TokenRow t;
    t.id = SandboxStore::newId();
    t.name = name;
    t.description = description;
    if (org) {
        t.orgId = org->id;
        t.orgName = org->name;
    }
    if (project) {
        t.projectId = project->id;
        t.projectName = project->name;
    }
    t.createdAt = m_store.now();
    t.expiresAt = expiresAt;
    t.policies = policies;
    m_store.insertToken(t);
    return t;
}

QString TokenMethods::jwtFor(const TokenRow &t) const
{
    return m_jwt.signApiToken(
        { t.id, t.name, t.orgId, t.orgName, t.projectId, t.projectName, t.isInstance(), t.expiresAt });
}

RpcReply TokenMethods::created(const TokenRow &token)
{
    v1::APITokenServiceCreateResponse response;
    items::token(token, response.mutable_result()->mutable_item());
    response.mutable_result()->set_jwt(jwtFor(token).toStdString());
    return items::ok(response);
}

RpcReply TokenMethods::create(const CallContext &ctx, const v1::APITokenServiceCreateRequest &request)
{
    const QString name = QString::fromStdString(request.name());
    if (const auto v = validateDnsLabel(name); !v.ok())
        return RpcError::invalid(QStringLiteral("validation error: ") + v.message).reply();

    std::optional<ProjectRow> project;
    if (request.has_project_reference()) {
        const auto &ref = request.project_reference();
        project = m_store.project(ctx.org->id, QString::fromStdString(ref.id()), QString::fromStdString(ref.name()));
        if (!project)
            return RpcError::notFound(QStringLiteral("project not found")).reply();
    }
    if (isProjectScopedRole(ctx)) {
        if (!project)
            return RpcError::invalid(QStringLiteral("project is required")).reply();
        if (!m_store.isProjectAdmin(project->id, ctx.user->id))
            return RpcError::forbidden().reply();
    }
    // Org-level API tokens may only mint project tokens.
    if (ctx.isToken() && !ctx.isInstanceToken() && !project)
        return RpcError::forbidden().reply();

    const bool taken = project
        ? m_store
              .exec(QStringLiteral("SELECT 1 FROM api_tokens WHERE project_id = ? AND name = ? AND revoked_at IS NULL"),
                  { project->id, name })
              .next()
        : m_store
              .exec(QStringLiteral("SELECT 1 FROM api_tokens WHERE org_id = ? AND project_id IS NULL AND name = ?"
                                   " AND revoked_at IS NULL"),
                  { ctx.org->id, name })
              .next();
    if (taken)
        return RpcError::alreadyExists(QStringLiteral("name already taken")).reply();

    const auto token
        = insert(name, QString::fromStdString(request.description()), ctx.org, project, expiryFrom(request, ctx.now),
            project ? AccessPolicy::projectTokenPolicies() : AccessPolicy::orgTokenPolicies());
    return created(token);
}

RpcReply TokenMethods::list(const CallContext &ctx, const v1::APITokenServiceListRequest &request)
{
    QString sql = QStringLiteral("SELECT %1 WHERE t.org_id = ? AND t.is_system = 0").arg(SandboxStore::kTokenCols);
    QVariantList binds { ctx.org->id };
    sql += statusClause(request.status_filter());
    if (request.scope() == v1::APITokenServiceListRequest::SCOPE_PROJECT)
        sql += QStringLiteral(" AND t.project_id IS NOT NULL");
    else if (request.scope() == v1::APITokenServiceListRequest::SCOPE_GLOBAL)
        sql += QStringLiteral(" AND t.project_id IS NULL");
    if (request.has_project()) {
        const auto project = m_store.project(ctx.org->id, QString::fromStdString(request.project().id()),
            QString::fromStdString(request.project().name()));
        if (!project)
            return RpcError::notFound(QStringLiteral("project not found")).reply();
        sql += QStringLiteral(" AND t.project_id = ?");
        binds << project->id;
    }
    // Org tokens see project tokens only, whatever the scope says.
    if (ctx.isToken() && !ctx.isInstanceToken())
        sql += QStringLiteral(" AND t.project_id IS NOT NULL");
    if (isProjectScopedRole(ctx)) {
        const QStringList projects = m_store.projectsAdministeredBy(ctx.user->id, ctx.org->id);
        sql += QStringLiteral(" AND t.project_id IN (%1)")
                   .arg(projects.isEmpty() ? QStringLiteral("NULL")
                                           : QStringList(projects.size(), QStringLiteral("?")).join(QLatin1Char(',')));
        for (const QString &p : projects)
            binds << p;
    }
    sql += QStringLiteral(" ORDER BY t.created_at ASC, t.rowid ASC");

    v1::APITokenServiceListResponse response;
    auto q = m_store.exec(sql, binds);
    while (q.next())
        items::token(SandboxStore::readToken(q), response.add_result());
    return items::ok(response);
}

RpcReply TokenMethods::revoke(const CallContext &ctx, const v1::APITokenServiceRevokeRequest &request)
{
    const auto token = m_store.token(QString::fromStdString(request.id()));
    if (!token || token->orgId != ctx.org->id || token->revokedAt.isValid())
        return RpcError::notFound(QStringLiteral("API token not found")).reply();
    if (isProjectScopedRole(ctx)) {
        if (token->projectId.isEmpty())
            return RpcError::invalid(QStringLiteral("you can not manage a global API token")).reply();
        if (!m_store.isProjectAdmin(token->projectId, ctx.user->id))
            return RpcError::forbidden().reply();
    }
    if (ctx.isToken() && !ctx.isInstanceToken() && token->projectId.isEmpty())
        return RpcError::forbidden().reply();
    m_store.exec(
        QStringLiteral("UPDATE api_tokens SET revoked_at = ? WHERE id = ?"), { SandboxStore::ms(ctx.now), token->id });
    return items::ok(v1::APITokenServiceRevokeResponse());
}

RpcReply TokenMethods::instanceCreate(const CallContext &ctx, const v1::APITokenServiceCreateRequest &request)
{
    const QString name = QString::fromStdString(request.name());
    if (const auto v = validateDnsLabel(name); !v.ok())
        return RpcError::invalid(QStringLiteral("validation error: ") + v.message).reply();
    if (m_store
            .exec(QStringLiteral("SELECT 1 FROM api_tokens WHERE org_id IS NULL AND name = ? AND revoked_at IS NULL"),
                { name })
            .next())
        return RpcError::alreadyExists(QStringLiteral("name already taken")).reply();
    // project_reference is ignored: instance tokens have neither org nor project.
    const auto token = insert(name, QString::fromStdString(request.description()), std::nullopt, std::nullopt,
        expiryFrom(request, ctx.now), AccessPolicy::instanceTokenPolicies());
    return created(token);
}

RpcReply TokenMethods::instanceList(const CallContext &, const v1::APITokenServiceListRequest &request)
{
    const QString sql = QStringLiteral("SELECT %1 WHERE t.org_id IS NULL AND t.is_system = 0%2"
                                       " ORDER BY t.created_at ASC, t.rowid ASC")
                            .arg(SandboxStore::kTokenCols, statusClause(request.status_filter()));
    v1::APITokenServiceListResponse response;
    auto q = m_store.exec(sql);
    while (q.next())
        items::token(SandboxStore::readToken(q), response.add_result());
    return items::ok(response);
}

RpcReply TokenMethods::instanceRevoke(const CallContext &ctx, const v1::APITokenServiceRevokeRequest &request)
{
    const auto token = m_store.token(QString::fromStdString(request.id()));
    if (!token || !token->isInstance() || token->revokedAt.isValid())
        return RpcError::notFound(QStringLiteral("API token not found")).reply();
    m_store.exec(
        QStringLiteral("UPDATE api_tokens SET revoked_at = ? WHERE id = ?"), { SandboxStore::ms(ctx.now), token->id });
    return items::ok(v1::APITokenServiceRevokeResponse());
}

} // namespace adm::sandbox
