// SPDX-License-Identifier: Apache-2.0
#include "core/JwtClaims.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace adm;

namespace {
QString makeJwt(const QByteArray &payloadJson)
{
    const auto b64 = [](const QByteArray &b) {
        return b.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    return QString::fromLatin1(
        b64(R"({"alg":"HS256","typ":"JWT"})") + '.' + b64(payloadJson) + '.' + b64("signature-not-checked"));
}
} // namespace

class TestJwtClaims : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void userToken()
    {
        const auto r = parseJwtClaims(
            makeJwt(R"({"user_id":"u-1","iss":"cp.chainloop","aud":["user-auth.chainloop"],"exp":1900000000})"));
        QVERIFY2(r.claims, qPrintable(r.error));
        QCOMPARE(r.claims->kind, JwtClaims::Kind::User);
        QCOMPARE(r.claims->userId, QStringLiteral("u-1"));
        QCOMPARE(r.claims->expiresAt.toSecsSinceEpoch(), 1900000000);
    }
    void orgToken()
    {
        const auto r = parseJwtClaims(makeJwt(
            R"({"jti":"t-1","token_name":"ci","org_id":"o1","org_name":"acme","aud":["api-token-auth.chainloop"]})"));
        QVERIFY(r.claims);
        QCOMPARE(r.claims->kind, JwtClaims::Kind::OrgApiToken);
        QCOMPARE(r.claims->orgName, QStringLiteral("acme"));
        QVERIFY(!r.claims->expiresAt.isValid());
    }
    void projectToken()
    {
        const auto r = parseJwtClaims(makeJwt(
            R"({"jti":"t-2","org_name":"acme","project_id":"p","project_name":"web","aud":"api-token-auth.chainloop"})"));
        QVERIFY(r.claims);
        QCOMPARE(r.claims->kind, JwtClaims::Kind::ProjectApiToken);
        QCOMPARE(r.claims->projectName, QStringLiteral("web"));
    }
    void instanceToken()
    {
        const auto r = parseJwtClaims(makeJwt(
            R"({"jti":"t-3","org_id":"","org_name":"","scope":"INSTANCE_ADMIN","aud":["api-token-auth.chainloop"]})"));
        QVERIFY(r.claims);
        QCOMPARE(r.claims->kind, JwtClaims::Kind::InstanceApiToken);
        QVERIFY(r.claims->isApiToken());
    }
    void malformed_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("empty") << ""
                               << "empty";
        QTest::newRow("not three parts") << "abc.def"
                                         << "three parts";
        QTest::newRow("bad base64") << "a.!!!$$$.c"
                                    << "base64";
        QTest::newRow("not json") << makeJwt("not json") << "JSON";
        QTest::newRow("array json") << makeJwt("[1,2]") << "JSON";
        QTest::newRow("exp not a number")
            << makeJwt(R"({"user_id":"u","aud":["user-auth.chainloop"],"exp":"soon"})") << "exp";
        QTest::newRow("user without id") << makeJwt(R"({"aud":["user-auth.chainloop"]})") << "user_id";
        QTest::newRow("api token without jti") << makeJwt(R"({"aud":["api-token-auth.chainloop"]})") << "jti";
    }
    void malformed()
    {
        QFETCH(QString, token);
        QFETCH(QString, mentions);
        const auto r = parseJwtClaims(token);
        QVERIFY(!r.claims);
        QVERIFY2(r.error.contains(mentions), qPrintable(r.error));
    }
    void unknownAudienceIsOther()
    {
        const auto r = parseJwtClaims(makeJwt(R"({"aud":["artifact-cas.chainloop"]})"));
        QVERIFY(r.claims);
        QCOMPARE(r.claims->kind, JwtClaims::Kind::Other);
    }
};

QTEST_GUILESS_MAIN(TestJwtClaims)
#include "tst_jwtclaims.moc"
