// SPDX-License-Identifier: Apache-2.0
// `chainloop-admin apply --profile NAME` as an operator runs it on a machine where the desktop
// app is set up: a saved profile in the app's database, its token and a credential set
// remembered by the Add CAS backend wizard in the OS keychain. Checks the exit status and, in
// the sandbox's own database, that every organization, invitation and backend exists once;
// and that a remembered set of another provider stops the run before anything is sent.
//
// Writes the app's real keychain service, so it runs only inside scripts/test's private
// D-Bus session with a throwaway gnome-keyring (ADM_REQUIRE_KEYCHAIN=1); it skips elsewhere.
#include "OnboardingTestSupport.h"
#include "core/CasBackendForm.h"
#include "storage/Database.h"
#include "storage/KeychainSecretStore.h"
#include "storage/ProfileRepository.h"
#include "support/SandboxProcess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace adm;
using namespace adm::test;

class TestOnboardingApplyProfile : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<SandboxProcess> m_sandbox;
    storage::KeychainSecretStore m_keychain; // the app's own service, as `apply` reads it
    storage::Profile m_profile;
    QStringList m_written; // keychain keys to remove at the end

    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

    bool keychainWrite(const QString &key, const QByteArray &secret)
    {
        QSignalSpy spy(m_keychain.write(key, secret), &storage::SecretJob::finished);
        if (!spy.wait(15000))
            return false;
        m_written << key;
        return spy.at(0).at(0).value<storage::SecretResult>().ok();
    }

    struct Outcome {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Outcome apply(const QString &csv, const QStringList &extra = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("CHAINLOOP_TOKEN")); // the token must come from the keychain
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("minimal"));
        p.setProcessEnvironment(env);
        p.start(QString::fromLocal8Bit(qgetenv("ADM_ADMIN_BIN")),
            QStringList { QStringLiteral("apply"), csv, QStringLiteral("--profile"), m_profile.name,
                QStringLiteral("--database"), path("app.sqlite"), QStringLiteral("--json") }
                + extra);
        Outcome o;
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished();
        }
        o.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        o.out = p.readAllStandardOutput();
        o.err = p.readAllStandardError();
        return o;
    }

    QString writeCsv(const char *name, const QByteArray &data)
    {
        QFile f(path(name));
        if (f.open(QIODevice::WriteOnly))
            f.write(data);
        return f.fileName();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIntValue("ADM_REQUIRE_KEYCHAIN") != 1
            || qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("writes the app's keychain service: runs only inside scripts/test's private keyring");
        QVERIFY(m_dir.isValid());
        QVERIFY2(!qEnvironmentVariableIsEmpty("ADM_ADMIN_BIN"), "ADM_ADMIN_BIN is not set");
        SandboxProcess::Options o;
        o.extraArguments = { QStringLiteral("--db"), path("sandbox.sqlite") };
        m_sandbox = std::make_unique<SandboxProcess>(o);
        QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));

        // The desktop app saved this profile; its token went to the keychain, not the database.
        {
            storage::Database db;
            QVERIFY(db.open(path("app.sqlite")).ok());
            storage::ProfileRepository profiles(db);
            m_profile.name = QStringLiteral("prod-sandbox");
            m_profile.address = m_sandbox->grpcAddress();
            m_profile.insecure = true;
            m_profile.protocol = Protocol::Grpc;
            m_profile.tokenKind = JwtClaims::Kind::InstanceApiToken;
            const auto st = profiles.save(m_profile);
            QVERIFY2(st.ok(), qPrintable(st.message()));
        }
        QVERIFY(keychainWrite(m_profile.secretKey(),
            m_sandbox->seededTokens().value(QStringLiteral("instance_token")).toString().toUtf8()));
        // Remembered by the CAS wizard: {"provider": "AWS-S3", "keys": {...}}.
        QVERIFY(keychainWrite(casCredentialSetKey(QStringLiteral("aws")),
            casCredentialSetToJson(CasProvider::S3,
                { { QStringLiteral("accessKeyID"), QStringLiteral("AKIATEST") },
                    { QStringLiteral("secretAccessKey"), QStringLiteral("test-only") } })));
    }

    void appliesWithTheProfileAndRememberedSet()
    {
        const int orgs = 4;
        const Outcome r = apply(writeCsv("profile.csv", onboardingCsv(QStringLiteral("prof"), orgs, 2, true)));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject report = QJsonDocument::fromJson(r.out).object();
        QVERIFY(report.value(QStringLiteral("ok")).toBool());
        QCOMPARE(report.value(QStringLiteral("rows")).toArray().size(), orgs * 2);
        QCOMPARE(report.value(QStringLiteral("steps")).toObject().value(QStringLiteral("done")).toInt(), orgs * 4);
        SandboxState server(path("sandbox.sqlite"));
        for (int i = 0; i < orgs; ++i) {
            const QString org = QStringLiteral("prof-%1").arg(i);
            QCOMPARE(server.orgs(org), 1);
            QCOMPARE(server.invitations(org), 2);
            QCOMPARE(server.casBackends(org, QStringLiteral("store")), 1);
        }
        QVERIFY(!r.err.contains("eyJ")); // the token never shows
        QVERIFY(!r.out.contains("test-only") && !r.err.contains("test-only")); // nor the secret

        // The same command again: a new run, everything adopted, still exit 0, no duplicates.
        const Outcome again = apply(path("profile.csv"));
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(again.out)
                     .object()
                     .value(QStringLiteral("steps"))
                     .toObject()
                     .value(QStringLiteral("done"))
                     .toInt(),
            0);
        QCOMPARE(server.orgsLike(QStringLiteral("prof-")), orgs);
    }

    void rememberedSetOfAnotherProviderStopsTheRun()
    {
        QVERIFY(keychainWrite(casCredentialSetKey(QStringLiteral("aws")),
            casCredentialSetToJson(CasProvider::Oci,
                { { QStringLiteral("username"), QStringLiteral("robot") },
                    { QStringLiteral("password"), QStringLiteral("test-only") } })));
        const Outcome r = apply(writeCsv("mismatch.csv", onboardingCsv(QStringLiteral("mism"), 2, 1, true)));
        QCOMPARE(r.exitCode, 2); // invalid input: nothing was sent
        QVERIFY2(r.err.contains("\"aws\"") && r.err.contains("OCI") && r.err.contains("AWS-S3"), r.err.constData());
        QCOMPARE(SandboxState(path("sandbox.sqlite")).orgsLike(QStringLiteral("mism-")), 0);
    }

    void profileWithoutTokenIsASetupFailure()
    {
        QSignalSpy spy(m_keychain.remove(m_profile.secretKey()), &storage::SecretJob::finished);
        QVERIFY(spy.wait(15000));
        const Outcome r = apply(path("profile.csv"));
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains("prod-sandbox"), r.err.constData());
    }

    void cleanupTestCase()
    {
        for (const QString &key : std::as_const(m_written)) {
            QSignalSpy spy(m_keychain.remove(key), &storage::SecretJob::finished);
            spy.wait(15000);
        }
        if (m_sandbox)
            m_sandbox->stop();
    }
};

QTEST_GUILESS_MAIN(TestOnboardingApplyProfile)
#include "tst_onboarding_apply_profile.moc"
