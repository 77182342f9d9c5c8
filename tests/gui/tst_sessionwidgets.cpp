// SPDX-License-Identifier: Apache-2.0
// Profile and organization pickers, the profiles dialog, the sign-in prompt and the keychain
// notice, driven like a user would against a sandbox.
#include "ConnectTestSupport.h"
#include "storage/ProfileRepository.h"
#include "ui/MessageBoxes.h"
#include "ui/session/KeychainUnavailableNotice.h"
#include "ui/session/OrganizationPicker.h"
#include "ui/session/ProfilePicker.h"
#include "ui/session/ProfilesDialog.h"
#include "ui/session/SignInPrompt.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMainWindow>
#include <QPushButton>

using namespace adm;
using State = models::Session::State;

using adm::test::BrokenKeychain;

namespace {
// With ADM_SCREENSHOT_DIR set, saves the widget as <dir>/<name>.png (for looking at it).
void grab(QWidget *w, const char *name)
{
    const QString dir = qEnvironmentVariable("ADM_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        w->grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
}
} // namespace

class TestSessionWidgets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void profilePickerOpensProfilesAndShowsExpiry();
    void organizationPickerSwitchesInstantly();
    void instanceTokenAddsOrganizationByName();
    void signInPromptAppearsOnceAndTakesAPastedToken();
    void profilesDialogEditsSignsOutAndDeletes();
    void keychainUnavailableOffersSessionOnlyAtStartup();
    void unreadableTokenOffersSessionOnlyAtStartup();
    void readableTokenOpensWithoutProbingTheKeychain();

private:
    storage::Profile saveProfile(const QString &name, const QByteArray &token);
    QByteArray userToken(const QString &email) const
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
    std::unique_ptr<QMainWindow> m_window;
};

void TestSessionWidgets::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_sandbox = std::make_unique<test::SandboxProcess>(test::sandboxOptionsWithKey(m_dir));
    QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
}

void TestSessionWidgets::init()
{
    m_app = std::make_unique<test::AppFixture>();
    QVERIFY(m_app->open());
    m_window = std::make_unique<QMainWindow>();
    m_window->setObjectName(QStringLiteral("testWindow"));
    m_window->resize(800, 200);
    ui::MessageBoxes::clearAnswers();
}

void TestSessionWidgets::cleanup()
{
    m_window.reset();
    m_app.reset();
    QCOMPARE(ui::MessageBoxes::pendingAnswers(), 0);
}

storage::Profile TestSessionWidgets::saveProfile(const QString &name, const QByteArray &token)
{
    storage::Profile p;
    p.name = name;
    p.address = m_sandbox->grpcAddress();
    p.insecure = true;
    if (const auto claims = parseJwtClaims(QString::fromLatin1(token)).claims)
        p.tokenKind = claims->kind;
    if (!m_app->session->profiles().save(p).ok())
        qFatal("profile not saved");
    QSignalSpy written(m_app->secrets.write(p.secretKey(), token), &storage::SecretJob::finished);
    if (!written.wait())
        qFatal("secret not written");
    return p;
}

void TestSessionWidgets::profilePickerOpensProfilesAndShowsExpiry()
{
    const auto olivia = saveProfile(QStringLiteral("olivia"), userToken(QStringLiteral("olivia.owner@acme.example")));
    const auto vera = saveProfile(QStringLiteral("vera"), userToken(QStringLiteral("vera.viewer@acme.example")));
    auto *picker = new ui::ProfilePicker(*m_app->session, m_window.get());
    m_window->setCentralWidget(picker);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(picker->currentIndex(), -1); // nothing open
    QCOMPARE(picker->findText(QStringLiteral("olivia")) >= 0, true);
    QVERIFY(picker->findText(QStringLiteral("New connection…")) >= 0);

    m_app->session->open(olivia);
    QTRY_COMPARE(m_app->session->state(), State::Ready);
    QTRY_VERIFY(picker->currentText().startsWith(QStringLiteral("olivia (expires in")));
    grab(m_window.get(), "w1-profile-picker");

    // Keyboard: the next entry is the other profile.
    picker->setFocus();
    const int before = picker->currentIndex();
    QTest::keyClick(picker, before == 0 ? Qt::Key_Down : Qt::Key_Up);
    QTRY_COMPARE(m_app->session->profile().id, vera.id);
    QTRY_COMPARE(m_app->session->state(), State::Ready);
    QTRY_VERIFY(picker->currentText().startsWith(QStringLiteral("vera")));

    QSignalSpy newConnection(picker, &ui::ProfilePicker::newConnectionRequested);
    Q_EMIT picker->activated(picker->findText(QStringLiteral("New connection…")));
    QCOMPARE(newConnection.size(), 1);
    QVERIFY(picker->currentText().startsWith(QStringLiteral("vera"))); // selection stays on the open profile
}

void TestSessionWidgets::organizationPickerSwitchesInstantly()
{
    const auto olivia = saveProfile(QStringLiteral("olivia"), userToken(QStringLiteral("olivia.owner@acme.example")));
    auto *picker = new ui::OrganizationPicker(*m_app->session, m_window.get());
    m_window->setCentralWidget(picker);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(!picker->isEnabled());
    m_app->session->open(olivia);
    QTRY_COMPARE(picker->count(), 2);
    m_app->session->setOrganization(QStringLiteral("acme"));
    QCOMPARE(picker->currentText(), QStringLiteral("acme"));
    QVERIFY(picker->findText(QStringLiteral("Add organization by name…")) < 0); // users list memberships

    picker->setFocus();
    QSignalSpy changed(m_app->session.get(), &models::Session::organizationChanged);
    QTest::keyClick(picker, Qt::Key_Down);
    QCOMPARE(changed.size(), 1); // synchronous
    QCOMPARE(m_app->session->organization(), QStringLiteral("globex"));
    QCOMPARE(picker->currentText(), QStringLiteral("globex"));
    QCOMPARE(picker->accessibleName(), QStringLiteral("Organization"));

    // Switching back moves the selection only: the same list is not built again (an instance
    // admin's picker may hold thousands of organizations).
    QSignalSpy inserted(picker->model(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(picker->model(), &QAbstractItemModel::rowsRemoved);
    m_app->session->setOrganization(QStringLiteral("acme"));
    QCOMPARE(picker->currentText(), QStringLiteral("acme"));
    QCOMPARE(picker->count(), 2);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);
}

void TestSessionWidgets::instanceTokenAddsOrganizationByName()
{
    const QByteArray token = m_sandbox->seededTokens().value(QStringLiteral("instance_token")).toString().toLatin1();
    const auto p = saveProfile(QStringLiteral("provisioning"), token);
    auto *picker = new ui::OrganizationPicker(*m_app->session, m_window.get());
    m_window->setCentralWidget(picker);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_app->session->open(p);
    QTRY_COMPARE(m_app->session->state(), State::Ready);
    const int addIndex = picker->findText(QStringLiteral("Add organization by name…"));
    QVERIFY(addIndex >= 0);

    Q_EMIT picker->activated(addIndex);
    ui::AddOrganizationDialog *dialog = picker->addOrganizationDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("organizationNameEdit"));
    auto *buttons = dialog->findChild<QDialogButtonBox *>(QStringLiteral("addOrganizationButtons"));
    auto *error = dialog->findChild<QLabel *>(QStringLiteral("addOrganizationError"));
    QTest::keyClicks(name, QStringLiteral("nope-not-here"));
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(error->isVisible());
    QVERIFY2(error->text().startsWith(QStringLiteral("Organization name:")), qPrintable(error->text()));
    QCOMPARE(name->text(), QStringLiteral("nope-not-here")); // kept for fixing
    QVERIFY(dialog->isVisible());
    grab(dialog, "w2-add-organization-error");

    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("initech"));
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(!picker->addOrganizationDialog());
    QCOMPARE(picker->currentText(), QStringLiteral("initech"));
    QCOMPARE(m_app->session->organization(), QStringLiteral("initech"));
    QVERIFY(picker->findText(QStringLiteral("Add organization by name…")) >= 0);
}

void TestSessionWidgets::signInPromptAppearsOnceAndTakesAPastedToken()
{
    const QString userId = test::userIdOf(userToken(QStringLiteral("adam.admin@acme.example")));
    const auto p = saveProfile(
        QStringLiteral("adam"), test::mintUserToken(userId, QDateTime::currentDateTimeUtc().addSecs(-30)));
    m_window->show();
    ui::SignInPrompt::attach(*m_app->session, m_window.get());
    m_app->session->open(p);
    QTRY_COMPARE(m_app->session->state(), State::NeedsSignIn);
    QTRY_VERIFY(ui::SignInPrompt::current() && ui::SignInPrompt::current()->isVisible());
    ui::SignInPrompt *prompt = ui::SignInPrompt::current();
    const auto reason = prompt->findChild<QLabel *>(QStringLiteral("signInReasonLabel"));
    QVERIFY2(reason->text().contains(QStringLiteral("expired")), qPrintable(reason->text()));
    // Every page failing with UNAUTHENTICATED afterwards: still this one prompt.
    for (int i = 0; i < 5; ++i)
        m_app->session->reportError(api::ApiError::fromStatus(
            api::StatusCode::Unauthenticated, QStringLiteral("expired"), {}, "/controlplane.v1.APITokenService/List"));
    QCOMPARE(m_window->findChildren<ui::SignInPrompt *>().size(), 1);
    grab(prompt, "w3-sign-in-prompt");

    auto *edit = prompt->findChild<QLineEdit *>(QStringLiteral("signInTokenEdit"));
    QTest::keyClicks(edit, QStringLiteral("garbage"));
    QTest::mouseClick(prompt->findChild<QPushButton *>(QStringLiteral("useTokenButton")), Qt::LeftButton);
    QVERIFY(
        prompt->findChild<QLabel *>(QStringLiteral("signInErrorLabel"))->text().startsWith(QStringLiteral("Token:")));

    edit->selectAll();
    QTest::keyClicks(
        edit, QString::fromLatin1(test::mintUserToken(userId, QDateTime::currentDateTimeUtc().addDays(2))));
    QTest::mouseClick(prompt->findChild<QPushButton *>(QStringLiteral("useTokenButton")), Qt::LeftButton);
    QTRY_COMPARE(m_app->session->state(), State::Ready);
    QTRY_VERIFY(!ui::SignInPrompt::current());
    QCOMPARE(m_app->session->profile().id, p.id);
    // And it was kept for the next start.
    QSignalSpy read(m_app->secrets.read(p.secretKey()), &storage::SecretJob::finished);
    QVERIFY(read.wait());
    const auto stored = read.at(0).at(0).value<storage::SecretResult>();
    QVERIFY(parseJwtClaims(QString::fromLatin1(stored.secret)).claims->expiresAt > QDateTime::currentDateTimeUtc());
}

void TestSessionWidgets::profilesDialogEditsSignsOutAndDeletes()
{
    const auto olivia = saveProfile(QStringLiteral("olivia"), userToken(QStringLiteral("olivia.owner@acme.example")));
    const auto vera = saveProfile(QStringLiteral("vera"), userToken(QStringLiteral("vera.viewer@acme.example")));
    m_window->show();
    m_app->session->open(olivia);
    QTRY_COMPARE(m_app->session->state(), State::Ready);
    ui::ProfilesDialog *dialog = ui::ProfilesDialog::openFor(*m_app->session, m_window.get());
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->selectedProfileId(), olivia.id);
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("profileExpiryLabel"))
                ->text()
                .startsWith(QStringLiteral("expires in")));
    grab(dialog, "w4-profiles-dialog");

    // Rename vera.
    dialog->selectProfile(vera.id);
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("profileNameEdit"));
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("vera (viewer)"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("saveProfileButton")), Qt::LeftButton);
    QCOMPARE(m_app->session->profiles().find(vera.id).value().name, QStringLiteral("vera (viewer)"));
    // A bad address is named and not saved.
    auto *address = dialog->findChild<QLineEdit *>(QStringLiteral("profileAddressEdit"));
    address->selectAll();
    QTest::keyClicks(address, QStringLiteral("http://"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("saveProfileButton")), Qt::LeftButton);
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("profileErrorLabel"))
                ->text()
                .startsWith(QStringLiteral("Address:")));
    QCOMPARE(m_app->session->profiles().find(vera.id).value().address, m_sandbox->grpcAddress());

    // Sign out of the open profile: keychain entry gone, profile kept, session closed.
    dialog->selectProfile(olivia.id);
    ui::MessageBoxes::setNextAnswer(QMessageBox::Yes);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("signOutButton")), Qt::LeftButton);
    QCOMPARE(m_app->session->state(), State::SignedOut);
    QTRY_VERIFY(!m_app->secrets.contains(olivia.secretKey()));
    QVERIFY(m_app->session->profiles().find(olivia.id).ok());

    // Delete, declined then confirmed.
    dialog->selectProfile(vera.id);
    ui::MessageBoxes::setNextAnswer(QMessageBox::No);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("deleteProfileButton")), Qt::LeftButton);
    QVERIFY(m_app->session->profiles().find(vera.id).ok());
    ui::MessageBoxes::setNextAnswer(QMessageBox::Yes);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("deleteProfileButton")), Qt::LeftButton);
    QVERIFY(!m_app->session->profiles().find(vera.id).ok());
    QTRY_VERIFY(!m_app->secrets.contains(vera.secretKey()));
    QCOMPARE(dialog->findChild<QListWidget *>(QStringLiteral("profilesList"))->count(), 1);
    QCOMPARE(ui::MessageBoxes::askedCount(), 3);
    dialog->close();
}

void TestSessionWidgets::keychainUnavailableOffersSessionOnlyAtStartup()
{
    BrokenKeychain broken;
    m_app->session->setSecretStore(broken);
    m_window->show();
    std::optional<bool> outcome;
    ui::KeychainUnavailableNotice::checkAtStartup(
        *m_app->session, m_window.get(), [&outcome](bool sessionOnly) { outcome = sessionOnly; });
    QDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<QDialog *>(QStringLiteral("keychainUnavailableDialog"))));
    QTRY_VERIFY(dialog->isVisible());
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("keychainReasonLabel"))
                ->text()
                .contains(QStringLiteral("No Secret Service")));
    grab(dialog, "w5-keychain-unavailable");
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("sessionOnlyButton")), Qt::LeftButton);
    QTRY_VERIFY(outcome.has_value());
    QVERIFY(*outcome);
    QVERIFY(m_app->session->isSessionOnly());
    QVERIFY(!m_app->session->secretStore().isPersistent());

    // A working (here: memory) store needs no notice.
    std::optional<bool> second;
    ui::KeychainUnavailableNotice::checkAtStartup(*m_app->session, m_window.get(), [&second](bool s) { second = s; });
    QTRY_VERIFY(second.has_value());
}

// The start-up path with a saved profile: no probe; the notice only if the token read fails
// because of the keychain, together with the sign-in prompt that failure brings.
void TestSessionWidgets::unreadableTokenOffersSessionOnlyAtStartup()
{
    const auto olivia = saveProfile(QStringLiteral("olivia"), userToken(QStringLiteral("olivia.owner@acme.example")));
    BrokenKeychain broken;
    m_app->session->setSecretStore(broken);
    ui::SignInPrompt::attach(*m_app->session, m_window.get());
    m_window->show();
    m_app->session->open(olivia);
    ui::KeychainUnavailableNotice::offerIfTokenUnreadable(*m_app->session, m_window.get());
    QDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<QDialog *>(QStringLiteral("keychainUnavailableDialog"))));
    QTRY_VERIFY(dialog->isVisible());
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("keychainReasonLabel"))
                ->text()
                .contains(QStringLiteral("No Secret Service")));
    QCOMPARE(m_app->session->state(), models::Session::State::NeedsSignIn);
    QVERIFY(ui::SignInPrompt::current() && ui::SignInPrompt::current()->isVisible());
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("sessionOnlyButton")), Qt::LeftButton);
    QTRY_VERIFY(m_app->session->isSessionOnly());
    QTRY_VERIFY(!m_window->findChild<QDialog *>(QStringLiteral("keychainUnavailableDialog")));
    ui::SignInPrompt::current()->close();
}

void TestSessionWidgets::readableTokenOpensWithoutProbingTheKeychain()
{
    // Counts what the start-up costs the keychain: one read, no probe (write, read, delete).
    class CountingStore : public storage::MemorySecretStore
    {
    public:
        storage::SecretJob *read(const QString &key) override
        {
            ++reads;
            return MemorySecretStore::read(key);
        }
        storage::SecretJob *write(const QString &key, const QByteArray &secret) override
        {
            ++writes;
            return MemorySecretStore::write(key, secret);
        }
        bool isPersistent() const override { return true; }
        int reads = 0;
        int writes = 0;
    };
    CountingStore store;
    m_app->session->setSecretStore(store);
    const auto olivia = saveProfile(QStringLiteral("olivia"), userToken(QStringLiteral("olivia.owner@acme.example")));
    QSignalSpy saved(store.write(olivia.secretKey(), userToken(QStringLiteral("olivia.owner@acme.example"))),
        &storage::SecretJob::finished);
    QVERIFY(saved.wait());
    store.reads = store.writes = 0;
    m_window->show();
    m_app->session->open(olivia);
    ui::KeychainUnavailableNotice::offerIfTokenUnreadable(*m_app->session, m_window.get());
    QTRY_COMPARE(m_app->session->state(), models::Session::State::Ready);
    QCOMPARE(store.reads, 1);
    QCOMPARE(store.writes, 0);
    QVERIFY(!m_window->findChild<QDialog *>(QStringLiteral("keychainUnavailableDialog")));
}

QTEST_MAIN(TestSessionWidgets)
#include "tst_sessionwidgets.moc"
