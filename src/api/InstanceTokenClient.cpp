// SPDX-License-Identifier: Apache-2.0
#include "InstanceTokenClient.h"

#include "api/ClientSupport.h"
#include "api/ProtoConvert.h"
#include "controlplane/v1/api_token.pb.h"

namespace adm::api {

namespace v1 = controlplane::v1;
using detail::Access;

namespace detail {
// Shared with ApiTokenClient.cpp (same messages).
void fillCreate(const NewApiToken &token, bool withProject, v1::APITokenServiceCreateRequest *req);
void fillList(const TokenFilter &filter, bool withProject, v1::APITokenServiceListRequest *req);
CreatedApiToken createdToken(const v1::APITokenServiceCreateResponse &r);
QList<ApiToken> tokenList(const v1::APITokenServiceListResponse &r);

namespace {
ApiToken asInstance(ApiToken t)
{
    t.scope = ApiToken::Scope::Instance;
    return t;
}
} // namespace
} // namespace detail

UnaryCall *InstanceTokenClient::create(
    const NewApiToken &token, QObject *context, Callback<CreatedApiToken> done, const CallOptions &options)
{
    v1::APITokenServiceCreateRequest req;
    detail::fillCreate(token, false, &req);
    return detail::invoke<v1::APITokenServiceCreateResponse>(m_channel,
        "/controlplane.v1.InstanceAPITokenService/Create", req, Access::Write, options, context, std::move(done),
        [](const v1::APITokenServiceCreateResponse &r) {
            CreatedApiToken t = detail::createdToken(r);
            t.token = detail::asInstance(t.token);
            return t;
        });
}

UnaryCall *InstanceTokenClient::list(
    const TokenFilter &filter, QObject *context, Callback<QList<ApiToken>> done, const CallOptions &options)
{
    v1::APITokenServiceListRequest req;
    detail::fillList(filter, false, &req);
    return detail::invoke<v1::APITokenServiceListResponse>(m_channel, "/controlplane.v1.InstanceAPITokenService/List",
        req, Access::Read, options, context, std::move(done), [](const v1::APITokenServiceListResponse &r) {
            QList<ApiToken> tokens = detail::tokenList(r);
            for (ApiToken &t : tokens)
                t = detail::asInstance(t);
            return tokens;
        });
}

UnaryCall *InstanceTokenClient::revoke(
    const QString &tokenId, QObject *context, Callback<void> done, const CallOptions &options)
{
    v1::APITokenServiceRevokeRequest req;
    req.set_id(convert::str(tokenId));
    return detail::invoke<v1::APITokenServiceRevokeResponse>(m_channel,
        "/controlplane.v1.InstanceAPITokenService/Revoke", req, Access::Write, options, context, std::move(done),
        detail::NoConvert {});
}

} // namespace adm::api
