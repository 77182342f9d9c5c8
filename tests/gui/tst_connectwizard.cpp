// SPDX-License-Identifier: Apache-2.0
// The connect wizard driven like a user would, against a real sandbox control plane.
#include "ConnectTestSupport.h"
#include "models/ConnectFlow.h"
#include "storage/ProfileRepository.h"
#include "ui/MessageBoxes.h"
#include "ui/connect/ConnectWizard.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

using namespace adm;
using adm::ui::ConnectWizard;

class TestConnectWizard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void pasteTokenPath();
    void browserLoginPath();
    void wrongAddressKeepsWhatWasTyped();
    void tlsFailureNamesTheProblem();
    void expiredTokenIsRefusedOnTheSignInPage();
    void tokenWithoutExpiryIsWarned();
    void insecureRemoteHostNeedsASecondConfirmation();
    void cancelHalfwayLeavesNothingBehind();
    void cancelWhileSavingLeavesNothingBehind();
    void browserLoginTimesOut();
    void duplicateProfileNameIsNamed();
    void keychainUnavailableOffersSessionOnly();
    void signInAgainReplacesTheToken();

private:
    ConnectWizard *makeWizard(ConnectWizard::Mode mode = ConnectWizard::Mode::NewConnection);
    void enterServer(ConnectWizard *w, const QString &address, bool insecure);
    void clickNext(ConnectWizard *w);
    // With ADM_SCREENSHOT_DIR set, saves the wizard as <dir>/<name>.png (for looking at it).
    static void grab(QWidget *w, const char *name)
    {
        const QString dir = qEnvironmentVariable("ADM_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            w->grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
    }
    // Pages reuse names ("errorLabel"): the current page is searched first.
    template<typename T> T *child(QWidget *w, const char *name)
    {
        T *c = nullptr;
        if (auto *wizard = qobject_cast<QWizard *>(w); wizard && wizard->currentPage())
            c = wizard->currentPage()->findChild<T *>(QLatin1String(name));
        if (!c)
            c = w->findChild<T *>(QLatin1String(name));
        if (!c)
            qFatal("no child %s", name);
        return c;
    }
    QByteArray seededUserToken(const QString &email) const
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
    QPointer<ConnectWizard> m_wizard;
};

void TestConnectWizard::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_sandbox = std::make_unique<test::SandboxProcess>(test::sandboxOptionsWithKey(m_dir));
    QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
}

void TestConnectWizard::init()
{
    m_app = std::make_unique<test::AppFixture>();
    QVERIFY(m_app->open());
    ui::MessageBoxes::clearAnswers();
}

void TestConnectWizard::cleanup()
{
    delete m_wizard;
    m_app.reset();
    QCOMPARE(ui::MessageBoxes::pendingAnswers(), 0);
}

ConnectWizard *TestConnectWizard::makeWizard(ConnectWizard::Mode mode)
{
    m_wizard = new ConnectWizard(*m_app->session, mode);
    m_wizard->show();
    if (!QTest::qWaitForWindowExposed(m_wizard))
        qWarning("wizard not exposed");
    return m_wizard;
}

void TestConnectWizard::enterServer(ConnectWizard *w, const QString &address, bool insecure)
{
    auto *edit = child<QLineEdit>(w, "addressEdit");
    edit->setFocus();
    QTest::keyClicks(edit, address);
    auto *check = child<QCheckBox>(w, "insecureCheck");
    if (check->isChecked() != insecure)
        QTest::mouseClick(check, Qt::LeftButton, {}, QPoint(5, check->height() / 2));
    QCOMPARE(check->isChecked(), insecure);
}

void TestConnectWizard::clickNext(ConnectWizard *w)
{
    QAbstractButton *next = w->button(QWizard::NextButton);
    QVERIFY(next->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);
}

void TestConnectWizard::pasteTokenPath()
{
    ConnectWizard *w = makeWizard();
    QCOMPARE(w->currentId(), int(ConnectWizard::ServerPageId));
    QVERIFY(!w->button(QWizard::NextButton)->isEnabled()); // nothing typed yet
    enterServer(w, m_sandbox->grpcAddress(), true);
    QVERIFY(child<QLabel>(w, "insecureWarning")->isVisible());

    clickNext(w);
    // The check runs asynchronously: Next stays disabled until it is done.
    QVERIFY(!w->button(QWizard::NextButton)->isEnabled());
    grab(w, "1-server-checking");
    QTRY_COMPARE(w->currentId(), int(ConnectWizard::SignInPageId));
    QCOMPARE(ui::MessageBoxes::askedCount(), 0); // loopback: no second confirmation
    QVERIFY(child<QLabel>(w, "serverInfoLabel")->text().contains(QStringLiteral("Chainloop control plane")));

    QTest::mouseClick(child<QRadioButton>(w, "pasteRadio"), Qt::LeftButton, {}, QPoint(5, 5));
    const QByteArray token = m_sandbox->seededTokens()
                                 .value(QStringLiteral("org_tokens"))
                                 .toObject()
                                 .value(QStringLiteral("acme"))
                                 .toString()
                                 .toLatin1();
    QVERIFY(!token.isEmpty());
    QTest::keyClicks(child<QLineEdit>(w, "tokenEdit"), QString::fromLatin1(token));
    const QString claims = child<QLabel>(w, "claimsLabel")->text();
    QVERIFY2(claims.contains(QStringLiteral("Organization API token")), qPrintable(claims));
    QVERIFY(claims.contains(QStringLiteral("acme")));
    // The demo org token never expires: the page says so.
    QVERIFY(child<QLabel>(w, "warningLabel")->isVisible());
    QVERIFY(child<QLabel>(w, "warningLabel")->text().contains(QStringLiteral("never expires")));
    grab(w, "2-signin-paste");

    clickNext(w);
    QCOMPARE(w->currentId(), int(ConnectWizard::VerifyPageId));
    QTRY_VERIFY(w->button(QWizard::NextButton)->isEnabled());
    grab(w, "3-verify-orgtoken");
    QCOMPARE(child<QLabel>(w, "organizationLabel")->text(), QStringLiteral("acme"));
    QVERIFY(child<QLabel>(w, "casBackendLabel")->text().contains(QStringLiteral("s3-primary")));

    clickNext(w);
    QCOMPARE(w->currentId(), int(ConnectWizard::SavePageId));
    auto *name = child<QLineEdit>(w, "nameEdit");
    QVERIFY(!name->text().isEmpty()); // suggested
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("acme ci"));
    grab(w, "4-save");
    QTest::mouseClick(w->button(QWizard::FinishButton), Qt::LeftButton);
    QTRY_VERIFY(!w->isVisible());
    QCOMPARE(w->result(), int(QDialog::Accepted));

    const auto saved = m_app->session->profiles().findByName(QStringLiteral("acme ci"));
    QVERIFY(saved.ok());
    QCOMPARE(saved.value().address, m_sandbox->grpcAddress());
    QVERIFY(saved.value().insecure);
    QCOMPARE(saved.value().tokenKind, JwtClaims::Kind::OrgApiToken);
    QCOMPARE(saved.value().defaultOrganization, QStringLiteral("acme"));
    QVERIFY(m_app->secrets.contains(saved.value().secretKey()));
    QTRY_COMPARE(m_app->session->state(), models::Session::State::Ready);
    QCOMPARE(m_app->session->organization(), QStringLiteral("acme"));
}

void TestConnectWizard::browserLoginPath()
{
    ConnectWizard *w = makeWizard();
    QUrl opened;
    w->setUrlOpener([&opened](const QUrl &url) {
        opened = url;
        return true;
    });
    enterServer(w, m_sandbox->grpcAddress(), true);
    clickNext(w);
    QTRY_COMPARE(w->currentId(), int(ConnectWizard::SignInPageId));
    QVERIFY(child<QRadioButton>(w, "browserRadio")->isChecked());

    QTest::mouseClick(child<QPushButton>(w, "openBrowserButton"), Qt::LeftButton);
    QTRY_VERIFY(opened.isValid());
    QVERIFY(w->flow().isWaitingForBrowser());
    QVERIFY(child<QPushButton>(w, "cancelBrowserButton")->isVisible());
    QVERIFY(!w->button(QWizard::NextButton)->isEnabled());
    grab(w, "5-signin-waiting");
    const QUrlQuery query(opened);
    QCOMPARE(query.queryItemValue(QStringLiteral("long-lived")), QStringLiteral("true"));
    const QUrl callback(query.queryItemValue(QStringLiteral("callback"), QUrl::FullyDecoded));
    QCOMPARE(callback.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(callback.path(), QStringLiteral("/auth/callback"));

    // The test is the browser: sign in as Olivia and follow the redirect back to the app.
    test::FakeBrowser browser;
    const QByteArray page = browser.signIn(opened, QStringLiteral("olivia.owner@acme.example"));
    QVERIFY2(page.contains("close this tab"), page.constData());
    QCOMPARE(browser.finalUrl().port(), callback.port());

    // The token arrived: the wizard moves on to Verify by itself.
    QTRY_COMPARE(w->currentId(), int(ConnectWizard::VerifyPageId));
    QVERIFY(!w->flow().isWaitingForBrowser());
    QTRY_VERIFY(w->button(QWizard::NextButton)->isEnabled());
    QVERIFY(child<QLabel>(w, "userLabel")->text().contains(QStringLiteral("olivia.owner@acme.example")));
    QCOMPARE(child<QLabel>(w, "instanceAdminLabel")->text(), QStringLiteral("no"));
    QCOMPARE(child<QLabel>(w, "organizationLabel")->text(), QStringLiteral("acme"));
    QCOMPARE(child<QLabel>(w, "roleLabel")->text(), roleDisplayName(Role::Owner));
    QVERIFY(!child<QLabel>(w, "expiryLabel")->text().contains(QStringLiteral("never")));
    const auto claims = w->flow().claims();
    QVERIFY(claims);
    QCOMPARE(claims->kind, JwtClaims::Kind::User);
    // long-lived=true: about a week, not the 10 seconds meant for the web UI.
    QVERIFY(claims->expiresAt > QDateTime::currentDateTimeUtc().addDays(6));
    grab(w, "6-verify-user");

    clickNext(w);
    QTest::mouseClick(w->button(QWizard::FinishButton), Qt::LeftButton);
    QTRY_VERIFY(!w->isVisible());
    QTRY_COMPARE(m_app->session->state(), models::Session::State::Ready);
    QCOMPARE(m_app->session->identity().role, std::optional(Role::Owner));
    QTRY_VERIFY(m_app->session->organizations().contains(QStringLiteral("globex")));
}

void TestConnectWizard::wrongAddressKeepsWhatWasTyped()
{
    // A port nobody listens on: take a free one and close it again.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(probe.serverPort());
    probe.close();

    ConnectWizard *w = makeWizard();
    enterServer(w, address, true);
    clickNext(w);
    auto *error = child<QLabel>(w, "errorLabel");
    QTRY_VERIFY(error->isVisible());
    QCOMPARE(w->currentId(), int(ConnectWizard::ServerPageId));
    QVERIFY2(error->text().startsWith(QStringLiteral("Address:")), qPrintable(error->text()));
    QVERIFY2(error->text().contains(QStringLiteral("refused"), Qt::CaseInsensitive), qPrintable(error->text()));
    grab(w, "7-server-refused");
    QCOMPARE(child<QLineEdit>(w, "addressEdit")->text(), address);
    QVERIFY(child<QCheckBox>(w, "insecureCheck")->isChecked());
    QVERIFY(w->button(QWizard::NextButton)->isEnabled()); // free to fix and retry

    // Fixing the address and retrying works without retyping anything else.
    auto *edit = child<QLineEdit>(w, "addressEdit");
    edit->selectAll();
    QTest::keyClicks(edit, m_sandbox->grpcAddress());
    clickNext(w);
    QTRY_COMPARE(w->currentId(), int(ConnectWizard::SignInPageId));
    // Back keeps the address.
    QTest::mouseClick(w->button(QWizard::BackButton), Qt::LeftButton);
    QCOMPARE(child<QLineEdit>(w, "addressEdit")->text(), m_sandbox->grpcAddress());
}

void TestConnectWizard::tlsFailureNamesTheProblem()
{
    // A server that accepts TCP and then closes without a TLS handshake.
    QTcpServer closer;
    QVERIFY(closer.listen(QHostAddress::LocalHost, 0));
    connect(&closer, &QTcpServer::newConnection, &closer, [&closer]() {
        while (QTcpSocket *s = closer.nextPendingConnection()) {
            s->write("this is not TLS\r\n");
            s->disconnectFromHost();
        }
    });

    ConnectWizard *w = makeWizard();
    enterServer(w, QStringLiteral("https://127.0.0.1:%1").arg(closer.serverPort()), false);
    clickNext(w);
    auto *error = child<QLabel>(w, "errorLabel");
    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 15000);
    QVERIFY2(error->text().contains(QStringLiteral("TLS"), Qt::CaseInsensitive), qPrintable(error->text()));
    QCOMPARE(w->currentId(), int(ConnectWizard::ServerPageId));
    grab(w, "8-server-tls");

    // The sandbox's cleartext gRPC port spoken to with TLS fails the handshake too.
    auto *edit = child<QLineEdit>(w, "addressEdit");
    edit->selectAll();
    QTest::keyClicks(edit, QStringLiteral("https://%1").arg(m_sandbox->grpcAddress()));
    clickNext(w);
    QTRY_VERIFY_WITH_TIMEOUT(!w->flow().isBusy() && error->isVisible(), 15000);
    QVERIFY2(error->text().contains(QStringLiteral("TLS"), Qt::CaseInsensitive), qPrintable(error->text()));
}

void TestConnectWizard::expiredTokenIsRefusedOnTheSignInPage()
{
    const QString userId = test::userIdOf(seededUserToken(QStringLiteral("adam.admin@acme.example")));
    QVERIFY(!userId.isEmpty());
    const QByteArray expired = test::mintUserToken(userId, QDateTime::currentDateTimeUtc().addSecs(-3600));

    ConnectWizard *w = makeWizard();
    enterServer(w, m_sandbox->grpcAddress(), true);
    clickNext(w);
    QTRY_COMPARE(w->currentId(), int(ConnectWizard::SignInPageId));
    QTest::mouseClick(child<QRadioButton>(w, "pasteRadio"), Qt::LeftButton, {}, QPoint(5, 5));
    QTest::keyClicks(child<QLineEdit>(w, "tokenEdit"), QString::fromLatin1(expired));
    auto *warning = child<QLabel>(w, "warningLabel");
    QVERIFY(warning->isVisible());
    QVERIFY2(warning->text().contains(QStringLiteral("expired")), qPrintable(warning->text()));
    clickNext(w);
    QCOMPARE(w->currentId(), int(ConnectWizard::SignInPageId));
    auto *error = child<QLabel>(w, "errorLabel");
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().startsWith(QStringLiteral("Token:")), qPrintable(error->text()));
    QVERIFY(error->text().contains(QStringLiteral("expired")));
    grab(w, "9-signin-expired");

    // Were it sent anyway, the server refuses it and the flow says why.
    QSignalSpy failed(&w->flow(), &models::ConnectFlow::verifyFailed);
    w->flow().verify();
    QVERIFY(failed.wait(10000));
    QVERIFY2(
        failed.at(0).at(0).toString().contains(QStringLiteral("expired")), qPrintable(failed.at(0).at(0).toString()));
}

void TestConnectWizard::tokenWithoutExpiryIsWarned()
{
    ConnectWizard *w = makeWizard();
    enterServer(w, m_sandbox->grpcAddress(), true);
    clickNext(w);
    QTRY_COMPARE(w->currentId(), int(ConnectWizard::SignInPageId));
    QTest::mouseClick(child<QRadioButton>(w, "pasteRadio"), Qt::LeftButton, {}, QPoint(5, 5));
    const QByteArray token = m_sandbox->seededTokens().value(QStringLiteral("instance_token")).toString().toLatin1();
    QTest::keyClicks(child<QLineEdit>(w, "tokenEdit"), QString::fromLatin1(token));
    QVERIFY(child<QLabel>(w, "claimsLabel")->text().contains(QStringLiteral("Instance API token")));
    QVERIFY(child<QLabel>(w, "warningLabel")->text().contains(QStringLiteral("never expires")));
    clickNext(w);
    QTRY_VERIFY(w->button(QWizard::NextButton)->isEnabled());
    QVERIFY(child<QLabel>(w, "organizationLabel")->text().contains(QStringLiteral("add organizations")));

    // Garbage in the field is named, and Next stays off.
    auto *edit = child<QLineEdit>(w, "tokenEdit");
    QTest::mouseClick(w->button(QWizard::BackButton), Qt::LeftButton);
    QCOMPARE(edit->text(), QString::fromLatin1(token)); // kept
    edit->selectAll();
    QTest::keyClicks(edit, QStringLiteral("not-a-token"));
    QVERIFY(child<QLabel>(w, "errorLabel")->text().startsWith(QStringLiteral("Token:")));
    QVERIFY(!w->button(QWizard::NextButton)->isEnabled());
}

void TestConnectWizard::insecureRemoteHostNeedsASecondConfirmation()
{
    ConnectWizard *w = makeWizard();
    enterServer(w, QStringLiteral("cp.example.invalid:9000"), true);
    ui::MessageBoxes::setNextAnswer(QMessageBox::No);
    clickNext(w);
    QCOMPARE(ui::MessageBoxes::askedCount(), 1);
    QVERIFY(ui::MessageBoxes::lastText().contains(QStringLiteral("cp.example.invalid")));
    auto *error = child<QLabel>(w, "errorLabel");
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().startsWith(QStringLiteral("Insecure:")), qPrintable(error->text()));
    QVERIFY(!w->flow().isBusy()); // nothing was sent

    // Confirmed: the check runs (and fails: the host does not exist), and is not asked again.
    ui::MessageBoxes::setNextAnswer(QMessageBox::Yes);
    clickNext(w);
    QCOMPARE(ui::MessageBoxes::askedCount(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(!w->flow().isBusy() && error->text().startsWith(QStringLiteral("Address:")), 20000);
    clickNext(w);
    QCOMPARE(ui::MessageBoxes::askedCount(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(!w->flow().isBusy(), 20000);
}

void TestConnectWizard::cancelHalfwayLeavesNothingBehind()
{
    ConnectWizard *w = makeWizard();
    QUrl opened;
    w->setUrlOpener([&opened](const QUrl &url) {
        opened = url;
        return true;
    });
    enterServer(w, m_sandbox->grpcAddress(), true);
    clickNext(w);
    QTRY_COMPARE(w->currentId(), int(ConnectWizard::SignInPageId));
    QTest::mouseClick(child<QPushButton>(w, "openBrowserButton"), Qt::LeftButton);
    QTRY_VERIFY(opened.isValid());
    const QUrl callback(QUrlQuery(opened).queryItemValue(QStringLiteral("callback"), QUrl::FullyDecoded));

    QTest::mouseClick(w->button(QWizard::CancelButton), Qt::LeftButton);
    QVERIFY(!w->isVisible());
    QCOMPARE(w->result(), int(QDialog::Rejected));
    QVERIFY(!w->flow().isWaitingForBrowser());
    QVERIFY(!w->flow().hasToken());
    // The loopback port is closed: a late browser finds nobody.
    QTcpSocket late;
    late.connectToHost(QHostAddress::LocalHost, quint16(callback.port()));
    QVERIFY(!late.waitForConnected(2000));
    QVERIFY(m_app->session->profiles().list().value().isEmpty());
    QCOMPARE(m_app->secrets.size(), 0);
    QCOMPARE(m_app->session->state(), models::Session::State::SignedOut);
}

void TestConnectWizard::cancelWhileSavingLeavesNothingBehind()
{
    m_app->secrets.setDelay(1000); // a keychain that takes its time (an unlock prompt, say)
    ConnectWizard *w = makeWizard();
    enterServer(w, m_sandbox->grpcAddress(), true);
    clickNext(w);
    QTRY_COMPARE(w->currentId(), int(ConnectWizard::SignInPageId));
    QTest::mouseClick(child<QRadioButton>(w, "pasteRadio"), Qt::LeftButton, {}, QPoint(5, 5));
    QTest::keyClicks(child<QLineEdit>(w, "tokenEdit"),
        QString::fromLatin1(seededUserToken(QStringLiteral("vera.viewer@acme.example"))));
    clickNext(w);
    QTRY_VERIFY(w->button(QWizard::NextButton)->isEnabled());
    clickNext(w);
    QTest::mouseClick(w->button(QWizard::FinishButton), Qt::LeftButton);
    QVERIFY(w->flow().isBusy());
    QVERIFY(!w->button(QWizard::FinishButton)->isEnabled());
    QCOMPARE(m_app->session->profiles().list().value().size(), 1); // the row, waiting for its secret
    QTest::mouseClick(w->button(QWizard::CancelButton), Qt::LeftButton);
    QVERIFY(!w->isVisible());
    QVERIFY(m_app->session->profiles().list().value().isEmpty());
    // The late write is undone by the remove queued after it. A read queued now finishes after
    // both (same delay, later start), so when it answers, the store has its final state.
    QSignalSpy last(m_app->secrets.read(QStringLiteral("probe/none")), &storage::SecretJob::finished);
    QVERIFY(last.wait(10000));
    QCOMPARE(m_app->secrets.size(), 0);
    QCOMPARE(m_app->session->state(), models::Session::State::SignedOut);
}

void TestConnectWizard::browserLoginTimesOut()
{
    ConnectWizard *w = makeWizard();
    w->setUrlOpener([](const QUrl &) { return true; });
    w->flow().setBrowserLoginTimeout(std::chrono::milliseconds(300));
    enterServer(w, m_sandbox->grpcAddress(), true);
    clickNext(w);
    QTRY_COMPARE(w->currentId(), int(ConnectWizard::SignInPageId));
    QTest::mouseClick(child<QPushButton>(w, "openBrowserButton"), Qt::LeftButton);
    auto *error = child<QLabel>(w, "errorLabel");
    QTRY_VERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("No answer from the browser")), qPrintable(error->text()));
    QVERIFY(child<QPushButton>(w, "openBrowserButton")->isEnabled());
    QVERIFY(!w->flow().isWaitingForBrowser());

    // And the user's own "stop waiting" works the same way.
    w->flow().setBrowserLoginTimeout(std::chrono::minutes(5));
    QTest::mouseClick(child<QPushButton>(w, "openBrowserButton"), Qt::LeftButton);
    QVERIFY(w->flow().isWaitingForBrowser());
    QTest::mouseClick(child<QPushButton>(w, "cancelBrowserButton"), Qt::LeftButton);
    QVERIFY(!w->flow().isWaitingForBrowser());
    QVERIFY(error->text().contains(QStringLiteral("Stopped waiting")));
}

void TestConnectWizard::duplicateProfileNameIsNamed()
{
    storage::Profile existing;
    existing.name = QStringLiteral("taken");
    existing.address = m_sandbox->grpcAddress();
    existing.insecure = true;
    QVERIFY(m_app->session->profiles().save(existing).ok());

    ConnectWizard *w = makeWizard();
    enterServer(w, m_sandbox->grpcAddress(), true);
    clickNext(w);
    QTRY_COMPARE(w->currentId(), int(ConnectWizard::SignInPageId));
    QTest::mouseClick(child<QRadioButton>(w, "pasteRadio"), Qt::LeftButton, {}, QPoint(5, 5));
    QTest::keyClicks(child<QLineEdit>(w, "tokenEdit"),
        QString::fromLatin1(seededUserToken(QStringLiteral("vera.viewer@acme.example"))));
    clickNext(w);
    QTRY_VERIFY(w->button(QWizard::NextButton)->isEnabled());
    clickNext(w);
    auto *name = child<QLineEdit>(w, "nameEdit");
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("TAKEN"));
    QTest::mouseClick(w->button(QWizard::FinishButton), Qt::LeftButton);
    auto *error = child<QLabel>(w, "errorLabel");
    QTRY_VERIFY(error->isVisible() && w->currentId() == ConnectWizard::SavePageId);
    QVERIFY2(error->text().startsWith(QStringLiteral("Profile name:")), qPrintable(error->text()));
    QVERIFY(w->isVisible());
    QCOMPARE(name->text(), QStringLiteral("TAKEN"));
    QCOMPARE(m_app->secrets.size(), 0);

    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("vera"));
    QTest::mouseClick(w->button(QWizard::FinishButton), Qt::LeftButton);
    QTRY_VERIFY(!w->isVisible());
    QCOMPARE(m_app->secrets.size(), 1);
}

void TestConnectWizard::keychainUnavailableOffersSessionOnly()
{
    test::BrokenKeychain keychain;
    m_app->session->setSecretStore(keychain);
    ConnectWizard *w = makeWizard();
    enterServer(w, m_sandbox->grpcAddress(), true);
    clickNext(w);
    QTRY_COMPARE(w->currentId(), int(ConnectWizard::SignInPageId));
    QTest::mouseClick(child<QRadioButton>(w, "pasteRadio"), Qt::LeftButton, {}, QPoint(5, 5));
    QTest::keyClicks(child<QLineEdit>(w, "tokenEdit"),
        QString::fromLatin1(seededUserToken(QStringLiteral("mike.member@acme.example"))));
    clickNext(w);
    QTRY_VERIFY(w->button(QWizard::NextButton)->isEnabled());
    clickNext(w);
    QTest::mouseClick(w->button(QWizard::FinishButton), Qt::LeftButton);
    auto *error = child<QLabel>(w, "errorLabel");
    QTRY_VERIFY(error->isVisible());
    QVERIFY2(error->text().startsWith(QStringLiteral("Keychain:")), qPrintable(error->text()));
    auto *sessionOnly = child<QPushButton>(w, "sessionOnlyButton");
    QVERIFY(sessionOnly->isVisible());
    grab(w, "10-save-keychain");
    QVERIFY(m_app->session->profiles().list().value().isEmpty()); // no profile without its token

    QTest::mouseClick(sessionOnly, Qt::LeftButton);
    QTRY_VERIFY(!w->isVisible());
    QVERIFY(m_app->session->isSessionOnly());
    QCOMPARE(m_app->secrets.size(), 0); // the failing store got nothing
    QTRY_COMPARE(m_app->session->state(), models::Session::State::Ready);
    QCOMPARE(m_app->session->profiles().list().value().size(), 1);
}

void TestConnectWizard::signInAgainReplacesTheToken()
{
    // A saved profile whose stored token has expired: the session asks for a sign-in.
    const QString userId = test::userIdOf(seededUserToken(QStringLiteral("carla.contributor@acme.example")));
    storage::Profile profile;
    profile.name = QStringLiteral("carla");
    profile.address = m_sandbox->grpcAddress();
    profile.insecure = true;
    profile.tokenKind = JwtClaims::Kind::User;
    QVERIFY(m_app->session->profiles().save(profile).ok());
    QSignalSpy written(m_app->secrets.write(profile.secretKey(),
                           test::mintUserToken(userId, QDateTime::currentDateTimeUtc().addSecs(-60))),
        &storage::SecretJob::finished);
    QVERIFY(written.wait());
    QSignalSpy signIn(m_app->session.get(), &models::Session::signInRequired);
    m_app->session->open(profile);
    QTRY_COMPARE(m_app->session->state(), models::Session::State::NeedsSignIn);
    QCOMPARE(signIn.size(), 1);

    ConnectWizard *w = makeWizard(ConnectWizard::Mode::SignInAgain);
    QUrl opened;
    w->setUrlOpener([&opened](const QUrl &url) {
        opened = url;
        return true;
    });
    QCOMPARE(w->currentId(), int(ConnectWizard::SignInPageId));
    // The session never reached the server with its expired token; the page asks for the
    // login URL itself and then offers the browser.
    QTRY_VERIFY(child<QRadioButton>(w, "browserRadio")->isEnabled());
    QTest::mouseClick(child<QRadioButton>(w, "browserRadio"), Qt::LeftButton, {}, QPoint(5, 5));
    QTest::mouseClick(child<QPushButton>(w, "openBrowserButton"), Qt::LeftButton);
    QTRY_VERIFY(opened.isValid());
    test::FakeBrowser browser;
    QVERIFY(browser.signIn(opened, QStringLiteral("carla.contributor@acme.example")).contains("close this tab"));
    QTRY_COMPARE(w->currentId(), int(ConnectWizard::VerifyPageId));
    QTRY_VERIFY(w->button(QWizard::FinishButton)->isEnabled());
    QTest::mouseClick(w->button(QWizard::FinishButton), Qt::LeftButton);
    QTRY_VERIFY(!w->isVisible());
    QTRY_COMPARE(m_app->session->state(), models::Session::State::Ready);
    QCOMPARE(m_app->session->profile().id, profile.id);
    QVERIFY(m_app->session->tokenExpiresAt() > QDateTime::currentDateTimeUtc().addDays(6));
    // The new token replaced the old one in the store.
    QSignalSpy read(m_app->secrets.read(profile.secretKey()), &storage::SecretJob::finished);
    QVERIFY(read.wait());
    const auto result = read.at(0).at(0).value<storage::SecretResult>();
    QVERIFY(result.ok());
    QVERIFY(parseJwtClaims(QString::fromLatin1(result.secret)).claims->expiresAt > QDateTime::currentDateTimeUtc());
}

QTEST_MAIN(TestConnectWizard)
#include "tst_connectwizard.moc"
