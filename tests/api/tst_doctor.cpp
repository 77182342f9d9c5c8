// SPDX-License-Identifier: Apache-2.0
// `doctor` against tiny gRPC-Web servers: its exit statuses and what it reports.
#include "TinyServer.h"
#include "app/DoctorCommand.h"
#include "controlplane/v1/api_token.pb.h"
#include "controlplane/v1/cas_backends.pb.h"
#include "controlplane/v1/context.pb.h"
#include "controlplane/v1/org_invitation.pb.h"
#include "controlplane/v1/organization.pb.h"
#include "controlplane/v1/status.pb.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace adm;
using namespace adm::app;
using namespace adm::test;
using namespace std::chrono_literals;
namespace v1 = controlplane::v1;

namespace {
QByteArray bytes(const google::protobuf::MessageLite &m)
{
    const std::string s = m.SerializeAsString();
    return QByteArray(s.data(), qsizetype(s.size()));
}

QByteArray fakeJwt()
{
    const QByteArray header = QByteArray(R"({"alg":"HS256","typ":"JWT"})")
                                  .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const QByteArray payload = QByteArray(
        R"({"jti":"t1","iss":"cp.chainloop","aud":["api-token-auth.chainloop"],"token_name":"ci","org_id":"o1","org_name":"acme"})")
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return header + '.' + payload + ".c2lnbmF0dXJl";
}

// A control plane in miniature: `deny` names methods answered with PERMISSION_DENIED,
// `current` what ContextService/Current says (0 = OK).
void serve(TinyServer &server, const QByteArrayList &deny, int currentStatus = 0)
{
    server.setHandler([deny, currentStatus](const HttpRequest &req, QTcpSocket *s) {
        const QByteArray m = req.path;
        for (const QByteArray &d : deny) {
            if (m.endsWith(d)) {
                s->write(grpcWebStatus(7, "operation%20not%20allowed"));
                return;
            }
        }
        if (m.endsWith("StatusService/Infoz")) {
            v1::InfozResponse r;
            r.set_version("v1.106.1-test");
            r.set_login_url("http://127.0.0.1/auth/login");
            s->write(grpcWebOk(bytes(r)));
        } else if (m.endsWith("StatusService/Statusz")) {
            s->write(grpcWebOk({}));
        } else if (m.endsWith("ContextService/Current")) {
            if (currentStatus != 0) {
                s->write(grpcWebStatus(currentStatus, "JWT%20token%20is%20missing"));
                return;
            }
            v1::ContextServiceCurrentResponse r;
            r.mutable_result()->mutable_current_user()->set_email("API-token@chainloop");
            s->write(grpcWebOk(bytes(r)));
        } else if (m.endsWith("ListMemberships")) {
            v1::OrganizationServiceListMembershipsResponse r;
            r.mutable_pagination()->set_total_count(5);
            s->write(grpcWebOk(bytes(r)));
        } else {
            s->write(grpcWebOk({})); // empty lists
        }
    });
}

struct Run {
    int exit = -1;
    QJsonObject report;
    QString text;
};

Run runDoctor(DoctorOptions options)
{
    DoctorCommand doctor(std::move(options));
    QSignalSpy spy(&doctor, &DoctorCommand::finished);
    doctor.start();
    if (!spy.wait(30000))
        return {};
    return { spy.at(0).at(0).toInt(), doctor.report(), doctor.text() };
}

DoctorOptions options(quint16 port, const QByteArray &token = {})
{
    DoctorOptions o;
    o.url = QStringLiteral("127.0.0.1:%1").arg(port);
    o.insecure = true;
    o.protocol = Protocol::GrpcWeb;
    o.token = token;
    o.timeout = 3s;
    return o;
}
} // namespace

class TestDoctor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void arguments()
    {
        QString error;
        auto o = DoctorCommand::parseArguments(
            { QStringLiteral("--url"), QStringLiteral("cp.example.com:443"), QStringLiteral("--protocol"),
                QStringLiteral("grpc-web"), QStringLiteral("--org"), QStringLiteral("acme"), QStringLiteral("--json") },
            " tok\n", &error);
        QVERIFY2(o, qPrintable(error));
        QCOMPARE(o->protocol, Protocol::GrpcWeb);
        QCOMPARE(o->organization, QStringLiteral("acme"));
        QVERIFY(o->json);
        QCOMPARE(o->token, QByteArray("tok"));
        QVERIFY(!DoctorCommand::parseArguments({}, {}, &error));
        QVERIFY(error.contains(QStringLiteral("--url")));
        QVERIFY(!DoctorCommand::parseArguments(
            { QStringLiteral("--url"), QStringLiteral("x"), QStringLiteral("--protocol"), QStringLiteral("h3") }, {},
            &error));
        QVERIFY(!DoctorCommand::parseArguments({ QStringLiteral("--bogus") }, {}, &error));
    }

    void allGood()
    {
        TinyServer server;
        serve(server, {});
        const Run r = runDoctor(options(server.port(), fakeJwt()));
        QCOMPARE(r.exit, int(DoctorCommand::Ok));
        QCOMPARE(r.report.value(QStringLiteral("reachable")).toBool(), true);
        QCOMPARE(r.report.value(QStringLiteral("protocol")).toString(), QStringLiteral("grpc-web"));
        QCOMPARE(r.report.value(QStringLiteral("server")).toObject().value(QStringLiteral("version")).toString(),
            QStringLiteral("v1.106.1-test"));
        QVERIFY(r.report.contains(QStringLiteral("latencyMs")));
        QCOMPARE(r.report.value(QStringLiteral("token")).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("ci"));
        QCOMPARE(r.report.value(QStringLiteral("checks")).toArray().size(), 4);
        QVERIFY(r.text.contains(QStringLiteral("v1.106.1-test")));
        QVERIFY(r.text.contains(QStringLiteral("members")));
        // The token itself never appears.
        QVERIFY(!r.text.contains(QString::fromLatin1(fakeJwt())));
        QVERIFY(!QJsonDocument(r.report).toJson().contains(fakeJwt()));
        // It was sent, though.
        QCOMPARE(server.requests.last().headers.value("authorization"), "Bearer " + fakeJwt());
    }

    void noTokenOnlyReachability()
    {
        TinyServer server;
        serve(server, {});
        const Run r = runDoctor(options(server.port()));
        QCOMPARE(r.exit, int(DoctorCommand::Ok));
        QVERIFY(r.text.contains(QStringLiteral("CHAINLOOP_TOKEN")));
    }

    void permissionMissing()
    {
        TinyServer server;
        serve(server, { "ListMemberships", "ListSent" });
        const Run r = runDoctor(options(server.port(), fakeJwt()));
        QCOMPARE(r.exit, int(DoctorCommand::PermissionMissing));
        const QJsonArray checks = r.report.value(QStringLiteral("checks")).toArray();
        QCOMPARE(checks.at(0).toObject().value(QStringLiteral("allowed")).toBool(), true);
        QCOMPARE(checks.at(1).toObject().value(QStringLiteral("allowed")).toBool(), false);
        QVERIFY(r.text.contains(QStringLiteral("viewer, admin or owner"))); // which role is needed
    }

    void authenticationFailed()
    {
        TinyServer server;
        serve(server, {}, 16);
        const Run r = runDoctor(options(server.port(), fakeJwt()));
        QCOMPARE(r.exit, int(DoctorCommand::AuthenticationFailed));
        QVERIFY(r.text.contains(QStringLiteral("Log in again")));
    }

    void tokenNotAJwt()
    {
        TinyServer server;
        serve(server, {}, 16);
        const Run r = runDoctor(options(server.port(), "not-a-jwt"));
        QCOMPARE(r.exit, int(DoctorCommand::AuthenticationFailed));
        QVERIFY(r.report.value(QStringLiteral("token")).toObject().contains(QStringLiteral("error")));
        QVERIFY(r.text.contains(QStringLiteral("not readable")));
    }

    void unreachable()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            probe.listen(QHostAddress::LocalHost, 0);
            port = probe.serverPort();
        }
        const Run r = runDoctor(options(port, fakeJwt()));
        QCOMPARE(r.exit, int(DoctorCommand::Unreachable));
        QCOMPARE(r.report.value(QStringLiteral("reachable")).toBool(true), false);
        QVERIFY(r.text.contains(QStringLiteral("refused")));
    }

    void serverNeverAnswers()
    {
        TinyServer server; // silent
        QElapsedTimer clock;
        clock.start();
        DoctorOptions o = options(server.port(), fakeJwt());
        o.timeout = 500ms;
        const Run r = runDoctor(o);
        QCOMPARE(r.exit, int(DoctorCommand::Unreachable));
        QVERIFY(clock.elapsed() < 5000);
        QVERIFY(r.text.contains(QStringLiteral("did not answer")));
    }

    void http11ServerOnGrpcProfile()
    {
        TinyServer server;
        serve(server, {});
        DoctorOptions o = options(server.port());
        o.protocol = Protocol::Grpc;
        const Run r = runDoctor(o);
        QCOMPARE(r.exit, int(DoctorCommand::Unreachable));
        QVERIFY(r.text.contains(QStringLiteral("HTTP/2")));
        o.protocol = Protocol::Auto; // falls back and works
        const Run a = runDoctor(o);
        QCOMPARE(a.exit, int(DoctorCommand::Ok));
        QCOMPARE(a.report.value(QStringLiteral("protocol")).toString(), QStringLiteral("grpc-web"));
    }

    void badAddress()
    {
        DoctorOptions o;
        o.url = QStringLiteral("http://example.com"); // plaintext without --insecure
        const Run r = runDoctor(o);
        QCOMPARE(r.exit, int(DoctorCommand::UsageError));
    }
};

QTEST_GUILESS_MAIN(TestDoctor)
#include "tst_doctor.moc"
