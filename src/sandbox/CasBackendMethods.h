// SPDX-License-Identifier: Apache-2.0
// CASBackendService (CHAINLOOP_API.md §4.6): default/fallback rules, promotion on losing the
// default (fallback -> managed -> inline), inline/managed protections, the simulated
// credential check (CasCredentialCheck) and background revalidation.
#pragma once

#include "sandbox/CallContext.h"
#include "sandbox/ControlPlane.h"

#include <chrono>
#include <functional>

class QObject;

namespace controlplane::v1 {
class CASBackendServiceListRequest;
class CASBackendServiceCreateRequest;
class CASBackendServiceUpdateRequest;
class CASBackendServiceDeleteRequest;
class CASBackendServiceRevalidateRequest;
} // namespace controlplane::v1

namespace adm::sandbox {

class CasBackendMethods
{
public:
    using Done = std::function<void(RpcReply)>;
    // When a Revalidate's result shows up in validation_status / validated_at.
    static constexpr std::chrono::milliseconds kRevalidationDelay { 300 };

    // `timerContext` guards the delayed work: it dies with the ControlPlane.
    CasBackendMethods(SandboxStore &store, const ControlPlaneOptions &options, QObject *timerContext);

    RpcReply list(const CallContext &ctx, const controlplane::v1::CASBackendServiceListRequest &request);
    void create(const CallContext &ctx, const controlplane::v1::CASBackendServiceCreateRequest &request, Done done);
    void update(const CallContext &ctx, const controlplane::v1::CASBackendServiceUpdateRequest &request, Done done);
    RpcReply remove(const CallContext &ctx, const controlplane::v1::CASBackendServiceDeleteRequest &request);
    RpcReply revalidate(const CallContext &ctx, const controlplane::v1::CASBackendServiceRevalidateRequest &request);

    // Shared with seeding: stores a backend (no checks), keeping one default and one fallback.
    void insert(CasRow row);

private:
    // Runs the simulated check, then `apply` (or replies with the check's error).
    void checkThen(const QString &provider, const QString &location, const QJsonObject &credentials, Done done,
        std::function<RpcReply()> apply);
    void promoteDefault(const QString &orgId, const QString &excludeId);
    void finishRevalidation(const QString &id);

    SandboxStore &m_store;
    const ControlPlaneOptions &m_options;
    QObject *m_timerContext;
};

} // namespace adm::sandbox
