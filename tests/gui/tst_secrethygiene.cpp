// SPDX-License-Identifier: Apache-2.0
// Secret hygiene (issue #9): one full session with every log category on, debug included:
// connect wizard with a pasted token, an API token created (the one-time secret dialog),
// a CAS backend with credentials remembered in the keychain store, an onboarding run whose
// CAS step uses that remembered set, sign out. Then every secret used (tokens, the created
// JWT, the CAS password) is searched for in the database and its -wal/-journal, the settings,
// everything under the test's private HOME and TMPDIR, and every captured log line: zero hits.
// A planted canary in each place proves the search looks there. The app installs no crash
// handler (nothing writes crash reports), so there is no crash output to search.
// Also checked: the windows that showed a secret no longer hold it once closed.
#include "ConnectTestSupport.h"
#include "MainWindowTestSupport.h"
#include "SecretSearch.h"
#include "api/OnboardingRunner.h"
#include "core/CasBackendForm.h"
#include "core/OnboardingCsv.h"
#include "core/OnboardingPlan.h"
#include "models/ConnectFlow.h"
#include "models/OnboardingRunStore.h"
#include "storage/ProfileRepository.h"
#include "ui/MainWindow.h"
#include "ui/MessageBoxes.h"
#include "ui/cas/AddCasBackendWizard.h"
#include "ui/connect/ConnectWizard.h"
#include "ui/dialogs/CreateTokenDialog.h"
#include "ui/dialogs/OneTimeSecretDialog.h"
#include "ui/pages/CasBackendsPage.h"
#include "ui/pages/TokensPage.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMutex>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>

using namespace adm;
using namespace adm::test;
using State = models::Session::State;

namespace {

QMutex logMutex;
QByteArray &capturedLog()
{
    static QByteArray log;
    return log;
}

void captureMessage(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    const QMutexLocker lock(&logMutex);
    capturedLog() += QByteArray(context.category ? context.category : "default") + ": " + message.toUtf8() + '\n';
}

QString &privateHome()
{
    static QString home;
    return home;
}
QByteArray &originalTmp()
{
    static QByteArray tmp;
    return tmp;
}
QByteArray &originalHome()
{
    static QByteArray home;
    return home;
}

} // namespace

class TestSecretHygiene : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxProcess> m_sandbox;
    QList<QPair<QString, QByteArray>> m_secrets; // what, bytes

    void remember(const QString &what, const QByteArray &secret)
    {
        QVERIFY2(secret.size() >= 12, qPrintable(what));
        m_secrets.append({ what, secret });
    }

private Q_SLOTS:
    void initTestCase()
    {
        {
            // The sandbox is the test's server, not the app: its seed file (which holds the
            // tokens) goes to the real temp folder, outside the searched home.
            const QByteArray privateTmp = qgetenv("TMPDIR");
            const QByteArray privateHomeEnv = qgetenv("HOME");
            qputenv("TMPDIR", originalTmp());
            qputenv("HOME", originalHome());
            m_sandbox = std::make_unique<SandboxProcess>();
            const bool started = m_sandbox->start();
            qputenv("TMPDIR", privateTmp);
            qputenv("HOME", privateHomeEnv);
            QVERIFY2(started, qPrintable(m_sandbox->errorString()));
        }
        QVERIFY(QDir::tempPath().startsWith(privateHome()));
        // Verbose: every category, debug included (the app's adm.* and Qt's own).
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true\n*.info=true"));
        qInstallMessageHandler(captureMessage);
    }

    void cleanupTestCase() { qInstallMessageHandler(nullptr); }

    void fullSessionLeavesNoSecretBehind()
    {
        ui::OneTimeSecretDialog::setClipboardClearDelayMs(200);
        const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QVERIFY2(dataDir.startsWith(privateHome()), qPrintable(dataDir));
        const QString dbPath = storage::Database::defaultPath();
        const QByteArray userToken = test::userToken(*m_sandbox, QStringLiteral("olivia.owner@acme.example"));
        remember(QStringLiteral("pasted user token"), userToken);
        const QByteArray casPassword = "cas-Pw-" + QUuid::createUuid().toByteArray(QUuid::Id128);
        remember(QStringLiteral("CAS password"), casPassword);
        QList<QPair<QString, QByteArray>> openFiles;
        const QByteArray canary = "canary-" + QUuid::createUuid().toByteArray(QUuid::Id128).left(12);
        {
            storage::Database db;
            QVERIFY(db.open(dbPath).ok());
            storage::MemorySecretStore keychain; // the keychain test store
            models::Session session(db, keychain);
            session.setOfflineRetryInterval(0);
            QSettings settings;
            settings.setValue(QStringLiteral("test/canary"), QString::fromLatin1(canary));

            // 1. Connect wizard with a pasted token.
            QPointer<ui::ConnectWizard> wizard = new ui::ConnectWizard(session);
            wizard->show();
            QTest::keyClicks(wizard->findChild<QLineEdit *>(QStringLiteral("addressEdit")), m_sandbox->grpcAddress());
            wizard->findChild<QCheckBox *>(QStringLiteral("insecureCheck"))->setChecked(true);
            wizard->next();
            QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(ui::ConnectWizard::SignInPageId), 15000);
            wizard->currentPage()->findChild<QRadioButton *>(QStringLiteral("pasteRadio"))->setChecked(true);
            auto *tokenEdit = wizard->currentPage()->findChild<QLineEdit *>(QStringLiteral("tokenEdit"));
            QTest::keyClicks(tokenEdit, QString::fromLatin1(userToken));
            wizard->next();
            QTRY_VERIFY_WITH_TIMEOUT(wizard->button(QWizard::NextButton)->isEnabled(), 15000);
            wizard->next();
            QCOMPARE(wizard->currentId(), int(ui::ConnectWizard::SavePageId));
            auto *name = wizard->currentPage()->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
            name->selectAll();
            QTest::keyClicks(name, QStringLiteral("hygiene ") + QString::fromLatin1(canary));
            wizard->button(QWizard::FinishButton)->click();
            QTRY_VERIFY_WITH_TIMEOUT(!wizard->isVisible(), 15000);
            QTRY_COMPARE_WITH_TIMEOUT(session.state(), State::Ready, 15000);
            // The closed wizard keeps no token: the session has its own copy.
            QVERIFY(tokenEdit->text().isEmpty());
            QVERIFY(!wizard->flow().hasToken());
            delete wizard;
            session.setOrganization(QStringLiteral("acme"));
            QTRY_COMPARE(session.organization(), QStringLiteral("acme"));
            const storage::Profile profile = session.profile();
            QVERIFY(keychain.contains(profile.secretKey()));

            ui::MainWindow window(session);
            window.show();

            // 2. An API token: the one-time secret, copied, closed; the dialog forgets it.
            window.showPage(ui::MainWindow::Page::Tokens);
            ui::TokensPage *tokens = window.tokensPage();
            QVERIFY(waitSettled(tokens));
            tokens->startCreate();
            ui::CreateTokenDialog *create = tokens->createDialog();
            QVERIFY(create);
            QTest::keyClicks(create->findChild<QLineEdit *>(QStringLiteral("nameEdit")), QStringLiteral("hygiene-ci"));
            create->findChild<QPushButton *>(QStringLiteral("createButton"))->click();
            auto secretDialog = [&] { return window.findChild<ui::OneTimeSecretDialog *>(); };
            QTRY_VERIFY_WITH_TIMEOUT(secretDialog() && secretDialog()->isVisible(), 15000);
            QPointer<ui::OneTimeSecretDialog> shown = secretDialog();
            auto *secretEdit = shown->findChild<QLineEdit *>(QStringLiteral("secretEdit"));
            const QByteArray apiToken = secretEdit->text().toLatin1();
            QVERIFY(apiToken.startsWith("ey"));
            remember(QStringLiteral("created API token"), apiToken);
            shown->findChild<QPushButton *>(QStringLiteral("copyButton"))->click();
            shown->reject();
            QVERIFY(secretEdit->text().isEmpty()); // cleared on close, before the deferred delete
            QTRY_VERIFY(!shown); // and the dialog itself is gone
            QTRY_VERIFY(QApplication::clipboard()->text() != QString::fromLatin1(apiToken));

            // 3. A CAS backend with credentials, remembered as a set in the keychain store.
            window.showPage(ui::MainWindow::Page::CasBackends);
            ui::CasBackendsPage *cas = window.casBackendsPage();
            QVERIFY(waitSettled(cas));
            cas->startAdd();
            ui::AddCasBackendWizard *add = cas->addWizard();
            QVERIFY(add);
            add->setProvider(CasProvider::Oci);
            add->next();
            add->fieldEdit(CasProvider::Oci, QStringLiteral("repository"))->setText(QStringLiteral("ghcr.io/acme/hyg"));
            add->next();
            add->fieldEdit(CasProvider::Oci, QStringLiteral("username"))->setText(QStringLiteral("robot"));
            add->fieldEdit(CasProvider::Oci, QStringLiteral("password"))->setText(QString::fromLatin1(casPassword));
            add->rememberCheck(CasProvider::Oci)->setChecked(true);
            add->rememberNameEdit(CasProvider::Oci)->setText(QStringLiteral("hyg-robot"));
            add->next();
            add->nameEdit()->setText(QStringLiteral("hyg-oci"));
            add->next();
            QCOMPARE(add->currentId(), int(ui::AddCasBackendWizard::ReviewPage));
            add->next(); // commit
            QTRY_COMPARE_WITH_TIMEOUT(add->currentId(), int(ui::AddCasBackendWizard::DonePage), 15000);
            QTRY_VERIFY_WITH_TIMEOUT(add->doneLabel()->text().contains(QLatin1String("remembered")), 5000);
            add->accept();

            // 4. An onboarding run whose CAS step uses the remembered set, read back from the store.
            const QByteArray csv = "organization,email,role,cas_backend,cas_provider,cas_location,cas_credentials\n"
                                   "hygiene-org,new.member@hygiene.example,member,hyg-store,OCI,ghcr.io/hygiene/cas,"
                                   "hyg-robot\n";
            const auto parsed = parseOnboardingCsv(csv, OnboardingCsvOptions {});
            QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.issues.first().toString()));
            storage::SecretJob *read = keychain.read(casCredentialSetKey(QStringLiteral("hyg-robot")));
            QSignalSpy readDone(read, &storage::SecretJob::finished);
            QVERIFY(readDone.wait(5000));
            QString error;
            const auto credentials = onboardingCredentials(parsed.plan, QStringLiteral("hyg-robot"),
                readDone.first().first().value<storage::SecretResult>().secret, &error);
            QVERIFY2(credentials, qPrintable(error));
            models::OnboardingRunStore runs(db, session.journal(), profile.id, profile.name);
            QVERIFY(runs.begin(parsed.plan).ok());
            api::OnboardingRunnerOptions options;
            options.callerIsUser = true;
            api::OnboardingRunner runner(session.channel(), &runs, parsed.plan, options);
            runner.setCredentialSets({ { QStringLiteral("hyg-robot"), *credentials } });
            QSignalSpy finished(&runner, &api::OnboardingRunner::finished);
            runner.start();
            QVERIFY(finished.wait(60000));
            QVERIFY2(finished.first().first().toBool(), "the onboarding run did not succeed");

            // 5. Sign out: the keychain entry goes, the session closes.
            session.signOut();
            QTRY_COMPARE(session.state(), State::SignedOut);
            QTRY_VERIFY(!keychain.contains(profile.secretKey()));
            // Canaries in the log and in a temporary file, to prove the search reaches them.
            // A named category: qCDebug keeps a reference to it past the full expression.
            const QLoggingCategory testCategory("adm.test");
            qCDebug(testCategory) << "log canary" << canary;
            QFile tmp(QDir::temp().filePath(QStringLiteral("canary.txt")));
            QVERIFY(tmp.open(QIODevice::WriteOnly));
            tmp.write(canary);
            tmp.close();
            settings.sync();
            // While the database is open its WAL holds the latest pages: searched as well.
            openFiles = filesBelow(privateHome());
        }
        qInstallMessageHandler(nullptr);

        // The search: HOME (data, settings, cache, state) and TMPDIR, which both lie below the
        // private home; plus the captured log.
        const QList<QPair<QString, QByteArray>> files = filesBelow(privateHome()) + openFiles;
        QVERIFY2(std::any_of(files.cbegin(), files.cend(),
                     [&](const auto &f) { return f.first == dbPath + QStringLiteral("-wal"); }),
            "the database's WAL was not searched");
        const QByteArray log = capturedLog();
        QStringList searched;
        for (const auto &f : files)
            searched << QDir(privateHome()).relativeFilePath(f.first);
        qInfo("searched %lld files (%s) and %lld bytes of log", qint64(files.size()),
            qPrintable(searched.join(QStringLiteral(", "))), qint64(log.size()));
        // The database, its WAL or journal, the settings file and the temp file are all there...
        QVERIFY2(std::any_of(files.cbegin(), files.cend(), [&](const auto &f) { return f.first == dbPath; }),
            qPrintable(dbPath));
        const QString settingsPath = QSettings().fileName();
        QVERIFY2(std::any_of(files.cbegin(), files.cend(), [&](const auto &f) { return f.first == settingsPath; }),
            qPrintable(settingsPath));
        // ...and the canary is found in each place it was put: database (profile name), settings,
        // temp file, log.
        const QStringList canaryHits = hits(canary, files, log);
        QVERIFY2(
            std::any_of(canaryHits.cbegin(), canaryHits.cend(), [&](const QString &h) { return h.startsWith(dbPath); }),
            qPrintable(canaryHits.join(QLatin1Char('\n'))));
        QVERIFY(canaryHits.contains(settingsPath));
        QVERIFY(canaryHits.contains(QDir::temp().filePath(QStringLiteral("canary.txt"))));
        QVERIFY(std::any_of(canaryHits.cbegin(), canaryHits.cend(),
            [](const QString &h) { return h.startsWith(QLatin1String("log:")); }));
        // The log is verbose: the app's API layer and the transport (Qt's network layer for
        // gRPC-Web, the channel's HTTP/2 connection for native gRPC) spoke at debug level.
        QMap<QByteArray, int> categories;
        for (const QByteArray &line : log.split('\n'))
            ++categories[line.left(line.indexOf(':'))];
        QStringList seen;
        for (auto it = categories.cbegin(); it != categories.cend(); ++it)
            seen << QStringLiteral("%1 (%2)").arg(QString::fromUtf8(it.key())).arg(it.value());
        qInfo("log lines by category: %s", qPrintable(seen.join(QStringLiteral(", "))));
        QVERIFY2(categories.value("adm.api") > 0, "the API log was not captured");
        QVERIFY2(categories.value("qt.network.access") + categories.value("qt.network.http2")
                    + categories.value("adm.api.http2")
                > 0,
            "the network log was not captured");

        for (const auto &[what, secret] : std::as_const(m_secrets)) {
            for (const QByteArray &needle : needlesFor(secret)) {
                const QStringList found = hits(needle, files, log);
                QVERIFY2(found.isEmpty(),
                    qPrintable(QStringLiteral("%1 found in:\n%2").arg(what, found.join(QLatin1Char('\n')))));
            }
        }
        qInfo("%lld secrets searched: %s", qint64(m_secrets.size()), qPrintable([this] {
            QStringList names;
            for (const auto &s : std::as_const(m_secrets))
                names << s.first;
            return names.join(QStringLiteral(", "));
        }()));
    }
};

int main(int argc, char *argv[])
{
    // A private HOME and TMPDIR for everything the app writes, set before Qt reads the environment.
    originalTmp() = qgetenv("TMPDIR");
    originalHome() = qgetenv("HOME");
    QTemporaryDir home;
    privateHome() = QDir(home.path()).canonicalPath();
    const QByteArray root = QFile::encodeName(privateHome());
    qputenv("HOME", root);
    qputenv("TMPDIR", root + "/tmp");
    QDir(privateHome()).mkpath(QStringLiteral("tmp"));
    qputenv("XDG_DATA_HOME", root + "/data");
    qputenv("XDG_CONFIG_HOME", root + "/config");
    qputenv("XDG_CACHE_HOME", root + "/cache");
    qputenv("XDG_STATE_HOME", root + "/state");
    qputenv("QT_LOGGING_RULES", "*.debug=true");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ChainloopAdminTests"));
    QApplication::setApplicationName(QStringLiteral("secret-hygiene"));
    models::EnglishPlurals::install();
    TestSecretHygiene test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_secrethygiene.moc"
