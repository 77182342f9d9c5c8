// SPDX-License-Identifier: Apache-2.0
// The one error type of the api layer. Every failure of a call, from a refused connection to a
// validation error, becomes an ApiError; userMessage() and hint() are the only place where the
// text shown for them is written (ApiError.cpp).
#pragma once

#include "api/GrpcStatus.h"
#include "api/StatusDetails.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QMetaType>
#include <QString>

namespace adm::api {

class ApiError
{
    Q_DECLARE_TR_FUNCTIONS(ApiError)
public:
    // What kind of thing went wrong: what the UI branches on.
    enum class Kind {
        None, // success
        Cancelled, // the caller cancelled
        Timeout, // the deadline passed
        Unreachable, // refused connection, unknown host, connection lost, server UNAVAILABLE
        Tls, // TLS handshake failed; cause() says why
        Protocol, // the answer was not usable gRPC: web page, HTTP/1.1-only server, malformed or cut-short body
        TooLarge, // a message above the receive limit (RESOURCE_EXHAUSTED)
        Unauthenticated, // token missing, malformed or expired
        TokenRevoked, // UNKNOWN "API token revoked"
        PermissionDenied,
        NotFound,
        AlreadyExists,
        InvalidArgument, // violations() names the fields
        FailedPrecondition,
        Unimplemented, // this server does not offer the method
        Server, // INTERNAL, UNKNOWN and everything else the server reports
    };
    // The specific cause, where one is known; drives the wording.
    enum class Cause {
        None,
        ConnectionRefused,
        HostNotFound,
        ConnectionClosed,
        NetworkDown,
        ServerUnavailable, // grpc-status UNAVAILABLE
        TlsSelfSigned,
        TlsExpired,
        TlsHostMismatch,
        TlsUntrusted,
        TlsOther,
        NotGrpc, // e.g. an HTML error page from a proxy
        Http2Refused, // the server or a proxy does not speak HTTP/2 (what auto mode falls back on)
        Malformed, // unparsable frames, status or message
        Truncated, // body ended inside a frame or without a status
        Compressed, // compressed frame although we offered no compression
        MissingOrganization, // UNKNOWN/NOT_FOUND "organization not found" / "current organization not set"
        UserNotMember, // USER_NOT_MEMBER_OF_ORG_ERROR_NOT_IN_ORG
        NoDefaultCasBackend, // CAS_BACKEND_ERROR_REASON_REQUIRED
        OrgSuspended, // reason "suspended"
        Configuration, // the channel's own settings are unusable (CA file, address)
    };

    ApiError() = default;

    // --- the mapping: everything that builds an ApiError goes through these ---
    // A grpc-status other than OK, with its decoded message and details. `method` is the full path.
    static ApiError fromStatus(
        StatusCode code, const QString &serverMessage, const StatusDetails &details, QByteArrayView method);
    // Transport-level failures (no gRPC status).
    static ApiError transport(Kind kind, Cause cause, const QString &detail, QByteArrayView method, int httpStatus = 0);
    static ApiError cancelled(QByteArrayView method);
    static ApiError timeout(qint64 deadlineMs, QByteArrayView method);
    static ApiError tooLarge(qint64 size, qint64 limit, QByteArrayView method);

    bool isOk() const { return m_kind == Kind::None; }
    bool isError() const { return m_kind != Kind::None; }
    Kind kind() const { return m_kind; }
    Cause cause() const { return m_cause; }
    // The gRPC code, or its equivalent for transport failures (refused -> UNAVAILABLE, ...).
    StatusCode code() const { return m_code; }
    QString reason() const { return m_reason; } // ErrorInfo.reason
    QString serverMessage() const { return m_serverMessage; } // grpc-message, percent-decoded
    const QList<FieldViolation> &violations() const { return m_violations; }
    QByteArray method() const { return m_method; }
    int httpStatus() const { return m_httpStatus; }
    QString detail() const { return m_detail; } // technical text (network error string, ...)

    // What happened, in words for the user (translated).
    QString userMessage() const;
    // What the user can do about it (translated); may be empty.
    QString hint() const;
    // userMessage + hint + the server's own words, for logs, the activity panel and the CLI.
    QString toString() const;

    // Whether the channel may retry a read after this error.
    bool isTransient() const;

    // "an organization admin or owner" for a method, empty when unknown (translated).
    static QString requiredRoleFor(QByteArrayView method);

private:
    Kind m_kind = Kind::None;
    Cause m_cause = Cause::None;
    StatusCode m_code = StatusCode::Ok;
    QString m_reason;
    QString m_serverMessage;
    QList<FieldViolation> m_violations;
    QByteArray m_method;
    QString m_detail;
    int m_httpStatus = 0;
    qint64 m_number = 0; // deadline ms, size, ... for the wording
    qint64 m_limit = 0;
};

QString kindName(ApiError::Kind kind); // "unreachable", "permission-denied", ... (stable, for JSON)

} // namespace adm::api

Q_DECLARE_METATYPE(adm::api::ApiError)
