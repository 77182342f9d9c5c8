// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace adm::api {

// gRPC status codes (the numbers are the wire values of grpc-status).
enum class StatusCode : int {
    Ok = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
};

// "UNAVAILABLE", "PERMISSION_DENIED", ... as gRPC spells them; "CODE_<n>" for numbers outside the table.
QString statusCodeName(StatusCode code);
// Values outside 0..16 become Unknown, as the gRPC spec asks of clients.
StatusCode statusCodeFromInt(int value);
// The gRPC spec's mapping for answers without grpc-status (HTTP 401 -> UNAUTHENTICATED, 503 -> UNAVAILABLE, ...).
StatusCode statusCodeFromHttp(int httpStatus);

} // namespace adm::api
