// SPDX-License-Identifier: Apache-2.0
#include "sandbox/RpcError.h"

#include "buf/validate/violations.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace adm::sandbox {

RpcError::RpcError(int code, QString message, QString reason)
    : m_code(code)
    , m_message(std::move(message))
    , m_reason(std::move(reason))
{ }

RpcError::RpcError(const RpcError &other)
    : m_code(other.m_code)
    , m_message(other.m_message)
    , m_reason(other.m_reason)
    , m_violations(other.m_violations ? std::make_unique<buf::validate::Violations>(*other.m_violations) : nullptr)
{ }

RpcError &RpcError::operator=(const RpcError &other)
{
    if (this != &other) {
        m_code = other.m_code;
        m_message = other.m_message;
        m_reason = other.m_reason;
        m_violations = other.m_violations ? std::make_unique<buf::validate::Violations>(*other.m_violations) : nullptr;
    }
    return *this;
}

RpcError::~RpcError() = default;

RpcError RpcError::violations(const buf::validate::Violations &violations)
{
    // Same text shape as protovalidate-go: "validation error:\n - field: message [rule_id]".
    QString message = QStringLiteral("validation error:");
    for (const auto &v : violations.violations()) {
        QStringList path;
        for (const auto &e : v.field().elements())
            path << QString::fromStdString(e.field_name());
        message += QStringLiteral("\n - %1: %2 [%3]")
                       .arg(path.join(QLatin1Char('.')), QString::fromStdString(v.message()),
                           QString::fromStdString(v.rule_id()));
    }
    RpcError error(InvalidArgument, message);
    error.m_violations = std::make_unique<buf::validate::Violations>(violations);
    return error;
}

RpcReply RpcError::reply() const
{
    RpcReply reply;
    reply.status = m_code;
    reply.message = m_message;
    if (!m_reason.isEmpty() || m_violations) {
        google::rpc::Status status;
        status.set_code(m_code);
        status.set_message(m_message.toStdString());
        auto *any = status.add_details();
        if (m_violations) {
            any->set_type_url("type.googleapis.com/buf.validate.Violations");
            any->set_value(m_violations->SerializeAsString());
        } else {
            google::rpc::ErrorInfo info;
            info.set_reason(m_reason.toStdString());
            any->set_type_url("type.googleapis.com/google.rpc.ErrorInfo");
            any->set_value(info.SerializeAsString());
        }
        const std::string bytes = status.SerializeAsString();
        reply.details = QByteArray(bytes.data(), qsizetype(bytes.size()));
    }
    return reply;
}

} // namespace adm::sandbox
