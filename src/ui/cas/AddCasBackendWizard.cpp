// SPDX-License-Identifier: Apache-2.0
#include "ui/cas/AddCasBackendWizard.h"

#include "ui_CasBackendCommonPage.h"
#include "ui_CasBackendCredentialsPage.h"
#include "ui_CasBackendDonePage.h"
#include "ui_CasBackendProviderPage.h"
#include "ui_CasBackendReviewPage.h"

#include "core/Validation.h"
#include "models/CasBackendsController.h"
#include "models/Session.h"
#include "storage/CredentialSetRepository.h"
#include "storage/SecretStore.h"
#include "ui/cas/CasCredentialSetBox.h"
#include "ui/cas/CasIcons.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
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

AddCasBackendWizard::AddCasBackendWizard(models::CasBackendsController &controller, storage::SecretStore &secrets,
    storage::CredentialSetRepository *sets, QWidget *parent)
    : AddCasBackendWizard(&controller, secrets, sets, parent)
{ }

AddCasBackendWizard *AddCasBackendWizard::createForPlanning(
    storage::SecretStore &secrets, storage::CredentialSetRepository *sets, QWidget *parent)
{
    return new AddCasBackendWizard(nullptr, secrets, sets, parent);
}

AddCasBackendWizard::AddCasBackendWizard(models::CasBackendsController *controller, storage::SecretStore &secrets,
    storage::CredentialSetRepository *sets, QWidget *parent)
    : QWizard(parent)
    , m_controller(controller)
    , m_secrets(secrets)
    , m_sets(sets)
{
    setObjectName(QStringLiteral("addCasBackendWizard"));
    setAccessibleName(tr("Add CAS backend"));
    setWindowTitle(isPlanning() ? tr("CAS Backend for the New Organization") : tr("Add CAS Backend"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setMinimumSize(680, 600);

    setPage(ProviderPage, buildProviderPage());
    for (CasProvider p : { CasProvider::S3, CasProvider::Azure, CasProvider::Oci }) {
        setPage(locationPageOf(p), buildLocationPage(p));
        setPage(credentialsPageOf(p), buildCredentialsPage(p));
    }
    setPage(CommonPage, buildCommonPage());
    setPage(ReviewPage, buildReviewPage());
    setPage(DonePage, buildDonePage());
    setStartId(ProviderPage);

    // A set remembered or forgotten on one provider's page shows on the others' lists too.
    for (const ProviderWidgets &w : std::as_const(m_widgets)) {
        connect(w.sets, &CasCredentialSetBox::setsChanged, this, [this] {
            for (const ProviderWidgets &other : std::as_const(m_widgets))
                other.sets->reload();
        });
    }

    if (m_controller) {
        connect(m_controller, &models::CasBackendsController::created, this, [this] { onCreated(); });
        connect(m_controller, &models::CasBackendsController::createFailed, this,
            [this](const api::ApiError &error, const QString &message) { onCreateFailed(error, message); });
    }
}

QStringList AddCasBackendWizard::takenNames() const
{
    return m_controller ? m_controller->names() + m_takenNames : m_takenNames;
}

QList<CasBackend> AddCasBackendWizard::existingBackends() const
{
    return m_controller ? m_controller->backends() : QList<CasBackend> {};
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
    Ui::CasBackendProviderPage ui;
    ui.setupUi(page);
    styleAsRule(ui.providerRule);
    const QHash<int, QRadioButton *> radios { { int(CasProvider::S3), ui.s3ProviderRadio },
        { int(CasProvider::Azure), ui.azureProviderRadio }, { int(CasProvider::Oci), ui.ociProviderRadio } };
    for (CasProvider p : { CasProvider::S3, CasProvider::Azure, CasProvider::Oci }) {
        QRadioButton *radio = radios.value(int(p));
        radio->setIcon(casProviderIcon(casProviderId(p)));
        radio->setChecked(p == m_provider);
        connect(radio, &QRadioButton::toggled, this, [this, p](bool on) {
            if (on)
                m_provider = p;
        });
        m_providerRadios.insert(int(p), radio);
    }
    page->next = [this] { return locationPageOf(m_provider); };
    return page;
}

// The rows of `keys` (generated from core/CasBackendForm: label, edit, problem, rule), checked
// as the user types.
void AddCasBackendWizard::addFieldRows(
    QWizardPage *page, QLayout *layout, CasProvider provider, const QStringList &keys)
{
    auto *form = qobject_cast<QFormLayout *>(layout);
    auto *formPage = static_cast<FormPage *>(page);
    const QString pkey = providerKey(provider);
    ProviderWidgets &w = m_widgets[int(provider)];
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
        connect(edit, &QLineEdit::textChanged, page, [this, formPage, provider, key, error](const QString &text) {
            // Empty required fields are not flagged while the user has not typed yet.
            showError(error, text.isEmpty() ? QString() : casFieldError(provider, key, text));
            ProviderWidgets &pw = m_widgets[int(provider)];
            if (pw.preview)
                pw.preview->setText(tr("Location: %1").arg(casLocation(provider, fields(provider))));
            // Typed by hand: no longer the loaded set (the box ignores its own filling).
            if (pw.sets && casCredentialKeys(provider).contains(key))
                pw.sets->credentialsEdited();
            formPage->changed();
        });
    }
}

QWizardPage *AddCasBackendWizard::buildLocationPage(CasProvider provider)
{
    auto *page = new FormPage(this);
    const QString pkey = providerKey(provider);
    page->setObjectName(pkey + QStringLiteral("LocationPage"));
    page->setAccessibleName(tr("Location"));
    page->setTitle(tr("%1: location").arg(casProviderTitle(provider)));
    page->setSubTitle(tr("Where the blobs go. The location is built the way the server expects it."));
    auto *outer = new QVBoxLayout(page);
    auto *form = new QFormLayout;
    outer->addLayout(form);
    const QStringList keys = casLocationKeys(provider);
    addFieldRows(page, form, provider, keys);
    ProviderWidgets &w = m_widgets[int(provider)];
    w.preview = new QLabel(tr("Location: %1").arg(casLocation(provider, fields(provider))), page);
    w.preview->setObjectName(pkey + QStringLiteral("LocationPreview"));
    w.preview->setAccessibleName(tr("Location sent to the server"));
    w.preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    outer->addWidget(w.preview);
    outer->addStretch();
    page->complete = [this, provider, keys] { return casFieldErrors(provider, keys, fields(provider)).isEmpty(); };
    page->next = [provider] { return credentialsPageOf(provider); };
    return page;
}

QWizardPage *AddCasBackendWizard::buildCredentialsPage(CasProvider provider)
{
    auto *page = new FormPage(this);
    Ui::CasBackendCredentialsPage ui;
    ui.setupUi(page);
    const QString pkey = providerKey(provider);
    page->setObjectName(pkey + QStringLiteral("CredentialsPage"));
    page->setTitle(tr("%1: credentials").arg(casProviderTitle(provider)));
    ProviderWidgets &w = m_widgets[int(provider)];
    w.serverError = ui.serverErrorLabel;
    w.serverError->setObjectName(pkey + QStringLiteral("ServerErrorLabel"));
    styleAsError(w.serverError);
    const QStringList keys = casCredentialKeys(provider);
    addFieldRows(page, ui.fieldsForm, provider, keys);

    // Remembered credential sets: picked from the list (names in SQLite, secrets only in the
    // OS keychain under "credentials/<name>"), remembered after the backend is created.
    w.sets = ui.credentialSetBox;
    w.sets->setup(provider, m_secrets, m_sets, pkey);
    // The field rows are made after the form's widgets: put them first in the tab order.
    QWidget *previous = nullptr;
    for (const QString &key : keys) {
        QWidget *edit = w.edits.value(key);
        if (previous)
            setTabOrder(previous, edit);
        previous = edit;
    }
    for (QWidget *next :
        std::initializer_list<QWidget *> { w.sets->setCombo(), w.sets->loadButton(), w.sets->forgetButton(),
            w.sets->rememberCheck(), w.sets->rememberNameEdit(), w.sets->expiresCheck(), w.sets->expiresEdit() }) {
        setTabOrder(previous, next);
        previous = next;
    }
    connect(w.sets, &CasCredentialSetBox::loaded, this, [this, provider](const CasFields &credentials) {
        const ProviderWidgets &pw = m_widgets[int(provider)];
        for (auto it = credentials.constBegin(); it != credentials.constEnd(); ++it) {
            if (QLineEdit *edit = pw.edits.value(it.key()))
                edit->setText(it.value());
        }
    });
    connect(w.sets, &CasCredentialSetBox::rememberChanged, page, [page] { page->changed(); });
    page->complete = [this, provider, keys] {
        const ProviderWidgets &pw = m_widgets[int(provider)];
        return pw.sets->isRememberValid() && casFieldErrors(provider, keys, fields(provider)).isEmpty();
    };
    page->next = [] { return int(CommonPage); };
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
        = [this] { return casNameError(m_name->text(), takenNames()).isEmpty() && limitBytes().has_value(); };
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
    showError(m_nameError, name.isEmpty() ? QString() : casNameError(name, takenNames()));
    const auto bytes = parseByteSize(m_limit->text().trimmed());
    showError(m_limitError, !bytes ? tr("Enter a size such as 100MiB or 1GiB.") : casMaxBytesError(*bytes));
    const QList<CasBackend> all = existingBackends();
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
    Ui::CasBackendReviewPage ui;
    ui.setupUi(page);
    m_review = ui.casReviewLabel;
    m_progress = ui.casCommitProgress;
    m_commitStatus = ui.casCommitStatus;
    m_cancelCommit = ui.casCancelCommitButton;
    connect(m_cancelCommit, &QPushButton::clicked, this, &AddCasBackendWizard::cancelCommit);
    page->enter = [this] {
        m_review->setText(reviewText());
        m_commitStatus->clear();
    };
    page->complete = [this] { return !m_committing; };
    if (isPlanning()) {
        // Nothing to create yet: the onboarding run creates it. Finish only keeps a remembered set.
        page->setSubTitle(tr("The backend is created when the onboarding runs; nothing is sent to the server now."));
        page->setFinalPage(true);
        page->validate = [this] { return m_committed || finishPlanning(); };
        page->next = [] { return -1; };
    } else {
        page->setCommitPage(true);
        page->setButtonText(QWizard::CommitButton, tr("&Create"));
        page->validate = [this] { return m_committed || startCommit(); };
        page->next = [] { return int(DonePage); };
    }
    return page;
}

QWizardPage *AddCasBackendWizard::buildDonePage()
{
    auto *page = new FormPage(this);
    Ui::CasBackendDonePage ui;
    ui.setupUi(page);
    m_done = ui.casDoneLabel;
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
        const QString current = casCurrentDefault(existingBackends());
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
    if (!m_controller)
        return false;
    setCommitting(true);
    m_commitStatus->setText(tr("Creating %1; the server is checking write access to the storage…").arg(m_name->text()));
    m_controller->create(request());
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
    if (m_controller)
        m_controller->cancelCreate();
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
    recordCredentials();
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
        m_controller->refresh();
        return;
    }
    m_commitStatus->setText(message);
}

void AddCasBackendWizard::rememberIfAsked()
{
    CasCredentialSetBox *box = m_widgets.value(int(m_provider)).sets;
    if (!box || !box->wantsRemember()) {
        if (box)
            box->updateLoadedSetExpiry();
        return;
    }
    CasFields credentials;
    const CasFields all = fields(m_provider);
    for (const QString &key : casCredentialKeys(m_provider))
        credentials.insert(key, all.value(key));
    m_rememberedSet = box->rememberName();
    box->remember(credentials,
        [this](bool, const QString &message) { m_done->setText(m_done->text() + QLatin1Char('\n') + message); });
}

// Which set and expiry the new backend got, for the backends page's expiry warning.
void AddCasBackendWizard::recordCredentials()
{
    CasCredentialSetBox *box = m_widgets.value(int(m_provider)).sets;
    if (!m_sets || !m_controller || !box)
        return;
    const QString set = box->credentialSetName();
    const QDateTime expires = box->expiresAt();
    if (set.isEmpty() && !expires.isValid())
        return; // nothing known about this credential
    storage::BackendCredentialInfo info;
    info.profileId = m_controller->session().profile().id;
    info.organization = m_controller->session().organization();
    info.backend = m_name->text();
    info.credentialSet = set;
    info.expiresAt = expires;
    if (const storage::Status s = m_sets->recordBackend(info); !s.ok())
        m_done->setText(m_done->text() + QLatin1Char('\n') + s.message());
}

// Planning: no server call. A remembered set is written now (the onboarding run may read it
// from the keychain); Finish waits for the keychain's answer.
bool AddCasBackendWizard::finishPlanning()
{
    if (m_committing)
        return false;
    CasCredentialSetBox *box = m_widgets.value(int(m_provider)).sets;
    if (!box || !box->wantsRemember()) {
        if (box)
            box->updateLoadedSetExpiry();
        m_rememberedSet.clear();
        m_committed = true;
        return true;
    }
    CasFields credentials;
    const CasFields all = fields(m_provider);
    for (const QString &key : casCredentialKeys(m_provider))
        credentials.insert(key, all.value(key));
    setCommitting(true);
    m_cancelCommit->setVisible(false); // a keychain write cannot be cancelled
    m_commitStatus->setText(tr("Saving the credentials in the keychain as %1…").arg(box->rememberName()));
    const QString name = box->rememberName();
    box->remember(credentials, [this, name](bool ok, const QString &message) {
        setCommitting(false);
        m_commitStatus->setText(message);
        if (!ok)
            return; // the user can untick "remember" and finish, or try again
        m_rememberedSet = name;
        m_committed = true;
        accept();
    });
    return false;
}

QString AddCasBackendWizard::rememberedSetName() const
{
    return m_rememberedSet;
}

QDateTime AddCasBackendWizard::credentialExpiry() const
{
    const CasCredentialSetBox *box = m_widgets.value(int(m_provider)).sets;
    return box ? box->expiresAt() : QDateTime();
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

CasCredentialSetBox *AddCasBackendWizard::credentialSetBox(CasProvider provider) const
{
    return m_widgets.value(int(provider)).sets;
}

QCheckBox *AddCasBackendWizard::rememberCheck(CasProvider provider) const
{
    return credentialSetBox(provider)->rememberCheck();
}

QLineEdit *AddCasBackendWizard::rememberNameEdit(CasProvider provider) const
{
    return credentialSetBox(provider)->rememberNameEdit();
}

QComboBox *AddCasBackendWizard::setCombo(CasProvider provider) const
{
    return credentialSetBox(provider)->setCombo();
}

QPushButton *AddCasBackendWizard::loadButton(CasProvider provider) const
{
    return credentialSetBox(provider)->loadButton();
}

QPushButton *AddCasBackendWizard::forgetButton(CasProvider provider) const
{
    return credentialSetBox(provider)->forgetButton();
}

QCheckBox *AddCasBackendWizard::expiresCheck(CasProvider provider) const
{
    return credentialSetBox(provider)->expiresCheck();
}

QDateEdit *AddCasBackendWizard::expiresEdit(CasProvider provider) const
{
    return credentialSetBox(provider)->expiresEdit();
}

QLabel *AddCasBackendWizard::rememberStatusLabel(CasProvider provider) const
{
    return credentialSetBox(provider)->statusLabel();
}

} // namespace adm::ui
