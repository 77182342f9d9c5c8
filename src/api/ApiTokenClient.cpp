// SPDX-License-Identifier: Apache-2.0
#include "ApiTokenClient.h"

#include "api/ClientSupport.h"
#include "api/ProtoConvert.h"
#include "controlplane/v1/api_token.pb.h"

namespace adm::api {

namespace v1 = controlplane::v1;
using detail::Access;

namespace detail {

ApiError unparsableResponse(QByteArrayView method)
{
    return ApiError::transport(ApiError::Kind::Protocol, ApiError::Cause::Malformed,
        QCoreApplication::translate("ApiError", "the response message does not parse"), method);
}

void fillCreate(const NewApiToken &token, bool withProject, v1::APITokenServiceCreateRequest *req)
{
    req->set_name(convert::str(token.name));
    if (!token.description.isEmpty())
        req->set_description(convert::str(token.description));
    if (token.expiresIn)
        req->mutable_expires_in()->set_seconds(token.expiresIn->count());
    // An empty-but-present IdentityReference fails validation (§3.8): set it only with a value.
    if (withProject && !token.projectId.isEmpty())
        req->mutable_project_reference()->set_id(convert::str(token.projectId));
    else if (withProject && !token.projectName.isEmpty())
        req->mutable_project_reference()->set_name(convert::str(token.projectName));
}

void fillList(const TokenFilter &filter, bool withProject, v1::APITokenServiceListRequest *req)
{
    switch (filter.scope) {
    case TokenFilter::Scope::Any: req->set_scope(v1::APITokenServiceListRequest::SCOPE_UNSPECIFIED); break;
    case TokenFilter::Scope::Project: req->set_scope(v1::APITokenServiceListRequest::SCOPE_PROJECT); break;
    case TokenFilter::Scope::Organization: req->set_scope(v1::APITokenServiceListRequest::SCOPE_GLOBAL); break;
    }
    switch (filter.status) {
    case TokenFilter::Status::Active:
        req->set_status_filter(v1::APITokenServiceListRequest::STATUS_FILTER_ACTIVE);
        break;
    case TokenFilter::Status::Revoked:
        req->set_status_filter(v1::APITokenServiceListRequest::STATUS_FILTER_REVOKED);
        break;
    case TokenFilter::Status::All: req->set_status_filter(v1::APITokenServiceListRequest::STATUS_FILTER_ALL); break;
    }
    if (withProject && !filter.projectId.isEmpty())
        req->mutable_project()->set_id(convert::str(filter.projectId));
    else if (withProject && !filter.projectName.isEmpty())
        req->mutable_project()->set_name(convert::str(filter.projectName));
}

CreatedApiToken createdToken(const v1::APITokenServiceCreateResponse &r)
{
    return { convert::apiToken(r.result().item()), convert::str(r.result().jwt()) };
}

QList<ApiToken> tokenList(const v1::APITokenServiceListResponse &r)
{
    QList<ApiToken> out;
    out.reserve(r.result_size());
    for (const auto &item : r.result())
        out << convert::apiToken(item);
    return out;
}

} // namespace detail

UnaryCall *ApiTokenClient::create(
    const NewApiToken &token, QObject *context, Callback<CreatedApiToken> done, const CallOptions &options)
{
    v1::APITokenServiceCreateRequest req;
    detail::fillCreate(token, true, &req);
    return detail::invoke<v1::APITokenServiceCreateResponse>(m_channel, "/controlplane.v1.APITokenService/Create", req,
        Access::Write, options, context, std::move(done), &detail::createdToken);
}

UnaryCall *ApiTokenClient::list(
    const TokenFilter &filter, QObject *context, Callback<QList<ApiToken>> done, const CallOptions &options)
{
    v1::APITokenServiceListRequest req;
    detail::fillList(filter, true, &req);
    return detail::invoke<v1::APITokenServiceListResponse>(m_channel, "/controlplane.v1.APITokenService/List", req,
        Access::Read, options, context, std::move(done), &detail::tokenList);
}

UnaryCall *ApiTokenClient::revoke(
    const QString &tokenId, QObject *context, Callback<void> done, const CallOptions &options)
{
    v1::APITokenServiceRevokeRequest req;
    req.set_id(convert::str(tokenId));
    return detail::invoke<v1::APITokenServiceRevokeResponse>(m_channel, "/controlplane.v1.APITokenService/Revoke", req,
        Access::Write, options, context, std::move(done), detail::NoConvert {});
}

} // namespace adm::api
