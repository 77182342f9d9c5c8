// SPDX-License-Identifier: Apache-2.0
// Leak test: after full wizard runs (browser login and pasted token) and a session of work, the
// token's bytes must appear nowhere: not in the data folder (SQLite and its WAL), not in the
// settings, not in anything the app logged, with every logging category on (debug included).
#include "ConnectTestSupport.h"
#include "SecretSearch.h"
#include "storage/ProfileRepository.h"
#include "ui/MessageBoxes.h"
#include "ui/connect/ConnectWizard.h"
#include "ui/session/OrganizationPicker.h"
#include "ui/session/ProfilePicker.h"
#include "ui/session/ProfilesDialog.h"
#include "ui/session/SignInPrompt.h"

#include <QApplication>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMainWindow>
#include <QMutex>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStandardPaths>

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

} // namespace

class TestConnectWizardLeak : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void noTokenBytesAnywhere();

private:
    QByteArray runWizardWithBrowser(models::Session &session, storage::MemorySecretStore &secrets);
    QByteArray runWizardWithPaste(
        models::Session &session, storage::MemorySecretStore &secrets, const QByteArray &token);

    QTemporaryDir m_dir;
    std::unique_ptr<test::SandboxProcess> m_sandbox;
};

void TestConnectWizardLeak::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_sandbox = std::make_unique<test::SandboxProcess>(test::sandboxOptionsWithKey(m_dir));
    QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
    // From here on, everything the process logs is captured (and nothing is filtered out).
    QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true\n*.info=true"));
    qInstallMessageHandler(captureMessage);
}

void TestConnectWizardLeak::cleanupTestCase()
{
    qInstallMessageHandler(nullptr);
}

QByteArray TestConnectWizardLeak::runWizardWithBrowser(models::Session &session, storage::MemorySecretStore &secrets)
{
    auto *w = new ui::ConnectWizard(session);
    w->setAttribute(Qt::WA_DeleteOnClose);
    QUrl opened;
    w->setUrlOpener([&opened](const QUrl &url) {
        opened = url;
        return true;
    });
    w->show();
    QTest::keyClicks(w->findChild<QLineEdit *>(QStringLiteral("addressEdit")), m_sandbox->grpcAddress());
    w->findChild<QAbstractButton *>(QStringLiteral("insecureCheck"))->click();
    QTest::mouseClick(w->button(QWizard::NextButton), Qt::LeftButton);
    if (!QTest::qWaitFor([w]() { return w->currentId() == ui::ConnectWizard::SignInPageId; }, 10000))
        return {};
    QTest::mouseClick(w->findChild<QPushButton *>(QStringLiteral("openBrowserButton")), Qt::LeftButton);
    if (!QTest::qWaitFor([&opened]() { return opened.isValid(); }, 5000))
        return {};
    test::FakeBrowser browser;
    if (!browser.signIn(opened, QStringLiteral("olivia.owner@acme.example")).contains("close this tab"))
        return {};
    if (!QTest::qWaitFor(
            [w]() {
                return w->currentId() == ui::ConnectWizard::VerifyPageId && w->button(QWizard::NextButton)->isEnabled();
            },
            10000))
        return {};
    QTest::mouseClick(w->button(QWizard::NextButton), Qt::LeftButton);
    auto *name = w->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("olivia"));
    QTest::mouseClick(w->button(QWizard::FinishButton), Qt::LeftButton);
    if (!QTest::qWaitFor([&session]() { return session.state() == State::Ready; }, 10000))
        return {};
    // The token as the app stored it.
    QSignalSpy read(secrets.read(session.profile().secretKey()), &storage::SecretJob::finished);
    if (!read.wait())
        return {};
    return read.at(0).at(0).value<storage::SecretResult>().secret;
}

QByteArray TestConnectWizardLeak::runWizardWithPaste(
    models::Session &session, storage::MemorySecretStore &, const QByteArray &token)
{
    auto *w = new ui::ConnectWizard(session);
    w->setAttribute(Qt::WA_DeleteOnClose);
    w->show();
    QTest::keyClicks(w->findChild<QLineEdit *>(QStringLiteral("addressEdit")), m_sandbox->grpcAddress());
    w->findChild<QAbstractButton *>(QStringLiteral("insecureCheck"))->click();
    QTest::mouseClick(w->button(QWizard::NextButton), Qt::LeftButton);
    if (!QTest::qWaitFor([w]() { return w->currentId() == ui::ConnectWizard::SignInPageId; }, 10000))
        return {};
    w->findChild<QRadioButton *>(QStringLiteral("pasteRadio"))->click();
    QTest::keyClicks(w->findChild<QLineEdit *>(QStringLiteral("tokenEdit")), QString::fromLatin1(token));
    QTest::mouseClick(w->button(QWizard::NextButton), Qt::LeftButton);
    if (!QTest::qWaitFor([w]() { return w->button(QWizard::NextButton)->isEnabled(); }, 10000))
        return {};
    QTest::mouseClick(w->button(QWizard::NextButton), Qt::LeftButton);
    QTest::mouseClick(w->button(QWizard::FinishButton), Qt::LeftButton);
    if (!QTest::qWaitFor([&session]() { return session.state() == State::Ready; }, 10000))
        return {};
    return token;
}

void TestConnectWizardLeak::noTokenBytesAnywhere()
{
    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QVERIFY2(dataDir.startsWith(QDir::tempPath()) || dataDir.contains(QStringLiteral(".qttest")), qPrintable(dataDir));
    QList<QByteArray> secrets;
    {
        storage::Database db;
        QVERIFY(db.open(storage::Database::defaultPath()).ok());
        QVERIFY(db.path().startsWith(dataDir));
        storage::MemorySecretStore store;
        models::Session session(db, store);
        QSettings settings;
        settings.setValue(QStringLiteral("test/marker"), true); // make sure the settings file exists
        QMainWindow window;
        window.setObjectName(QStringLiteral("leakWindow"));
        auto *profiles = new ui::ProfilePicker(session, &window);
        auto *orgs = new ui::OrganizationPicker(session, &window);
        window.setMenuWidget(profiles);
        window.setCentralWidget(orgs);
        window.show();
        ui::SignInPrompt::attach(session, &window);

        // 1. Browser login for a user.
        const QByteArray userToken = runWizardWithBrowser(session, store);
        QVERIFY(!userToken.isEmpty());
        secrets.append(userToken);
        // A session of work: organizations, switching, the journal, errors, reconnects.
        QTRY_COMPARE(session.organizations().size(), 2);
        QTest::keyClick(orgs, Qt::Key_Down);
        QTest::keyClick(orgs, Qt::Key_Up);
        session.refreshOrganizations();
        session.recordActivity(QStringLiteral("org.switch"), session.organization());
        session.reportError(api::ApiError::fromStatus(api::StatusCode::PermissionDenied, QStringLiteral("denied"), {},
            "/controlplane.v1.OrganizationService/Update"));
        session.reconnect();
        QTRY_COMPARE(session.state(), State::Ready);
        auto *dialog = ui::ProfilesDialog::openFor(session, &window);
        QTRY_VERIFY(dialog->isVisible());
        dialog->close();

        // 2. A pasted organization token, then back to the first profile (read from the store).
        const QByteArray orgToken = m_sandbox->seededTokens()
                                        .value(QStringLiteral("org_tokens"))
                                        .toObject()
                                        .value(QStringLiteral("globex"))
                                        .toString()
                                        .toLatin1();
        QVERIFY(!runWizardWithPaste(session, store, orgToken).isEmpty());
        secrets.append(orgToken);
        session.open(session.profiles().findByName(QStringLiteral("olivia")).value());
        QTRY_COMPARE(session.state(), State::Ready);

        // 3. The user token expires (as the server sees it): the sign-in prompt, then a new token.
        session.reportError(api::ApiError::fromStatus(
            api::StatusCode::Unauthenticated, QStringLiteral("expired"), {}, "/controlplane.v1.APITokenService/List"));
        QTRY_VERIFY(ui::SignInPrompt::current());
        const QByteArray fresh
            = test::mintUserToken(test::userIdOf(userToken), QDateTime::currentDateTimeUtc().addDays(3));
        secrets.append(fresh);
        auto *edit = ui::SignInPrompt::current()->findChild<QLineEdit *>(QStringLiteral("signInTokenEdit"));
        QTest::keyClicks(edit, QString::fromLatin1(fresh));
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_COMPARE(session.state(), State::Ready);
        settings.sync();
        session.close();
    }
    qInstallMessageHandler(nullptr);

    const QString configDir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    const QString genericConfig = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    const QString cacheDir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    QList<QPair<QString, QByteArray>> files = filesBelow(dataDir) + filesBelow(configDir) + filesBelow(cacheDir);
    for (const auto &f : filesBelow(genericConfig)) {
        if (!files.contains(f))
            files.append(f);
    }
    QVERIFY2(!files.isEmpty(), "nothing was written: the search would prove nothing");
    // Positive controls: the search sees what the app did write (the profile's name and address
    // in the database, the session's and the network's log lines).
    bool sawDatabase = false;
    for (const auto &f : std::as_const(files)) {
        if (f.first.endsWith(QStringLiteral(".sqlite"))) {
            sawDatabase = true;
            QVERIFY(f.second.contains("olivia"));
            QVERIFY(f.second.contains(m_sandbox->grpcAddress().toLatin1()));
        }
    }
    QVERIFY(sawDatabase);
    const QByteArray log = capturedLog();
    QVERIFY2(log.contains("adm.session"), "the session's log was not captured");
    // The transport's own debug log: Qt's (QNAM, sockets) or, for native gRPC, the channel's
    // HTTP/2 connection.
    QVERIFY2(log.contains("qt.network") || log.contains("adm.api.http2"), "the network debug log was not captured");
    qDebug("searched %lld files and %lld bytes of log", qint64(files.size()), qint64(log.size()));

    for (const QByteArray &token : std::as_const(secrets)) {
        for (const QByteArray &needle : needlesFor(token)) {
            // SQLite may store text as UTF-16 too.
            const QString wide = QString::fromLatin1(needle);
            const QByteArray utf16(reinterpret_cast<const char *>(wide.utf16()), wide.size() * 2);
            for (const auto &f : std::as_const(files)) {
                QVERIFY2(!f.second.contains(needle), qPrintable(QStringLiteral("token bytes in %1").arg(f.first)));
                QVERIFY2(
                    !f.second.contains(utf16), qPrintable(QStringLiteral("token bytes (UTF-16) in %1").arg(f.first)));
            }
            const qsizetype at = log.indexOf(needle);
            QVERIFY2(at < 0, log.mid(std::max<qsizetype>(0, at - 200), 300).constData());
        }
    }
}

int main(int argc, char *argv[])
{
    // A private home for everything the app writes, set before Qt reads the environment.
    QTemporaryDir home;
    qputenv("XDG_DATA_HOME", QFile::encodeName(home.filePath(QStringLiteral("data"))));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home.filePath(QStringLiteral("config"))));
    qputenv("XDG_CACHE_HOME", QFile::encodeName(home.filePath(QStringLiteral("cache"))));
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ChainloopAdminTests"));
    QApplication::setApplicationName(QStringLiteral("leak-test"));
    TestConnectWizardLeak test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_connectwizard_leak.moc"
