// SPDX-License-Identifier: Apache-2.0
#include "core/CasBackendForm.h"

#include <QTest>

using namespace adm;

class TestCasBackendForm : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void s3Rules()
    {
        const auto p = CasProvider::S3;
        QVERIFY(casFieldError(p, QStringLiteral("bucket"), QStringLiteral("my-bucket.1")).isEmpty());
        QVERIFY(!casFieldError(p, QStringLiteral("bucket"), QStringLiteral("ab")).isEmpty());
        QVERIFY(!casFieldError(p, QStringLiteral("bucket"), QStringLiteral("My_Bucket")).isEmpty());
        QVERIFY(!casFieldError(p, QStringLiteral("bucket"), QString()).isEmpty());
        QVERIFY(casFieldError(p, QStringLiteral("region"), QString()).isEmpty());
        QVERIFY(casFieldError(p, QStringLiteral("region"), QStringLiteral("eu-west-1")).isEmpty());
        QVERIFY(!casFieldError(p, QStringLiteral("region"), QStringLiteral("EU West")).isEmpty());
        QVERIFY(casFieldError(p, QStringLiteral("endpoint"), QString()).isEmpty());
        QVERIFY(casFieldError(p, QStringLiteral("endpoint"), QStringLiteral("https://minio.local:9000")).isEmpty());
        QVERIFY(!casFieldError(p, QStringLiteral("endpoint"), QStringLiteral("minio.local:9000")).isEmpty());
        QVERIFY(!casFieldError(p, QStringLiteral("endpoint"), QStringLiteral("ftp://x")).isEmpty());
        QVERIFY(!casFieldError(p, QStringLiteral("endpoint"), QStringLiteral("https://h/path")).isEmpty());
        QVERIFY(!casFieldError(p, QStringLiteral("accessKeyID"), QString()).isEmpty());
        QVERIFY(!casFieldError(p, QStringLiteral("secretAccessKey"), QString()).isEmpty());
    }

    void s3Location()
    {
        CasFields f { { QStringLiteral("bucket"), QStringLiteral("cas") } };
        QCOMPARE(casLocation(CasProvider::S3, f), QStringLiteral("cas"));
        f.insert(QStringLiteral("endpoint"), QStringLiteral("https://minio.local:9000/"));
        QCOMPARE(casLocation(CasProvider::S3, f), QStringLiteral("https://minio.local:9000/cas"));
        f.insert(QStringLiteral("accessKeyID"), QStringLiteral(" AK "));
        f.insert(QStringLiteral("secretAccessKey"), QStringLiteral("s"));
        const QJsonObject c = casCredentials(CasProvider::S3, f);
        QCOMPARE(c.value(QStringLiteral("accessKeyID")).toString(), QStringLiteral("AK"));
        QCOMPARE(c.value(QStringLiteral("region")).toString(), QStringLiteral("us-east-1"));
        QVERIFY(!c.contains(QStringLiteral("bucket")));
    }

    void azure()
    {
        const auto p = CasProvider::Azure;
        QVERIFY(casFieldError(p, QStringLiteral("account"), QStringLiteral("acmestore1")).isEmpty());
        QVERIFY(!casFieldError(p, QStringLiteral("account"), QStringLiteral("Acme-Store")).isEmpty());
        QVERIFY(!casFieldError(p, QStringLiteral("container"), QStringLiteral("a--b")).isEmpty());
        QVERIFY(!casFieldError(p, QStringLiteral("endpointSuffix"), QStringLiteral("https://x.cn")).isEmpty());
        QVERIFY(
            casFieldError(p, QStringLiteral("endpointSuffix"), QStringLiteral("blob.core.chinacloudapi.cn")).isEmpty());
        CasFields f { { QStringLiteral("account"), QStringLiteral("acme") } };
        QCOMPARE(casLocation(p, f), QStringLiteral("acme/chainloop"));
        f.insert(QStringLiteral("endpointSuffix"), QStringLiteral("blob.core.chinacloudapi.cn"));
        f.insert(QStringLiteral("container"), QStringLiteral("cas"));
        QCOMPARE(casLocation(p, f), QStringLiteral("blob.core.chinacloudapi.cn/acme/cas"));
        QCOMPARE(casCredentials(p, f).keys(),
            QStringList({ QStringLiteral("clientID"), QStringLiteral("clientSecret"), QStringLiteral("tenantID") }));
    }

    void oci()
    {
        const auto p = CasProvider::Oci;
        QVERIFY(casFieldError(p, QStringLiteral("repository"), QStringLiteral("ghcr.io/acme/cas")).isEmpty());
        QVERIFY(!casFieldError(p, QStringLiteral("repository"), QStringLiteral("ghcr.io")).isEmpty());
        QVERIFY(!casFieldError(p, QStringLiteral("repository"), QStringLiteral("https://ghcr.io/acme")).isEmpty());
        QVERIFY(!casFieldError(p, QStringLiteral("repository"), QStringLiteral("ghcr.io/Acme")).isEmpty());
    }

    void commonRules()
    {
        QVERIFY(casNameError(QStringLiteral("my-cas"), {}).isEmpty());
        QVERIFY(!casNameError(QStringLiteral("My_CAS"), {}).isEmpty());
        QVERIFY(!casNameError(QStringLiteral("s3-primary"), { QStringLiteral("s3-primary") }).isEmpty());
        QVERIFY(!casMaxBytesError(kCasMinMaxBytes - 1).isEmpty());
        QVERIFY(casMaxBytesError(kCasMinMaxBytes).isEmpty());
    }

    void credentialSetRoundTrip()
    {
        const CasFields keys { { QStringLiteral("username"), QStringLiteral("u") },
            { QStringLiteral("password"), QStringLiteral("p") } };
        const auto back = casCredentialSetFromJson(casCredentialSetToJson(CasProvider::Oci, keys));
        QVERIFY(back);
        QCOMPARE(back->first, CasProvider::Oci);
        QCOMPARE(back->second, keys);
        QVERIFY(!casCredentialSetFromJson("{}"));
        QCOMPARE(casCredentialSetKey(QStringLiteral("ghcr")), QStringLiteral("credentials/ghcr"));
    }

    void promotion()
    {
        auto make = [](const char *name, bool def, bool fallback, bool managed, bool isInline) {
            CasBackend b;
            b.name = QLatin1String(name);
            b.isDefault = def;
            b.isFallback = fallback;
            b.isManaged = managed;
            b.isInline = isInline;
            return b;
        };
        QList<CasBackend> all { make("s3", true, false, false, false), make("az", false, true, false, false),
            make("managed", false, false, true, false), make("inline", false, false, false, true) };
        QCOMPARE(casDefaultAfterRemoval(all, QStringLiteral("s3")), QStringLiteral("az"));
        QCOMPARE(casDefaultAfterRemoval(all, QStringLiteral("az")), QStringLiteral("s3"));
        all.removeAt(1);
        QCOMPARE(casDefaultAfterRemoval(all, QStringLiteral("s3")), QStringLiteral("managed"));
        all.removeAt(1);
        QCOMPARE(casDefaultAfterRemoval(all, QStringLiteral("s3")), QStringLiteral("inline"));
        QCOMPARE(casCurrentDefault(all), QStringLiteral("s3"));
    }
};

QTEST_GUILESS_MAIN(TestCasBackendForm)
#include "tst_casbackendform.moc"
