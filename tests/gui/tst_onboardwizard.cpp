// SPDX-License-Identifier: Apache-2.0
// The onboard organization wizard against the sandbox: the name checked as typed (rule shown,
// text kept, Next disabled), the happy path (settings, two invitations, a backend from a
// remembered credential set) checked on the server through the API, a failure at the storage
// step that is fixed and retried in the same run without duplicating anything, and the limits
// an instance token gets (no settings, no owners, who will own the organization).
// With ADM_GUI_GRABS=<dir>, each page is saved as <dir>/onboard-wizard-<page>.png.
#include "MainWindowTestSupport.h"
#include "api/CasBackendClient.h"
#include "api/InvitationClient.h"
#include "api/UserClient.h"
#include "core/CasBackendForm.h"
#include "models/OnboardingController.h"
#include "models/OrganizationNameCheck.h"
#include "storage/CredentialSetRepository.h"
#include "ui/MainWindow.h"
#include "ui/MessageBoxes.h"
#include "ui/cas/AddCasBackendWizard.h"
#include "ui/onboarding/OnboardWizard.h"
#include "ui/onboarding/OnboardWizardPages.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeWidget>

using namespace adm;
using namespace adm::test;
using ui::MainWindow;
using ui::OnboardWizard;
using State = OnboardingStep::State;

namespace {

const QString kGoodSecret = QStringLiteral("wizard-good-secret-5c2e");

// Calls one API method on `channel` and waits for its answer.
template<typename T, typename Start> std::optional<T> call(Start start)
{
    std::optional<api::Result<T>> out;
    QObject context;
    start(&context, api::Callback<T>([&out](api::Result<T> r) { out.emplace(std::move(r)); }));
    if (!QTest::qWaitFor([&out] { return out.has_value(); }, 15000) || !*out)
        return std::nullopt;
    return out->value();
}

} // namespace

class TestOnboardWizard : public QObject
{
    Q_OBJECT

private:
    SandboxProcess m_sandbox;
    GuiApp m_app;
    std::unique_ptr<MainWindow> m_window;

    static bool nextEnabled(QWizard *w) { return w->button(QWizard::NextButton)->isEnabled(); }

    // A credential set as the CAS backend wizard remembers it: the row and the keychain entry.
    bool rememberSet(const QString &name, const QString &secret)
    {
        storage::CredentialSetInfo info;
        info.name = name;
        info.provider = casProviderId(CasProvider::S3);
        if (!storage::CredentialSetRepository(m_app.db).remember(info).ok())
            return false;
        const CasFields keys { { QString::fromLatin1(CasField::AccessKeyId), QStringLiteral("AKIAWIZARD") },
            { QString::fromLatin1(CasField::SecretAccessKey), secret } };
        storage::SecretJob *job
            = m_app.secrets.write(casCredentialSetKey(name), casCredentialSetToJson(CasProvider::S3, keys));
        QSignalSpy done(job, &storage::SecretJob::finished);
        return done.wait(5000) && done.first().first().value<storage::SecretResult>().ok();
    }

    OnboardWizard *openWizard()
    {
        if (m_window->onboardWizard())
            m_window->onboardWizard()->reject();
        QTest::qWait(20);
        m_window->onboardAction()->trigger();
        return m_window->onboardWizard();
    }

    // Types a name and waits until the availability check has answered and Next is enabled.
    static bool enterName(OnboardWizard *w, const QString &name)
    {
        w->organizationPage()->nameEdit()->setText(name);
        return QTest::qWaitFor([w] { return nextEnabled(w); }, 5000);
    }

    // Fills the storage page with the remembered set `set` and bucket `bucket`.
    static bool useRememberedSet(OnboardWizard *w, const QString &set, const QString &bucket)
    {
        ui::OnboardStoragePage *p = w->storagePage();
        p->setChoice(ui::OnboardStoragePage::Choice::Remembered);
        if (!p->selectCredentialSet(set) || !p->locationEdit(QStringLiteral("bucket")))
            return false;
        p->backendNameEdit()->setText(QStringLiteral("primary"));
        p->locationEdit(QStringLiteral("bucket"))->setText(bucket);
        return nextEnabled(w);
    }

    // The steps that did not succeed, for failure messages.
    static QString unfinished(OnboardWizard *w)
    {
        QStringList out;
        for (const OnboardingStep &s : w->controller().plan().steps) {
            if (!s.succeeded())
                out << QStringLiteral("%1 %2: %3").arg(s.key(), stepStateName(s.state), s.error);
        }
        return out.join(QStringLiteral("; "));
    }

    // A picture of the wizard once its layout settled (ADM_GUI_GRABS only).
    static void shot(QWidget *w, const QString &name)
    {
        if (qEnvironmentVariableIsEmpty("ADM_GUI_GRABS"))
            return;
        QTest::qWait(100);
        grabFor(w, name);
    }

    static bool waitRunFinished(OnboardWizard *w)
    {
        return QTest::qWaitFor([w] { return w->runPage()->isFinished() && !w->runPage()->isRunning(); }, 30000);
    }

    api::CallOptions inOrg(const QString &org) const
    {
        api::CallOptions o;
        o.organization = org;
        return o;
    }

    // What the server has for `org`, asked through the API as the session's user.
    int membershipsNamed(const QString &org, Role *role = nullptr, Organization *item = nullptr)
    {
        const auto list = call<QList<Membership>>([this](QObject *ctx, api::Callback<QList<Membership>> done) {
            return api::UserClient(m_app.session->channel()).listMemberships(ctx, done);
        });
        if (!list)
            return -1;
        int n = 0;
        for (const Membership &m : *list) {
            if (m.org.name == org) {
                ++n;
                if (role)
                    *role = m.role;
                if (item)
                    *item = m.org;
            }
        }
        return n;
    }
    QList<Invitation> invitations(const QString &org)
    {
        return call<QList<Invitation>>([this, org](QObject *ctx, api::Callback<QList<Invitation>> done) {
            return api::InvitationClient(m_app.session->channel()).listSent(ctx, done, inOrg(org));
        }).value_or(QList<Invitation> {});
    }
    QList<CasBackend> backends(const QString &org)
    {
        return call<QList<CasBackend>>([this, org](QObject *ctx, api::Callback<QList<CasBackend>> done) {
            return api::CasBackendClient(m_app.session->channel()).list(ctx, done, inOrg(org));
        }).value_or(QList<CasBackend> {});
    }
    static int countEmail(const QList<Invitation> &list, const QString &email)
    {
        return int(std::count_if(
            list.cbegin(), list.cend(), [&email](const Invitation &i) { return i.receiverEmail == email; }));
    }
    static int countBackend(const QList<CasBackend> &list, const QString &name)
    {
        return int(std::count_if(list.cbegin(), list.cend(), [&name](const CasBackend &b) { return b.name == name; }));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        models::EnglishPlurals::install();
        QApplication::setApplicationName(QStringLiteral("tst_onboardwizard"));
        QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
        QVERIFY(m_app.connect(
            m_sandbox, userToken(m_sandbox, QStringLiteral("olivia.owner@acme.example")), QStringLiteral("acme")));
        m_window = std::make_unique<MainWindow>(*m_app.session);
        m_window->resize(1200, 700);
        m_window->show();
        QVERIFY(rememberSet(QStringLiteral("aws-wizard"), kGoodSecret));
    }

    void init() { ui::MessageBoxes::clearAnswers(); }

    void cleanup()
    {
        if (m_window->onboardWizard())
            m_window->onboardWizard()->reject();
        QTest::qWait(20);
    }

    void cleanupTestCase() { m_window.reset(); }

    void actionInFileMenuWithFreeShortcut()
    {
        QAction *a = m_window->onboardAction();
        QVERIFY(a);
        QCOMPARE(a->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
        QVERIFY(a->isEnabled());
        for (QAction *other : m_window->findChildren<QAction *>()) {
            if (other != a && !other->shortcut().isEmpty())
                QVERIFY2(other->shortcut() != a->shortcut(), qPrintable(other->text()));
        }
    }

    void nameValidatedAsTyped()
    {
        OnboardWizard *w = openWizard();
        QVERIFY(w);
        QCOMPARE(w->currentId(), int(OnboardWizard::OrganizationPageId));
        QLineEdit *name = w->organizationPage()->nameEdit();
        QLabel *hint = w->organizationPage()->hintLabel();
        QVERIFY(!nextEnabled(w));
        QVERIFY(hint->text().contains(QLatin1String("Lowercase letters")));

        name->setText(QStringLiteral("Bad_Name"));
        QCOMPARE(name->text(), QStringLiteral("Bad_Name")); // kept as typed, never rewritten
        QVERIFY(!nextEnabled(w));
        QVERIFY(!hint->text().isEmpty());
        QVERIFY(hint->text().contains(QLatin1String("lowercase"), Qt::CaseInsensitive));
        shot(w, QStringLiteral("onboard-wizard-organization-invalid"));
        QTest::qWait(600); // past the debounce: still refused
        QVERIFY(!nextEnabled(w));

        name->setText(QStringLiteral("admin"));
        QVERIFY(hint->text().contains(QLatin1String("reserved")));
        QVERIFY(!nextEnabled(w));

        // An organization this user belongs to is taken.
        name->setText(QStringLiteral("acme"));
        QVERIFY(!nextEnabled(w)); // checking
        QVERIFY(QTest::qWaitFor(
            [w] {
                return w->organizationPage()->nameCheck()->verdict() == models::OrganizationNameCheck::Verdict::Taken;
            },
            5000));
        QVERIFY(hint->text().contains(QLatin1String("already exists")));
        QVERIFY(!nextEnabled(w));

        QVERIFY(enterName(w, QStringLiteral("wiz-valid")));
        QVERIFY(hint->text().contains(QLatin1String("server checks")));
    }

    void happyPath()
    {
        OnboardWizard *w = openWizard();
        QVERIFY(w);
        const QString org = QStringLiteral("wiz-happy");
        QVERIFY(enterName(w, org));
        QVERIFY(w->organizationPage()->hintLabel()->text().contains(QLatin1String("Valid name")));
        shot(w, QStringLiteral("onboard-wizard-organization"));
        w->next();

        QCOMPARE(w->currentId(), int(OnboardWizard::SettingsPageId));
        QVERIFY(w->settingsPage()->settingsGroup()->isEnabled()); // a user becomes the owner
        QVERIFY(!w->settingsPage()->unavailableLabel()->isVisibleTo(w));
        QVERIFY(!w->settingsPage()->settings());
        w->settingsPage()->setChangeSettings(true);
        w->settingsPage()->setBlockOnPolicyViolation(true);
        w->settingsPage()->setMaxDaysInactive(30);
        QVERIFY(w->settingsPage()->settings());
        shot(w, QStringLiteral("onboard-wizard-settings"));
        w->next();

        QCOMPARE(w->currentId(), int(OnboardWizard::PeoplePageId));
        ui::OnboardPeoplePage *people = w->peoplePage();
        QVERIFY(people->ownerRoleEnabled());
        QVERIFY(!people->addInvitee(QStringLiteral("not-an-address"), Role::Admin));
        QVERIFY(people->entryError()->isVisibleTo(w));
        QVERIFY(!people->addInvitee(QStringLiteral("olivia.owner@acme.example"), Role::Admin));
        QVERIFY(people->entryError()->text().contains(QLatin1String("is you")));
        QVERIFY(people->addInvitee(QStringLiteral("ann@wiz.example"), Role::Admin));
        QVERIFY(!people->addInvitee(QStringLiteral("ANN@wiz.example"), Role::Viewer));
        QVERIFY(people->entryError()->text().contains(QLatin1String("already in the list")));
        // Typed into the field and Next: added too.
        people->emailEdit()->setText(QStringLiteral("ben@wiz.example"));
        QVERIFY(people->addInvitee(QStringLiteral("ben@wiz.example"), Role::Viewer));
        QCOMPARE(people->invitees().size(), 2);
        shot(w, QStringLiteral("onboard-wizard-people"));
        w->next();

        QCOMPARE(w->currentId(), int(OnboardWizard::StoragePageId));
        ui::OnboardStoragePage *storage = w->storagePage();
        QCOMPARE(storage->choice(), ui::OnboardStoragePage::Choice::Skip);
        QVERIFY(nextEnabled(w));
        storage->setChoice(ui::OnboardStoragePage::Choice::Remembered);
        QVERIFY(storage->selectCredentialSet(QStringLiteral("aws-wizard")));
        storage->backendNameEdit()->setText(QStringLiteral("default-inline"));
        QVERIFY(!nextEnabled(w)); // the name the inline backend already has
        storage->locationEdit(QStringLiteral("bucket"))->setText(QStringLiteral("Bad_Bucket"));
        QVERIFY(!nextEnabled(w));
        QVERIFY(useRememberedSet(w, QStringLiteral("aws-wizard"), QStringLiteral("wiz-happy-bucket")));
        QCOMPARE(storage->locationPreview()->text(), QStringLiteral("Location: wiz-happy-bucket"));
        shot(w, QStringLiteral("onboard-wizard-storage"));
        w->next();

        QCOMPARE(w->currentId(), int(OnboardWizard::ReviewPageId));
        const QStringList steps = w->reviewPage()->stepTexts();
        QCOMPARE(steps.size(), 5);
        QVERIFY(steps[0].contains(QLatin1String("Create organization wiz-happy")));
        QVERIFY(steps[1].contains(QLatin1String("block on policy violation on")));
        QVERIFY(steps[2].contains(QLatin1String("aws-wizard")));
        QVERIFY(steps[3].contains(QLatin1String("ann@wiz.example")));
        QVERIFY(!steps.join(u'\n').contains(kGoodSecret));
        QVERIFY(!steps.join(u'\n').contains(QLatin1String("AKIAWIZARD")));
        shot(w, QStringLiteral("onboard-wizard-review"));
        w->next(); // Run

        QCOMPARE(w->currentId(), int(OnboardWizard::RunPageId));
        QVERIFY(waitRunFinished(w));
        QVERIFY2(w->runPage()->allSucceeded(), qPrintable(unfinished(w)));
        QTreeWidget *tree = w->runPage()->stepTree();
        QCOMPARE(tree->topLevelItemCount(), 5);
        for (int i = 0; i < tree->topLevelItemCount(); ++i)
            QCOMPARE(tree->topLevelItem(i)->data(1, Qt::UserRole).toString(), QStringLiteral("done"));
        QCOMPARE(w->runPage()->progressBar()->value(), 5);
        QVERIFY(!w->runPage()->retryButton()->isEnabled());
        QVERIFY(w->button(QWizard::FinishButton)->isEnabled());
        shot(w, QStringLiteral("onboard-wizard-run"));
        QSignalSpy onboarded(w, &OnboardWizard::organizationOnboarded);
        w->button(QWizard::FinishButton)->click();
        QCOMPARE(onboarded.count(), 1);

        // On the server, asked through the API: everything exactly once.
        Role role = Role::Unspecified;
        Organization item;
        QCOMPARE(membershipsNamed(org, &role, &item), 1);
        QCOMPARE(role, Role::Owner);
        QVERIFY(item.blockOnPolicyViolation);
        QCOMPARE(item.apiTokenMaxDaysInactive, std::optional<int>(30));
        const QList<Invitation> sent = invitations(org);
        QCOMPARE(sent.size(), 2);
        QCOMPARE(countEmail(sent, QStringLiteral("ann@wiz.example")), 1);
        QCOMPARE(countEmail(sent, QStringLiteral("ben@wiz.example")), 1);
        const QList<CasBackend> cas = backends(org);
        QCOMPARE(countBackend(cas, QStringLiteral("primary")), 1);
        QCOMPARE(countBackend(cas, QStringLiteral("default-inline")), 1);
        // And the app lists it.
        QVERIFY(QTest::qWaitFor([this, org] { return m_app.session->organizations().contains(org); }, 10000));
    }

    void storageFailureThenRetryResumes()
    {
        QVERIFY(rememberSet(QStringLiteral("aws-broken"), QStringLiteral("invalid"))); // the sandbox refuses it
        OnboardWizard *w = openWizard();
        QVERIFY(w);
        const QString org = QStringLiteral("wiz-retry");
        QVERIFY(enterName(w, org));
        w->next();
        w->next(); // settings left alone
        QVERIFY(w->peoplePage()->addInvitee(QStringLiteral("cat@wiz.example"), Role::Admin));
        QVERIFY(w->peoplePage()->addInvitee(QStringLiteral("dan@wiz.example"), Role::Member));
        w->next();
        QVERIFY(useRememberedSet(w, QStringLiteral("aws-broken"), QStringLiteral("wiz-retry-bucket")));
        w->next();
        QCOMPARE(w->reviewPage()->stepTexts().size(), 4);
        w->next();

        QVERIFY(waitRunFinished(w));
        QVERIFY(!w->runPage()->allSucceeded());
        const OnboardingPlan &plan = w->controller().plan();
        const int casStep = plan.indexOfKey(QStringLiteral("cas:wiz-retry/primary"));
        QVERIFY(casStep >= 0);
        QCOMPARE(plan.steps[casStep].state, State::Failed);
        QVERIFY2(!plan.steps[casStep].error.isEmpty(), "the step says why");
        QCOMPARE(plan.count(State::Done), 3); // the organization and both invitations
        QTreeWidget *tree = w->runPage()->stepTree();
        QCOMPARE(tree->topLevelItem(casStep)->data(1, Qt::UserRole).toString(), QStringLiteral("failed"));
        QVERIFY(!tree->topLevelItem(casStep)->text(2).isEmpty());
        QVERIFY(w->runPage()->retryButton()->isEnabled());
        QVERIFY(w->runPage()->statusLabel()->text().contains(QLatin1String("storage step failed")));
        QVERIFY(w->button(QWizard::FinishButton)->isEnabled()); // may leave it for later
        shot(w, QStringLiteral("onboard-wizard-run-failed"));
        const QString runId = w->runPage()->runId();
        QVERIFY(!runId.isEmpty());
        QCOMPARE(countBackend(backends(org), QStringLiteral("primary")), 0);

        // The user fixes the credential set (remembered again under the same name) and retries.
        QVERIFY(rememberSet(QStringLiteral("aws-broken"), kGoodSecret));
        QTest::mouseClick(w->runPage()->retryButton(), Qt::LeftButton);
        QVERIFY(waitRunFinished(w));
        QVERIFY2(w->runPage()->allSucceeded(), qPrintable(unfinished(w)));
        QCOMPARE(w->runPage()->runId(), runId); // the same run, resumed
        QCOMPARE(w->controller().runId(), runId);
        QCOMPARE(w->controller().callsSent(), 1); // only the backend was sent again
        QCOMPARE(tree->topLevelItem(casStep)->data(1, Qt::UserRole).toString(), QStringLiteral("done"));
        QVERIFY(w->controller().unfinishedRuns().isEmpty());
        w->button(QWizard::FinishButton)->click();

        QCOMPARE(membershipsNamed(org), 1);
        const QList<Invitation> sent = invitations(org);
        QCOMPARE(sent.size(), 2);
        QCOMPARE(countEmail(sent, QStringLiteral("cat@wiz.example")), 1);
        QCOMPARE(countEmail(sent, QStringLiteral("dan@wiz.example")), 1);
        QCOMPARE(countBackend(backends(org), QStringLiteral("primary")), 1);
    }

    void newBackendThroughCasWizard()
    {
        OnboardWizard *w = openWizard();
        QVERIFY(w);
        const QString org = QStringLiteral("wiz-newcas");
        QVERIFY(enterName(w, org));
        w->next();
        w->next();
        QVERIFY(w->peoplePage()->addInvitee(QStringLiteral("fay@wiz.example"), Role::Admin));
        w->next();
        QCOMPARE(w->currentId(), int(OnboardWizard::StoragePageId));
        ui::OnboardStoragePage *storage = w->storagePage();
        storage->setChoice(ui::OnboardStoragePage::Choice::New);
        QVERIFY(!nextEnabled(w)); // nothing set up yet
        QPushButton *setUp = storage->findChild<QPushButton *>(QStringLiteral("newButton"));
        QVERIFY(setUp && setUp->isEnabled());
        setUp->click();
        ui::AddCasBackendWizard *cas = storage->casWizard();
        QVERIFY(cas);
        QVERIFY(cas->isPlanning());
        cas->setProvider(CasProvider::S3);
        cas->next();
        cas->fieldEdit(CasProvider::S3, QStringLiteral("bucket"))->setText(QStringLiteral("wiz-newcas-bucket"));
        cas->next();
        cas->fieldEdit(CasProvider::S3, QStringLiteral("accessKeyID"))->setText(QStringLiteral("AKIANEW"));
        cas->fieldEdit(CasProvider::S3, QStringLiteral("secretAccessKey"))->setText(kGoodSecret);
        cas->next();
        QCOMPARE(cas->currentId(), int(ui::AddCasBackendWizard::CommonPage));
        cas->nameEdit()->setText(QStringLiteral("default-inline"));
        QVERIFY(!cas->button(QWizard::NextButton)->isEnabled()); // taken in the new organization
        cas->nameEdit()->setText(QStringLiteral("s3-new"));
        cas->next();
        QCOMPARE(cas->currentId(), int(ui::AddCasBackendWizard::ReviewPage));
        cas->button(QWizard::FinishButton)->click();
        QVERIFY(QTest::qWaitFor([storage] { return storage->cas().has_value(); }, 5000));
        QCOMPARE(storage->cas()->name, QStringLiteral("s3-new"));
        QCOMPARE(storage->cas()->location, QStringLiteral("wiz-newcas-bucket"));
        QVERIFY(nextEnabled(w));
        shot(w, QStringLiteral("onboard-wizard-storage-new"));
        w->next();
        const QString review = w->reviewPage()->stepTexts().join(u'\n');
        QVERIFY(review.contains(QLatin1String("s3-new")));
        QVERIFY(!review.contains(kGoodSecret));
        w->next();
        QVERIFY(waitRunFinished(w));
        QVERIFY2(w->runPage()->allSucceeded(), qPrintable(unfinished(w)));
        w->button(QWizard::FinishButton)->click();
        QCOMPARE(countBackend(backends(org), QStringLiteral("s3-new")), 1);
        QCOMPARE(countEmail(invitations(org), QStringLiteral("fay@wiz.example")), 1);
    }

    void instanceTokenLimits()
    {
        GuiApp tokenApp;
        const QByteArray token = m_sandbox.seededTokens().value(QStringLiteral("instance_token")).toString().toUtf8();
        QVERIFY(tokenApp.connect(m_sandbox, token, QString(), QStringLiteral("instance")));
        OnboardWizard w(*tokenApp.session);
        w.show();

        // The server is asked: an existing organization is taken, an unknown name is free.
        QLineEdit *name = w.organizationPage()->nameEdit();
        name->setText(QStringLiteral("acme"));
        QVERIFY(QTest::qWaitFor(
            [&w] {
                return w.organizationPage()->nameCheck()->verdict() == models::OrganizationNameCheck::Verdict::Taken;
            },
            5000));
        QVERIFY(!nextEnabled(&w));
        QVERIFY(enterName(&w, QStringLiteral("wiz-token")));
        QCOMPARE(w.organizationPage()->nameCheck()->verdict(), models::OrganizationNameCheck::Verdict::Available);
        w.next();

        QVERIFY(!w.settingsPage()->settingsGroup()->isEnabled());
        QVERIFY(w.settingsPage()->unavailableLabel()->isVisibleTo(&w));
        QVERIFY(w.settingsPage()->unavailableLabel()->text().contains(QLatin1String("API tokens")));
        QVERIFY(!w.settingsPage()->settings());
        shot(&w, QStringLiteral("onboard-wizard-settings-token"));
        w.next();

        ui::OnboardPeoplePage *people = w.peoplePage();
        QVERIFY(!people->ownerRoleEnabled());
        QVERIFY(!people->addInvitee(QStringLiteral("eve@wiz.example"), Role::Owner));
        QVERIFY(people->entryError()->text().contains(QLatin1String("cannot invite owners")));
        QVERIFY(people->ownerNote()->text().contains(QLatin1String("no owner")));
        QVERIFY(people->ownerNote()->text().contains(QLatin1String("add at least one admin")));
        QVERIFY(people->addInvitee(QStringLiteral("eve@wiz.example"), Role::Admin));
        QVERIFY(!people->ownerNote()->text().contains(QLatin1String("add at least one admin")));
        shot(&w, QStringLiteral("onboard-wizard-people-token"));
    }
};

QTEST_MAIN(TestOnboardWizard)
#include "tst_onboardwizard.moc"
