// SPDX-License-Identifier: Apache-2.0
// APITokenService (CHAINLOOP_API.md §4.2) and the assumed InstanceAPITokenService (§7).
#pragma once

#include "sandbox/CallContext.h"
#include "sandbox/ControlPlane.h"

#include <optional>

namespace controlplane::v1 {
class APITokenServiceCreateRequest;
class APITokenServiceListRequest;
class APITokenServiceRevokeRequest;
} // namespace controlplane::v1

namespace adm::sandbox {

class SandboxJwt;

class TokenMethods
{
public:
    TokenMethods(SandboxStore &store, const SandboxJwt &jwt);

    RpcReply create(const CallContext &ctx, const controlplane::v1::APITokenServiceCreateRequest &request);
    RpcReply list(const CallContext &ctx, const controlplane::v1::APITokenServiceListRequest &request);
    RpcReply revoke(const CallContext &ctx, const controlplane::v1::APITokenServiceRevokeRequest &request);

    RpcReply instanceCreate(const CallContext &ctx, const controlplane::v1::APITokenServiceCreateRequest &request);
    RpcReply instanceList(const CallContext &ctx, const controlplane::v1::APITokenServiceListRequest &request);
    RpcReply instanceRevoke(const CallContext &ctx, const controlplane::v1::APITokenServiceRevokeRequest &request);

    // Shared with seeding: stores a token (no checks) and signs its JWT.
    TokenRow insert(const QString &name, const QString &description, const std::optional<OrgRow> &org,
        const std::optional<ProjectRow> &project, const QDateTime &expiresAt, const QStringList &policies);
    QString jwtFor(const TokenRow &token) const;

private:
    RpcReply created(const TokenRow &token);
    SandboxStore &m_store;
    const SandboxJwt &m_jwt;
};

} // namespace adm::sandbox
