// SPDX-License-Identifier: Apache-2.0
// The CAS backends page against the sandbox: columns and protections, the add wizard per
// provider (field rules as the user types, location building, name taken, default hand-over,
// the server's invalid config returning to the credentials page with the fields kept, cancel
// and timeout on the commit page), remember credentials in the keychain store, edit and
// rotate, revalidation polling, delete with the promotion preview, instance-token limits, and
// secrets never reaching the database or the log.
#include "MainWindowTestSupport.h"
#include "core/CasBackendForm.h"
#include "models/CasBackendTableModel.h"
#include "models/CasBackendsController.h"
#include "ui/MainWindow.h"
#include "ui/MessageBoxes.h"
#include "ui/cas/AddCasBackendWizard.h"
#include "ui/cas/EditCasBackendDialog.h"
#include "ui/pages/CasBackendsPage.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QSqlRecord>

using namespace adm;
using namespace adm::test;
using ui::AddCasBackendWizard;
using ui::MainWindow;

namespace {

QStringList g_log;
QtMessageHandler g_previous = nullptr;

void captureLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_log << message;
    if (g_previous)
        g_previous(type, context, message);
}

const QString kSecret = QStringLiteral("Sup3r-S3cret-Value-9f1c");

} // namespace

class TestCasBackends : public QObject
{
    Q_OBJECT

private:
    SandboxProcess m_sandbox { SandboxProcess::Options {
        true, true, { QStringLiteral("--handler-timeout"), QStringLiteral("2s") }, std::chrono::milliseconds(20000) } };
    GuiApp m_app;
    std::unique_ptr<MainWindow> m_window;

    ui::CasBackendsPage *page() const { return m_window->casBackendsPage(); }

    static bool nextEnabled(AddCasBackendWizard *w) { return w->button(QWizard::NextButton)->isEnabled(); }

    AddCasBackendWizard *openWizard(CasProvider provider)
    {
        page()->startAdd();
        AddCasBackendWizard *w = page()->addWizard();
        if (!w)
            return nullptr;
        w->setProvider(provider);
        w->next();
        return w;
    }

    // Fills the common page and commits; returns false if the wizard never reached the review page.
    bool commit(AddCasBackendWizard *w, const QString &name)
    {
        w->nameEdit()->setText(name);
        w->next();
        if (w->currentId() != AddCasBackendWizard::ReviewPage)
            return false;
        w->next(); // the commit button
        return true;
    }

    CasBackend backend(const QString &name) const
    {
        for (const CasBackend &b : page()->backends()->backends()) {
            if (b.name == name)
                return b;
        }
        return {};
    }

    QString databaseDump()
    {
        QString dump;
        QSqlDatabase db = QSqlDatabase::database(m_app.db.connectionName());
        for (const QString &table : db.tables()) {
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT * FROM \"%1\"").arg(table));
            while (q.next()) {
                for (int i = 0; i < q.record().count(); ++i)
                    dump += q.value(i).toString() + QLatin1Char('|');
            }
        }
        return dump;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        models::EnglishPlurals::install();
        QApplication::setApplicationName(QStringLiteral("tst_casbackends"));
        // Every app log line is captured, debug included, to prove no secret reaches it.
        QLoggingCategory::setFilterRules(QStringLiteral("adm.*=true"));
        g_previous = qInstallMessageHandler(captureLog);
        QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
        QVERIFY(m_app.connect(
            m_sandbox, userToken(m_sandbox, QStringLiteral("olivia.owner@acme.example")), QStringLiteral("acme")));
        m_window = std::make_unique<MainWindow>(*m_app.session);
        m_window->resize(1200, 700);
        m_window->show();
        m_window->showPage(MainWindow::Page::CasBackends);
        QVERIFY(waitSettled(page()));
        page()->backends()->setPollTiming(100, 10000);
    }

    void init() { ui::MessageBoxes::clearAnswers(); }

    void cleanup()
    {
        if (page()->addWizard())
            page()->addWizard()->reject();
        QTest::qWait(50);
    }

    void pageColumnsAndProtection()
    {
        using Column = models::CasBackendTableModel::Column;
        QVERIFY(rowOf(page(), QStringLiteral("s3-primary")) >= 0);
        QAbstractItemModel *m = page()->view()->model();
        const int row = rowOf(page(), QStringLiteral("s3-primary"));
        QCOMPARE(m->index(row, int(Column::Role)).data().toString(), QStringLiteral("default"));
        QVERIFY(!m->index(row, int(Column::Provider)).data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(m->index(row, int(Column::MaxSize)).data().toString().contains(QLatin1String("MiB")));
        const int broken = rowOf(page(), QStringLiteral("minio-broken"));
        QVERIFY(!m->index(broken, int(Column::LastError)).data().toString().isEmpty());
        QCOMPARE(m->headerData(int(Column::Validated), Qt::Horizontal).toString(), QStringLiteral("Validated"));

        // Inline backends are the instance's: no edit or delete.
        const int inlineRow = rowOf(page(), QStringLiteral("inline"), int(Column::Role));
        QVERIFY(inlineRow >= 0);
        QVERIFY(selectRow(page(), m->index(inlineRow, 0).data().toString()));
        QVERIFY(!page()->editAction()->isEnabled());
        QVERIFY(!page()->deleteAction()->isEnabled());
        QVERIFY(page()->deleteAction()->toolTip().contains(QLatin1String("instance")));
        QVERIFY(selectRow(page(), QStringLiteral("oci-ghcr")));
        QVERIFY(page()->editAction()->isEnabled());
        QVERIFY(page()->deleteAction()->isEnabled());
        grabFor(m_window.get(), QStringLiteral("cas-page"));
    }

    void s3PathRulesAndCreate()
    {
        AddCasBackendWizard *w = openWizard(CasProvider::S3);
        QVERIFY(w);
        QCOMPARE(w->currentId(), int(AddCasBackendWizard::S3LocationPage));
        QLineEdit *bucket = w->fieldEdit(CasProvider::S3, QStringLiteral("bucket"));
        QLineEdit *endpoint = w->fieldEdit(CasProvider::S3, QStringLiteral("endpoint"));
        QLineEdit *region = w->fieldEdit(CasProvider::S3, QStringLiteral("region"));
        QVERIFY(!nextEnabled(w)); // bucket required
        bucket->setText(QStringLiteral("Bad_Bucket"));
        QVERIFY(w->fieldErrorLabel(CasProvider::S3, QStringLiteral("bucket"))->isVisibleTo(w));
        QVERIFY(!nextEnabled(w));
        bucket->setText(QStringLiteral("cas-bucket"));
        QVERIFY(!w->fieldErrorLabel(CasProvider::S3, QStringLiteral("bucket"))->isVisibleTo(w));
        QVERIFY(nextEnabled(w));
        region->setText(QStringLiteral("EU West"));
        QVERIFY(!nextEnabled(w));
        region->setText(QStringLiteral("eu-west-1"));
        endpoint->setText(QStringLiteral("minio.local:9000"));
        QVERIFY(
            w->fieldErrorLabel(CasProvider::S3, QStringLiteral("endpoint"))->text().contains(QLatin1String("scheme")));
        QVERIFY(!nextEnabled(w));
        endpoint->setText(QStringLiteral("https://minio.local:9000"));
        QVERIFY(nextEnabled(w));
        QCOMPARE(w->locationPreview(CasProvider::S3)->text(),
            QStringLiteral("Location: https://minio.local:9000/cas-bucket"));
        grabFor(w, QStringLiteral("cas-wizard-s3-location"));
        w->next();
        QCOMPARE(w->currentId(), int(AddCasBackendWizard::S3CredentialsPage));
        QVERIFY(!nextEnabled(w));
        w->fieldEdit(CasProvider::S3, QStringLiteral("accessKeyID"))->setText(QStringLiteral("AKIA TEST"));
        QVERIFY(w->fieldErrorLabel(CasProvider::S3, QStringLiteral("accessKeyID"))->isVisibleTo(w));
        w->fieldEdit(CasProvider::S3, QStringLiteral("accessKeyID"))->setText(QStringLiteral("AKIATEST"));
        w->fieldEdit(CasProvider::S3, QStringLiteral("secretAccessKey"))->setText(kSecret);
        QVERIFY(nextEnabled(w));
        grabFor(w, QStringLiteral("cas-wizard-s3-credentials"));
        w->next();
        QCOMPARE(w->currentId(), int(AddCasBackendWizard::CommonPage));

        // Common rules: DNS label, unique name, limit at least 10 MiB, default hand-over.
        w->nameEdit()->setText(QStringLiteral("S3_New"));
        QVERIFY(w->nameError()->isVisibleTo(w));
        QVERIFY(!nextEnabled(w));
        w->nameEdit()->setText(QStringLiteral("s3-primary"));
        QVERIFY(w->nameError()->text().contains(QLatin1String("already exists")));
        QVERIFY(!nextEnabled(w));
        w->nameEdit()->setText(QStringLiteral("s3-new"));
        QVERIFY(nextEnabled(w));
        w->limitEdit()->setText(QStringLiteral("5MiB"));
        QVERIFY(w->limitError()->text().contains(QLatin1String("10 MiB")));
        QVERIFY(!nextEnabled(w));
        w->limitEdit()->setText(QStringLiteral("1GiB"));
        QVERIFY(nextEnabled(w));
        w->defaultRadio()->setChecked(true);
        QVERIFY(w->roleNote()->text().contains(QLatin1String("s3-primary")));
        grabFor(w, QStringLiteral("cas-wizard-common"));
        w->next();
        QCOMPARE(w->currentId(), int(AddCasBackendWizard::ReviewPage));
        QVERIFY(w->reviewLabel()->text().contains(QLatin1String("https://minio.local:9000/cas-bucket")));
        QVERIFY(w->reviewLabel()->text().contains(QLatin1String("AKIATEST")));
        QVERIFY(!w->reviewLabel()->text().contains(kSecret));
        QVERIFY(w->reviewLabel()->text().contains(QLatin1String("s3-primary stops being the default")));
        grabFor(w, QStringLiteral("cas-wizard-review"));
        const api::NewCasBackend req = w->request();
        QCOMPARE(req.location, QStringLiteral("https://minio.local:9000/cas-bucket"));
        QCOMPARE(req.credentials.value(QStringLiteral("region")).toString(), QStringLiteral("eu-west-1"));
        QCOMPARE(*req.maxBytes, qint64(1024) * 1024 * 1024);
        w->next();
        QVERIFY(w->isCommitting());
        QVERIFY(QTest::qWaitFor([w] { return w->currentId() == AddCasBackendWizard::DonePage; }, 10000));
        grabFor(w, QStringLiteral("cas-wizard-done"));
        w->accept();
        QVERIFY(QTest::qWaitFor([this] { return backend(QStringLiteral("s3-new")).isDefault; }, 10000));
        QVERIFY(!backend(QStringLiteral("s3-primary")).isDefault);
    }

    void azureInvalidConfigReturnsToCredentials()
    {
        AddCasBackendWizard *w = openWizard(CasProvider::Azure);
        QVERIFY(w);
        QCOMPARE(w->currentId(), int(AddCasBackendWizard::AzureLocationPage));
        QCOMPARE(w->fieldEdit(CasProvider::Azure, QStringLiteral("container"))->text(), QStringLiteral("chainloop"));
        w->fieldEdit(CasProvider::Azure, QStringLiteral("account"))->setText(QStringLiteral("Acme-Store"));
        QVERIFY(!nextEnabled(w));
        w->fieldEdit(CasProvider::Azure, QStringLiteral("account"))->setText(QStringLiteral("acmestore2"));
        w->fieldEdit(CasProvider::Azure, QStringLiteral("endpointSuffix"))->setText(QStringLiteral("https://x.cn"));
        QVERIFY(!nextEnabled(w));
        w->fieldEdit(CasProvider::Azure, QStringLiteral("endpointSuffix"))
            ->setText(QStringLiteral("blob.core.chinacloudapi.cn"));
        QVERIFY(nextEnabled(w));
        QCOMPARE(w->locationPreview(CasProvider::Azure)->text(),
            QStringLiteral("Location: blob.core.chinacloudapi.cn/acmestore2/chainloop"));
        w->fieldEdit(CasProvider::Azure, QStringLiteral("endpointSuffix"))->clear();
        w->next();
        w->fieldEdit(CasProvider::Azure, QStringLiteral("tenantID"))->setText(QStringLiteral("tenant-1"));
        w->fieldEdit(CasProvider::Azure, QStringLiteral("clientID"))->setText(QStringLiteral("client-1"));
        w->fieldEdit(CasProvider::Azure, QStringLiteral("clientSecret"))->setText(QStringLiteral("invalid"));
        QVERIFY(nextEnabled(w));
        w->next();
        w->descriptionEdit()->setText(QStringLiteral("Azure test"));
        QVERIFY(commit(w, QStringLiteral("azure-two")));
        QVERIFY(QTest::qWaitFor([w] { return w->currentId() == AddCasBackendWizard::AzureCredentialsPage; }, 10000));
        QLabel *server = w->serverErrorLabel(CasProvider::Azure);
        QVERIFY(server->isVisibleTo(w));
        QVERIFY2(server->text().contains(QLatin1String("AADSTS7000215")), qPrintable(server->text()));
        // Every field kept.
        QCOMPARE(w->fieldEdit(CasProvider::Azure, QStringLiteral("tenantID"))->text(), QStringLiteral("tenant-1"));
        QCOMPARE(w->fieldEdit(CasProvider::Azure, QStringLiteral("clientSecret"))->text(), QStringLiteral("invalid"));
        QCOMPARE(w->fieldEdit(CasProvider::Azure, QStringLiteral("account"))->text(), QStringLiteral("acmestore2"));
        grabFor(w, QStringLiteral("cas-wizard-invalid-config"));
        w->fieldEdit(CasProvider::Azure, QStringLiteral("clientSecret"))->setText(kSecret);
        w->next();
        QCOMPARE(w->nameEdit()->text(), QStringLiteral("azure-two"));
        QCOMPARE(w->descriptionEdit()->text(), QStringLiteral("Azure test"));
        w->next();
        w->next();
        QVERIFY(QTest::qWaitFor([w] { return w->currentId() == AddCasBackendWizard::DonePage; }, 10000));
        w->accept();
        QVERIFY(QTest::qWaitFor(
            [this] { return backend(QStringLiteral("azure-two")).location == QStringLiteral("acmestore2/chainloop"); },
            10000));
    }

    void ociRememberCredentialsAndReuse()
    {
        AddCasBackendWizard *w = openWizard(CasProvider::Oci);
        QVERIFY(w);
        QLineEdit *repo = w->fieldEdit(CasProvider::Oci, QStringLiteral("repository"));
        repo->setText(QStringLiteral("https://ghcr.io/acme"));
        QVERIFY(!nextEnabled(w));
        repo->setText(QStringLiteral("ghcr.io"));
        QVERIFY(!nextEnabled(w));
        repo->setText(QStringLiteral("ghcr.io/acme/cas-two"));
        QVERIFY(nextEnabled(w));
        w->next();
        w->fieldEdit(CasProvider::Oci, QStringLiteral("username"))->setText(QStringLiteral("robot"));
        w->fieldEdit(CasProvider::Oci, QStringLiteral("password"))->setText(kSecret);
        w->rememberCheck(CasProvider::Oci)->setChecked(true);
        QVERIFY(!nextEnabled(w)); // a name is needed
        w->rememberNameEdit(CasProvider::Oci)->setText(QStringLiteral("ghcr-robot"));
        QVERIFY(nextEnabled(w));
        w->next();
        QVERIFY(commit(w, QStringLiteral("oci-two")));
        QVERIFY(QTest::qWaitFor([w] { return w->currentId() == AddCasBackendWizard::DonePage; }, 10000));
        QVERIFY(QTest::qWaitFor([w] { return w->doneLabel()->text().contains(QLatin1String("remembered")); }, 5000));
        w->accept();

        // Stored in the keychain store only, as provider + keys.
        storage::SecretJob *job = m_app.secrets.read(casCredentialSetKey(QStringLiteral("ghcr-robot")));
        QSignalSpy spy(job, &storage::SecretJob::finished);
        QVERIFY(spy.wait(5000));
        const auto set = casCredentialSetFromJson(spy.at(0).at(0).value<storage::SecretResult>().secret);
        QVERIFY(set);
        QCOMPARE(set->first, CasProvider::Oci);
        QCOMPARE(set->second.value(QStringLiteral("password")), kSecret);

        // A second wizard loads it.
        AddCasBackendWizard *w2 = openWizard(CasProvider::Oci);
        QVERIFY(w2);
        w2->fieldEdit(CasProvider::Oci, QStringLiteral("repository"))->setText(QStringLiteral("ghcr.io/acme/cas-3"));
        w2->next();
        w2->loadNameEdit(CasProvider::Oci)->setText(QStringLiteral("ghcr-robot"));
        w2->loadButton(CasProvider::Oci)->click();
        QVERIFY(QTest::qWaitFor(
            [w2] { return w2->fieldEdit(CasProvider::Oci, QStringLiteral("password"))->text() == kSecret; }, 5000));
        QCOMPARE(w2->fieldEdit(CasProvider::Oci, QStringLiteral("username"))->text(), QStringLiteral("robot"));
        w2->reject();
    }

    void cancelOnCommitPage()
    {
        AddCasBackendWizard *w = openWizard(CasProvider::Oci);
        QVERIFY(w);
        w->fieldEdit(CasProvider::Oci, QStringLiteral("repository"))->setText(QStringLiteral("ghcr.io/acme/slow"));
        w->next();
        w->fieldEdit(CasProvider::Oci, QStringLiteral("username"))->setText(QStringLiteral("robot"));
        w->fieldEdit(CasProvider::Oci, QStringLiteral("password"))->setText(QStringLiteral("slow"));
        w->next();
        QVERIFY(commit(w, QStringLiteral("oci-slow")));
        QVERIFY(w->isCommitting());
        QVERIFY(w->progressBar()->isVisibleTo(w));
        QVERIFY(w->cancelCommitButton()->isVisibleTo(w));
        QVERIFY(!w->button(QWizard::CommitButton)->isEnabled());
        QVERIFY(!w->button(QWizard::BackButton)->isEnabled());
        grabFor(w, QStringLiteral("cas-wizard-committing"));
        QTest::mouseClick(w->cancelCommitButton(), Qt::LeftButton);
        QVERIFY(!w->isCommitting());
        QVERIFY(w->commitStatus()->text().contains(QLatin1String("Cancelled")));
        QCOMPARE(w->currentId(), int(AddCasBackendWizard::ReviewPage));
        QVERIFY(w->button(QWizard::CommitButton)->isEnabled());

        // Without cancelling, the server's deadline ends it with a clear message.
        w->next();
        QVERIFY(w->isCommitting());
        QVERIFY(QTest::qWaitFor([w] { return !w->isCommitting(); }, 10000));
        QVERIFY2(w->commitStatus()->text().contains(QLatin1String("in time")), qPrintable(w->commitStatus()->text()));
        w->reject();
    }

    void invalidHostAndServerNameTaken()
    {
        AddCasBackendWizard *w = openWizard(CasProvider::S3);
        QVERIFY(w);
        w->fieldEdit(CasProvider::S3, QStringLiteral("bucket"))->setText(QStringLiteral("acme"));
        w->fieldEdit(CasProvider::S3, QStringLiteral("endpoint"))->setText(QStringLiteral("https://minio.invalid"));
        w->next();
        w->fieldEdit(CasProvider::S3, QStringLiteral("accessKeyID"))->setText(QStringLiteral("AK"));
        w->fieldEdit(CasProvider::S3, QStringLiteral("secretAccessKey"))->setText(QStringLiteral("x"));
        w->next();
        QVERIFY(commit(w, QStringLiteral("s3-unreachable")));
        QVERIFY(QTest::qWaitFor([w] { return w->currentId() == AddCasBackendWizard::S3CredentialsPage; }, 10000));
        QVERIFY(w->serverErrorLabel(CasProvider::S3)->text().contains(QLatin1String("no such host")));
        w->reject();

        // A name another admin took since the list was loaded: the server's answer is shown.
        AddCasBackendWizard *w2 = openWizard(CasProvider::Oci);
        w2->fieldEdit(CasProvider::Oci, QStringLiteral("repository"))->setText(QStringLiteral("ghcr.io/acme/x"));
        w2->next();
        w2->fieldEdit(CasProvider::Oci, QStringLiteral("username"))->setText(QStringLiteral("u"));
        w2->fieldEdit(CasProvider::Oci, QStringLiteral("password"))->setText(QStringLiteral("p"));
        w2->next();
        w2->nameEdit()->setText(QStringLiteral("race-name"));
        w2->next();
        api::NewCasBackend other = w2->request();
        QSignalSpy created(page()->backends(), &models::CasBackendsController::created);
        page()->backends()->create(other);
        QVERIFY(created.wait(5000));
        QVERIFY(QTest::qWaitFor([this] { return !page()->backends()->isBusy(); }, 5000));
        w2->next();
        QVERIFY(QTest::qWaitFor([w2] { return !w2->isCommitting(); }, 10000));
        QVERIFY2(w2->commitStatus()->text().contains(QLatin1String("already exists")),
            qPrintable(w2->commitStatus()->text()));
        w2->reject();
    }

    void editAndRotate()
    {
        QVERIFY(selectRow(page(), QStringLiteral("oci-ghcr")));
        page()->startEdit();
        ui::EditCasBackendDialog *d = page()->editDialog();
        QVERIFY(d);
        QVERIFY(!d->buttons()->button(QDialogButtonBox::Save)->isEnabled()); // nothing changed
        d->descriptionEdit()->setText(QStringLiteral("GHCR store"));
        d->limitEdit()->setText(QStringLiteral("1MiB"));
        QVERIFY(!d->buttons()->button(QDialogButtonBox::Save)->isEnabled());
        d->limitEdit()->setText(QStringLiteral("200MiB"));
        d->rotateGroup()->setChecked(true);
        d->credentialEdit(QStringLiteral("username"))->setText(QStringLiteral("robot"));
        d->credentialEdit(QStringLiteral("password"))->setText(QStringLiteral("invalid"));
        QVERIFY(d->buttons()->button(QDialogButtonBox::Save)->isEnabled());
        grabFor(d, QStringLiteral("cas-edit"));
        d->submit();
        QVERIFY(QTest::qWaitFor([d] { return !d->isBusy(); }, 10000));
        QVERIFY(d->errorLabel()->text().contains(QLatin1String("UNAUTHORIZED")));
        QCOMPARE(d->credentialEdit(QStringLiteral("username"))->text(), QStringLiteral("robot"));
        d->credentialEdit(QStringLiteral("password"))->setText(kSecret);
        QPointer<ui::EditCasBackendDialog> guard(d);
        d->submit();
        QVERIFY(QTest::qWaitFor([&guard] { return guard.isNull() || !guard->isVisible(); }, 10000));
        QVERIFY(QTest::qWaitFor(
            [this] { return backend(QStringLiteral("oci-ghcr")).description == QStringLiteral("GHCR store"); }, 10000));
        QCOMPARE(backend(QStringLiteral("oci-ghcr")).maxBytes, qint64(200) * 1024 * 1024);
    }

    void revalidatePolling()
    {
        QVERIFY(QTest::qWaitFor([this] { return !page()->backends()->isBusy(); }, 5000));
        const QDateTime before = backend(QStringLiteral("minio-broken")).validatedAt;
        QVERIFY(selectRow(page(), QStringLiteral("minio-broken")));
        QVERIFY(page()->revalidateAction()->isEnabled());
        QSignalSpy finished(page()->backends(), &models::CasBackendsController::revalidationFinished);
        page()->revalidateSelected();
        QVERIFY(page()->revalidateProgress()->isVisibleTo(page()));
        QVERIFY(!page()->revalidateAction()->isEnabled());
        QVERIFY(finished.wait(10000));
        const QStringList summary = finished.at(0).at(0).toStringList();
        QCOMPARE(summary.size(), 1);
        QVERIFY2(summary.first().startsWith(QLatin1String("minio-broken: invalid")),
            qPrintable(summary.join(QLatin1Char(';'))));
        QVERIFY(backend(QStringLiteral("minio-broken")).validatedAt != before);
        QVERIFY(!page()->revalidateProgress()->isVisibleTo(page()));

        finished.clear();
        page()->revalidateAll();
        QVERIFY(finished.wait(15000));
        QVERIFY(finished.at(0).at(0).toStringList().size() >= 4);
    }

    void deleteShowsPromotion()
    {
        QVERIFY(QTest::qWaitFor([this] { return !page()->backends()->isBusy(); }, 5000));
        // s3-new is the default (from the S3 test); azure-fallback is the fallback.
        QVERIFY(backend(QStringLiteral("s3-new")).isDefault);
        QVERIFY(page()
                    ->deletePreview(QStringLiteral("s3-new"))
                    .contains(QLatin1String("azure-fallback becomes the default")));
        QVERIFY(!page()->deletePreview(QStringLiteral("oci-two")).contains(QLatin1String("becomes the default")));
        QVERIFY(selectRow(page(), QStringLiteral("s3-new")));
        ui::MessageBoxes::setNextAnswer(QMessageBox::Yes);
        page()->deleteSelected();
        QVERIFY(ui::MessageBoxes::lastText().contains(QLatin1String("azure-fallback becomes the default")));
        QVERIFY(QTest::qWaitFor(
            [this] {
                return rowOf(page(), QStringLiteral("s3-new")) < 0
                    && backend(QStringLiteral("azure-fallback")).isDefault;
            },
            10000));
    }

    void secretsNeverStored()
    {
        QVERIFY(!databaseDump().contains(kSecret));
        QVERIFY(!databaseDump().contains(QLatin1String("AKIATEST\"")));
        for (const QString &line : std::as_const(g_log))
            QVERIFY2(!line.contains(kSecret), qPrintable(line));
    }

    void instanceTokenMayNotEdit()
    {
        GuiApp app;
        const QByteArray token = m_sandbox.seededTokens().value(QStringLiteral("instance_token")).toString().toUtf8();
        QVERIFY(app.connect(m_sandbox, token, QStringLiteral("acme"), QStringLiteral("instance")));
        MainWindow w(*app.session);
        w.show();
        w.showPage(MainWindow::Page::CasBackends);
        QVERIFY(waitSettled(w.casBackendsPage()));
        QVERIFY(selectRow(w.casBackendsPage(), QStringLiteral("oci-ghcr")));
        QVERIFY(w.casBackendsPage()->addAction()->isEnabled());
        QVERIFY(!w.casBackendsPage()->editAction()->isEnabled());
        QVERIFY(!w.casBackendsPage()->deleteAction()->isEnabled());
        QVERIFY(!w.casBackendsPage()->editAction()->toolTip().isEmpty());
    }

    void cleanupTestCase()
    {
        m_window.reset();
        qInstallMessageHandler(g_previous);
    }
};

QTEST_MAIN(TestCasBackends)
#include "tst_casbackends.moc"
