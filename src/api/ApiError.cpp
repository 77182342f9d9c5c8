// SPDX-License-Identifier: Apache-2.0
// The only place where the api layer words its errors (CHAINLOOP_API.md §2, §4).
#include "ApiError.h"

#include <QLocale>

namespace adm::api {

namespace {
bool contains(const QString &text, const char *needle)
{
    return text.contains(QLatin1String(needle), Qt::CaseInsensitive);
}

QString methodName(const QByteArray &method)
{
    // "/controlplane.v1.APITokenService/List" -> "APITokenService/List"
    QByteArray m = method;
    if (m.startsWith('/'))
        m.remove(0, 1);
    const qsizetype dot = m.lastIndexOf('.', m.indexOf('/'));
    if (dot >= 0)
        m.remove(0, dot + 1);
    return QString::fromLatin1(m);
}
} // namespace

ApiError ApiError::fromStatus(
    StatusCode code, const QString &serverMessage, const StatusDetails &details, QByteArrayView method)
{
    ApiError e;
    e.m_code = code;
    e.m_serverMessage = serverMessage.isEmpty() ? details.message : serverMessage;
    e.m_reason = details.reason;
    e.m_violations = details.violations;
    e.m_method = method.toByteArray();
    const QString &msg = e.m_serverMessage;
    switch (code) {
    case StatusCode::Ok: e.m_kind = Kind::None; break;
    case StatusCode::Cancelled: e.m_kind = Kind::Cancelled; break;
    case StatusCode::Unknown:
        // Plain Go errors from the server's middlewares arrive as UNKNOWN (§2.4): recognise the known ones.
        if (contains(msg, "API token revoked")) {
            e.m_kind = Kind::TokenRevoked;
        } else if (contains(msg, "organization not found") || contains(msg, "org not found")) {
            e.m_kind = Kind::NotFound;
            e.m_cause = Cause::MissingOrganization;
        } else if (contains(msg, "user not found")) {
            e.m_kind = Kind::Unauthenticated;
        } else {
            e.m_kind = Kind::Server;
        }
        break;
    case StatusCode::InvalidArgument:
    case StatusCode::OutOfRange: e.m_kind = Kind::InvalidArgument; break;
    case StatusCode::DeadlineExceeded: e.m_kind = Kind::Timeout; break;
    case StatusCode::NotFound:
        e.m_kind = Kind::NotFound;
        if (contains(msg, "current organization not set") || contains(msg, "organization not found"))
            e.m_cause = Cause::MissingOrganization;
        break;
    case StatusCode::AlreadyExists: e.m_kind = Kind::AlreadyExists; break;
    case StatusCode::PermissionDenied:
        e.m_kind = Kind::PermissionDenied;
        if (e.m_reason == QLatin1String("USER_NOT_MEMBER_OF_ORG_ERROR_NOT_IN_ORG")
            || e.m_reason == QLatin1String("USER_WITH_NO_MEMBERSHIP_ERROR_NOT_IN_ORG"))
            e.m_cause = Cause::UserNotMember;
        else if (e.m_reason == QLatin1String("CAS_BACKEND_ERROR_REASON_REQUIRED"))
            e.m_cause = Cause::NoDefaultCasBackend;
        else if (e.m_reason == QLatin1String("suspended"))
            e.m_cause = Cause::OrgSuspended;
        break;
    case StatusCode::ResourceExhausted: e.m_kind = Kind::TooLarge; break;
    case StatusCode::FailedPrecondition:
    case StatusCode::Aborted: e.m_kind = Kind::FailedPrecondition; break;
    case StatusCode::Unimplemented: e.m_kind = Kind::Unimplemented; break;
    case StatusCode::Unavailable:
        e.m_kind = Kind::Unreachable;
        e.m_cause = Cause::ServerUnavailable;
        break;
    case StatusCode::Unauthenticated: e.m_kind = Kind::Unauthenticated; break;
    case StatusCode::Internal:
    case StatusCode::DataLoss: e.m_kind = Kind::Server; break;
    }
    return e;
}

ApiError ApiError::transport(Kind kind, Cause cause, const QString &detail, QByteArrayView method, int httpStatus)
{
    ApiError e;
    e.m_kind = kind;
    e.m_cause = cause;
    e.m_detail = detail;
    e.m_method = method.toByteArray();
    e.m_httpStatus = httpStatus;
    switch (kind) {
    case Kind::Cancelled: e.m_code = StatusCode::Cancelled; break;
    case Kind::Timeout: e.m_code = StatusCode::DeadlineExceeded; break;
    case Kind::Unreachable: e.m_code = StatusCode::Unavailable; break;
    case Kind::Tls: e.m_code = StatusCode::Unavailable; break;
    case Kind::TooLarge: e.m_code = StatusCode::ResourceExhausted; break;
    case Kind::Unauthenticated: e.m_code = StatusCode::Unauthenticated; break;
    case Kind::PermissionDenied: e.m_code = StatusCode::PermissionDenied; break;
    case Kind::Unimplemented: e.m_code = StatusCode::Unimplemented; break;
    case Kind::None: e.m_code = StatusCode::Ok; break;
    default: e.m_code = httpStatus ? statusCodeFromHttp(httpStatus) : StatusCode::Internal; break;
    }
    return e;
}

ApiError ApiError::cancelled(QByteArrayView method)
{
    return transport(Kind::Cancelled, Cause::None, {}, method);
}

ApiError ApiError::timeout(qint64 deadlineMs, QByteArrayView method)
{
    ApiError e = transport(Kind::Timeout, Cause::None, {}, method);
    e.m_number = deadlineMs;
    return e;
}

ApiError ApiError::tooLarge(qint64 size, qint64 limit, QByteArrayView method)
{
    ApiError e = transport(Kind::TooLarge, Cause::None, {}, method);
    e.m_number = size;
    e.m_limit = limit;
    return e;
}

bool ApiError::isTransient() const
{
    return m_kind == Kind::Unreachable
        && (m_cause == Cause::ServerUnavailable || m_cause == Cause::ConnectionRefused
            || m_cause == Cause::ConnectionClosed);
}

QString ApiError::requiredRoleFor(QByteArrayView method)
{
    const QString m = methodName(method.toByteArray());
    if (m.startsWith(QLatin1String("InstanceAPITokenService/")))
        return tr("an instance administrator token");
    if (m.startsWith(QLatin1String("APITokenService/")))
        return tr("the organization's admin or owner role (members and contributors may manage only tokens of "
                  "projects they administer)");
    if (m == QLatin1String("OrganizationService/Create"))
        return tr("the instance administrator role when organization creation is restricted (API tokens need an "
                  "organization-create policy)");
    if (m == QLatin1String("OrganizationService/Delete"))
        return tr("the owner role in that organization");
    if (m == QLatin1String("OrganizationService/ListMemberships"))
        return tr("the viewer, admin or owner role in the organization");
    if (m.startsWith(QLatin1String("OrganizationService/")))
        return tr("the organization's admin or owner role (changing owners needs the owner role)");
    if (m == QLatin1String("OrgInvitationService/Create"))
        return tr("the organization's admin or owner role (inviting owners needs the owner role)");
    if (m.startsWith(QLatin1String("OrgInvitationService/")))
        return tr("the organization's admin or owner role");
    if (m == QLatin1String("CASBackendService/List"))
        return tr("membership in the organization");
    if (m.startsWith(QLatin1String("CASBackendService/")))
        return tr("the organization's admin or owner role");
    if (m.startsWith(QLatin1String("UserService/")))
        return tr("a user login (API tokens cannot use this)");
    return {};
}

QString ApiError::userMessage() const
{
    const QString what = methodName(m_method);
    switch (m_kind) {
    case Kind::None: return {};
    case Kind::Cancelled: return tr("The request was cancelled.");
    case Kind::Timeout:
        if (m_number > 0)
            return tr("The server did not answer within %1 seconds.")
                .arg(QLocale().toString(m_number / 1000.0, 'g', 3));
        return tr("The server did not answer in time.");
    case Kind::Unreachable:
        switch (m_cause) {
        case Cause::ConnectionRefused: return tr("The server is unreachable: the connection was refused.");
        case Cause::HostNotFound: return tr("The server is unreachable: its host name could not be found.");
        case Cause::ConnectionClosed: return tr("The server closed the connection before answering.");
        case Cause::NetworkDown: return tr("The server is unreachable: the network is not available.");
        case Cause::ServerUnavailable:
            if (m_reason == QLatin1String("CAS_NOT_READY"))
                return tr("The server is up, but its artifact storage (CAS) is not ready.");
            return tr("The server is temporarily unavailable.");
        default: return tr("The server is unreachable.");
        }
    case Kind::Tls:
        switch (m_cause) {
        case Cause::TlsSelfSigned: return tr("The server's TLS certificate is self-signed and not trusted.");
        case Cause::TlsExpired: return tr("The server's TLS certificate has expired (or is not yet valid).");
        case Cause::TlsHostMismatch: return tr("The server's TLS certificate was issued for a different host name.");
        case Cause::TlsUntrusted:
            return tr("The server's TLS certificate is signed by an authority this computer does not trust.");
        default: return tr("A secure (TLS) connection to the server could not be established.");
        }
    case Kind::Protocol:
        switch (m_cause) {
        case Cause::NotGrpc:
            return m_httpStatus
                ? tr("The server answered with a web page (HTTP %1) instead of a gRPC response.").arg(m_httpStatus)
                : tr("The server's answer is not a gRPC response.");
        case Cause::Http2Refused: return tr("The server does not speak HTTP/2, which native gRPC needs.");
        case Cause::Truncated: return tr("The server's answer was cut short.");
        case Cause::Compressed: return tr("The server sent a compressed message, which this app did not ask for.");
        case Cause::Configuration: return tr("The connection settings cannot work.");
        default: return tr("The server's answer is not valid gRPC.");
        }
    case Kind::TooLarge:
        if (m_limit > 0)
            return tr("The server's answer (%1) is larger than the allowed %2.")
                .arg(QLocale().formattedDataSize(m_number), QLocale().formattedDataSize(m_limit));
        return tr("The message is larger than the server or this app accepts.");
    case Kind::Unauthenticated:
        if (contains(m_serverMessage, "expired"))
            return tr("Your login has expired.");
        if (contains(m_serverMessage, "user not found"))
            return tr("The user this token belongs to no longer exists.");
        return tr("The server did not accept the token (missing, malformed or expired).");
    case Kind::TokenRevoked: return tr("This API token has been revoked.");
    case Kind::PermissionDenied:
        switch (m_cause) {
        case Cause::UserNotMember: return tr("You are not a member of the selected organization.");
        case Cause::NoDefaultCasBackend: return tr("The organization has no default CAS backend.");
        case Cause::OrgSuspended: return tr("The organization is suspended.");
        default: {
            const QString role = requiredRoleFor(m_method);
            if (role.isEmpty())
                return tr("Permission denied for %1.").arg(what);
            return tr("Permission denied for %1: this needs %2.").arg(what, role);
        }
        }
    case Kind::NotFound:
        if (m_cause == Cause::MissingOrganization)
            return tr("The organization was not found, or none is selected.");
        if (contains(m_serverMessage, "logged in user"))
            return tr("%1 needs a user login; an API token cannot use it.").arg(what);
        return tr("Not found: %1").arg(m_serverMessage.isEmpty() ? what : m_serverMessage);
    case Kind::AlreadyExists: return tr("Something with this name already exists.");
    case Kind::InvalidArgument: {
        if (m_violations.isEmpty())
            return tr("The server rejected the input: %1").arg(m_serverMessage);
        QStringList parts;
        for (const FieldViolation &v : m_violations)
            parts << (v.fieldPath.isEmpty() ? v.message : tr("%1: %2").arg(v.fieldPath, v.message));
        return tr("The server rejected the input: %1").arg(parts.join(QStringLiteral("; ")));
    }
    case Kind::FailedPrecondition: return tr("The server refused the operation: %1").arg(m_serverMessage);
    case Kind::Unimplemented: return tr("This server does not offer %1.").arg(what);
    case Kind::Server:
        if (m_code == StatusCode::Internal)
            return tr("The server reported an internal error.");
        return tr("The server reported an error: %1")
            .arg(m_serverMessage.isEmpty() ? statusCodeName(m_code) : m_serverMessage);
    }
    return {};
}

QString ApiError::hint() const
{
    switch (m_kind) {
    case Kind::None:
    case Kind::Cancelled: return {};
    case Kind::Timeout: return tr("Check the network and the server's health, then try again.");
    case Kind::Unreachable:
        if (m_cause == Cause::ServerUnavailable)
            return tr("Try again in a moment.");
        if (m_cause == Cause::ConnectionClosed)
            return tr("Check the address and port. If it is a gRPC-Web (HTTP) port or a proxy without HTTP/2, "
                      "choose gRPC-Web or auto.");
        return tr("Check the address and port, and that the control plane is running.");
    case Kind::Tls:
        switch (m_cause) {
        case Cause::TlsSelfSigned:
        case Cause::TlsUntrusted: return tr("Add the server's CA certificate as the CA file, or check the address.");
        case Cause::TlsExpired:
            return tr("The server's administrator must renew the certificate; also check this computer's clock.");
        case Cause::TlsHostMismatch: return tr("Use the host name written in the certificate.");
        default: return tr("If the server speaks plaintext, connect with the insecure option.");
        }
    case Kind::Protocol:
        switch (m_cause) {
        case Cause::Http2Refused: return tr("Choose gRPC-Web (or auto) for this address, or use the gRPC API port.");
        case Cause::Truncated: return tr("Try again; if it persists, check any proxy between you and the server.");
        case Cause::Compressed: return tr("Report this to the server's administrator.");
        case Cause::Configuration: return m_detail;
        default:
            return tr("Check the address: native gRPC needs the API port (9000 by default), gRPC-Web the HTTP port "
                      "(8000); a proxy in between may not forward gRPC.");
        }
    case Kind::TooLarge: return tr("Narrow the request (filters, smaller pages).");
    case Kind::Unauthenticated: return tr("Log in again or paste a new token.");
    case Kind::TokenRevoked: return tr("Use another token, or create a new one.");
    case Kind::PermissionDenied:
        switch (m_cause) {
        case Cause::UserNotMember: return tr("Choose one of your organizations.");
        case Cause::NoDefaultCasBackend: return tr("Add a CAS backend to the organization first.");
        case Cause::OrgSuspended: return tr("Ask the instance administrator to reactivate it.");
        default: return tr("Ask an owner of the organization for that role, or use a token that has it.");
        }
    case Kind::NotFound:
        if (m_cause == Cause::MissingOrganization)
            return tr("Choose an existing organization; instance tokens must name one.");
        return tr("It may have been deleted meanwhile: refresh the list.");
    case Kind::AlreadyExists: return tr("Choose another name.");
    case Kind::InvalidArgument: return tr("Correct the input and try again.");
    case Kind::FailedPrecondition: return {};
    case Kind::Unimplemented: return tr("It may be an older version or a different edition of Chainloop.");
    case Kind::Server: return tr("Try again later; if it persists, the server's logs tell more.");
    }
    return {};
}

QString ApiError::toString() const
{
    if (isOk())
        return {};
    QString s = userMessage();
    const QString h = hint();
    if (!h.isEmpty())
        s += QLatin1Char(' ') + h;
    const bool messageShown = m_kind == Kind::InvalidArgument || m_kind == Kind::FailedPrecondition
        || (m_kind == Kind::NotFound && m_cause == Cause::None) || m_kind == Kind::Server;
    if (!m_serverMessage.isEmpty() && !messageShown)
        s += QLatin1Char(' ') + tr("(Server: %1 %2)").arg(statusCodeName(m_code), m_serverMessage);
    else if (!m_detail.isEmpty() && m_cause != Cause::Configuration)
        s += QLatin1Char(' ') + tr("(%1)").arg(m_detail);
    return s;
}

QString kindName(ApiError::Kind kind)
{
    switch (kind) {
    case ApiError::Kind::None: return QStringLiteral("ok");
    case ApiError::Kind::Cancelled: return QStringLiteral("cancelled");
    case ApiError::Kind::Timeout: return QStringLiteral("timeout");
    case ApiError::Kind::Unreachable: return QStringLiteral("unreachable");
    case ApiError::Kind::Tls: return QStringLiteral("tls");
    case ApiError::Kind::Protocol: return QStringLiteral("protocol");
    case ApiError::Kind::TooLarge: return QStringLiteral("too-large");
    case ApiError::Kind::Unauthenticated: return QStringLiteral("unauthenticated");
    case ApiError::Kind::TokenRevoked: return QStringLiteral("token-revoked");
    case ApiError::Kind::PermissionDenied: return QStringLiteral("permission-denied");
    case ApiError::Kind::NotFound: return QStringLiteral("not-found");
    case ApiError::Kind::AlreadyExists: return QStringLiteral("already-exists");
    case ApiError::Kind::InvalidArgument: return QStringLiteral("invalid-argument");
    case ApiError::Kind::FailedPrecondition: return QStringLiteral("failed-precondition");
    case ApiError::Kind::Unimplemented: return QStringLiteral("unimplemented");
    case ApiError::Kind::Server: return QStringLiteral("server");
    }
    return {};
}

} // namespace adm::api
