// SPDX-License-Identifier: Apache-2.0
// Pipeline steps 2-4 and 6 of CHAINLOOP_API.md §1.8: bearer JWT, token/user lookup (with the
// upstream quirks: UNKNOWN for a revoked token), organization resolution (§1.6), role/policy
// authorization (§4.1) and the "org has a default CAS backend" check.
#pragma once

#include "sandbox/CallContext.h"
#include "sandbox/RpcError.h"

#include <optional>

namespace adm::sandbox {

class SandboxJwt;
struct RpcRequest;

class Authenticator
{
public:
    Authenticator(SandboxStore &store, const SandboxJwt &jwt);

    // Fills ctx.user or ctx.token; updates the token's last_used_at.
    std::optional<RpcError> authenticate(const RpcRequest &request, CallContext &ctx);
    std::optional<RpcError> resolveOrganization(CallContext &ctx);
    std::optional<RpcError> authorize(const CallContext &ctx);
    std::optional<RpcError> requireDefaultCas(const CallContext &ctx);

private:
    std::optional<RpcError> resolveForUser(CallContext &ctx);
    SandboxStore &m_store;
    const SandboxJwt &m_jwt;
};

} // namespace adm::sandbox
