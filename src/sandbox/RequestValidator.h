// SPDX-License-Identifier: Apache-2.0
// The protovalidate rules declared in the upstream .proto files (CHAINLOOP_API.md §3), checked
// at pipeline step 7. A failure becomes INVALID_ARGUMENT with buf.validate.Violations whose
// field and rule paths and rule ids follow protovalidate.
#pragma once

#include "sandbox/RpcError.h"

#include <QByteArray>

#include <optional>

namespace google::protobuf {
class Message;
}

namespace adm::sandbox {

class RequestValidator
{
public:
    // `request` must be the request type of `method`.
    static std::optional<RpcError> validate(const QByteArray &method, const google::protobuf::Message &request);
    static bool isUuid(const QString &text);
};

} // namespace adm::sandbox
