// SPDX-License-Identifier: Apache-2.0
#include "core/CasBackendForm.h"
#include "core/OnboardingCsv.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace adm;
using namespace Qt::StringLiterals;
using K = OnboardingStep::Kind;
using S = OnboardingStep::State;

namespace {
QStringList kinds(const OnboardingPlan &p)
{
    QStringList out;
    for (const auto &s : p.steps)
        out << s.key();
    return out;
}
bool hasIssue(const OnboardingCsvResult &r, int line, const QString &column)
{
    for (const auto &i : r.issues) {
        if (i.line == line && i.column == column)
            return true;
    }
    return false;
}
} // namespace

class TestOnboardingCsv : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void buildsPlanInOrgOrder()
    {
        const QByteArray csv = "organization,email,role,block_on_policy_violation,cas_backend,cas_provider,"
                               "cas_location,cas_credentials\n"
                               "acme,Bob@Example.com,admin,true,s3,aws-s3,acme-bucket,aws-prod\n"
                               "acme,carol@example.com,viewer,,,,,\n"
                               "globex,,,,,,,\n"
                               "acme,dave@example.com,owner,true,s3,AWS-S3,acme-bucket,aws-prod\n";
        const auto r = parseOnboardingCsv(csv);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.issues.first().toString()));
        QCOMPARE(kinds(r.plan),
            (QStringList { u"org:acme"_s, u"settings:acme"_s, u"cas:acme/s3"_s, u"invite:acme/bob@example.com"_s,
                u"invite:acme/carol@example.com"_s, u"invite:acme/dave@example.com"_s, u"org:globex"_s }));
        QCOMPARE(r.plan.steps[0].rows, (QList<int> { 2, 3, 5 }));
        QCOMPARE(r.plan.steps[1].settings.blockOnPolicyViolation, std::optional<bool>(true));
        QCOMPARE(r.plan.steps[2].cas.provider, QStringLiteral("AWS-S3"));
        QCOMPARE(r.plan.steps[2].cas.credentialSet, QStringLiteral("aws-prod"));
        QVERIFY(r.plan.steps[2].cas.isDefault);
        QCOMPARE(r.plan.steps[5].role, Role::Owner);
        QCOMPARE(r.rows.size(), 4);
        QCOMPARE(r.rows[2].email, QString());
    }

    void headerErrors()
    {
        QVERIFY(hasIssue(parseOnboardingCsv("organisation,email\nacme,\n"), 1, u"organisation"_s));
        QVERIFY(hasIssue(parseOnboardingCsv("email,role\nx@y.z,admin\n"), 1, u"organization"_s));
        QVERIFY(hasIssue(parseOnboardingCsv("organization,organization\na,b\n"), 1, u"organization"_s));
        QVERIFY(!parseOnboardingCsv("").ok());
        QVERIFY(!parseOnboardingCsv("organization\n").ok());
        QVERIFY(!parseOnboardingCsv("organization\n\"broken\n").ok());
        // Header names are case-insensitive and trimmed.
        QVERIFY(parseOnboardingCsv(" Organization , EMAIL ,Role\nacme,a@b.co,member\n").ok());
    }

    void rowErrors_data()
    {
        QTest::addColumn<QByteArray>("row");
        QTest::addColumn<QString>("column");
        QTest::newRow("bad org") << QByteArray("Acme_Inc,,") << "organization";
        QTest::newRow("reserved org") << QByteArray("admin,,") << "organization";
        QTest::newRow("empty org") << QByteArray(",a@b.co,admin") << "organization";
        QTest::newRow("bad email") << QByteArray("acme,not-an-email,admin") << "email";
        QTest::newRow("bad role") << QByteArray("acme,a@b.co,boss") << "role";
        QTest::newRow("missing role") << QByteArray("acme,a@b.co,") << "role";
        QTest::newRow("role without email") << QByteArray("acme,,admin") << "role";
        QTest::newRow("too many fields") << QByteArray("acme,a@b.co,admin,extra") << "";
    }
    void rowErrors()
    {
        QFETCH(QByteArray, row);
        QFETCH(QString, column);
        const auto r = parseOnboardingCsv("organization,email,role\nok-org,,\n" + row + "\n");
        QVERIFY(!r.ok());
        QVERIFY2(hasIssue(r, 3, column), qPrintable(r.issues.first().toString()));
        QVERIFY(r.plan.steps.isEmpty()); // nothing runs when any row is wrong
    }

    void duplicatesAndConflicts()
    {
        auto r = parseOnboardingCsv("organization,email,role\nacme,a@b.co,admin\nacme,A@B.co,viewer\n");
        QVERIFY(hasIssue(r, 3, u"email"_s));
        QVERIFY(r.issues.first().message.contains(QLatin1String("line 2")));
        r = parseOnboardingCsv("organization,api_token_max_days_inactive\nacme,30\nacme,60\n");
        QVERIFY(hasIssue(r, 3, u"api_token_max_days_inactive"_s));
        r = parseOnboardingCsv("organization,api_token_max_days_inactive\nacme,30\nacme,30\nacme,\n");
        QVERIFY(r.ok());
        r = parseOnboardingCsv("organization,cas_backend,cas_provider,cas_location,cas_credentials\n"
                               "acme,s3,AWS-S3,b1,set\nacme,s3,AWS-S3,b2,set\n");
        QVERIFY(hasIssue(r, 3, u"cas_backend"_s));
    }

    void settingsAndCasValidation()
    {
        auto r = parseOnboardingCsv("organization,block_on_policy_violation,api_token_max_days_inactive,"
                                    "policies_allowed_hostnames\nacme,maybe,400,a.example;b.example\n");
        QVERIFY(hasIssue(r, 2, u"block_on_policy_violation"_s));
        QVERIFY(hasIssue(r, 2, u"api_token_max_days_inactive"_s));
        r = parseOnboardingCsv("organization,policies_allowed_hostnames,skip_runner_env_vars\n"
                               "acme,a.example; b.example,yes\n");
        QVERIFY(r.ok());
        QCOMPARE(*r.plan.steps[1].settings.policyAllowedHostnames, (QStringList { u"a.example"_s, u"b.example"_s }));
        QCOMPARE(r.plan.steps[1].settings.skipRunnerEnvVars, std::optional<bool>(true));

        OnboardingCsvOptions apiToken;
        apiToken.allowSettings = false;
        r = parseOnboardingCsv("organization,block_on_policy_violation\nacme,true\n", apiToken);
        QVERIFY(hasIssue(r, 2, u"block_on_policy_violation"_s));

        const QByteArray head = "organization,cas_backend,cas_provider,cas_location,cas_credentials,cas_max_bytes\n";
        QVERIFY(hasIssue(parseOnboardingCsv(head + "acme,,AWS-S3,b,set,\n"), 2, u"cas_backend"_s));
        QVERIFY(hasIssue(parseOnboardingCsv(head + "acme,s3,GCS,b,set,\n"), 2, u"cas_provider"_s));
        QVERIFY(hasIssue(parseOnboardingCsv(head + "acme,oci,OCI,nopath,set,\n"), 2, u"cas_location"_s));
        QVERIFY(hasIssue(parseOnboardingCsv(head + "acme,az,AzureBlob,one,set,\n"), 2, u"cas_location"_s));
        QVERIFY(hasIssue(parseOnboardingCsv(head + "acme,s3,AWS-S3,b,,\n"), 2, u"cas_credentials"_s));
        // A pasted secret is not a credential set name.
        QVERIFY(hasIssue(parseOnboardingCsv(head + "acme,s3,AWS-S3,b,\"{\"\"k\"\":1}\",\n"), 2, u"cas_credentials"_s));
        QVERIFY(hasIssue(parseOnboardingCsv(head + "acme,s3,AWS-S3,b,set,1MB\n"), 2, u"cas_max_bytes"_s));
        r = parseOnboardingCsv(head + "acme,s3,AWS-S3,b,set,100MB\n");
        QVERIFY(r.ok());
        QCOMPARE(*r.plan.steps[1].cas.maxBytes, qint64(100) * 1024 * 1024);
    }

    void planJsonRoundTripHasNoSecrets()
    {
        const auto r = parseOnboardingCsv("organization,email,role,block_on_policy_violation,"
                                          "policies_allowed_hostnames,api_token_max_days_inactive,cas_backend,"
                                          "cas_provider,cas_location,cas_credentials,cas_default,cas_max_bytes\n"
                                          "acme,bob@example.com,admin,false,h.example,0,oci,OCI,ghcr.io/a/b,"
                                          "ghcr-creds,false,20MB\n");
        QVERIFY(r.ok());
        OnboardingPlan plan = r.plan;
        plan.steps[1].state = S::Done;
        plan.steps[3].state = S::Failed;
        plan.steps[3].error = QStringLiteral("boom");
        const QJsonObject json = plan.toJson();
        const QByteArray text = QJsonDocument(json).toJson();
        QVERIFY(!text.contains("\"credentials\""));
        QString error;
        const auto back = OnboardingPlan::fromJson(json, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->toJson(), json);
        QCOMPARE(back->steps[2].cas, plan.steps[2].cas);
        QCOMPARE(back->steps[3].error, QStringLiteral("boom"));
        QCOMPARE(back->steps[1].settings.apiTokenMaxDaysInactive, std::optional<int>(0));
        QVERIFY(!OnboardingPlan::fromJson(QJsonObject {}, &error));
    }

    void rowResultsAndExport()
    {
        auto r = parseOnboardingCsv("organization,email,role\nacme,a@b.co,admin\nacme,c@d.co,viewer\nnew-org,,\n");
        QVERIFY(r.ok());
        OnboardingPlan plan = r.plan;
        plan.steps[0].state = S::Adopted;
        plan.steps[1].state = S::Done;
        plan.steps[2].state = S::Failed;
        plan.steps[2].error = QStringLiteral("=cmd|boom");
        plan.steps[3].state = S::Done;
        const auto results = onboardingRowResults(plan, r.rows);
        QCOMPARE(results.size(), 3);
        QCOMPARE(results[0].state, S::Done);
        QCOMPARE(results[1].state, S::Failed);
        QVERIFY(results[1].error.contains(QLatin1String("invite")));
        QCOMPARE(results[2].state, S::Done);
        QCOMPARE(onboardingRowsFromPlan(plan).size(), 3);
        const QString csv = onboardingResultsCsv(results);
        QVERIFY(csv.startsWith(QLatin1String("line,organization,email,role,status,error\r\n")));
        QVERIFY(csv.contains(QLatin1String("3,acme,c@d.co,viewer,failed,invite: =cmd|boom")));
        // An org failure fails every row of that org.
        plan.steps[0].state = S::Failed;
        QCOMPARE(onboardingRowResults(plan, r.rows)[0].state, S::Failed);
    }

    void everyRowIsListedWithItsIssues()
    {
        // The plan table shows the whole file: rows with problems too, in file order.
        const auto r = parseOnboardingCsv("organization,email,role\nok-org,a@b.co,admin\nBad_Org,,\n"
                                          "ok-org,c@d.co,boss\nok-org,a@b.co,viewer\nok-org,e@f.co,admin,x\n");
        QVERIFY(!r.ok());
        QVERIFY(r.plan.steps.isEmpty());
        QCOMPARE(r.rows.size(), 5);
        QList<int> lines;
        for (const OnboardingCsvRow &row : r.rows)
            lines << row.line;
        QCOMPARE(lines, (QList<int> { 2, 3, 4, 5, 6 }));
        QCOMPARE(r.rows[1].organization, QStringLiteral("Bad_Org"));
        QVERIFY(hasIssue(r, 3, u"organization"_s));
        QVERIFY(hasIssue(r, 4, u"role"_s));
        QVERIFY(hasIssue(r, 5, u"email"_s));
        QVERIFY(hasIssue(r, 6, QString()));
        QCOMPARE(r.rows[4].organization, QStringLiteral("ok-org"));
        // Without a plan no row has an outcome yet.
        for (const OnboardingRowResult &row : onboardingRowResults(r.plan, r.rows))
            QCOMPARE(row.state, S::Pending);
    }

    void rememberedCredentialSets()
    {
        const auto r = parseOnboardingCsv("organization,cas_backend,cas_provider,cas_location,cas_credentials\n"
                                          "acme,s3,AWS-S3,acme-bucket,prod\nglobex,s3,AWS-S3,globex-bucket,prod\n");
        QVERIFY(r.ok());
        QString error;
        // The set as the CAS wizard remembers it: only the keys reach the runner.
        const QByteArray s3 = casCredentialSetToJson(CasProvider::S3,
            { { QStringLiteral("accessKeyID"), QStringLiteral("AKIA1") },
                { QStringLiteral("secretAccessKey"), QStringLiteral("s3cr3t") },
                { QStringLiteral("region"), QStringLiteral("eu-west-1") } });
        const auto keys = onboardingCredentials(r.plan, QStringLiteral("prod"), s3, &error);
        QVERIFY2(keys, qPrintable(error));
        QCOMPARE(*keys,
            (QJsonObject { { QStringLiteral("accessKeyID"), QStringLiteral("AKIA1") },
                { QStringLiteral("secretAccessKey"), QStringLiteral("s3cr3t") },
                { QStringLiteral("region"), QStringLiteral("eu-west-1") } }));
        // Another provider: refused, naming the set and both providers.
        const QByteArray oci = casCredentialSetToJson(
            CasProvider::Oci, { { QStringLiteral("username"), u"u"_s }, { QStringLiteral("password"), u"p"_s } });
        QVERIFY(!onboardingCredentials(r.plan, QStringLiteral("prod"), oci, &error));
        QVERIFY2(error.contains(QLatin1String("\"prod\"")) && error.contains(QLatin1String("OCI"))
                && error.contains(QLatin1String("AWS-S3")),
            qPrintable(error));
        // A bare object of keys is not a remembered set.
        QVERIFY(!onboardingCredentials(r.plan, QStringLiteral("prod"), R"({"accessKeyID":"A"})", &error));
        QVERIFY(error.contains(QLatin1String("\"prod\"")));
        // One key for remembered sets, shared with the CAS wizard.
        QCOMPARE(casCredentialSetKey(QStringLiteral("prod")), QStringLiteral("credentials/prod"));
    }
};

QTEST_GUILESS_MAIN(TestOnboardingCsv)
#include "tst_onboardingcsv.moc"
