// SPDX-License-Identifier: Apache-2.0
// CAS backends through ControlPlane::handle(): the simulated credential check, default and
// fallback rules, promotion order, inline/managed protections and delayed revalidation.
#include "EngineTestHelpers.h"
#include "controlplane/v1/cas_backends.pb.h"
#include "controlplane/v1/context.pb.h"

#include <QElapsedTimer>

using namespace adm::test;
namespace v1 = controlplane::v1;

class TestSandboxEngineCas : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void createValidBackends();
    void createRejections();
    void credentialCheckRules();
    void slowCheckHitsHandlerTimeout();
    void defaultAndFallbackAreExclusive();
    void promotionOnDelete();
    void promotionOnUpdate();
    void managedPromotion();
    void inlineAndManagedProtections();
    void soleInlineStaysDefault();
    void updateCredentials();
    void revalidateCompletesLater();
    void rulesHelp();

private:
    QString owner() const
    {
        return m_seed[QStringLiteral("user_tokens")].toObject()[QStringLiteral("olivia.owner@acme.example")].toString();
    }
    QMap<QString, v1::CASBackendItem> backends(const QString &org = QStringLiteral("acme"));
    RpcReply create(const std::string &name, const std::string &provider, const std::string &location,
        const std::string &secret, bool isDefault = false, bool fallback = false);

    std::unique_ptr<ControlPlane> m_cp;
    QJsonObject m_seed;
};

void TestSandboxEngineCas::init()
{
    ControlPlaneOptions options;
    options.handlerTimeout = std::chrono::milliseconds(300);
    m_cp = openEngine(options);
    m_seed = m_cp->seedDemo();
}

QMap<QString, v1::CASBackendItem> TestSandboxEngineCas::backends(const QString &org)
{
    QMap<QString, v1::CASBackendItem> out;
    const QString token = org == QLatin1String("acme")
        ? owner()
        : m_seed[QStringLiteral("user_tokens")].toObject()[QStringLiteral("gina.owner@globex.example")].toString();
    const auto r = call(*m_cp, "CASBackendService/List", v1::CASBackendServiceListRequest(), token, org);
    const auto parsed1 = parse<v1::CASBackendServiceListResponse>(r);
    for (const auto &b : parsed1.result())
        out.insert(str(b.name()), b);
    return out;
}

RpcReply TestSandboxEngineCas::create(const std::string &name, const std::string &provider, const std::string &location,
    const std::string &secret, bool isDefault, bool fallback)
{
    v1::CASBackendServiceCreateRequest req;
    req.set_name(name);
    req.set_provider(provider);
    req.set_location(location);
    req.set_default_(isDefault);
    req.set_fallback(fallback);
    auto &f = *req.mutable_credentials()->mutable_fields();
    if (provider == "OCI") {
        f["username"].set_string_value("u");
        f["password"].set_string_value(secret);
    } else if (provider == "AzureBlob") {
        f["tenantID"].set_string_value("t");
        f["clientID"].set_string_value("c");
        f["clientSecret"].set_string_value(secret);
    } else {
        f["AccessKeyId"].set_string_value("AKIA"); // case-insensitive keys
        f["secretAccessKey"].set_string_value(secret);
    }
    return call(*m_cp, "CASBackendService/Create", req, owner(), QStringLiteral("acme"));
}

void TestSandboxEngineCas::createValidBackends()
{
    auto r = create("oci-two", "OCI", "ghcr.io/acme/other", "ok");
    ADM_EXPECT_CODE(r, 0);
    const auto item = parse<v1::CASBackendServiceCreateResponse>(r).result();
    QCOMPARE(item.validation_status(), v1::CASBackendItem::VALIDATION_STATUS_OK);
    QCOMPARE(item.limits().max_bytes(), qint64(100) * 1024 * 1024);
    QVERIFY(!item.default_() && !item.fallback() && !item.is_inline());
    QVERIFY(item.has_validated_at());
    ADM_EXPECT_CODE(create("azure-two", "AzureBlob", "blob.core.usgovcloudapi.net/acct/container", "ok"), 0);
    ADM_EXPECT_CODE(create("minio", "AWS-S3", "http://127.0.0.1:9000/bucket", "ok"), 0);
    // Newest first.
    const auto r2
        = call(*m_cp, "CASBackendService/List", v1::CASBackendServiceListRequest(), owner(), QStringLiteral("acme"));
    QCOMPARE(str(parse<v1::CASBackendServiceListResponse>(r2).result(0).name()), QStringLiteral("minio"));
    // Duplicate names: ALREADY_EXISTS without details.
    r = create("oci-two", "OCI", "ghcr.io/acme/other", "ok");
    QCOMPARE(r.status, 6);
    QVERIFY(r.details.isEmpty());
}

void TestSandboxEngineCas::createRejections()
{
    auto r = create("managed", "AWS-S3-ACCESS-POINT", "x", "ok");
    QCOMPARE(r.status, 3);
    QCOMPARE(reason(r), QStringLiteral("invalid CAS backend"));
    QCOMPARE(r.message, QStringLiteral("managed CAS backends cannot be created via this API"));
    r = create("gcs", "GCS", "bucket", "ok");
    QCOMPARE(reason(r), QStringLiteral("invalid CAS backend"));
    r = create("Bad_Name", "OCI", "ghcr.io/a/b", "ok");
    QCOMPARE(r.status, 3);
    QCOMPARE(reason(r), QStringLiteral("invalid"));
    v1::CASBackendServiceCreateRequest empty;
    r = call(*m_cp, "CASBackendService/Create", empty, owner(), QStringLiteral("acme"));
    QCOMPARE(violationSummary(r),
        (QStringList { QStringLiteral("location [string.min_len]"), QStringLiteral("provider [string.min_len]"),
            QStringLiteral("credentials [required]"), QStringLiteral("name [string.min_len]") }));
    v1::CASBackendServiceCreateRequest small;
    small.set_name("small");
    small.set_provider("OCI");
    small.set_location("ghcr.io/a/b");
    small.set_max_bytes(1024);
    (*small.mutable_credentials()->mutable_fields())["username"].set_string_value("u");
    (*small.mutable_credentials()->mutable_fields())["password"].set_string_value("p");
    r = call(*m_cp, "CASBackendService/Create", small, owner(), QStringLiteral("acme"));
    QCOMPARE(r.status, 3);
    QCOMPARE(reason(r), QStringLiteral("invalid"));
    small.set_max_bytes(10 * 1024 * 1024);
    ADM_EXPECT_CODE(call(*m_cp, "CASBackendService/Create", small, owner(), QStringLiteral("acme")), 0);
    // Missing credential keys and malformed locations fail the check's preconditions.
    small.set_name("nokeys");
    small.mutable_credentials()->mutable_fields()->erase("password");
    r = call(*m_cp, "CASBackendService/Create", small, owner(), QStringLiteral("acme"));
    QCOMPARE(reason(r), QStringLiteral("invalid config"));
    r = create("azure-bad", "AzureBlob", "just-one-part", "ok");
    QCOMPARE(reason(r), QStringLiteral("invalid config"));
}

void TestSandboxEngineCas::credentialCheckRules()
{
    auto r = create("oci-bad", "OCI", "ghcr.io/acme/cas", "invalid");
    QCOMPARE(r.status, 3);
    QCOMPARE(reason(r), QStringLiteral("invalid config"));
    QVERIFY2(r.message.contains(QStringLiteral("UNAUTHORIZED")), qPrintable(r.message));
    r = create("s3-bad", "AWS-S3", "bucket", "invalid");
    QVERIFY(r.message.contains(QStringLiteral("InvalidAccessKeyId")));
    r = create("az-bad", "AzureBlob", "acct/container", "invalid");
    QVERIFY(r.message.contains(QStringLiteral("AADSTS7000215")));
    r = create("unreachable", "AWS-S3", "http://minio.invalid:9000/bucket", "fine");
    QCOMPARE(reason(r), QStringLiteral("invalid config"));
    QVERIFY(r.message.contains(QStringLiteral("no such host")));
    // Nothing was saved.
    QVERIFY(!backends().contains(QStringLiteral("oci-bad")));
}

void TestSandboxEngineCas::slowCheckHitsHandlerTimeout()
{
    QElapsedTimer timer;
    timer.start();
    const auto r = create("slowpoke", "OCI", "ghcr.io/acme/slow", "slow");
    QCOMPARE(r.status, 4);
    QVERIFY(timer.elapsed() >= 250);
    QVERIFY(!backends().contains(QStringLiteral("slowpoke")));
}

void TestSandboxEngineCas::defaultAndFallbackAreExclusive()
{
    auto r = create("both", "OCI", "ghcr.io/a/b", "ok", true, true);
    QCOMPARE(r.status, 3);
    ADM_EXPECT_CODE(create("new-default", "OCI", "ghcr.io/a/b", "ok", true, false), 0);
    ADM_EXPECT_CODE(create("new-fallback", "OCI", "ghcr.io/a/c", "ok", false, true), 0);
    const auto b = backends();
    int defaults = 0, fallbacks = 0;
    for (const auto &item : b) {
        defaults += item.default_();
        fallbacks += item.fallback();
    }
    QCOMPARE(defaults, 1);
    QCOMPARE(fallbacks, 1);
    QVERIFY(b[QStringLiteral("new-default")].default_());
    QVERIFY(b[QStringLiteral("new-fallback")].fallback());
    QVERIFY(!b[QStringLiteral("azure-fallback")].fallback());

    v1::CASBackendServiceUpdateRequest up;
    up.set_name("new-fallback");
    up.set_default_(true);
    up.set_fallback(true);
    QCOMPARE(call(*m_cp, "CASBackendService/Update", up, owner(), QStringLiteral("acme")).status, 3);
    // Making the fallback the default clears its fallback flag.
    up.clear_fallback();
    r = call(*m_cp, "CASBackendService/Update", up, owner(), QStringLiteral("acme"));
    ADM_EXPECT_CODE(r, 0);
    const auto item = parse<v1::CASBackendServiceUpdateResponse>(r).result();
    QVERIFY(item.default_() && !item.fallback());
    QVERIFY(!backends()[QStringLiteral("new-default")].default_());
}

void TestSandboxEngineCas::promotionOnDelete()
{
    // acme: s3-primary (default), azure-fallback (fallback), default-inline.
    v1::CASBackendServiceDeleteRequest del;
    del.set_name("s3-primary");
    ADM_EXPECT_CODE(call(*m_cp, "CASBackendService/Delete", del, owner(), QStringLiteral("acme")), 0);
    auto b = backends();
    QVERIFY(!b.contains(QStringLiteral("s3-primary")));
    QVERIFY(b[QStringLiteral("azure-fallback")].default_());
    QVERIFY(!b[QStringLiteral("azure-fallback")].fallback());
    del.set_name("azure-fallback");
    ADM_EXPECT_CODE(call(*m_cp, "CASBackendService/Delete", del, owner(), QStringLiteral("acme")), 0);
    b = backends();
    QVERIFY(b[QStringLiteral("default-inline")].default_());
    QCOMPARE(call(*m_cp, "CASBackendService/Delete", del, owner(), QStringLiteral("acme")).status, 5);
    // The deleted name can be used again.
    ADM_EXPECT_CODE(create("s3-primary", "AWS-S3", "bucket", "ok"), 0);
}

void TestSandboxEngineCas::promotionOnUpdate()
{
    v1::CASBackendServiceUpdateRequest up;
    up.set_name("s3-primary");
    up.set_default_(false);
    auto r = call(*m_cp, "CASBackendService/Update", up, owner(), QStringLiteral("acme"));
    ADM_EXPECT_CODE(r, 0);
    QVERIFY(!parse<v1::CASBackendServiceUpdateResponse>(r).result().default_());
    QVERIFY(backends()[QStringLiteral("azure-fallback")].default_());
    // Turning the default into the fallback promotes the next one (no other fallback: inline).
    up.set_name("azure-fallback");
    up.clear_default_();
    up.set_fallback(true);
    r = call(*m_cp, "CASBackendService/Update", up, owner(), QStringLiteral("acme"));
    ADM_EXPECT_CODE(r, 0);
    const auto b = backends();
    QVERIFY(b[QStringLiteral("azure-fallback")].fallback());
    QVERIFY(!b[QStringLiteral("azure-fallback")].default_());
    QVERIFY(b[QStringLiteral("default-inline")].default_());
    const auto ctx = parse<v1::ContextServiceCurrentResponse>(
        call(*m_cp, "ContextService/Current", v1::ContextServiceCurrentRequest(), owner(), QStringLiteral("acme")));
    QCOMPARE(str(ctx.result().current_cas_backend().name()), QStringLiteral("default-inline"));
}

void TestSandboxEngineCas::managedPromotion()
{
    // globex: globex-oci (default), chainloop-managed (managed), default-inline; managed comes before inline.
    const QString gina
        = m_seed[QStringLiteral("user_tokens")].toObject()[QStringLiteral("gina.owner@globex.example")].toString();
    auto b = backends(QStringLiteral("globex"));
    QCOMPARE(str(b[QStringLiteral("chainloop-managed")].provider()), QStringLiteral("Chainloop"));
    QCOMPARE(str(b[QStringLiteral("chainloop-managed")].location()), QStringLiteral("managed by Chainloop"));
    QVERIFY(b[QStringLiteral("chainloop-managed")].is_managed());
    v1::CASBackendServiceDeleteRequest del;
    del.set_name("globex-oci");
    ADM_EXPECT_CODE(call(*m_cp, "CASBackendService/Delete", del, gina, QStringLiteral("globex")), 0);
    b = backends(QStringLiteral("globex"));
    QVERIFY(b[QStringLiteral("chainloop-managed")].default_());
}

void TestSandboxEngineCas::inlineAndManagedProtections()
{
    v1::CASBackendServiceDeleteRequest del;
    del.set_name("default-inline");
    auto r = call(*m_cp, "CASBackendService/Delete", del, owner(), QStringLiteral("acme"));
    QCOMPARE(r.status, 3);
    v1::CASBackendServiceRevalidateRequest reval;
    reval.set_name("default-inline");
    r = call(*m_cp, "CASBackendService/Revalidate", reval, owner(), QStringLiteral("acme"));
    QCOMPARE(r.status, 3);
    QCOMPARE(reason(r), QStringLiteral("invalid request"));
    v1::CASBackendServiceUpdateRequest up;
    up.set_name("default-inline");
    up.set_max_bytes(20 * 1024 * 1024);
    QCOMPARE(call(*m_cp, "CASBackendService/Update", up, owner(), QStringLiteral("acme")).status, 3);

    const QString gina
        = m_seed[QStringLiteral("user_tokens")].toObject()[QStringLiteral("gina.owner@globex.example")].toString();
    up.set_name("chainloop-managed");
    up.clear_max_bytes();
    up.set_description("mine now");
    r = call(*m_cp, "CASBackendService/Update", up, gina, QStringLiteral("globex"));
    QCOMPARE(r.status, 3);
    QCOMPARE(reason(r), QStringLiteral("invalid CAS backend"));
    del.set_name("chainloop-managed");
    QCOMPARE(call(*m_cp, "CASBackendService/Delete", del, gina, QStringLiteral("globex")).status, 3);

    // Name rules on the selectors: protovalidate's custom rule.
    del.set_name("Bad Name");
    r = call(*m_cp, "CASBackendService/Delete", del, owner(), QStringLiteral("acme"));
    QCOMPARE(violationSummary(r), QStringList { QStringLiteral("name [name.dns-1123]") });
    up.set_name("missing");
    QCOMPARE(call(*m_cp, "CASBackendService/Update", up, owner(), QStringLiteral("acme")).status, 5);
}

void TestSandboxEngineCas::soleInlineStaysDefault()
{
    // initech has only its inline backend: it cannot lose the default, nor be default and fallback.
    const QString ada = m_seed[QStringLiteral("instance_admin_user_token")].toString();
    v1::CASBackendServiceUpdateRequest up;
    up.set_name("default-inline");
    up.set_default_(false);
    auto r = call(*m_cp, "CASBackendService/Update", up, ada, QStringLiteral("initech"));
    ADM_EXPECT_CODE(r, 0);
    QVERIFY(parse<v1::CASBackendServiceUpdateResponse>(r).result().default_());
    up.clear_default_();
    up.set_fallback(true);
    r = call(*m_cp, "CASBackendService/Update", up, ada, QStringLiteral("initech"));
    ADM_EXPECT_CODE(r, 0);
    const auto item = parse<v1::CASBackendServiceUpdateResponse>(r).result();
    QVERIFY(item.default_());
    QVERIFY(!item.fallback());
}

void TestSandboxEngineCas::updateCredentials()
{
    auto b = backends();
    QCOMPARE(b[QStringLiteral("minio-broken")].validation_status(), v1::CASBackendItem::VALIDATION_STATUS_INVALID);
    QVERIFY(b[QStringLiteral("minio-broken")].has_validation_error());
    v1::CASBackendServiceUpdateRequest up;
    up.set_name("minio-broken");
    auto &f = *up.mutable_credentials()->mutable_fields();
    f["accessKeyID"].set_string_value("AKIA");
    f["secretAccessKey"].set_string_value("invalid");
    auto r = call(*m_cp, "CASBackendService/Update", up, owner(), QStringLiteral("acme"));
    QCOMPARE(r.status, 3);
    QCOMPARE(reason(r), QStringLiteral("invalid config"));
    f["secretAccessKey"].set_string_value("rotated");
    up.set_description("fixed");
    up.set_max_bytes(50 * 1024 * 1024);
    r = call(*m_cp, "CASBackendService/Update", up, owner(), QStringLiteral("acme"));
    ADM_EXPECT_CODE(r, 0);
    const auto item = parse<v1::CASBackendServiceUpdateResponse>(r).result();
    QCOMPARE(item.validation_status(), v1::CASBackendItem::VALIDATION_STATUS_OK);
    QVERIFY(!item.has_validation_error());
    QCOMPARE(str(item.description()), QStringLiteral("fixed"));
    QCOMPARE(item.limits().max_bytes(), qint64(50) * 1024 * 1024);
    QCOMPARE(str(item.location()), QStringLiteral("http://minio.local:9000/acme"));
}

void TestSandboxEngineCas::revalidateCompletesLater()
{
    auto before = backends();
    v1::CASBackendServiceRevalidateRequest reval;
    reval.set_name("oci-ghcr");
    QTest::qWait(5);
    ADM_EXPECT_CODE(call(*m_cp, "CASBackendService/Revalidate", reval, owner(), QStringLiteral("acme")), 0);
    reval.set_name("minio-broken");
    ADM_EXPECT_CODE(call(*m_cp, "CASBackendService/Revalidate", reval, owner(), QStringLiteral("acme")), 0);
    // Returned at once: nothing changed yet.
    auto now = backends();
    QCOMPARE(now[QStringLiteral("oci-ghcr")].validated_at().SerializeAsString(),
        before[QStringLiteral("oci-ghcr")].validated_at().SerializeAsString());
    auto validatedMs = [](const v1::CASBackendItem &b) {
        return b.validated_at().seconds() * 1000 + b.validated_at().nanos() / 1000000;
    };
    QTRY_VERIFY_WITH_TIMEOUT(
        validatedMs(backends()[QStringLiteral("oci-ghcr")]) > validatedMs(before[QStringLiteral("oci-ghcr")]), 3000);
    QTRY_VERIFY_WITH_TIMEOUT(
        validatedMs(backends()[QStringLiteral("minio-broken")]) > validatedMs(before[QStringLiteral("minio-broken")]),
        3000);
    now = backends();
    QCOMPARE(now[QStringLiteral("oci-ghcr")].validation_status(), v1::CASBackendItem::VALIDATION_STATUS_OK);
    QCOMPARE(now[QStringLiteral("minio-broken")].validation_status(), v1::CASBackendItem::VALIDATION_STATUS_INVALID);
    QVERIFY(now[QStringLiteral("minio-broken")].validation_error().find("InvalidAccessKeyId") != std::string::npos);
    reval.set_name("missing");
    QCOMPARE(call(*m_cp, "CASBackendService/Revalidate", reval, owner(), QStringLiteral("acme")).status, 5);
}

void TestSandboxEngineCas::rulesHelp()
{
    const QString help = ControlPlane::casCheckRulesHelp();
    QVERIFY(help.contains(QStringLiteral("\"invalid\"")));
    QVERIFY(help.contains(QStringLiteral("\"slow\"")));
    QVERIFY(help.contains(QStringLiteral("DEADLINE_EXCEEDED")));
}

QTEST_GUILESS_MAIN(TestSandboxEngineCas)
#include "tst_sandboxengine_cas.moc"
