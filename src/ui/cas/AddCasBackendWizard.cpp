// SPDX-License-Identifier: Apache-2.0
#include "ui/cas/AddCasBackendWizard.h"

#include "ui_CasBackendCommonPage.h"

#include "core/Validation.h"
#include "models/CasBackendsController.h"
#include "storage/SecretStore.h"
#include "ui/cas/CasIcons.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include <functional>

namespace adm::ui {

namespace {

// A page whose rules come from the wizard (no per-page class needed). cleanupPage() keeps the
// fields: going back must never lose what the user typed.
class FormPage : public QWizardPage
{
public:
    using QWizardPage::QWizardPage;
    std::function<bool()> complete;
    std::function<int()> next;
    std::function<bool()> validate;
    std::function<void()> enter;

    bool isComplete() const override { return complete ? complete() : true; }
    int nextId() const override { return next ? next() : QWizardPage::nextId(); }
    bool validatePage() override { return validate ? validate() : true; }
    void initializePage() override
    {
        if (enter)
            enter();
    }
    void cleanupPage() override { }
    void changed() { Q_EMIT completeChanged(); }
};

QString keyName(const QString &key)
{
    // objectName part: "accessKeyID" -> "AccessKeyID"
    return key.left(1).toUpper() + key.mid(1);
}

QString providerKey(CasProvider p)
{
    switch (p) {
    case CasProvider::S3: return QStringLiteral("s3");
    case CasProvider::Azure: return QStringLiteral("azure");
    case CasProvider::Oci: return QStringLiteral("oci");
    }
    return {};
}

void styleAsRule(QLabel *label)
{
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    label->setFont(font);
    label->setStyleSheet(QStringLiteral("color: #5f6368;"));
}

QLabel *ruleLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    styleAsRule(label);
    return label;
}

void styleAsError(QLabel *label)
{
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setStyleSheet(QStringLiteral("color: #c0392b;"));
    label->setVisible(false);
}

// A form label with its mnemonic bound to `buddy` (QFormLayout only does that for widget rows).
QLabel *buddyLabel(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

QLabel *errorLabel(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setStyleSheet(QStringLiteral("color: #c0392b;"));
    label->setVisible(false);
    return label;
}

void showError(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

} // namespace

AddCasBackendWizard::AddCasBackendWizard(
    models::CasBackendsController &controller, storage::SecretStore &secrets, QWidget *parent)
    : QWizard(parent)
    , m_controller(controller)
    , m_secrets(secrets)
{
    setObjectName(QStringLiteral("addCasBackendWizard"));
    setAccessibleName(tr("Add CAS backend"));
    setWindowTitle(tr("Add CAS Backend"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setMinimumSize(640, 520);

    setPage(ProviderPage, buildProviderPage());
    for (CasProvider p : { CasProvider::S3, CasProvider::Azure, CasProvider::Oci }) {
        setPage(locationPageOf(p), buildFieldsPage(p, false));
        setPage(credentialsPageOf(p), buildFieldsPage(p, true));
    }
    setPage(CommonPage, buildCommonPage());
    setPage(ReviewPage, buildReviewPage());
    setPage(DonePage, buildDonePage());
    setStartId(ProviderPage);

    connect(&m_controller, &models::CasBackendsController::created, this, [this] { onCreated(); });
    connect(&m_controller, &models::CasBackendsController::createFailed, this,
        [this](const api::ApiError &error, const QString &message) { onCreateFailed(error, message); });
}

int AddCasBackendWizard::locationPageOf(CasProvider provider)
{
    switch (provider) {
    case CasProvider::S3: return S3LocationPage;
    case CasProvider::Azure: return AzureLocationPage;
    case CasProvider::Oci: return OciLocationPage;
    }
    return S3LocationPage;
}

int AddCasBackendWizard::credentialsPageOf(CasProvider provider)
{
    return locationPageOf(provider) + 1;
}

void AddCasBackendWizard::setProvider(CasProvider provider)
{
    m_provider = provider;
    if (QRadioButton *radio = m_providerRadios.value(int(provider)))
        radio->setChecked(true);
}

QWizardPage *AddCasBackendWizard::buildProviderPage()
{
    auto *page = new FormPage(this);
    page->setObjectName(QStringLiteral("casProviderPage"));
    page->setTitle(tr("Storage provider"));
    page->setSubTitle(tr("Where this organization's artifacts and attestations will be stored."));
    auto *layout = new QVBoxLayout(page);
    for (CasProvider p : { CasProvider::S3, CasProvider::Azure, CasProvider::Oci }) {
        auto *radio = new QRadioButton(casProviderTitle(p), page);
        radio->setObjectName(providerKey(p) + QStringLiteral("ProviderRadio"));
        radio->setAccessibleName(casProviderTitle(p));
        radio->setIcon(casProviderIcon(casProviderId(p)));
        radio->setIconSize(QSize(24, 24));
        radio->setChecked(p == m_provider);
        connect(radio, &QRadioButton::toggled, this, [this, p](bool on) {
            if (on)
                m_provider = p;
        });
        m_providerRadios.insert(int(p), radio);
        layout->addWidget(radio);
    }
    layout->addWidget(ruleLabel(tr("AWS S3 also covers S3-compatible storage such as MinIO or Cloudflare R2 through a "
                                   "custom endpoint."),
        page));
    layout->addStretch();
    page->next = [this] { return locationPageOf(m_provider); };
    return page;
}

QWizardPage *AddCasBackendWizard::buildFieldsPage(CasProvider provider, bool credentials)
{
    auto *page = new FormPage(this);
    const QString pkey = providerKey(provider);
    page->setObjectName(pkey + (credentials ? QStringLiteral("CredentialsPage") : QStringLiteral("LocationPage")));
    page->setTitle(credentials ? tr("%1: credentials").arg(casProviderTitle(provider))
                               : tr("%1: location").arg(casProviderTitle(provider)));
    page->setSubTitle(credentials ? tr("The server checks them by writing to the storage when you create the backend.")
                                  : tr("Where the blobs go. The location is built the way the server expects it."));
    ProviderWidgets &w = m_widgets[int(provider)];
    auto *outer = new QVBoxLayout(page);
    if (credentials) {
        w.serverError = errorLabel(page, pkey + QStringLiteral("ServerErrorLabel"));
        w.serverError->setAccessibleName(tr("Server's answer"));
        w.serverError->setFrameShape(QFrame::StyledPanel);
        outer->addWidget(w.serverError);
    }
    auto *form = new QFormLayout;
    outer->addLayout(form);
    const QStringList keys = credentials ? casCredentialKeys(provider) : casLocationKeys(provider);
    for (const QString &key : keys) {
        auto *edit = new QLineEdit(page);
        edit->setObjectName(pkey + keyName(key) + QStringLiteral("Edit"));
        edit->setAccessibleName(casFieldLabel(key));
        if (casIsSecretKey(key))
            edit->setEchoMode(QLineEdit::Password);
        if (key == QLatin1String(CasField::Container))
            edit->setText(QStringLiteral("chainloop"));
        if (key == QLatin1String(CasField::Region))
            edit->setPlaceholderText(QStringLiteral("us-east-1"));
        if (key == QLatin1String(CasField::Endpoint))
            edit->setPlaceholderText(QStringLiteral("https://minio.example.com:9000"));
        if (key == QLatin1String(CasField::Repository))
            edit->setPlaceholderText(QStringLiteral("ghcr.io/acme/chainloop-cas"));
        auto *box = new QVBoxLayout;
        box->setSpacing(2);
        box->addWidget(edit);
        auto *error = errorLabel(page, pkey + keyName(key) + QStringLiteral("Error"));
        error->setAccessibleName(tr("%1 problem").arg(casFieldLabel(key)));
        box->addWidget(error);
        auto *rule = ruleLabel(casFieldRule(provider, key), page);
        rule->setObjectName(pkey + keyName(key) + QStringLiteral("Rule"));
        rule->setAccessibleName(tr("%1 rule").arg(casFieldLabel(key)));
        box->addWidget(rule);
        form->addRow(buddyLabel(casFieldLabel(key) + QLatin1Char(':'), edit, page), box);
        w.edits.insert(key, edit);
        w.errors.insert(key, error);
        connect(edit, &QLineEdit::textChanged, page, [this, page, provider, key, error](const QString &text) {
            // Empty required fields are not flagged while the user has not typed yet.
            showError(error, text.isEmpty() ? QString() : casFieldError(provider, key, text));
            ProviderWidgets &pw = m_widgets[int(provider)];
            if (pw.preview)
                pw.preview->setText(tr("Location: %1").arg(casLocation(provider, fields(provider))));
            page->changed();
        });
    }
    if (!credentials) {
        w.preview = new QLabel(tr("Location: %1").arg(casLocation(provider, fields(provider))), page);
        w.preview->setObjectName(pkey + QStringLiteral("LocationPreview"));
        w.preview->setAccessibleName(tr("Location sent to the server"));
        w.preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
        outer->addWidget(w.preview);
    } else {
        // Remembered credential sets live only in the OS keychain ("credentials/<name>").
        auto *loadRow = new QHBoxLayout;
        auto *loadLabel = new QLabel(tr("Reuse a remembered set:"), page);
        loadRow->addWidget(loadLabel);
        w.loadName = new QLineEdit(page);
        loadLabel->setBuddy(w.loadName);
        w.loadName->setObjectName(pkey + QStringLiteral("LoadNameEdit"));
        w.loadName->setAccessibleName(tr("Remembered credential set to load"));
        w.loadName->setPlaceholderText(tr("name of a remembered set"));
        w.load = new QPushButton(tr("&Load from Keychain"), page);
        w.load->setObjectName(pkey + QStringLiteral("LoadButton"));
        w.load->setAccessibleName(tr("Load remembered credentials"));
        w.load->setEnabled(false);
        connect(w.loadName, &QLineEdit::textChanged, w.load,
            [load = w.load](const QString &text) { load->setEnabled(validateDnsLabel(text).ok()); });
        connect(w.load, &QPushButton::clicked, this, [this, provider] { loadRemembered(provider); });
        loadRow->addWidget(w.loadName);
        loadRow->addWidget(w.load);
        outer->addLayout(loadRow);
        auto *rememberRow = new QHBoxLayout;
        w.remember = new QCheckBox(tr("&Remember in the keychain as"), page);
        w.remember->setObjectName(pkey + QStringLiteral("RememberCheck"));
        w.remember->setAccessibleName(tr("Remember these credentials in the keychain"));
        w.rememberName = new QLineEdit(page);
        w.rememberName->setObjectName(pkey + QStringLiteral("RememberNameEdit"));
        w.rememberName->setAccessibleName(tr("Name of the remembered credential set"));
        w.rememberName->setEnabled(false);
        connect(w.remember, &QCheckBox::toggled, w.rememberName, &QWidget::setEnabled);
        connect(w.remember, &QCheckBox::toggled, page, [page] { page->changed(); });
        connect(w.rememberName, &QLineEdit::textChanged, page, [page] { page->changed(); });
        rememberRow->addWidget(w.remember);
        rememberRow->addWidget(w.rememberName);
        outer->addLayout(rememberRow);
        w.rememberStatus = new QLabel(page);
        w.rememberStatus->setObjectName(pkey + QStringLiteral("RememberStatusLabel"));
        w.rememberStatus->setAccessibleName(tr("Keychain status"));
        w.rememberStatus->setWordWrap(true);
        outer->addWidget(w.rememberStatus);
    }
    outer->addStretch();
    page->complete = [this, provider, keys] {
        const ProviderWidgets &pw = m_widgets[int(provider)];
        if (pw.remember && pw.remember->isChecked() && !validateDnsLabel(pw.rememberName->text()).ok())
            return false;
        return casFieldErrors(provider, keys, fields(provider)).isEmpty();
    };
    page->next = [credentials, provider] { return credentials ? int(CommonPage) : credentialsPageOf(provider); };
    return page;
}

QWizardPage *AddCasBackendWizard::buildCommonPage()
{
    auto *page = new FormPage(this);
    Ui::CasBackendCommonPage ui; // the widgets are owned by the page; the struct only points
    ui.setupUi(page);
    m_name = ui.casNameEdit;
    m_nameError = ui.casNameError;
    m_description = ui.casDescriptionEdit;
    m_limit = ui.casLimitEdit;
    m_limitError = ui.casLimitError;
    m_plain = ui.casPlainRadio;
    m_default = ui.casDefaultRadio;
    m_fallback = ui.casFallbackRadio;
    m_roleNote = ui.casRoleNote;
    for (QLabel *label : { m_nameError, m_limitError })
        styleAsError(label);
    for (QLabel *label : { ui.nameRule, ui.limitRule })
        styleAsRule(label);

    for (QLineEdit *edit : { m_name, m_limit })
        connect(edit, &QLineEdit::textChanged, page, [this, page] {
            updateCommon();
            page->changed();
        });
    for (QRadioButton *radio : { m_plain, m_default, m_fallback })
        connect(radio, &QRadioButton::toggled, page, [this] { updateCommon(); });
    page->enter = [this] { updateCommon(); };
    page->complete
        = [this] { return casNameError(m_name->text(), m_controller.names()).isEmpty() && limitBytes().has_value(); };
    page->next = [] { return int(ReviewPage); };
    return page;
}

std::optional<qint64> AddCasBackendWizard::limitBytes() const
{
    const auto bytes = parseByteSize(m_limit->text().trimmed());
    if (!bytes || !casMaxBytesError(*bytes).isEmpty())
        return std::nullopt;
    return bytes;
}

void AddCasBackendWizard::updateCommon()
{
    const QString name = m_name->text();
    showError(m_nameError, name.isEmpty() ? QString() : casNameError(name, m_controller.names()));
    const auto bytes = parseByteSize(m_limit->text().trimmed());
    showError(m_limitError, !bytes ? tr("Enter a size such as 100MiB or 1GiB.") : casMaxBytesError(*bytes));
    const QList<CasBackend> all = m_controller.backends();
    if (m_default->isChecked()) {
        const QString current = casCurrentDefault(all);
        m_roleNote->setText(current.isEmpty() ? tr("There is no default now; this backend becomes the default.")
                                              : tr("%1 is the default now; it stops being the default.").arg(current));
    } else if (m_fallback->isChecked()) {
        QString current;
        for (const CasBackend &b : all) {
            if (b.isFallback)
                current = b.name;
        }
        m_roleNote->setText(current.isEmpty()
                ? tr("This backend becomes the fallback.")
                : tr("%1 is the fallback now; it stops being the fallback.").arg(current));
    } else {
        m_roleNote->setText(tr("A backend is either the default or the fallback, never both."));
    }
}

QWizardPage *AddCasBackendWizard::buildReviewPage()
{
    auto *page = new FormPage(this);
    page->setObjectName(QStringLiteral("casReviewPage"));
    page->setTitle(tr("Review and create"));
    page->setSubTitle(tr("The server checks that it can write to the storage; this can take several seconds."));
    page->setCommitPage(true);
    page->setButtonText(QWizard::CommitButton, tr("&Create"));
    auto *layout = new QVBoxLayout(page);
    m_review = new QLabel(page);
    m_review->setObjectName(QStringLiteral("casReviewLabel"));
    m_review->setAccessibleName(tr("Summary"));
    m_review->setTextFormat(Qt::RichText);
    m_review->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_review->setWordWrap(true);
    layout->addWidget(m_review);
    layout->addStretch();
    m_progress = new QProgressBar(page);
    m_progress->setObjectName(QStringLiteral("casCommitProgress"));
    m_progress->setAccessibleName(tr("Creating"));
    m_progress->setRange(0, 0);
    m_progress->setVisible(false);
    m_commitStatus = new QLabel(page);
    m_commitStatus->setObjectName(QStringLiteral("casCommitStatus"));
    m_commitStatus->setAccessibleName(tr("Create status"));
    m_commitStatus->setWordWrap(true);
    m_cancelCommit = new QPushButton(tr("Cancel &Check"), page);
    m_cancelCommit->setObjectName(QStringLiteral("casCancelCommitButton"));
    m_cancelCommit->setAccessibleName(tr("Cancel the create request"));
    m_cancelCommit->setVisible(false);
    connect(m_cancelCommit, &QPushButton::clicked, this, &AddCasBackendWizard::cancelCommit);
    auto *row = new QHBoxLayout;
    row->addWidget(m_progress, 1);
    row->addWidget(m_cancelCommit);
    layout->addLayout(row);
    layout->addWidget(m_commitStatus);
    page->enter = [this] {
        m_review->setText(reviewText());
        m_commitStatus->clear();
    };
    page->complete = [this] { return !m_committing; };
    page->validate = [this] { return m_committed || startCommit(); };
    page->next = [] { return int(DonePage); };
    return page;
}

QWizardPage *AddCasBackendWizard::buildDonePage()
{
    auto *page = new FormPage(this);
    page->setObjectName(QStringLiteral("casDonePage"));
    page->setTitle(tr("Backend created"));
    auto *layout = new QVBoxLayout(page);
    m_done = new QLabel(page);
    m_done->setObjectName(QStringLiteral("casDoneLabel"));
    m_done->setAccessibleName(tr("Result"));
    m_done->setWordWrap(true);
    layout->addWidget(m_done);
    layout->addStretch();
    page->setFinalPage(true);
    return page;
}

CasFields AddCasBackendWizard::fields(CasProvider provider) const
{
    CasFields result;
    const auto it = m_widgets.constFind(int(provider));
    if (it == m_widgets.constEnd())
        return result;
    for (auto e = it->edits.constBegin(); e != it->edits.constEnd(); ++e)
        result.insert(e.key(), e.value()->text());
    return result;
}

api::NewCasBackend AddCasBackendWizard::request() const
{
    api::NewCasBackend r;
    const CasFields f = fields(m_provider);
    r.name = m_name->text();
    r.provider = casProviderId(m_provider);
    r.location = casLocation(m_provider, f);
    r.description = m_description->text().trimmed();
    r.isDefault = m_default->isChecked();
    r.isFallback = m_fallback->isChecked();
    r.credentials = casCredentials(m_provider, f);
    r.maxBytes = limitBytes();
    return r;
}

QString AddCasBackendWizard::reviewText() const
{
    const api::NewCasBackend r = request();
    auto row = [](const QString &label, const QString &value) {
        return QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
            .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    QString html = QStringLiteral("<table cellspacing='4'>");
    html += row(tr("Name"), r.name);
    html += row(tr("Provider"), casProviderTitle(m_provider));
    html += row(tr("Location"), r.location);
    html += row(tr("Description"), r.description.isEmpty() ? tr("(none)") : r.description);
    html += row(tr("Per-blob limit"), r.maxBytes ? formatByteSize(*r.maxBytes) : QString());
    html += row(tr("Role"), r.isDefault ? tr("default") : r.isFallback ? tr("fallback") : tr("neither"));
    // Only non-secret credential values are shown; secrets are named, never echoed.
    for (const QString &key : casCredentialKeys(m_provider)) {
        html += row(casFieldLabel(key),
            casIsSecretKey(key)
                ? tr("(hidden, %n character(s))", nullptr, int(r.credentials.value(key).toString().size()))
                : r.credentials.value(key).toString());
    }
    if (m_provider == CasProvider::S3)
        html += row(
            casFieldLabel(QLatin1String(CasField::Region)), r.credentials.value(QStringLiteral("region")).toString());
    html += QStringLiteral("</table>");
    if (r.isDefault) {
        const QString current = casCurrentDefault(m_controller.backends());
        if (!current.isEmpty())
            html += QStringLiteral("<p>") + tr("%1 stops being the default.").arg(current).toHtmlEscaped()
                + QStringLiteral("</p>");
    }
    return html;
}

bool AddCasBackendWizard::startCommit()
{
    if (m_committing)
        return false;
    for (CasProvider p : { CasProvider::S3, CasProvider::Azure, CasProvider::Oci }) {
        if (QLabel *label = m_widgets.value(int(p)).serverError)
            showError(label, QString());
    }
    setCommitting(true);
    m_commitStatus->setText(tr("Creating %1; the server is checking write access to the storage…").arg(m_name->text()));
    m_controller.create(request());
    return false; // the answer advances the wizard (no nested event loop)
}

void AddCasBackendWizard::setCommitting(bool on)
{
    m_committing = on;
    m_progress->setVisible(on);
    m_cancelCommit->setVisible(on);
    if (auto *page = dynamic_cast<FormPage *>(this->page(ReviewPage)))
        page->changed();
    // After completeChanged(): QWizard recomputes the buttons there and would enable Back again.
    button(QWizard::BackButton)->setEnabled(!on);
}

void AddCasBackendWizard::cancelCommit()
{
    if (!m_committing)
        return;
    m_controller.cancelCreate();
    setCommitting(false);
    m_commitStatus->setText(
        tr("Cancelled. The server may still finish the check; the list is refreshed to show the outcome."));
}

void AddCasBackendWizard::onCreated()
{
    if (!m_committing)
        return;
    setCommitting(false);
    m_committed = true;
    m_done->setText(tr("%1 was created and validated.").arg(m_name->text()));
    rememberIfAsked();
    if (currentId() == ReviewPage)
        next(); // re-enters validatePage(), which now returns true
}

void AddCasBackendWizard::onCreateFailed(const api::ApiError &error, const QString &message)
{
    if (!m_committing)
        return;
    setCommitting(false);
    const bool invalidConfig = error.kind() == api::ApiError::Kind::InvalidArgument
        && (error.reason() == QLatin1String("invalid config")
            || error.serverMessage().contains(QLatin1String("checking write permissions"))
            || error.serverMessage().contains(QLatin1String("invalid credentials")));
    if (invalidConfig) {
        // The provider's own words on the credentials page; every field stays as typed.
        const QString text = tr("The server could not use these settings:\n%1")
                                 .arg(error.serverMessage().isEmpty() ? message : error.serverMessage());
        showError(m_widgets[int(m_provider)].serverError, text);
        m_commitStatus->setText(text);
        const int target = credentialsPageOf(m_provider);
        while (currentId() != target && currentId() != ProviderPage)
            back();
        return;
    }
    if (error.kind() == api::ApiError::Kind::AlreadyExists) {
        m_commitStatus->setText(
            tr("A CAS backend named %1 already exists. Go back and choose another name.").arg(m_name->text()));
        return;
    }
    if (error.kind() == api::ApiError::Kind::Timeout) {
        m_commitStatus->setText(
            tr("The server did not finish the write check in time (%1). The storage may be slow or unreachable; "
               "the backend may still have been created — the list is refreshed.")
                .arg(message));
        m_controller.refresh();
        return;
    }
    m_commitStatus->setText(message);
}

void AddCasBackendWizard::loadRemembered(CasProvider provider)
{
    ProviderWidgets &w = m_widgets[int(provider)];
    const QString name = w.loadName->text();
    w.rememberStatus->setText(tr("Reading %1 from the keychain…").arg(name));
    storage::SecretJob *job = m_secrets.read(casCredentialSetKey(name));
    connect(job, &storage::SecretJob::finished, this, [this, provider, name](const storage::SecretResult &result) {
        ProviderWidgets &pw = m_widgets[int(provider)];
        if (!result.ok()) {
            pw.rememberStatus->setText(result.error == storage::SecretResult::Error::NotFound
                    ? tr("No remembered credentials named %1.").arg(name)
                    : result.userMessage);
            return;
        }
        const auto set = casCredentialSetFromJson(result.secret);
        if (!set || set->first != provider) {
            pw.rememberStatus->setText(tr("%1 holds credentials for another provider.").arg(name));
            return;
        }
        for (auto it = set->second.constBegin(); it != set->second.constEnd(); ++it) {
            if (QLineEdit *edit = pw.edits.value(it.key()))
                edit->setText(it.value());
        }
        pw.rememberStatus->setText(tr("Loaded %1 from the keychain.").arg(name));
    });
}

void AddCasBackendWizard::rememberIfAsked()
{
    ProviderWidgets &w = m_widgets[int(m_provider)];
    if (!w.remember || !w.remember->isChecked())
        return;
    CasFields credentials;
    const CasFields all = fields(m_provider);
    for (const QString &key : casCredentialKeys(m_provider))
        credentials.insert(key, all.value(key));
    const QString name = w.rememberName->text();
    storage::SecretJob *job
        = m_secrets.write(casCredentialSetKey(name), casCredentialSetToJson(m_provider, credentials));
    connect(job, &storage::SecretJob::finished, this, [this, name](const storage::SecretResult &result) {
        m_done->setText(m_done->text() + QLatin1Char('\n')
            + (result.ok() ? tr("The credentials are remembered in the keychain as %1.").arg(name)
                           : tr("The credentials could not be remembered: %1").arg(result.userMessage)));
    });
}

QLineEdit *AddCasBackendWizard::fieldEdit(CasProvider provider, const QString &key) const
{
    return m_widgets.value(int(provider)).edits.value(key);
}

QLabel *AddCasBackendWizard::fieldErrorLabel(CasProvider provider, const QString &key) const
{
    return m_widgets.value(int(provider)).errors.value(key);
}

QLabel *AddCasBackendWizard::serverErrorLabel(CasProvider provider) const
{
    return m_widgets.value(int(provider)).serverError;
}

QLabel *AddCasBackendWizard::locationPreview(CasProvider provider) const
{
    return m_widgets.value(int(provider)).preview;
}

QCheckBox *AddCasBackendWizard::rememberCheck(CasProvider provider) const
{
    return m_widgets.value(int(provider)).remember;
}

QLineEdit *AddCasBackendWizard::rememberNameEdit(CasProvider provider) const
{
    return m_widgets.value(int(provider)).rememberName;
}

QLineEdit *AddCasBackendWizard::loadNameEdit(CasProvider provider) const
{
    return m_widgets.value(int(provider)).loadName;
}

QPushButton *AddCasBackendWizard::loadButton(CasProvider provider) const
{
    return m_widgets.value(int(provider)).load;
}

QLabel *AddCasBackendWizard::rememberStatusLabel(CasProvider provider) const
{
    return m_widgets.value(int(provider)).rememberStatus;
}

} // namespace adm::ui
