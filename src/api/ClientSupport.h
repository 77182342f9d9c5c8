// SPDX-License-Identifier: Apache-2.0
// Internal to the typed clients: serialize, call, parse, convert, deliver.
#pragma once

#include "api/ClientBase.h"
#include "api/UnaryCall.h"

#include <google/protobuf/message_lite.h>

namespace adm::api::detail {

enum class Access { Read, Write };

inline QByteArray serialize(const google::protobuf::MessageLite &message)
{
    QByteArray out(qsizetype(message.ByteSizeLong()), Qt::Uninitialized);
    message.SerializeToArray(out.data(), int(out.size()));
    return out;
}

ApiError unparsableResponse(QByteArrayView method);

// Starts `method` and, when it ends, parses Response and hands convert(response) (or the error)
// to `done`, unless `context` is gone. Reads are marked idempotent so the channel may retry them.
template<typename Response, typename T, typename Convert>
UnaryCall *invoke(Channel *channel, const char *method, const google::protobuf::MessageLite &request, Access access,
    CallOptions options, QObject *context, Callback<T> done, Convert convert)
{
    options.idempotent = access == Access::Read;
    UnaryCall *call = channel->call(QByteArrayView(method), serialize(request), options);
    QObject::connect(call, &UnaryCall::finished, context ? context : call,
        [done = std::move(done), convert = std::move(convert), method](
            const QByteArray &payload, const ApiError &error) {
            if (!done)
                return;
            if (error.isError()) {
                done(Result<T>(error));
                return;
            }
            Response response;
            if (!response.ParseFromArray(payload.constData(), int(payload.size()))) {
                done(Result<T>(unparsableResponse(method)));
                return;
            }
            if constexpr (std::is_void_v<T>) {
                done(Result<void>());
            } else {
                done(Result<T>(convert(response)));
            }
        });
    return call;
}

struct NoConvert {
    template<typename R> void operator()(const R &) const { }
};

} // namespace adm::api::detail
