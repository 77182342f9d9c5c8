// SPDX-License-Identifier: Apache-2.0
#include "GrpcStatus.h"

namespace adm::api {

QString statusCodeName(StatusCode code)
{
    switch (code) {
    case StatusCode::Ok: return QStringLiteral("OK");
    case StatusCode::Cancelled: return QStringLiteral("CANCELLED");
    case StatusCode::Unknown: return QStringLiteral("UNKNOWN");
    case StatusCode::InvalidArgument: return QStringLiteral("INVALID_ARGUMENT");
    case StatusCode::DeadlineExceeded: return QStringLiteral("DEADLINE_EXCEEDED");
    case StatusCode::NotFound: return QStringLiteral("NOT_FOUND");
    case StatusCode::AlreadyExists: return QStringLiteral("ALREADY_EXISTS");
    case StatusCode::PermissionDenied: return QStringLiteral("PERMISSION_DENIED");
    case StatusCode::ResourceExhausted: return QStringLiteral("RESOURCE_EXHAUSTED");
    case StatusCode::FailedPrecondition: return QStringLiteral("FAILED_PRECONDITION");
    case StatusCode::Aborted: return QStringLiteral("ABORTED");
    case StatusCode::OutOfRange: return QStringLiteral("OUT_OF_RANGE");
    case StatusCode::Unimplemented: return QStringLiteral("UNIMPLEMENTED");
    case StatusCode::Internal: return QStringLiteral("INTERNAL");
    case StatusCode::Unavailable: return QStringLiteral("UNAVAILABLE");
    case StatusCode::DataLoss: return QStringLiteral("DATA_LOSS");
    case StatusCode::Unauthenticated: return QStringLiteral("UNAUTHENTICATED");
    }
    return QStringLiteral("CODE_%1").arg(int(code));
}

StatusCode statusCodeFromInt(int value)
{
    if (value < 0 || value > int(StatusCode::Unauthenticated))
        return StatusCode::Unknown;
    return StatusCode(value);
}

StatusCode statusCodeFromHttp(int httpStatus)
{
    // https://github.com/grpc/grpc/blob/master/doc/http-grpc-status-mapping.md
    switch (httpStatus) {
    case 400: return StatusCode::Internal;
    case 401: return StatusCode::Unauthenticated;
    case 403: return StatusCode::PermissionDenied;
    case 404: return StatusCode::Unimplemented;
    case 429:
    case 502:
    case 503:
    case 504: return StatusCode::Unavailable;
    default: return StatusCode::Unknown;
    }
}

} // namespace adm::api
