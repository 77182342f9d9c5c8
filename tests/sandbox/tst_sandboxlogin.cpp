// SPDX-License-Identifier: Apache-2.0
// Browser login: /auth/login lists the seeded users, /auth/callback redirects with t=<jwt>.
#include "TransportTestHelpers.h"
#include "controlplane/v1/context.pb.h"
#include "support/GrpcWebTestClient.h"
#include "support/SandboxProcess.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace adm::test;
namespace cp = controlplane::v1;

namespace {

struct Page {
    int status = 0;
    QByteArray body;
    QUrl location;
    QByteArray cacheControl;
};

Page get(const QUrl &url)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = nam.get(request);
    QSignalSpy spy(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        spy.wait(10000);
    Page p;
    p.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    p.body = reply->readAll();
    p.location = QUrl::fromEncoded(reply->rawHeader("Location"));
    p.cacheControl = reply->rawHeader("Cache-Control");
    delete reply;
    return p;
}

struct UserLink {
    QString email;
    QString href;
};

QList<UserLink> userLinks(const QByteArray &html)
{
    static const QRegularExpression re(
        QStringLiteral("<a class=\"user\"[^>]*data-email=\"([^\"]*)\"[^>]*href=\"([^\"]*)\""));
    QList<UserLink> out;
    auto it = re.globalMatch(QString::fromUtf8(html));
    while (it.hasNext()) {
        const auto m = it.next();
        QString href = m.captured(2);
        href.replace(QLatin1String("&amp;"), QLatin1String("&"));
        out.append({ m.captured(1), href });
    }
    return out;
}

} // namespace

class TestSandboxLogin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void loginPageListsSeededUsers();
    void callbackAccepted_data();
    void callbackAccepted();
    void callbackRefused_data();
    void callbackRefused();
    void tokenLifetime_data();
    void tokenLifetime();
    void emptyCallbackShowsToken();
    void mintedTokenWorks();
    void unknownUserIs401();

private:
    QUrl loginUrl(const QString &callback, bool longLived = true) const;
    // Follows the login page's link for `email`; returns the callback leg's answer.
    Page chooseUser(const QString &callback, bool longLived, const QString &email = {});

    SandboxProcess m_sandbox { SandboxProcess::Options { true, false, {}, std::chrono::seconds(20) } };
};

void TestSandboxLogin::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
}

QUrl TestSandboxLogin::loginUrl(const QString &callback, bool longLived) const
{
    QUrl url = m_sandbox.httpUrl(QStringLiteral("/auth/login"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("callback"), QString::fromLatin1(QUrl::toPercentEncoding(callback)));
    if (longLived)
        query.addQueryItem(QStringLiteral("long-lived"), QStringLiteral("true"));
    url.setQuery(query);
    return url;
}

Page TestSandboxLogin::chooseUser(const QString &callback, bool longLived, const QString &email)
{
    const Page login = get(loginUrl(callback, longLived));
    if (login.status != 200)
        return login;
    const QList<UserLink> links = userLinks(login.body);
    for (const UserLink &link : links) {
        if (email.isEmpty() || link.email == email)
            return get(m_sandbox.httpUrl().resolved(QUrl(link.href)));
    }
    return Page {};
}

void TestSandboxLogin::loginPageListsSeededUsers()
{
    const Page page = get(loginUrl(QStringLiteral("http://127.0.0.1:4321/auth/callback")));
    QCOMPARE(page.status, 200);
    const QList<UserLink> links = userLinks(page.body);
    QVERIFY(!links.isEmpty());
    const QStringList emails = m_sandbox.seededTokens().value(QStringLiteral("user_tokens")).toObject().keys();
    for (const QString &email : emails) {
        const bool listed
            = std::any_of(links.begin(), links.end(), [&](const UserLink &l) { return l.email == email; });
        QVERIFY2(listed, qPrintable(email));
    }
}

void TestSandboxLogin::callbackAccepted_data()
{
    QTest::addColumn<QString>("callback");
    QTest::newRow("cli listener") << QStringLiteral("http://localhost:53682/auth/callback");
    QTest::newRow("localhost https") << QStringLiteral("https://localhost/cb");
    QTest::newRow("loopback v4") << QStringLiteral("http://127.0.0.1:9/cb");
    QTest::newRow("loopback v4 other") << QStringLiteral("http://127.8.9.10:8080/cb");
    QTest::newRow("loopback v6") << QStringLiteral("http://[::1]:9/cb");
    QTest::newRow("with query") << QStringLiteral("http://localhost:1234/cb?state=a%26b&x=1");
    QTest::newRow("relative") << QStringLiteral("/dashboard/after-login");
}

void TestSandboxLogin::callbackAccepted()
{
    QFETCH(QString, callback);
    const Page page = chooseUser(callback, true);
    QCOMPARE(page.status, 302);
    QVERIFY(page.cacheControl.contains("no-store"));
    const QUrl expected(callback);
    QCOMPARE(page.location.scheme(), expected.scheme());
    QCOMPARE(page.location.host(), expected.host());
    QCOMPARE(page.location.port(), expected.port());
    QCOMPARE(page.location.path(), expected.path());
    const QUrlQuery query(page.location);
    // The callback's own query survives, and the JWT comes as t.
    const QUrlQuery original(expected);
    for (const auto &[key, value] : original.queryItems(QUrl::FullyEncoded))
        QCOMPARE(query.queryItemValue(key, QUrl::FullyEncoded), value);
    const QString token = query.queryItemValue(QStringLiteral("t"));
    QVERIFY(!token.isEmpty());
    QCOMPARE(jwtClaims(token).value(QStringLiteral("iss")).toString(), QStringLiteral("cp.chainloop"));
}

void TestSandboxLogin::callbackRefused_data()
{
    QTest::addColumn<QString>("callback");
    QTest::newRow("foreign host") << QStringLiteral("http://example.com/cb");
    QTest::newRow("foreign https") << QStringLiteral("https://evil.test:443/auth/callback");
    QTest::newRow("localhost lookalike") << QStringLiteral("http://localhost.evil.test/cb");
    QTest::newRow("loopback lookalike") << QStringLiteral("http://127.0.0.1.nip.io/cb");
    QTest::newRow("scheme-relative") << QStringLiteral("//example.com/cb");
    QTest::newRow("ftp on localhost") << QStringLiteral("ftp://localhost/cb");
    QTest::newRow("javascript") << QStringLiteral("javascript:alert(1)");
}

void TestSandboxLogin::callbackRefused()
{
    QFETCH(QString, callback);
    QCOMPARE(get(loginUrl(callback)).status, 400);
    // The second leg re-checks: it cannot be used as an open redirect either.
    QUrl direct = m_sandbox.httpUrl(QStringLiteral("/auth/callback"));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("user"), QStringLiteral("any-user"));
    q.addQueryItem(QStringLiteral("callback"), QString::fromLatin1(QUrl::toPercentEncoding(callback)));
    direct.setQuery(q);
    QCOMPARE(get(direct).status, 400);
}

void TestSandboxLogin::tokenLifetime_data()
{
    QTest::addColumn<bool>("longLived");
    QTest::addColumn<qint64>("seconds");
    QTest::newRow("long-lived") << true << qint64(7 * 24 * 3600);
    QTest::newRow("short") << false << qint64(10);
}

void TestSandboxLogin::tokenLifetime()
{
    QFETCH(bool, longLived);
    QFETCH(qint64, seconds);
    const qint64 before = QDateTime::currentSecsSinceEpoch();
    const Page page = chooseUser(QStringLiteral("http://localhost:5000/cb"), longLived);
    const qint64 after = QDateTime::currentSecsSinceEpoch();
    QCOMPARE(page.status, 302);
    const QJsonObject claims = jwtClaims(QUrlQuery(page.location).queryItemValue(QStringLiteral("t")));
    const qint64 exp = claims.value(QStringLiteral("exp")).toInteger();
    QVERIFY2(exp >= before + seconds - 1 && exp <= after + seconds + 1, qPrintable(QString::number(exp - before)));
    QVERIFY(!claims.value(QStringLiteral("user_id")).toString().isEmpty());
}

void TestSandboxLogin::emptyCallbackShowsToken()
{
    const Page page = chooseUser(QString(), true);
    QCOMPARE(page.status, 200);
    QVERIFY(page.cacheControl.contains("no-store"));
    static const QRegularExpression jwt(
        QStringLiteral("<textarea[^>]*>([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)</textarea>"));
    const auto m = jwt.match(QString::fromUtf8(page.body));
    QVERIFY2(m.hasMatch(), page.body.constData());
    QVERIFY(!jwtClaims(m.captured(1)).value(QStringLiteral("user_id")).toString().isEmpty());
}

void TestSandboxLogin::mintedTokenWorks()
{
    const QStringList emails = m_sandbox.seededTokens().value(QStringLiteral("user_tokens")).toObject().keys();
    QVERIFY(!emails.isEmpty());
    const Page page = chooseUser(QStringLiteral("http://127.0.0.1:7777/auth/callback"), true, emails.constFirst());
    QCOMPARE(page.status, 302);
    const QString token = QUrlQuery(page.location).queryItemValue(QStringLiteral("t"));
    GrpcWebTestClient web(m_sandbox.httpUrl());
    const GrpcWebResult r = web.call("/controlplane.v1.ContextService/Current", {}, GrpcWebTestClient::bearer(token));
    QCOMPARE(r.grpcStatus, 0);
    cp::ContextServiceCurrentResponse current;
    QVERIFY(current.ParseFromArray(r.message().constData(), int(r.message().size())));
    QCOMPARE(QString::fromStdString(current.result().current_user().email()), emails.constFirst());
}

void TestSandboxLogin::unknownUserIs401()
{
    QUrl url = m_sandbox.httpUrl(QStringLiteral("/auth/callback"));
    url.setQuery(QStringLiteral("user=00000000-0000-0000-0000-000000000000&callback=http%3A%2F%2Flocalhost%3A1%2Fcb"));
    QCOMPARE(get(url).status, 401);
}

QTEST_GUILESS_MAIN(TestSandboxLogin)
#include "tst_sandboxlogin.moc"
