// SPDX-License-Identifier: Apache-2.0
// The onboard wizard's plan for one organization (same steps as the CSV gives for the same
// input) and the people rules: owners, oneself, duplicates, settings for tokens.
#include "core/OnboardingCsv.h"
#include "core/OrganizationOnboarding.h"

#include <QTest>

using namespace adm;
using Kind = OnboardingStep::Kind;

class TestOrganizationOnboarding : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void minimalPlanOnlyCreates()
    {
        OrganizationOnboarding o;
        o.name = QStringLiteral("acme-new");
        const OnboardingPlan plan = planForOrganization(o);
        QCOMPARE(plan.steps.size(), 1);
        QCOMPARE(plan.steps[0].kind, Kind::CreateOrganization);
        QCOMPARE(plan.steps[0].organization, QStringLiteral("acme-new"));
        QCOMPARE(plan.steps[0].state, OnboardingStep::State::Pending);
    }

    void fullPlanOrderAndContent()
    {
        OrganizationOnboarding o;
        o.name = QStringLiteral("acme-new");
        OrganizationSettings s;
        s.blockOnPolicyViolation = true;
        s.apiTokenMaxDaysInactive = 30;
        o.settings = s;
        o.invitees = { { QStringLiteral(" Bob@Example.com "), Role::Admin },
            { QStringLiteral("carol@example.com"), Role::Viewer } };
        CasTemplate cas;
        cas.name = QStringLiteral("store");
        cas.provider = QStringLiteral("AWS-S3");
        cas.location = QStringLiteral("acme-bucket");
        cas.credentialSet = QStringLiteral("aws");
        o.cas = cas;
        const OnboardingPlan plan = planForOrganization(o);
        QCOMPARE(plan.steps.size(), 5);
        QCOMPARE(plan.steps[0].kind, Kind::CreateOrganization);
        QCOMPARE(plan.steps[1].kind, Kind::UpdateSettings);
        QCOMPARE(plan.steps[1].settings.apiTokenMaxDaysInactive, std::optional<int>(30));
        QCOMPARE(plan.steps[2].kind, Kind::AddCasBackend);
        QCOMPARE(plan.steps[2].cas, cas);
        QCOMPARE(plan.steps[3].email, QStringLiteral("bob@example.com"));
        QCOMPARE(plan.steps[3].role, Role::Admin);
        QCOMPARE(plan.steps[4].key(), QStringLiteral("invite:acme-new/carol@example.com"));
        for (const OnboardingStep &step : plan.steps)
            QVERIFY(!step.rows.isEmpty());

        // The same organization written as CSV gives the same steps (one engine, two inputs).
        const QByteArray csv = "organization,email,role,block_on_policy_violation,api_token_max_days_inactive,"
                               "cas_backend,cas_provider,cas_location,cas_credentials\n"
                               "acme-new,bob@example.com,admin,true,30,store,AWS-S3,acme-bucket,aws\n"
                               "acme-new,carol@example.com,viewer,true,30,store,AWS-S3,acme-bucket,aws\n";
        const OnboardingCsvResult parsed = parseOnboardingCsv(csv);
        QVERIFY2(parsed.ok(), qPrintable(parsed.issues.value(0).toString()));
        // Rows number the input lines (CSV lines there, wizard inputs here): not compared.
        auto withoutRows = [](OnboardingPlan p) {
            for (OnboardingStep &step : p.steps)
                step.rows.clear();
            return p;
        };
        QVERIFY(withoutRows(parsed.plan).sameSteps(withoutRows(plan)));

        // No secret in the stored form: only the credential set's name.
        const auto back = OnboardingPlan::fromJson(plan.toJson());
        QVERIFY(back);
        QVERIFY(back->sameSteps(plan));
    }

    void inviteeRules_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("email");
        QTest::addColumn<int>("role");
        QTest::addColumn<QString>("expected"); // substring of the error; empty = fine
        const int user = int(JwtClaims::Kind::User);
        const int instance = int(JwtClaims::Kind::InstanceApiToken);
        QTest::newRow("ok") << user << "dave@example.com" << int(Role::Admin) << "";
        QTest::newRow("bad email") << user << "dave" << int(Role::Admin) << "not an e-mail";
        QTest::newRow("no role") << user << "dave@example.com" << int(Role::Unspecified) << "role";
        QTest::newRow("duplicate any case") << user << "BOB@example.com" << int(Role::Viewer) << "already in the list";
        QTest::newRow("oneself") << user << "me@example.com" << int(Role::Admin) << "is you";
        QTest::newRow("user may invite owner") << user << "dave@example.com" << int(Role::Owner) << "";
        QTest::newRow("token cannot invite owner")
            << instance << "dave@example.com" << int(Role::Owner) << "cannot invite owners";
        QTest::newRow("token admin fine") << instance << "dave@example.com" << int(Role::Admin) << "";
    }

    void inviteeRules()
    {
        QFETCH(int, kind);
        QFETCH(QString, email);
        QFETCH(int, role);
        QFETCH(QString, expected);
        OnboardingCaller caller { JwtClaims::Kind(kind), QStringLiteral("me@example.com") };
        if (caller.kind != JwtClaims::Kind::User)
            caller.email.clear();
        const QString error = inviteeError(caller, { email, Role(role) }, { QStringLiteral("bob@example.com") });
        if (expected.isEmpty())
            QVERIFY2(error.isEmpty(), qPrintable(error));
        else
            QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void callerNotes()
    {
        const OnboardingCaller user { JwtClaims::Kind::User, QStringLiteral("me@example.com") };
        const OnboardingCaller token { JwtClaims::Kind::InstanceApiToken, {} };
        QVERIFY(settingsUnavailableReason(user).isEmpty());
        QVERIFY(settingsUnavailableReason(token).contains(QLatin1String("OrganizationService/Update")));
        QVERIFY(ownerInvitationUnavailableReason(user).isEmpty());
        QVERIFY(ownershipNote(user).contains(QLatin1String("You will be the owner")));
        QVERIFY(ownershipNote(token).contains(QLatin1String("no owner")));
        QVERIFY(ownershipNote(token).contains(QLatin1String("admin")));
        QVERIFY(!hasManager({ { QStringLiteral("a@example.com"), Role::Viewer } }));
        QVERIFY(hasManager(
            { { QStringLiteral("a@example.com"), Role::Viewer }, { QStringLiteral("b@example.com"), Role::Admin } }));
    }
};

QTEST_GUILESS_MAIN(TestOrganizationOnboarding)
#include "tst_organizationonboarding.moc"
