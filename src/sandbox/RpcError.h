// SPDX-License-Identifier: Apache-2.0
// An error as the real control plane puts it on the wire (CHAINLOOP_API.md §2): a gRPC code,
// a message and, where upstream sends them, one google.rpc.ErrorInfo or buf.validate.Violations.
#pragma once

#include "sandbox/ControlPlane.h"

#include <QString>

#include <memory>

namespace buf::validate {
class Violations;
}

namespace adm::sandbox {

// gRPC status codes used by the sandbox.
enum GrpcCode : int {
    Ok = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    FailedPrecondition = 9,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    Unauthenticated = 16,
};

class RpcError
{
public:
    RpcError(int code, QString message, QString reason = {});
    RpcError(const RpcError &other);
    RpcError &operator=(const RpcError &other);
    ~RpcError();

    // Framework ("kratos") errors: code + ErrorInfo{reason}.
    static RpcError unauthenticated(const QString &message)
    {
        return { Unauthenticated, message, QStringLiteral("UNAUTHORIZED") };
    }
    static RpcError forbidden(const QString &message = QStringLiteral("operation not allowed"))
    {
        return { PermissionDenied, message, QStringLiteral("forbidden") };
    }
    static RpcError unauthorized(const QString &message)
    {
        return { PermissionDenied, message, QStringLiteral("unauthorized") };
    }
    static RpcError notFound(const QString &message) { return { NotFound, message, QStringLiteral("not found") }; }
    static RpcError invalid(const QString &message) { return { InvalidArgument, message, QStringLiteral("invalid") }; }
    static RpcError internal()
    {
        return { Internal, QStringLiteral("server error"), QStringLiteral("internal error") };
    }
    // Plain Go errors and plain gRPC statuses: no details at all.
    static RpcError plain(int code, const QString &message) { return { code, message }; }
    static RpcError alreadyExists(const QString &detail)
    {
        return { AlreadyExists, QStringLiteral("duplicated: ") + detail };
    }
    // protovalidate failure: INVALID_ARGUMENT with a Violations detail.
    static RpcError violations(const buf::validate::Violations &violations);

    int code() const { return m_code; }
    QString message() const { return m_message; }
    QString reason() const { return m_reason; }
    RpcReply reply() const;

private:
    int m_code;
    QString m_message;
    QString m_reason;
    std::unique_ptr<buf::validate::Violations> m_violations;
};

} // namespace adm::sandbox
