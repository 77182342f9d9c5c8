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
#include "storage/CredentialSetRepository.h"
#include "ui/MainWindow.h"
#include "ui/MessageBoxes.h"
#include "ui/cas/AddCasBackendWizard.h"
#include "ui/cas/CasCredentialSetBox.h"
#include "ui/cas/EditCasBackendDialog.h"
#include "ui/pages/CasBackendsPage.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>

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

    // The widget Tab moves to from `w`.
    static QWidget *nextTabStop(QWidget *w)
    {
        QWidget *n = w->nextInFocusChain();
        while (n && n != w && !(n->focusPolicy() & Qt::TabFocus))
            n = n->nextInFocusChain();
        return n;
    }

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

    QString cell(const QString &name, models::CasBackendTableModel::Column column) const
    {
        const int row = rowOf(page(), name);
        return row < 0 ? QString() : page()->view()->model()->index(row, int(column)).data().toString();
    }

    storage::SecretResult readSecret(const QString &key)
    {
        storage::SecretJob *job = m_app.secrets.read(key);
        QSignalSpy spy(job, &storage::SecretJob::finished);
        if (!spy.wait(5000))
            return {};
        return spy.at(0).at(0).value<storage::SecretResult>();
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
        // Filter and sort.
        page()->filterEdit()->setText(QStringLiteral("minio-broken"));
        QTRY_COMPARE(m->rowCount(), 1);
        page()->filterEdit()->clear();
        QTRY_VERIFY(m->rowCount() > 1);
        page()->view()->sortByColumn(int(Column::Name), Qt::DescendingOrder);
        QVERIFY(m->index(0, 0).data().toString() > m->index(m->rowCount() - 1, 0).data().toString());
        page()->view()->sortByColumn(int(Column::Name), Qt::AscendingOrder);
        // Nothing recorded about credentials yet: no warning.
        QVERIFY(!page()->expiryBanner()->isVisibleTo(page()));
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

    // Every field of every provider: its rule is shown under it, a bad value is flagged as it
    // is typed and blocks Next, the good value clears it.
    void everyFieldCheckedAsTyped_data()
    {
        QTest::addColumn<int>("provider");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("bad");
        QTest::addColumn<QString>("says");
        const int s3 = int(CasProvider::S3), azure = int(CasProvider::Azure), oci = int(CasProvider::Oci);
        QTest::newRow("s3 bucket short") << s3 << "bucket"
                                         << "ab"
                                         << "3 to 63";
        QTest::newRow("s3 bucket case") << s3 << "bucket"
                                        << "Cas-Bucket"
                                        << "lowercase";
        QTest::newRow("s3 region") << s3 << "region"
                                   << "EU West"
                                   << "eu-west-1";
        QTest::newRow("s3 endpoint scheme") << s3 << "endpoint"
                                            << "minio:9000"
                                            << "scheme";
        QTest::newRow("s3 endpoint ftp") << s3 << "endpoint"
                                         << "ftp://minio"
                                         << "http";
        QTest::newRow("s3 endpoint path") << s3 << "endpoint"
                                          << "https://minio/x"
                                          << "path";
        QTest::newRow("s3 access key") << s3 << "accessKeyID"
                                       << "AK IA"
                                       << "no spaces";
        QTest::newRow("s3 secret empty") << s3 << "secretAccessKey"
                                         << ""
                                         << "";
        QTest::newRow("azure account") << azure << "account"
                                       << "Acme_Store"
                                       << "3 to 24";
        QTest::newRow("azure container") << azure << "container"
                                         << "a--b"
                                         << "single hyphens";
        QTest::newRow("azure suffix scheme") << azure << "endpointSuffix"
                                             << "https://x.cn"
                                             << "scheme";
        QTest::newRow("azure suffix path") << azure << "endpointSuffix"
                                           << "x.cn/y"
                                           << "no slashes";
        QTest::newRow("azure tenant") << azure << "tenantID"
                                      << "t 1"
                                      << "no spaces";
        QTest::newRow("azure client") << azure << "clientID"
                                      << "c 1"
                                      << "no spaces";
        QTest::newRow("azure secret empty") << azure << "clientSecret"
                                            << ""
                                            << "";
        QTest::newRow("oci scheme") << oci << "repository"
                                    << "https://ghcr.io/acme"
                                    << "scheme";
        QTest::newRow("oci no path") << oci << "repository"
                                     << "ghcr.io"
                                     << "path";
        QTest::newRow("oci case") << oci << "repository"
                                  << "ghcr.io/Acme/cas"
                                  << "lowercase";
        QTest::newRow("oci username") << oci << "username"
                                      << "ro bot"
                                      << "no spaces";
        QTest::newRow("oci password empty") << oci << "password"
                                            << ""
                                            << "";
    }

    void everyFieldCheckedAsTyped()
    {
        QFETCH(int, provider);
        QFETCH(QString, key);
        QFETCH(QString, bad);
        QFETCH(QString, says);
        const auto p = CasProvider(provider);
        const QMap<CasProvider, CasFields> valid {
            { CasProvider::S3,
                { { QStringLiteral("bucket"), QStringLiteral("cas-bucket") },
                    { QStringLiteral("accessKeyID"), QStringLiteral("AKIA") },
                    { QStringLiteral("secretAccessKey"), QStringLiteral("s") } } },
            { CasProvider::Azure,
                { { QStringLiteral("account"), QStringLiteral("acmestore") },
                    { QStringLiteral("container"), QStringLiteral("chainloop") },
                    { QStringLiteral("tenantID"), QStringLiteral("t") },
                    { QStringLiteral("clientID"), QStringLiteral("c") },
                    { QStringLiteral("clientSecret"), QStringLiteral("s") } } },
            { CasProvider::Oci,
                { { QStringLiteral("repository"), QStringLiteral("ghcr.io/acme/x") },
                    { QStringLiteral("username"), QStringLiteral("u") },
                    { QStringLiteral("password"), QStringLiteral("p") } } },
        };
        AddCasBackendWizard *w = openWizard(p);
        QVERIFY(w);
        for (const QString &k : casLocationKeys(p))
            w->fieldEdit(p, k)->setText(valid[p].value(k));
        if (casCredentialKeys(p).contains(key)) {
            QVERIFY(nextEnabled(w));
            w->next();
            QCOMPARE(w->currentId(), AddCasBackendWizard::credentialsPageOf(p));
            for (const QString &k : casCredentialKeys(p))
                w->fieldEdit(p, k)->setText(valid[p].value(k));
        }
        QVERIFY(nextEnabled(w));
        const QString prefix = p == CasProvider::S3 ? QStringLiteral("s3")
            : p == CasProvider::Azure               ? QStringLiteral("azure")
                                                    : QStringLiteral("oci");
        auto *rule = w->findChild<QLabel *>(prefix + key.left(1).toUpper() + key.mid(1) + QStringLiteral("Rule"));
        QVERIFY2(rule && !rule->text().isEmpty(), qPrintable(key));
        QVERIFY(rule->isVisibleTo(w));
        w->fieldEdit(p, key)->setText(bad);
        QLabel *error = w->fieldErrorLabel(p, key);
        if (!says.isEmpty()) {
            QVERIFY(error->isVisibleTo(w));
            QVERIFY2(error->text().contains(says), qPrintable(error->text()));
        }
        QVERIFY(!nextEnabled(w));
        w->fieldEdit(p, key)->setText(valid[p].value(key));
        QVERIFY(!error->isVisibleTo(w));
        QVERIFY(nextEnabled(w));
        w->reject();
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

    // Remember a set with its expiry date, pick it from the list in a second wizard, load it,
    // forget it; the backends page warns about the backend created with it.
    void ociRememberCredentialsAndReuse()
    {
        using Column = models::CasBackendTableModel::Column;
        const QDate expires = QDate::currentDate().addDays(5);
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
        // Nothing remembered for OCI yet: an empty list, nothing to load or forget.
        QCOMPARE(w->setCombo(CasProvider::Oci)->count(), 0);
        QVERIFY(!w->loadButton(CasProvider::Oci)->isEnabled());
        QVERIFY(!w->forgetButton(CasProvider::Oci)->isEnabled());
        w->fieldEdit(CasProvider::Oci, QStringLiteral("username"))->setText(QStringLiteral("robot"));
        w->fieldEdit(CasProvider::Oci, QStringLiteral("password"))->setText(kSecret);
        w->rememberCheck(CasProvider::Oci)->setChecked(true);
        QVERIFY(!nextEnabled(w)); // a name is needed
        w->rememberNameEdit(CasProvider::Oci)->setText(QStringLiteral("GHCR Robot"));
        QVERIFY(!nextEnabled(w)); // and a DNS-1123 label
        w->rememberNameEdit(CasProvider::Oci)->setText(QStringLiteral("ghcr-robot"));
        QVERIFY(nextEnabled(w));
        QVERIFY(!w->expiresEdit(CasProvider::Oci)->isEnabled());
        w->expiresCheck(CasProvider::Oci)->setChecked(true);
        QVERIFY(w->expiresEdit(CasProvider::Oci)->isEnabled());
        w->expiresEdit(CasProvider::Oci)->setDate(expires);
        grabFor(w, QStringLiteral("cas-wizard-credentials-remember"));
        w->next();
        QVERIFY(commit(w, QStringLiteral("oci-two")));
        QVERIFY(QTest::qWaitFor([w] { return w->currentId() == AddCasBackendWizard::DonePage; }, 10000));
        QVERIFY(QTest::qWaitFor([w] { return w->doneLabel()->text().contains(QLatin1String("remembered")); }, 5000));
        w->accept();

        // The secret is in the keychain store only, as provider + keys...
        const auto set = casCredentialSetFromJson(readSecret(casCredentialSetKey(QStringLiteral("ghcr-robot"))).secret);
        QVERIFY(set);
        QCOMPARE(set->first, CasProvider::Oci);
        QCOMPARE(set->second.value(QStringLiteral("password")), kSecret);
        // ...the database has its name, provider and date, and which backend uses it.
        storage::CredentialSetRepository *sets = page()->credentialSets();
        const auto info = sets->find(QStringLiteral("ghcr-robot")).value();
        QVERIFY(info);
        QCOMPARE(info->provider, QStringLiteral("OCI"));
        QCOMPARE(info->expiresAt.date(), expires);
        const auto recorded = sets->backends(m_app.session->profile().id, QStringLiteral("acme")).value();
        QVERIFY(std::any_of(recorded.begin(), recorded.end(), [](const storage::BackendCredentialInfo &b) {
            return b.backend == QLatin1String("oci-two") && b.credentialSet == QLatin1String("ghcr-robot");
        }));
        // The page warns: 5 days left.
        QVERIFY(QTest::qWaitFor([this] { return rowOf(page(), QStringLiteral("oci-two")) >= 0; }, 10000));
        QTRY_COMPARE(cell(QStringLiteral("oci-two"), Column::Credentials), QStringLiteral("expires in 5 days"));
        QVERIFY(page()->expiryBanner()->isVisibleTo(page()));
        QVERIFY(page()->expiryBanner()->text().contains(QLatin1String("oci-two")));

        // A second wizard lists it (for OCI only), loads it and its date, and can forget it.
        AddCasBackendWizard *w2 = openWizard(CasProvider::Oci);
        QVERIFY(w2);
        w2->fieldEdit(CasProvider::Oci, QStringLiteral("repository"))->setText(QStringLiteral("ghcr.io/acme/cas-3"));
        w2->next();
        QComboBox *combo = w2->setCombo(CasProvider::Oci);
        QCOMPARE(combo->count(), 1);
        // Tab goes through the fields first, then the remembered-set rows.
        QCOMPARE(nextTabStop(w2->fieldEdit(CasProvider::Oci, QStringLiteral("username"))),
            w2->fieldEdit(CasProvider::Oci, QStringLiteral("password")));
        QCOMPARE(nextTabStop(w2->fieldEdit(CasProvider::Oci, QStringLiteral("password"))), combo);
        QCOMPARE(nextTabStop(combo), w2->loadButton(CasProvider::Oci));
        QCOMPARE(combo->currentData().toString(), QStringLiteral("ghcr-robot"));
        QVERIFY(combo->currentText().contains(expires.toString(Qt::ISODate)));
        QCOMPARE(w2->setCombo(CasProvider::S3)->count(), 0);
        QVERIFY(w2->loadButton(CasProvider::Oci)->isEnabled());
        QVERIFY(!w2->expiresCheck(CasProvider::Oci)->isChecked());
        w2->loadButton(CasProvider::Oci)->click();
        QVERIFY(QTest::qWaitFor(
            [w2] { return w2->fieldEdit(CasProvider::Oci, QStringLiteral("password"))->text() == kSecret; }, 5000));
        QCOMPARE(w2->fieldEdit(CasProvider::Oci, QStringLiteral("username"))->text(), QStringLiteral("robot"));
        QVERIFY(w2->expiresCheck(CasProvider::Oci)->isChecked());
        QCOMPARE(w2->expiresEdit(CasProvider::Oci)->date(), expires);
        QCOMPARE(w2->credentialSetBox(CasProvider::Oci)->credentialSetName(), QStringLiteral("ghcr-robot"));
        QVERIFY(w2->rememberStatusLabel(CasProvider::Oci)->text().contains(QLatin1String("Loaded ghcr-robot")));
        grabFor(w2, QStringLiteral("cas-wizard-credentials"));
        // Typing over a loaded value makes it another credential.
        w2->fieldEdit(CasProvider::Oci, QStringLiteral("username"))->setText(QStringLiteral("robot2"));
        QVERIFY(w2->credentialSetBox(CasProvider::Oci)->credentialSetName().isEmpty());

        // Forget: asked first; a "Cancel" keeps it.
        ui::MessageBoxes::setNextAnswer(QMessageBox::Cancel);
        w2->forgetButton(CasProvider::Oci)->click();
        QCOMPARE(combo->count(), 1);
        ui::MessageBoxes::setNextAnswer(QMessageBox::Yes);
        w2->forgetButton(CasProvider::Oci)->click();
        QVERIFY(ui::MessageBoxes::lastText().contains(QLatin1String("ghcr-robot")));
        QVERIFY(QTest::qWaitFor([combo] { return combo->count() == 0; }, 5000));
        QCOMPARE(readSecret(casCredentialSetKey(QStringLiteral("ghcr-robot"))).error,
            storage::SecretResult::Error::NotFound);
        QVERIFY(!sets->find(QStringLiteral("ghcr-robot")).value());
        w2->reject();
        // The backend keeps the date it was given.
        page()->updateCredentialExpiry();
        QCOMPARE(cell(QStringLiteral("oci-two"), Column::Credentials), QStringLiteral("expires in 5 days"));
    }

    // For the onboarding wizard: no controller, Finish calls no server, the result is read back.
    void planningModeCallsNoServer()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("planning.sqlite"));
        storage::Database db;
        QVERIFY(db.open(path).ok());
        storage::CredentialSetRepository sets(db);
        std::unique_ptr<AddCasBackendWizard> w(AddCasBackendWizard::createForPlanning(m_app.secrets, &sets));
        QVERIFY(w->isPlanning());
        w->setTakenNames({ QStringLiteral("planned-one") });
        w->show();
        w->setProvider(CasProvider::S3);
        w->next();
        w->fieldEdit(CasProvider::S3, QStringLiteral("bucket"))->setText(QStringLiteral("plan-bucket"));
        w->next();
        QCOMPARE(w->currentId(), int(AddCasBackendWizard::S3CredentialsPage));
        w->fieldEdit(CasProvider::S3, QStringLiteral("accessKeyID"))->setText(QStringLiteral("AKIAPLANNED"));
        w->fieldEdit(CasProvider::S3, QStringLiteral("secretAccessKey"))->setText(kSecret);
        w->rememberCheck(CasProvider::S3)->setChecked(true);
        w->rememberNameEdit(CasProvider::S3)->setText(QStringLiteral("plan-aws"));
        w->expiresCheck(CasProvider::S3)->setChecked(true);
        w->expiresEdit(CasProvider::S3)->setDate(QDate(2031, 3, 4));
        w->next();
        w->nameEdit()->setText(QStringLiteral("planned-one"));
        QVERIFY(w->nameError()->text().contains(QLatin1String("already exists")));
        QVERIFY(!nextEnabled(w.get()));
        w->nameEdit()->setText(QStringLiteral("plan-s3"));
        w->defaultRadio()->setChecked(true);
        w->next();
        QCOMPARE(w->currentId(), int(AddCasBackendWizard::ReviewPage));
        QVERIFY(!w->reviewLabel()->text().contains(kSecret));
        // Finish, not Create.
        QVERIFY(w->button(QWizard::FinishButton)->isVisible());
        QVERIFY(!w->button(QWizard::CommitButton)->isVisible());
        QSignalSpy accepted(w.get(), &QDialog::accepted);
        w->button(QWizard::FinishButton)->click();
        QVERIFY(accepted.count() == 1 || accepted.wait(5000));
        QCOMPARE(w->rememberedSetName(), QStringLiteral("plan-aws"));
        QCOMPARE(w->credentialExpiry(), QDateTime(QDate(2031, 3, 4), QTime(0, 0), Qt::UTC));
        const api::NewCasBackend req = w->request();
        QCOMPARE(req.name, QStringLiteral("plan-s3"));
        QCOMPARE(req.provider, QStringLiteral("AWS-S3"));
        QCOMPARE(req.location, QStringLiteral("plan-bucket"));
        QVERIFY(req.isDefault);
        QCOMPARE(req.credentials.value(QStringLiteral("secretAccessKey")).toString(), kSecret);
        QCOMPARE(req.credentials.value(QStringLiteral("accessKeyID")).toString(), QStringLiteral("AKIAPLANNED"));

        // The set is in the keychain store and listed; the SQLite file holds no secret.
        const auto set = casCredentialSetFromJson(readSecret(casCredentialSetKey(QStringLiteral("plan-aws"))).secret);
        QVERIFY(set);
        QCOMPARE(set->second.value(QStringLiteral("secretAccessKey")), kSecret);
        QVERIFY(sets.find(QStringLiteral("plan-aws")).value());
        const QByteArray bytes = [&path] {
            QByteArray all;
            for (const QString &suffix : { QString(), QStringLiteral("-wal"), QStringLiteral("-journal") }) {
                QFile f(path + suffix);
                if (f.open(QIODevice::ReadOnly))
                    all += f.readAll();
            }
            return all;
        }();
        QVERIFY(bytes.contains("plan-aws"));
        QVERIFY(!bytes.contains(kSecret.toUtf8()));
        QVERIFY(!bytes.contains("AKIAPLANNED"));

        // No server call: the organization has no such backend.
        page()->backends()->refresh();
        QVERIFY(waitSettled(page()));
        QVERIFY(backend(QStringLiteral("plan-s3")).name.isEmpty());

        // Without "remember" Finish closes at once and names no set.
        std::unique_ptr<AddCasBackendWizard> w2(AddCasBackendWizard::createForPlanning(m_app.secrets, nullptr));
        w2->show();
        w2->setProvider(CasProvider::Oci);
        w2->next();
        w2->fieldEdit(CasProvider::Oci, QStringLiteral("repository"))->setText(QStringLiteral("ghcr.io/plan/x"));
        w2->next();
        QVERIFY(!w2->setCombo(CasProvider::Oci)->isVisibleTo(w2.get())); // no list without the repository
        w2->fieldEdit(CasProvider::Oci, QStringLiteral("username"))->setText(QStringLiteral("u"));
        w2->fieldEdit(CasProvider::Oci, QStringLiteral("password"))->setText(QStringLiteral("p"));
        w2->next();
        w2->nameEdit()->setText(QStringLiteral("plan-oci"));
        w2->next();
        QSignalSpy accepted2(w2.get(), &QDialog::accepted);
        w2->button(QWizard::FinishButton)->click();
        QCOMPARE(accepted2.count(), 1);
        QVERIFY(w2->rememberedSetName().isEmpty());
        QCOMPARE(w2->request().location, QStringLiteral("ghcr.io/plan/x"));
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
        // The rotated credential expires in 3 days; remembered for later rotations.
        ui::CasCredentialSetBox *box = d->credentialSetBox();
        QVERIFY(box);
        box->expiresCheck()->setChecked(true);
        box->expiresEdit()->setDate(QDate::currentDate().addDays(3));
        box->rememberCheck()->setChecked(true);
        box->rememberNameEdit()->setText(QStringLiteral("bad name"));
        QVERIFY(!d->buttons()->button(QDialogButtonBox::Save)->isEnabled());
        box->rememberNameEdit()->setText(QStringLiteral("ghcr-rotated"));
        QVERIFY(d->buttons()->button(QDialogButtonBox::Save)->isEnabled());
        QPointer<ui::EditCasBackendDialog> guard(d);
        d->submit();
        QVERIFY(QTest::qWaitFor([&guard] { return guard.isNull() || !guard->isVisible(); }, 10000));
        QVERIFY(QTest::qWaitFor(
            [this] { return backend(QStringLiteral("oci-ghcr")).description == QStringLiteral("GHCR store"); }, 10000));
        QCOMPARE(backend(QStringLiteral("oci-ghcr")).maxBytes, qint64(200) * 1024 * 1024);
        QTRY_COMPARE(cell(QStringLiteral("oci-ghcr"), models::CasBackendTableModel::Column::Credentials),
            QStringLiteral("expires in 3 days"));
        const auto set
            = casCredentialSetFromJson(readSecret(casCredentialSetKey(QStringLiteral("ghcr-rotated"))).secret);
        QVERIFY(set);
        QCOMPARE(set->second.value(QStringLiteral("password")), kSecret);
    }

    // One banner lists every backend whose recorded credential expires within 14 days or has
    // expired; a later date shows in the column without a warning.
    void expiryWarningBanner()
    {
        using Column = models::CasBackendTableModel::Column;
        storage::CredentialSetRepository *sets = page()->credentialSets();
        const QUuid profile = m_app.session->profile().id;
        auto record = [&](const QString &name, int days) {
            storage::BackendCredentialInfo info;
            info.profileId = profile;
            info.organization = QStringLiteral("acme");
            info.backend = name;
            info.expiresAt = QDateTime(QDate::currentDate().addDays(days), QTime(0, 0), Qt::UTC);
            return sets->recordBackend(info).ok();
        };
        QVERIFY(record(QStringLiteral("minio-broken"), -2));
        QVERIFY(record(QStringLiteral("azure-fallback"), 40));
        // Another organization's record does not show here.
        storage::BackendCredentialInfo elsewhere;
        elsewhere.profileId = profile;
        elsewhere.organization = QStringLiteral("globex");
        elsewhere.backend = QStringLiteral("s3-primary");
        elsewhere.expiresAt = QDateTime::currentDateTimeUtc();
        QVERIFY(sets->recordBackend(elsewhere).ok());
        page()->updateCredentialExpiry();

        QCOMPARE(cell(QStringLiteral("minio-broken"), Column::Credentials), QStringLiteral("expired 2 days ago"));
        QCOMPARE(cell(QStringLiteral("azure-fallback"), Column::Credentials),
            QStringLiteral("expires %1").arg(QDate::currentDate().addDays(40).toString(Qt::ISODate)));
        QVERIFY(cell(QStringLiteral("s3-primary"), Column::Credentials).isEmpty());
        QCOMPARE(page()->view()->model()->headerData(int(Column::Credentials), Qt::Horizontal).toString(),
            QStringLiteral("Credentials"));
        const int broken = rowOf(page(), QStringLiteral("minio-broken"));
        QVERIFY(page()
                    ->view()
                    ->model()
                    ->index(broken, int(Column::Credentials))
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("Rotate")));
        const QString banner = page()->expiryBanner()->text();
        QVERIFY(page()->expiryBanner()->isVisibleTo(page()));
        QVERIFY2(banner.contains(QLatin1String("minio-broken: expired 2 days ago")), qPrintable(banner));
        QVERIFY2(banner.contains(QLatin1String("oci-ghcr: expires in 3 days")), qPrintable(banner));
        QVERIFY2(banner.contains(QLatin1String("oci-two: expires in 5 days")), qPrintable(banner));
        QVERIFY(!banner.contains(QLatin1String("azure-fallback")));
        QVERIFY(!banner.contains(QLatin1String("s3-primary")));
        // Sorting by the column puts the soonest first.
        page()->view()->sortByColumn(int(Column::Credentials), Qt::AscendingOrder);
        QCOMPARE(page()->view()->model()->index(0, 0).data().toString(), QStringLiteral("minio-broken"));
        // Shown next to the validation state, in view.
        QHeaderView *header = page()->view()->horizontalHeader();
        QCOMPARE(header->visualIndex(int(Column::Credentials)), header->visualIndex(int(Column::Validation)) + 1);
        const QSize size = m_window->size();
        m_window->resize(1280, 800);
        QTest::qWait(50);
        grabFor(m_window.get(), QStringLiteral("cas-backends-expiry"));
        m_window->resize(size);
        page()->view()->sortByColumn(int(Column::Name), Qt::AscendingOrder);

        // Renewed: the warning goes.
        QVERIFY(record(QStringLiteral("minio-broken"), 365));
        page()->updateCredentialExpiry();
        QVERIFY(!page()->expiryBanner()->text().contains(QLatin1String("minio-broken")));
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
        // Remembered sets were recorded (names reach the database), their secrets never.
        QVERIFY(databaseDump().contains(QLatin1String("ghcr-rotated")));
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
