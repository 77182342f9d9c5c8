// SPDX-License-Identifier: Apache-2.0
// The error mapping table: gRPC status (+ message, reason) -> kind, cause and the words shown.
#include "api/ApiError.h"
#include "api/Logging.h"

#include <QTest>

using namespace adm::api;
using Kind = ApiError::Kind;
using Cause = ApiError::Cause;

Q_DECLARE_METATYPE(adm::api::ApiError::Kind)
Q_DECLARE_METATYPE(adm::api::ApiError::Cause)

class TestApiError : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mapping_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<Cause>("cause");
        QTest::addColumn<QString>("says"); // substring of userMessage()
        QTest::addColumn<QString>("advises"); // substring of hint()

        const QByteArray list = "/controlplane.v1.APITokenService/List";
        const QByteArray members = "/controlplane.v1.OrganizationService/ListMemberships";
        QTest::newRow("expired token") << 16 << "JWT token has expired"
                                       << "UNAUTHORIZED" << list << Kind::Unauthenticated << Cause::None << "expired"
                                       << "Log in again";
        QTest::newRow("missing token") << 16 << "JWT token is missing"
                                       << "UNAUTHORIZED" << list << Kind::Unauthenticated << Cause::None
                                       << "did not accept the token"
                                       << "Log in again";
        QTest::newRow("revoked token") << 2 << "API token revoked"
                                       << "" << list << Kind::TokenRevoked << Cause::None << "revoked"
                                       << "create a new one";
        QTest::newRow("instance token, unknown org")
            << 2 << "organization not found"
            << "" << list << Kind::NotFound << Cause::MissingOrganization << "organization was not found"
            << "instance tokens";
        QTest::newRow("org not set") << 5 << "current organization not set"
                                     << "not found" << QByteArray("/controlplane.v1.CASBackendService/List")
                                     << Kind::NotFound << Cause::MissingOrganization << "none is selected"
                                     << "existing organization";
        QTest::newRow("permission names the role")
            << 7 << "operation not allowed"
            << "forbidden" << members << Kind::PermissionDenied << Cause::None << "viewer, admin or owner"
            << "Ask an owner";
        QTest::newRow("delete org needs owner")
            << 7 << "only organization owners can delete the organization"
            << "forbidden" << QByteArray("/controlplane.v1.OrganizationService/Delete") << Kind::PermissionDenied
            << Cause::None << "owner role"
            << "";
        QTest::newRow("not a member") << 7 << "user is not a member"
                                      << "USER_NOT_MEMBER_OF_ORG_ERROR_NOT_IN_ORG"
                                      << QByteArray("/controlplane.v1.ContextService/Current") << Kind::PermissionDenied
                                      << Cause::UserNotMember << "not a member"
                                      << "your organizations";
        QTest::newRow("no default cas") << 7 << "no CAS backend"
                                        << "CAS_BACKEND_ERROR_REASON_REQUIRED" << list << Kind::PermissionDenied
                                        << Cause::NoDefaultCasBackend << "no default CAS backend"
                                        << "Add a CAS backend";
        QTest::newRow("unimplemented") << 12 << "unknown service controlplane.v1.InstanceAPITokenService"
                                       << "" << QByteArray("/controlplane.v1.InstanceAPITokenService/List")
                                       << Kind::Unimplemented << Cause::None
                                       << "does not offer InstanceAPITokenService/List"
                                       << "edition";
        QTest::newRow("unavailable") << 14 << "connection reset"
                                     << "" << list << Kind::Unreachable << Cause::ServerUnavailable
                                     << "temporarily unavailable"
                                     << "moment";
        QTest::newRow("cas not ready") << 14 << "CAS not ready"
                                       << "CAS_NOT_READY" << QByteArray("/controlplane.v1.StatusService/Statusz")
                                       << Kind::Unreachable << Cause::ServerUnavailable << "(CAS) is not ready"
                                       << "moment";
        QTest::newRow("already exists") << 6 << "duplicated: name"
                                        << "" << QByteArray("/controlplane.v1.OrganizationService/Create")
                                        << Kind::AlreadyExists << Cause::None << "already exists"
                                        << "another name";
        QTest::newRow("invalid") << 3 << "validation error: bad name"
                                 << "invalid" << QByteArray("/controlplane.v1.OrganizationService/Create")
                                 << Kind::InvalidArgument << Cause::None << "validation error: bad name"
                                 << "Correct";
        QTest::newRow("internal") << 13 << "server error"
                                  << "internal error" << list << Kind::Server << Cause::None << "internal error"
                                  << "logs";
        QTest::newRow("deadline") << 4 << "context deadline exceeded"
                                  << "" << list << Kind::Timeout << Cause::None << "did not answer"
                                  << "try again";
        QTest::newRow("api token on user method")
            << 5 << "logged in user"
            << "not found" << QByteArray("/controlplane.v1.UserService/ListMemberships") << Kind::NotFound
            << Cause::None << "needs a user login"
            << "";
        QTest::newRow("unknown code number") << 99 << "odd"
                                             << "" << list << Kind::Server << Cause::None << "odd"
                                             << "";
    }

    void mapping()
    {
        QFETCH(int, code);
        QFETCH(QString, message);
        QFETCH(QString, reason);
        QFETCH(QByteArray, method);
        QFETCH(Kind, kind);
        QFETCH(Cause, cause);
        QFETCH(QString, says);
        QFETCH(QString, advises);
        StatusDetails details;
        details.reason = reason;
        const ApiError e = ApiError::fromStatus(statusCodeFromInt(code), message, details, method);
        QVERIFY(e.isError());
        QCOMPARE(e.kind(), kind);
        QCOMPARE(e.cause(), cause);
        QCOMPARE(e.reason(), reason);
        QCOMPARE(e.serverMessage(), message);
        QVERIFY2(e.userMessage().contains(says, Qt::CaseInsensitive), qPrintable(e.userMessage()));
        if (!advises.isEmpty())
            QVERIFY2(e.hint().contains(advises, Qt::CaseInsensitive), qPrintable(e.hint()));
        QVERIFY(e.toString().startsWith(e.userMessage()));
    }

    void violationsListed()
    {
        StatusDetails d;
        d.violations = { { QStringLiteral("name"), QStringLiteral("must not be empty"),
                             QStringLiteral("string.min_len") },
            { QStringLiteral("pagination.page_size"), QStringLiteral("must be <= 100"), QStringLiteral("int32.lte") } };
        const ApiError e = ApiError::fromStatus(StatusCode::InvalidArgument, QStringLiteral("validation error"), d,
            "/controlplane.v1.OrganizationService/ListMemberships");
        QCOMPARE(e.violations().size(), 2);
        QCOMPARE(e.violations()[1].fieldPath, QStringLiteral("pagination.page_size"));
        QVERIFY(e.userMessage().contains(QStringLiteral("name: must not be empty")));
        QVERIFY(e.userMessage().contains(QStringLiteral("pagination.page_size: must be <= 100")));
    }

    void transportErrors_data()
    {
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<Cause>("cause");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("says");
        QTest::addColumn<QString>("advises");
        QTest::newRow("refused") << Kind::Unreachable << Cause::ConnectionRefused << int(StatusCode::Unavailable)
                                 << "refused"
                                 << "check the address";
        QTest::newRow("dns") << Kind::Unreachable << Cause::HostNotFound << int(StatusCode::Unavailable) << "host name"
                             << "check the address";
        QTest::newRow("self-signed") << Kind::Tls << Cause::TlsSelfSigned << int(StatusCode::Unavailable)
                                     << "self-signed"
                                     << "CA certificate";
        QTest::newRow("expired cert") << Kind::Tls << Cause::TlsExpired << int(StatusCode::Unavailable) << "expired"
                                      << "renew";
        QTest::newRow("wrong host") << Kind::Tls << Cause::TlsHostMismatch << int(StatusCode::Unavailable)
                                    << "different host name"
                                    << "host name written in the certificate";
        QTest::newRow("html page") << Kind::Protocol << Cause::NotGrpc << int(StatusCode::Unimplemented)
                                   << "web page (HTTP 404)"
                                   << "port";
        QTest::newRow("http2 refused") << Kind::Protocol << Cause::Http2Refused << int(StatusCode::Internal) << "HTTP/2"
                                       << "gRPC-Web";
        QTest::newRow("cut short") << Kind::Protocol << Cause::Truncated << int(StatusCode::Internal) << "cut short"
                                   << "proxy";
        QTest::newRow("compressed") << Kind::Protocol << Cause::Compressed << int(StatusCode::Internal) << "compressed"
                                    << "administrator";
    }
    void transportErrors()
    {
        QFETCH(Kind, kind);
        QFETCH(Cause, cause);
        QFETCH(int, code);
        QFETCH(QString, says);
        QFETCH(QString, advises);
        const int http = cause == Cause::NotGrpc ? 404 : 0;
        const ApiError e = ApiError::transport(kind, cause, QStringLiteral("detail"), "/x.Y/Z", http);
        QCOMPARE(int(e.code()), code);
        QVERIFY2(e.userMessage().contains(says, Qt::CaseInsensitive), qPrintable(e.userMessage()));
        QVERIFY2(e.hint().contains(advises, Qt::CaseInsensitive), qPrintable(e.hint()));
    }

    void specials()
    {
        const ApiError t = ApiError::timeout(15000, "/a.B/C");
        QCOMPARE(t.kind(), Kind::Timeout);
        QCOMPARE(t.code(), StatusCode::DeadlineExceeded);
        QVERIFY(t.userMessage().contains(QStringLiteral("15")));
        const ApiError big = ApiError::tooLarge(64 * 1024 * 1024, 32 * 1024 * 1024, "/a.B/C");
        QCOMPARE(big.code(), StatusCode::ResourceExhausted);
        QVERIFY(big.userMessage().contains(QStringLiteral("32")));
        const ApiError c = ApiError::cancelled("/a.B/C");
        QCOMPARE(c.kind(), Kind::Cancelled);
        QVERIFY(ApiError().isOk());
        QVERIFY(ApiError().toString().isEmpty());
        QCOMPARE(kindName(Kind::PermissionDenied), QStringLiteral("permission-denied"));
    }

    void qnamNoiseFilteredAndChained()
    {
        static QStringList seen;
        seen.clear();
        const QtMessageHandler original
            = qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &m) { seen << m; });
        adm::api::installQtMessageFilter(); // chains to the capturing handler
        adm::api::installQtMessageFilter(); // idempotent
        qCritical("QNetworkReplyImpl: backend error: caching was enabled after some bytes had been written");
        qCritical() << "setCachingEnabled:" << 58 << "bytesDownloaded";
        qWarning("something else");
        qInstallMessageHandler(original);
        QCOMPARE(seen, QStringList { QStringLiteral("something else") });
    }

    void redaction()
    {
        const QByteArray line = "Authorization: Bearer abc.def-ghi and eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln end";
        const QByteArray r = adm::api::redactSecrets(line);
        QVERIFY(!r.contains("abc.def-ghi"));
        QVERIFY(!r.contains("eyJhbGciOiJIUzI1NiJ9"));
        QVERIFY(r.endsWith("end"));
    }

    void transience()
    {
        QVERIFY(ApiError::fromStatus(StatusCode::Unavailable, {}, {}, "/a.B/C").isTransient());
        QVERIFY(ApiError::transport(Kind::Unreachable, Cause::ConnectionRefused, {}, "/a.B/C").isTransient());
        QVERIFY(!ApiError::transport(Kind::Unreachable, Cause::HostNotFound, {}, "/a.B/C").isTransient());
        QVERIFY(!ApiError::fromStatus(StatusCode::PermissionDenied, {}, {}, "/a.B/C").isTransient());
        QVERIFY(!ApiError::timeout(1, "/a.B/C").isTransient());
    }
};

QTEST_GUILESS_MAIN(TestApiError)
#include "tst_apierror.moc"
