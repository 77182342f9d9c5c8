// SPDX-License-Identifier: Apache-2.0
// Session against a real sandbox: identity, organizations (memberships, cache, added by name),
// expiry and revocation leading to one sign-in prompt, offline, sign-out.
#include "ConnectTestSupport.h"
#include "api/ApiTokenClient.h"
#include "api/Requests.h"
#include "storage/ActivityJournal.h"
#include "storage/KnownOrganizationRepository.h"
#include "storage/ListingCache.h"
#include "storage/ProfileRepository.h"

#include <QTcpServer>

using namespace adm;
using State = models::Session::State;

class TestSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void userSessionConnects();
    void switchingOrganizationIsInstant();
    void cachedOrganizationsShowWhileOffline();
    void instanceTokenAddsOrganizationsByName();
    void instanceAdminUser();
    void expiredTokenAsksOnceWithoutCallingTheServer();
    void tokenExpiringWhileOpenAsksOnce();
    void revokedTokenAsksOnce();
    void reportErrorMapsToStates();
    void missingSecretAsksForSignIn();
    void staleDefaultOrganizationIsDropped();
    void signOutDeletesTheKeychainEntry();
    void recordActivityUsesProfileAndOrganization();

private:
    storage::Profile saveProfile(const QString &name, const QByteArray &token, const QString &address = {});
    QByteArray userToken(const QString &email) const
    {
        return m_sandbox->seededTokens()
            .value(QStringLiteral("user_tokens"))
            .toObject()
            .value(email)
            .toString()
            .toLatin1();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<test::SandboxProcess> m_sandbox;
    std::unique_ptr<test::AppFixture> m_app;
};

void TestSession::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_sandbox = std::make_unique<test::SandboxProcess>(test::sandboxOptionsWithKey(m_dir));
    QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
}

void TestSession::init()
{
    m_app = std::make_unique<test::AppFixture>();
    QVERIFY(m_app->open());
}

void TestSession::cleanup()
{
    m_app.reset();
}

storage::Profile TestSession::saveProfile(const QString &name, const QByteArray &token, const QString &address)
{
    storage::Profile p;
    p.name = name;
    p.address = address.isEmpty() ? m_sandbox->grpcAddress() : address;
    p.insecure = true;
    if (const auto claims = parseJwtClaims(QString::fromLatin1(token)).claims)
        p.tokenKind = claims->kind;
    if (!m_app->session->profiles().save(p).ok())
        qFatal("profile not saved");
    QSignalSpy written(m_app->secrets.write(p.secretKey(), token), &storage::SecretJob::finished);
    if (!written.wait())
        qFatal("secret not written");
    return p;
}

void TestSession::userSessionConnects()
{
    models::Session &s = *m_app->session;
    const auto profile = saveProfile(QStringLiteral("olivia"), userToken(QStringLiteral("olivia.owner@acme.example")));
    QSignalSpy states(&s, &models::Session::stateChanged);
    s.open(profile);
    QCOMPARE(s.state(), State::Connecting);
    QTRY_COMPARE(s.state(), State::Ready);
    QVERIFY(s.channel());
    QVERIFY(s.context());
    QCOMPARE(s.context()->user.email, QStringLiteral("olivia.owner@acme.example"));
    QTRY_VERIFY(s.serverInfo().has_value());
    QVERIFY(!s.organization().isEmpty()); // the server's current membership
    QTRY_COMPARE(s.organizations(), (QStringList { QStringLiteral("acme"), QStringLiteral("globex") }));
    const Identity id = s.identity();
    QCOMPARE(id.tokenKind, JwtClaims::Kind::User);
    QVERIFY(!id.instanceAdmin);
    QVERIFY(id.role.has_value());
    QVERIFY(s.permission(AdminAction::ListMembers).allowed);
    QVERIFY(s.stateMessage().contains(QStringLiteral("olivia.owner@acme.example")));
    QVERIFY(s.profiles().find(profile.id).value().lastUsed.isValid()); // touched
    QVERIFY(s.tokenExpiresAt().isValid());
    // Cached for the next start, with the role.
    const auto cached = s.cache().get<Membership>(profile.id, {}, storage::ListingKind::Organizations);
    QVERIFY(cached);
    QCOMPARE(cached->rows.size(), 2);
    QVERIFY(cached->rows.at(0).role != Role::Unspecified);
    QVERIFY(!cached->rows.at(0).org.name.isEmpty());
}

void TestSession::switchingOrganizationIsInstant()
{
    models::Session &s = *m_app->session;
    const auto profile = saveProfile(QStringLiteral("olivia"), userToken(QStringLiteral("olivia.owner@acme.example")));
    s.open(profile);
    QTRY_COMPARE(s.state(), State::Ready);
    QTRY_COMPARE(s.organizations().size(), 2);
    s.setOrganization(QStringLiteral("acme"));
    QTRY_COMPARE(s.identity().role, std::optional(Role::Owner));

    QSignalSpy changed(&s, &models::Session::organizationChanged);
    QSignalSpy states(&s, &models::Session::stateChanged);
    s.setOrganization(QStringLiteral("globex"));
    // Synchronous: no round trip before the window can reload from the cache.
    QCOMPARE(changed.size(), 1);
    QCOMPARE(s.organization(), QStringLiteral("globex"));
    QCOMPARE(s.channel()->organization(), QStringLiteral("globex"));
    QCOMPARE(s.identity().role, std::optional(Role::Admin));
    // Confirmed in the background by Current with the new header.
    QSignalSpy context(&s, &models::Session::contextChanged);
    QVERIFY(context.wait());
    QTRY_VERIFY(s.context()->membership && s.context()->membership->org.name == QStringLiteral("globex"));
    QCOMPARE(s.identity().role, std::optional(Role::Admin));
    QVERIFY(states.isEmpty()); // stayed Ready throughout: pages never saw "not connected"
    // Remembered as the profile's default.
    QCOMPARE(s.profiles().find(profile.id).value().defaultOrganization, QStringLiteral("globex"));
}

void TestSession::cachedOrganizationsShowWhileOffline()
{
    models::Session &s = *m_app->session;
    auto profile = saveProfile(QStringLiteral("olivia"), userToken(QStringLiteral("olivia.owner@acme.example")));
    s.open(profile);
    QTRY_COMPARE(s.state(), State::Ready);
    QTRY_COMPARE(s.organizations().size(), 2);
    s.setOrganization(QStringLiteral("globex"));
    s.close();
    QCOMPARE(s.state(), State::SignedOut);
    QVERIFY(s.organizations().isEmpty());

    // Same profile, server gone.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    profile = s.profiles().find(profile.id).value();
    profile.address = QStringLiteral("127.0.0.1:%1").arg(probe.serverPort());
    probe.close();
    QVERIFY(s.profiles().save(profile).ok());
    QSignalSpy orgs(&s, &models::Session::organizationsChanged);
    s.open(profile);
    QTRY_COMPARE(s.organizations(), (QStringList { QStringLiteral("acme"), QStringLiteral("globex") }));
    QCOMPARE(s.organization(), QStringLiteral("globex"));
    QCOMPARE(s.identity().role, std::optional(Role::Admin)); // from the cached rows
    QTRY_COMPARE(s.state(), State::Offline);
    QVERIFY2(s.stateMessage().contains(QStringLiteral("offline")), qPrintable(s.stateMessage()));
    QVERIFY(!s.permission(AdminAction::ListMembers).allowed);
}

void TestSession::instanceTokenAddsOrganizationsByName()
{
    models::Session &s = *m_app->session;
    const QByteArray token = m_sandbox->seededTokens().value(QStringLiteral("instance_token")).toString().toLatin1();
    const auto profile = saveProfile(QStringLiteral("provisioning"), token);
    s.open(profile);
    QTRY_COMPARE(s.state(), State::Ready);
    QCOMPARE(s.identity().tokenKind, JwtClaims::Kind::InstanceApiToken);
    QVERIFY(s.organizations().isEmpty());
    QVERIFY(s.organization().isEmpty());

    QSignalSpy added(&s, &models::Session::organizationAdded);
    QSignalSpy failed(&s, &models::Session::addOrganizationFailed);
    s.addOrganizationByName(QStringLiteral("globex"));
    QVERIFY(added.wait());
    QCOMPARE(added.at(0).at(0).toString(), QStringLiteral("globex"));
    QCOMPARE(s.organizations(), QStringList { QStringLiteral("globex") });
    QCOMPARE(s.organization(), QStringLiteral("globex"));
    QCOMPARE(s.knownOrganizations().list(profile.id).value().size(), 1);

    s.addOrganizationByName(QStringLiteral("no-such-org"));
    QVERIFY(failed.wait());
    QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("no-such-org"));
    QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("no-such-org")));
    s.addOrganizationByName(QStringLiteral("Not A Name"));
    QCOMPARE(failed.size(), 2); // rejected before any call
    QCOMPARE(s.organizations(), QStringList { QStringLiteral("globex") });
    QCOMPARE(s.state(), State::Ready);

    // Known locally: the next start lists it at once.
    s.close();
    s.open(profile);
    QTRY_COMPARE(s.organizations(), QStringList { QStringLiteral("globex") });
    QTRY_COMPARE(s.state(), State::Ready);
}

void TestSession::instanceAdminUser()
{
    models::Session &s = *m_app->session;
    const QByteArray token
        = m_sandbox->seededTokens().value(QStringLiteral("instance_admin_user_token")).toString().toLatin1();
    s.openWithToken(saveProfile(QStringLiteral("ada"), token), token);
    QTRY_COMPARE(s.state(), State::Ready);
    QVERIFY(s.identity().instanceAdmin);
    QVERIFY(s.permission(AdminAction::ListInstanceTokens).allowed);
}

void TestSession::expiredTokenAsksOnceWithoutCallingTheServer()
{
    models::Session &s = *m_app->session;
    const QString userId = test::userIdOf(userToken(QStringLiteral("adam.admin@acme.example")));
    const QByteArray expired = test::mintUserToken(userId, QDateTime::currentDateTimeUtc().addSecs(-120));
    QSignalSpy prompts(&s, &models::Session::signInRequired);
    s.openWithToken(saveProfile(QStringLiteral("adam"), expired), expired);
    QCOMPARE(s.state(), State::NeedsSignIn);
    QCOMPARE(prompts.size(), 1);
    QVERIFY2(
        prompts.at(0).at(0).toString().contains(QStringLiteral("expired")), qPrintable(prompts.at(0).at(0).toString()));
    // Pages failing afterwards do not add prompts.
    const auto unauth = api::ApiError::fromStatus(
        api::StatusCode::Unauthenticated, QStringLiteral("token expired"), {}, "/controlplane.v1.APITokenService/List");
    s.reportError(unauth);
    s.reportError(unauth);
    QCOMPARE(prompts.size(), 1);
    QCOMPARE(s.state(), State::NeedsSignIn);
    QVERIFY(!s.permission(AdminAction::ListTokens).allowed);
}

void TestSession::tokenExpiringWhileOpenAsksOnce()
{
    models::Session &s = *m_app->session;
    const QString userId = test::userIdOf(userToken(QStringLiteral("adam.admin@acme.example")));
    const QByteArray shortLived = test::mintUserToken(userId, QDateTime::currentDateTimeUtc().addSecs(2));
    QSignalSpy prompts(&s, &models::Session::signInRequired);
    s.openWithToken(saveProfile(QStringLiteral("adam"), shortLived), shortLived);
    QTRY_COMPARE(s.state(), State::Ready);
    QVERIFY(prompts.isEmpty());
    // The expiry timer fires without any call failing.
    QTRY_COMPARE_WITH_TIMEOUT(s.state(), State::NeedsSignIn, 6000);
    QCOMPARE(prompts.size(), 1);

    // Signing in again with a fresh token brings it back.
    const QByteArray fresh = test::mintUserToken(userId, QDateTime::currentDateTimeUtc().addDays(1));
    s.signInAgain(fresh);
    QTRY_COMPARE(s.state(), State::Ready);
    QCOMPARE(prompts.size(), 1);
}

void TestSession::revokedTokenAsksOnce()
{
    // Olivia creates an org token, opens a session with it, then revokes it.
    models::Session &owner = *m_app->session;
    owner.openWithToken(saveProfile(QStringLiteral("olivia"), userToken(QStringLiteral("olivia.owner@acme.example"))),
        userToken(QStringLiteral("olivia.owner@acme.example")));
    QTRY_COMPARE(owner.state(), State::Ready);
    owner.setOrganization(QStringLiteral("acme"));
    std::optional<CreatedApiToken> created;
    api::NewApiToken request;
    request.name = QStringLiteral("session-test-%1").arg(QDateTime::currentMSecsSinceEpoch());
    api::ApiTokenClient(owner.channel()).create(request, this, [&created](api::Result<CreatedApiToken> r) {
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        created = r.value();
    });
    QTRY_VERIFY(created.has_value());

    test::AppFixture other;
    QVERIFY(other.open());
    models::Session &s = *other.session;
    QSignalSpy prompts(&s, &models::Session::signInRequired);
    storage::Profile p;
    p.name = QStringLiteral("ci");
    p.address = m_sandbox->grpcAddress();
    p.insecure = true;
    s.openWithToken(p, created->jwt.toLatin1());
    QTRY_COMPARE(s.state(), State::Ready);

    bool revoked = false;
    api::ApiTokenClient(owner.channel()).revoke(created->token.id, this, [&revoked](api::Result<void> r) {
        QVERIFY(r.ok());
        revoked = true;
    });
    QTRY_VERIFY(revoked);
    s.reconnect();
    QTRY_COMPARE(s.state(), State::NeedsSignIn);
    QCOMPARE(prompts.size(), 1);
    QVERIFY2(
        prompts.at(0).at(0).toString().contains(QStringLiteral("revoked")), qPrintable(prompts.at(0).at(0).toString()));
    s.reconnect(); // nothing to retry with a revoked token
    QCOMPARE(s.state(), State::NeedsSignIn);
    QCOMPARE(prompts.size(), 1);
}

void TestSession::reportErrorMapsToStates()
{
    models::Session &s = *m_app->session;
    const QByteArray token = userToken(QStringLiteral("vera.viewer@acme.example"));
    s.openWithToken(saveProfile(QStringLiteral("vera"), token), token);
    QTRY_COMPARE(s.state(), State::Ready);
    QSignalSpy prompts(&s, &models::Session::signInRequired);

    // A page's own error (permission) changes nothing.
    s.reportError(api::ApiError::fromStatus(api::StatusCode::PermissionDenied, QStringLiteral("operation not allowed"),
        {}, "/controlplane.v1.OrganizationService/UpdateMembership"));
    QCOMPARE(s.state(), State::Ready);
    // Unreachable: offline; reconnect brings it back.
    s.reportError(api::ApiError::transport(api::ApiError::Kind::Unreachable, api::ApiError::Cause::ConnectionRefused,
        QStringLiteral("Connection refused"), "/controlplane.v1.APITokenService/List"));
    QCOMPARE(s.state(), State::Offline);
    s.reconnect();
    QTRY_COMPARE(s.state(), State::Ready);
    // Revoked: one prompt for any number of failing pages.
    for (int i = 0; i < 3; ++i)
        s.reportError(api::ApiError::fromStatus(api::StatusCode::Unknown, QStringLiteral("API token revoked"), {},
            "/controlplane.v1.APITokenService/List"));
    QCOMPARE(s.state(), State::NeedsSignIn);
    QCOMPARE(prompts.size(), 1);
}

void TestSession::missingSecretAsksForSignIn()
{
    models::Session &s = *m_app->session;
    storage::Profile p;
    p.name = QStringLiteral("empty");
    p.address = m_sandbox->grpcAddress();
    p.insecure = true;
    QVERIFY(s.profiles().save(p).ok());
    QSignalSpy prompts(&s, &models::Session::signInRequired);
    s.open(p);
    QTRY_COMPARE(s.state(), State::NeedsSignIn);
    QCOMPARE(prompts.size(), 1);
    QVERIFY(prompts.at(0).at(0).toString().contains(QStringLiteral("No token")));

    // A keychain that does not answer is named, too.
    m_app->secrets.setForcedError(storage::SecretResult::Error::Locked);
    s.open(p);
    QTRY_COMPARE(prompts.size(), 2);
    QVERIFY(prompts.at(1).at(0).toString().contains(m_app->secrets.displayName()));
}

void TestSession::staleDefaultOrganizationIsDropped()
{
    models::Session &s = *m_app->session;
    auto p = saveProfile(QStringLiteral("vera"), userToken(QStringLiteral("vera.viewer@acme.example")));
    p.defaultOrganization = QStringLiteral("initech"); // Vera is no member there
    QVERIFY(s.profiles().save(p).ok());
    s.open(p);
    QTRY_COMPARE(s.state(), State::Ready);
    QVERIFY(s.organization() != QStringLiteral("initech"));
    QVERIFY(!s.organization().isEmpty());
}

void TestSession::signOutDeletesTheKeychainEntry()
{
    models::Session &s = *m_app->session;
    const auto p = saveProfile(QStringLiteral("mike"), userToken(QStringLiteral("mike.member@acme.example")));
    s.open(p);
    QTRY_COMPARE(s.state(), State::Ready);
    QVERIFY(m_app->secrets.contains(p.secretKey()));
    s.signOut();
    QCOMPARE(s.state(), State::SignedOut);
    QVERIFY(!s.channel());
    QTRY_VERIFY(!m_app->secrets.contains(p.secretKey()));
    QVERIFY(s.profiles().find(p.id).ok()); // the profile stays
}

void TestSession::recordActivityUsesProfileAndOrganization()
{
    models::Session &s = *m_app->session;
    const QByteArray token = userToken(QStringLiteral("olivia.owner@acme.example"));
    const auto p = saveProfile(QStringLiteral("olivia"), token);
    s.open(p);
    QTRY_COMPARE(s.state(), State::Ready);
    s.setOrganization(QStringLiteral("acme"));
    s.recordActivity(QStringLiteral("token.create"), QStringLiteral("ci-bot"));
    s.recordActivity(QStringLiteral("token.revoke"), QStringLiteral("old"),
        api::ApiError::fromStatus(api::StatusCode::NotFound, QStringLiteral("not found"), {}, "/x"));
    const auto entries = s.journal().latestForProfile(p.id, 10).value();
    QVERIFY(entries.size() >= 2);
    QCOMPARE(entries.at(0).action, QStringLiteral("token.revoke"));
    QCOMPARE(entries.at(0).outcome, storage::ActivityEntry::Outcome::Failed);
    QCOMPARE(entries.at(1).organization, QStringLiteral("acme"));
    QCOMPARE(entries.at(1).profileName, QStringLiteral("olivia"));
}

QTEST_MAIN(TestSession)
#include "tst_session.moc"
