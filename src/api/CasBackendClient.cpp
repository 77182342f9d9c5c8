// SPDX-License-Identifier: Apache-2.0
#include "CasBackendClient.h"

#include "api/ClientSupport.h"
#include "api/ProtoConvert.h"
#include "controlplane/v1/cas_backends.pb.h"

namespace adm::api {

namespace v1 = controlplane::v1;
using detail::Access;

namespace {
CasBackend backendOf(const v1::CASBackendItem &item)
{
    return convert::casBackend(item);
}
} // namespace

UnaryCall *CasBackendClient::list(QObject *context, Callback<QList<CasBackend>> done, const CallOptions &options)
{
    v1::CASBackendServiceListRequest req;
    return detail::invoke<v1::CASBackendServiceListResponse>(m_channel, "/controlplane.v1.CASBackendService/List", req,
        Access::Read, options, context, std::move(done), [](const v1::CASBackendServiceListResponse &r) {
            QList<CasBackend> out;
            for (const auto &b : r.result())
                out << backendOf(b);
            return out;
        });
}

UnaryCall *CasBackendClient::create(
    const NewCasBackend &backend, QObject *context, Callback<CasBackend> done, const CallOptions &options)
{
    v1::CASBackendServiceCreateRequest req;
    req.set_name(convert::str(backend.name));
    req.set_provider(convert::str(backend.provider));
    req.set_location(convert::str(backend.location));
    req.set_description(convert::str(backend.description));
    req.set_default_(backend.isDefault);
    req.set_fallback(backend.isFallback);
    convert::toStruct(backend.credentials, req.mutable_credentials()); // required, even empty
    if (backend.maxBytes)
        req.set_max_bytes(*backend.maxBytes);
    return detail::invoke<v1::CASBackendServiceCreateResponse>(m_channel, "/controlplane.v1.CASBackendService/Create",
        req, Access::Write, options, context, std::move(done),
        [](const v1::CASBackendServiceCreateResponse &r) { return backendOf(r.result()); });
}

UnaryCall *CasBackendClient::update(
    const CasBackendChanges &changes, QObject *context, Callback<CasBackend> done, const CallOptions &options)
{
    v1::CASBackendServiceUpdateRequest req;
    req.set_name(convert::str(changes.name));
    if (changes.description)
        req.set_description(convert::str(*changes.description));
    if (changes.isDefault)
        req.set_default_(*changes.isDefault);
    if (changes.isFallback)
        req.set_fallback(*changes.isFallback);
    if (changes.credentials)
        convert::toStruct(*changes.credentials, req.mutable_credentials());
    if (changes.maxBytes)
        req.set_max_bytes(*changes.maxBytes);
    return detail::invoke<v1::CASBackendServiceUpdateResponse>(m_channel, "/controlplane.v1.CASBackendService/Update",
        req, Access::Write, options, context, std::move(done),
        [](const v1::CASBackendServiceUpdateResponse &r) { return backendOf(r.result()); });
}

UnaryCall *CasBackendClient::remove(
    const QString &name, QObject *context, Callback<void> done, const CallOptions &options)
{
    v1::CASBackendServiceDeleteRequest req;
    req.set_name(convert::str(name));
    return detail::invoke<v1::CASBackendServiceDeleteResponse>(m_channel, "/controlplane.v1.CASBackendService/Delete",
        req, Access::Write, options, context, std::move(done), detail::NoConvert {});
}

UnaryCall *CasBackendClient::revalidate(
    const QString &name, QObject *context, Callback<void> done, const CallOptions &options)
{
    v1::CASBackendServiceRevalidateRequest req;
    req.set_name(convert::str(name));
    return detail::invoke<v1::CASBackendServiceRevalidateResponse>(m_channel,
        "/controlplane.v1.CASBackendService/Revalidate", req, Access::Write, options, context, std::move(done),
        detail::NoConvert {});
}

} // namespace adm::api
