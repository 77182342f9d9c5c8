// SPDX-License-Identifier: Apache-2.0
// Every typed client method against the sandbox, in native gRPC and in gRPC-Web: success and
// error paths, plus the channel's behaviour under the sandbox's injected faults.
#include "SandboxFixture.h"
#include "api/Clients.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>

using namespace adm;
using namespace adm::api;
using namespace adm::test;
using namespace std::chrono_literals;
using Kind = ApiError::Kind;

Q_DECLARE_METATYPE(adm::Protocol)

class TestApiSandbox : public QObject
{
    Q_OBJECT

    std::unique_ptr<SandboxProcess> m_grpc; // one sandbox per protocol: the runs mutate state
    std::unique_ptr<SandboxProcess> m_web;

    SandboxProcess &sandbox()
    {
        QFETCH(Protocol, protocol);
        return protocol == Protocol::GrpcWeb ? *m_web : *m_grpc;
    }
    std::unique_ptr<Channel> channel(const QString &token, const QString &org = {})
    {
        QFETCH(Protocol, protocol);
        return sandboxChannel(sandbox(), protocol, token, org);
    }
    QString olivia() { return seededUser(sandbox(), "olivia.owner@acme.example"); }

    static void protocols()
    {
        QTest::addColumn<Protocol>("protocol");
        QTest::newRow("grpc") << Protocol::Grpc;
        QTest::newRow("grpc-web") << Protocol::GrpcWeb;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_grpc = std::make_unique<SandboxProcess>();
        m_web = std::make_unique<SandboxProcess>();
        QVERIFY2(m_grpc->start(), qPrintable(m_grpc->errorString()));
        QVERIFY2(m_web->start(), qPrintable(m_web->errorString()));
    }

    void status_data() { protocols(); }
    void status()
    {
        auto ch = channel({});
        StatusClient status(ch.get());
        auto info = await<ServerInfo>([&](QObject *c, Callback<ServerInfo> d) { return status.infoz(c, d); });
        QVERIFY2(info.ok(), qPrintable(info.error().toString()));
        QVERIFY(!info.value().version.isEmpty());
        QVERIFY(info.value().loginUrl.contains(QStringLiteral("/auth/login")));
        auto ok = await<void>([&](QObject *c, Callback<void> d) { return status.statusz(false, c, d); });
        QVERIFY2(ok.ok(), qPrintable(ok.error().toString()));
    }

    void context_data() { protocols(); }
    void context()
    {
        auto ch = channel(olivia(), QStringLiteral("acme"));
        auto r = await<CurrentContext>(
            [&](QObject *c, Callback<CurrentContext> d) { return ContextClient(ch.get()).current(c, d); });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(r.value().user.email, QStringLiteral("olivia.owner@acme.example"));
        QVERIFY(r.value().membership);
        QCOMPARE(r.value().membership->org.name, QStringLiteral("acme"));
        QCOMPARE(r.value().membership->role, Role::Owner);

        auto tokenCh = channel(seededOrgToken(sandbox(), "acme"));
        r = await<CurrentContext>(
            [&](QObject *c, Callback<CurrentContext> d) { return ContextClient(tokenCh.get()).current(c, d); });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(r.value().user.email, QStringLiteral("API-token@chainloop"));

        auto bad = channel(QStringLiteral("not-a-jwt"));
        r = await<CurrentContext>(
            [&](QObject *c, Callback<CurrentContext> d) { return ContextClient(bad.get()).current(c, d); });
        QCOMPARE(r.error().kind(), Kind::Unauthenticated);
        QVERIFY(r.error().hint().contains(QStringLiteral("Log in again")));

        auto foreign = channel(olivia(), QStringLiteral("initech"));
        r = await<CurrentContext>(
            [&](QObject *c, Callback<CurrentContext> d) { return ContextClient(foreign.get()).current(c, d); });
        QCOMPARE(r.error().kind(), Kind::PermissionDenied);
        QCOMPARE(r.error().cause(), ApiError::Cause::UserNotMember);
    }

    void apiTokens_data() { protocols(); }
    void apiTokens()
    {
        auto ch = channel(olivia(), QStringLiteral("acme"));
        ApiTokenClient tokens(ch.get());
        auto list
            = await<QList<ApiToken>>([&](QObject *c, Callback<QList<ApiToken>> d) { return tokens.list({}, c, d); });
        QVERIFY2(list.ok(), qPrintable(list.error().toString()));
        QVERIFY(std::any_of(list.value().begin(), list.value().end(),
            [](const ApiToken &t) { return t.name == QLatin1String("release-bot"); }));

        NewApiToken spec;
        spec.name = QStringLiteral("itest-token");
        spec.description = QStringLiteral("integration");
        spec.expiresIn = std::chrono::hours(24);
        auto created = await<CreatedApiToken>(
            [&](QObject *c, Callback<CreatedApiToken> d) { return tokens.create(spec, c, d); });
        QVERIFY2(created.ok(), qPrintable(created.error().toString()));
        QVERIFY(!created.value().jwt.isEmpty());
        QCOMPARE(created.value().token.name, spec.name);
        QVERIFY(created.value().token.expiresAt.isValid());

        auto dup = await<CreatedApiToken>(
            [&](QObject *c, Callback<CreatedApiToken> d) { return tokens.create(spec, c, d); });
        QCOMPARE(dup.error().kind(), Kind::AlreadyExists);

        NewApiToken bad;
        bad.name = QStringLiteral("Not A Name");
        auto invalid
            = await<CreatedApiToken>([&](QObject *c, Callback<CreatedApiToken> d) { return tokens.create(bad, c, d); });
        QCOMPARE(invalid.error().kind(), Kind::InvalidArgument);

        // The new token works, then stops working once revoked.
        auto asToken = channel(created.value().jwt);
        auto who = await<CurrentContext>(
            [&](QObject *c, Callback<CurrentContext> d) { return ContextClient(asToken.get()).current(c, d); });
        QVERIFY2(who.ok(), qPrintable(who.error().toString()));
        auto revoked
            = await<void>([&](QObject *c, Callback<void> d) { return tokens.revoke(created.value().token.id, c, d); });
        QVERIFY2(revoked.ok(), qPrintable(revoked.error().toString()));
        who = await<CurrentContext>(
            [&](QObject *c, Callback<CurrentContext> d) { return ContextClient(asToken.get()).current(c, d); });
        QCOMPARE(who.error().kind(), Kind::TokenRevoked);
        QVERIFY(who.error().userMessage().contains(QStringLiteral("revoked")));

        TokenFilter f;
        f.status = TokenFilter::Status::Revoked;
        list = await<QList<ApiToken>>([&](QObject *c, Callback<QList<ApiToken>> d) { return tokens.list(f, c, d); });
        QVERIFY(list.ok());
        QVERIFY(std::any_of(list.value().begin(), list.value().end(),
            [&](const ApiToken &t) { return t.id == created.value().token.id && t.isRevoked(); }));

        auto again
            = await<void>([&](QObject *c, Callback<void> d) { return tokens.revoke(created.value().token.id, c, d); });
        QCOMPARE(again.error().kind(), Kind::NotFound);

        auto viewer = channel(seededUser(sandbox(), "vera.viewer@acme.example"), QStringLiteral("acme"));
        auto denied = await<QList<ApiToken>>(
            [&](QObject *c, Callback<QList<ApiToken>> d) { return ApiTokenClient(viewer.get()).list({}, c, d); });
        QCOMPARE(denied.error().kind(), Kind::PermissionDenied);
        QVERIFY(denied.error().userMessage().contains(QStringLiteral("admin or owner")));
    }

    void instanceTokens_data() { protocols(); }
    void instanceTokens()
    {
        auto ch = channel(sandbox().seededTokens().value(QStringLiteral("instance_token")).toString());
        InstanceTokenClient tokens(ch.get());
        NewApiToken spec;
        spec.name = QStringLiteral("itest-instance");
        auto created = await<CreatedApiToken>(
            [&](QObject *c, Callback<CreatedApiToken> d) { return tokens.create(spec, c, d); });
        QVERIFY2(created.ok(), qPrintable(created.error().toString()));
        QCOMPARE(created.value().token.scope, ApiToken::Scope::Instance);
        auto list
            = await<QList<ApiToken>>([&](QObject *c, Callback<QList<ApiToken>> d) { return tokens.list({}, c, d); });
        QVERIFY2(list.ok(), qPrintable(list.error().toString()));
        QVERIFY(std::any_of(list.value().begin(), list.value().end(),
            [](const ApiToken &t) { return t.name == QLatin1String("itest-instance"); }));
        auto revoked
            = await<void>([&](QObject *c, Callback<void> d) { return tokens.revoke(created.value().token.id, c, d); });
        QVERIFY2(revoked.ok(), qPrintable(revoked.error().toString()));

        auto user = channel(olivia(), QStringLiteral("acme"));
        auto denied = await<QList<ApiToken>>(
            [&](QObject *c, Callback<QList<ApiToken>> d) { return InstanceTokenClient(user.get()).list({}, c, d); });
        QCOMPARE(denied.error().kind(), Kind::PermissionDenied);
    }

    void organizations_data() { protocols(); }
    void organizations()
    {
        auto ch = channel(olivia());
        OrganizationClient orgs(ch.get());
        auto created = await<Organization>(
            [&](QObject *c, Callback<Organization> d) { return orgs.create(QStringLiteral("itest-org"), c, d); });
        QVERIFY2(created.ok(), qPrintable(created.error().toString()));
        QCOMPARE(created.value().name, QStringLiteral("itest-org"));
        auto dup = await<Organization>(
            [&](QObject *c, Callback<Organization> d) { return orgs.create(QStringLiteral("itest-org"), c, d); });
        QCOMPARE(dup.error().kind(), Kind::AlreadyExists);
        auto reserved = await<Organization>(
            [&](QObject *c, Callback<Organization> d) { return orgs.create(QStringLiteral("Bad_Name"), c, d); });
        QCOMPARE(reserved.error().kind(), Kind::InvalidArgument);

        OrganizationSettings s;
        s.apiTokenMaxDaysInactive = 30;
        s.policyAllowedHostnames = QStringList { QStringLiteral("example.com") };
        CallOptions inNewOrg;
        inNewOrg.organization = QStringLiteral("itest-org");
        auto updated = await<Organization>([&](QObject *c, Callback<Organization> d) {
            return orgs.update(QStringLiteral("itest-org"), s, c, d, inNewOrg);
        });
        QVERIFY2(updated.ok(), qPrintable(updated.error().toString()));
        QCOMPARE(updated.value().apiTokenMaxDaysInactive.value_or(-1), 30);
        QCOMPARE(updated.value().policyAllowedHostnames, QStringList { QStringLiteral("example.com") });

        CallOptions inAcme;
        inAcme.organization = QStringLiteral("acme");
        MembershipFilter f;
        f.pageSize = 2;
        auto page = await<MembershipPage>(
            [&](QObject *c, Callback<MembershipPage> d) { return orgs.listMemberships(f, c, d, inAcme); });
        QVERIFY2(page.ok(), qPrintable(page.error().toString()));
        QCOMPARE(page.value().items.size(), 2);
        QVERIFY(page.value().page.totalCount >= 5);
        QVERIFY(page.value().page.totalPages >= 3);

        f = {};
        f.email = QStringLiteral("mike.member");
        page = await<MembershipPage>(
            [&](QObject *c, Callback<MembershipPage> d) { return orgs.listMemberships(f, c, d, inAcme); });
        QVERIFY(page.ok());
        QCOMPARE(page.value().items.size(), 1);
        const QString mike = page.value().items[0].id;
        auto changed = await<Membership>([&](QObject *c, Callback<Membership> d) {
            return orgs.updateMembership(mike, Role::Viewer, c, d, inAcme);
        });
        QVERIFY2(changed.ok(), qPrintable(changed.error().toString()));
        QCOMPARE(changed.value().role, Role::Viewer);
        auto noRole = await<Membership>([&](QObject *c, Callback<Membership> d) {
            return orgs.updateMembership(mike, Role::Unspecified, c, d, inAcme);
        });
        QCOMPARE(noRole.error().kind(), Kind::InvalidArgument);
        auto removed
            = await<void>([&](QObject *c, Callback<void> d) { return orgs.deleteMembership(mike, c, d, inAcme); });
        QVERIFY2(removed.ok(), qPrintable(removed.error().toString()));
        auto gone
            = await<void>([&](QObject *c, Callback<void> d) { return orgs.deleteMembership(mike, c, d, inAcme); });
        QCOMPARE(gone.error().kind(), Kind::NotFound);

        auto viewer = channel(seededUser(sandbox(), "vera.viewer@acme.example"), QStringLiteral("acme"));
        auto denied = await<Organization>([&](QObject *c, Callback<Organization> d) {
            return OrganizationClient(viewer.get()).update(QStringLiteral("acme"), s, c, d);
        });
        QCOMPARE(denied.error().kind(), Kind::PermissionDenied);

        auto deleted = await<void>(
            [&](QObject *c, Callback<void> d) { return orgs.remove(QStringLiteral("itest-org"), c, d, inNewOrg); });
        QVERIFY2(deleted.ok(), qPrintable(deleted.error().toString()));
    }

    void invitations_data() { protocols(); }
    void invitations()
    {
        auto ch = channel(olivia(), QStringLiteral("acme"));
        InvitationClient inv(ch.get());
        auto created = await<Invitation>([&](QObject *c, Callback<Invitation> d) {
            return inv.create(QStringLiteral("Itest@Example.com"), Role::Viewer, c, d);
        });
        QVERIFY2(created.ok(), qPrintable(created.error().toString()));
        QCOMPARE(created.value().receiverEmail, QStringLiteral("itest@example.com"));
        QVERIFY(created.value().isPending());
        auto dup = await<Invitation>([&](QObject *c, Callback<Invitation> d) {
            return inv.create(QStringLiteral("itest@example.com"), Role::Viewer, c, d);
        });
        QCOMPARE(dup.error().kind(), Kind::InvalidArgument);
        auto badEmail = await<Invitation>([&](QObject *c, Callback<Invitation> d) {
            return inv.create(QStringLiteral("not-an-email"), Role::Viewer, c, d);
        });
        QCOMPARE(badEmail.error().kind(), Kind::InvalidArgument);
        QVERIFY(!badEmail.error().violations().isEmpty());
        QCOMPARE(badEmail.error().violations()[0].fieldPath, QStringLiteral("receiver_email"));

        auto list
            = await<QList<Invitation>>([&](QObject *c, Callback<QList<Invitation>> d) { return inv.listSent(c, d); });
        QVERIFY2(list.ok(), qPrintable(list.error().toString()));
        QVERIFY(std::any_of(
            list.value().begin(), list.value().end(), [&](const Invitation &i) { return i.id == created.value().id; }));
        auto revoked = await<void>([&](QObject *c, Callback<void> d) { return inv.revoke(created.value().id, c, d); });
        QVERIFY2(revoked.ok(), qPrintable(revoked.error().toString()));
        auto again = await<void>([&](QObject *c, Callback<void> d) { return inv.revoke(created.value().id, c, d); });
        QCOMPARE(again.error().kind(), Kind::NotFound);

        auto viewer = channel(seededUser(sandbox(), "vera.viewer@acme.example"), QStringLiteral("acme"));
        auto denied = await<QList<Invitation>>(
            [&](QObject *c, Callback<QList<Invitation>> d) { return InvitationClient(viewer.get()).listSent(c, d); });
        QCOMPARE(denied.error().kind(), Kind::PermissionDenied);
    }

    void casBackends_data() { protocols(); }
    void casBackends()
    {
        auto ch = channel(olivia(), QStringLiteral("acme"));
        CasBackendClient cas(ch.get());
        auto list = await<QList<CasBackend>>([&](QObject *c, Callback<QList<CasBackend>> d) { return cas.list(c, d); });
        QVERIFY2(list.ok(), qPrintable(list.error().toString()));
        QVERIFY(list.value().size() >= 4);

        NewCasBackend b;
        b.name = QStringLiteral("itest-oci");
        b.provider = QStringLiteral("OCI");
        b.location = QStringLiteral("ghcr.io/acme/itest");
        b.credentials = { { QStringLiteral("username"), QStringLiteral("u") },
            { QStringLiteral("password"), QStringLiteral("p") } };
        auto created = await<CasBackend>([&](QObject *c, Callback<CasBackend> d) { return cas.create(b, c, d); });
        QVERIFY2(created.ok(), qPrintable(created.error().toString()));
        QCOMPARE(created.value().provider, QStringLiteral("OCI"));
        QCOMPARE(created.value().validation, CasBackend::Validation::Ok);

        NewCasBackend broken = b;
        broken.name = QStringLiteral("itest-broken");
        broken.credentials[QStringLiteral("password")] = QStringLiteral("invalid");
        auto refused = await<CasBackend>([&](QObject *c, Callback<CasBackend> d) { return cas.create(broken, c, d); });
        QCOMPARE(refused.error().kind(), Kind::InvalidArgument);
        QCOMPARE(refused.error().reason(), QStringLiteral("invalid config"));

        CasBackendChanges changes;
        changes.name = b.name;
        changes.description = QStringLiteral("changed");
        changes.maxBytes = 20 * 1024 * 1024;
        auto updated = await<CasBackend>([&](QObject *c, Callback<CasBackend> d) { return cas.update(changes, c, d); });
        QVERIFY2(updated.ok(), qPrintable(updated.error().toString()));
        QCOMPARE(updated.value().description, QStringLiteral("changed"));
        QCOMPARE(updated.value().maxBytes, 20 * 1024 * 1024);
        changes.maxBytes = 1024; // below the 10 MiB minimum
        auto tooSmall
            = await<CasBackend>([&](QObject *c, Callback<CasBackend> d) { return cas.update(changes, c, d); });
        QCOMPARE(tooSmall.error().kind(), Kind::InvalidArgument);

        auto revalidated = await<void>([&](QObject *c, Callback<void> d) { return cas.revalidate(b.name, c, d); });
        QVERIFY2(revalidated.ok(), qPrintable(revalidated.error().toString()));
        auto removed = await<void>([&](QObject *c, Callback<void> d) { return cas.remove(b.name, c, d); });
        QVERIFY2(removed.ok(), qPrintable(removed.error().toString()));
        auto gone = await<void>([&](QObject *c, Callback<void> d) { return cas.remove(b.name, c, d); });
        QCOMPARE(gone.error().kind(), Kind::NotFound);
    }

    void users_data() { protocols(); }
    void users()
    {
        auto ch = channel(seededUser(sandbox(), "vera.viewer@acme.example"));
        UserClient users(ch.get());
        auto list = await<QList<Membership>>(
            [&](QObject *c, Callback<QList<Membership>> d) { return users.listMemberships(c, d); });
        QVERIFY2(list.ok(), qPrintable(list.error().toString()));
        QCOMPARE(list.value().size(), 2); // acme (viewer), globex (contributor)
        const auto globex = std::find_if(list.value().begin(), list.value().end(),
            [](const Membership &m) { return m.org.name == QLatin1String("globex"); });
        QVERIFY(globex != list.value().end());
        auto current = await<Membership>(
            [&](QObject *c, Callback<Membership> d) { return users.setCurrentMembership(globex->id, c, d); });
        QVERIFY2(current.ok(), qPrintable(current.error().toString()));
        QVERIFY(current.value().current);
        auto left = await<void>([&](QObject *c, Callback<void> d) { return users.deleteMembership(globex->id, c, d); });
        QVERIFY2(left.ok(), qPrintable(left.error().toString()));
        list = await<QList<Membership>>(
            [&](QObject *c, Callback<QList<Membership>> d) { return users.listMemberships(c, d); });
        QCOMPARE(list.value().size(), 1);

        auto token = channel(seededOrgToken(sandbox(), "acme"));
        auto notForTokens = await<QList<Membership>>(
            [&](QObject *c, Callback<QList<Membership>> d) { return UserClient(token.get()).listMemberships(c, d); });
        QCOMPARE(notForTokens.error().kind(), Kind::NotFound);
        QVERIFY(notForTokens.error().userMessage().contains(QStringLiteral("user login")));
    }

    void unavailableRetriedForReads_data() { protocols(); }
    void unavailableRetriedForReads()
    {
        QVERIFY(sandbox().setFaults(QJsonObject { { QStringLiteral("faults"),
            QJsonArray { QStringLiteral("unavailable=1,method=CASBackendService/List,count=2") } } }));
        auto ch = channel(olivia(), QStringLiteral("acme"));
        auto list = await<QList<CasBackend>>(
            [&](QObject *c, Callback<QList<CasBackend>> d) { return CasBackendClient(ch.get()).list(c, d); });
        QVERIFY2(list.ok(), qPrintable(list.error().toString()));

        QVERIFY(sandbox().setFaults(QJsonObject { { QStringLiteral("faults"),
            QJsonArray { QStringLiteral("unavailable=1,method=OrgInvitationService/Create,count=1") } } }));
        auto write = await<Invitation>([&](QObject *c, Callback<Invitation> d) {
            return InvitationClient(ch.get()).create(QStringLiteral("retry@example.com"), Role::Viewer, c, d);
        });
        QCOMPARE(write.error().kind(), Kind::Unreachable); // writes are not retried
        QCOMPARE(write.error().cause(), ApiError::Cause::ServerUnavailable);
        QVERIFY(sandbox().clearFaults());
    }

    void faults_data()
    {
        QTest::addColumn<Protocol>("protocol");
        QTest::addColumn<QString>("fault");
        QTest::addColumn<Kind>("kind");
        for (Protocol p : { Protocol::Grpc, Protocol::GrpcWeb }) {
            const QByteArray tag = p == Protocol::Grpc ? "grpc " : "grpc-web ";
            QTest::newRow((tag + "hang").constData()) << p << "hang=StatusService/Infoz" << Kind::Timeout;
            QTest::newRow((tag + "malformed").constData()) << p << "malformed=StatusService/Infoz" << Kind::Protocol;
            QTest::newRow((tag + "oversize").constData()) << p << "oversize=StatusService/Infoz" << Kind::TooLarge;
            QTest::newRow((tag + "drop").constData())
                << p << "drop=StatusService/Infoz" << Kind::None; // any error kind
        }
    }
    void faults()
    {
        QFETCH(QString, fault);
        QFETCH(Kind, kind);
        QVERIFY(sandbox().setFaults(QJsonObject { { QStringLiteral("faults"), QJsonArray { fault } } }));
        auto ch = channel({});
        CallOptions o;
        o.deadline = 1500ms;
        QElapsedTimer clock;
        clock.start();
        auto r = await<ServerInfo>(
            [&](QObject *c, Callback<ServerInfo> d) { return StatusClient(ch.get()).infoz(c, d, o); });
        const qint64 ms = clock.elapsed();
        QVERIFY(sandbox().clearFaults());
        QVERIFY(!r.ok());
        if (kind != Kind::None)
            QCOMPARE(r.error().kind(), kind);
        QVERIFY2(!r.error().userMessage().isEmpty(), "every failure has words");
        QVERIFY2(ms < 4000, QByteArray::number(ms).constData()); // within the deadline (+ slack), no hang
        // The channel still works afterwards.
        auto after
            = await<ServerInfo>([&](QObject *c, Callback<ServerInfo> d) { return StatusClient(ch.get()).infoz(c, d); });
        QVERIFY2(after.ok(), qPrintable(after.error().toString()));
    }

    void wrongPorts()
    {
        // gRPC profile pointed at the HTTP (HTTP/1.1) port: a clear refusal, and auto falls back.
        ChannelConfig c = sandboxConfig(*m_grpc, Protocol::Grpc);
        c.endpoint.port = m_grpc->httpPort();
        {
            Channel ch(c);
            auto r = await<ServerInfo>(
                [&](QObject *ctx, Callback<ServerInfo> d) { return StatusClient(&ch).infoz(ctx, d); });
            QCOMPARE(r.error().kind(), Kind::Protocol);
            QCOMPARE(r.error().cause(), ApiError::Cause::Http2Refused);
        }
        c.protocol = Protocol::Auto;
        {
            Channel ch(c);
            auto r = await<ServerInfo>(
                [&](QObject *ctx, Callback<ServerInfo> d) { return StatusClient(&ch).infoz(ctx, d); });
            QVERIFY2(r.ok(), qPrintable(r.error().toString()));
            QCOMPARE(ch.effectiveProtocol(), Protocol::GrpcWeb);
        }
        // Auto on the gRPC port stays native.
        {
            Channel ch(sandboxConfig(*m_grpc, Protocol::Auto));
            auto r = await<ServerInfo>(
                [&](QObject *ctx, Callback<ServerInfo> d) { return StatusClient(&ch).infoz(ctx, d); });
            QVERIFY2(r.ok(), qPrintable(r.error().toString()));
            QCOMPARE(ch.effectiveProtocol(), Protocol::Grpc);
        }
        // gRPC-Web profile pointed at the native port: an error within the deadline, not a hang.
        c = sandboxConfig(*m_grpc, Protocol::GrpcWeb);
        c.endpoint.port = m_grpc->grpcPort();
        c.defaultDeadline = 3s;
        {
            Channel ch(c);
            QElapsedTimer clock;
            clock.start();
            auto r = await<ServerInfo>(
                [&](QObject *ctx, Callback<ServerInfo> d) { return StatusClient(&ch).infoz(ctx, d); });
            QVERIFY(!r.ok());
            QVERIFY(clock.elapsed() < 5000);
            QVERIFY(!r.error().userMessage().isEmpty());
        }
    }

    void cleanupTestCase()
    {
        m_grpc.reset();
        m_web.reset();
    }
};

QTEST_GUILESS_MAIN(TestApiSandbox)
#include "tst_api_sandbox.moc"
