// SPDX-License-Identifier: Apache-2.0
#include "ui_OnboardWizardStoragePage.h"

#include "core/CasBackendForm.h"
#include "models/Session.h"
#include "ui/cas/AddCasBackendWizard.h"
#include "ui/onboarding/OnboardWizard.h"
#include "ui/onboarding/OnboardWizardPages.h"

#include <QFormLayout>
#include <QLocale>
#include <QVBoxLayout>

namespace adm::ui {

namespace {
QString errorStyle()
{
    return QStringLiteral("QLabel { color: #b3261e; }");
}

// The only backend a new organization has; a new one must have another name.
const QString kInline = QStringLiteral("default-inline");
} // namespace

OnboardStoragePage::OnboardStoragePage(OnboardWizard &wizard)
    : QWizardPage(&wizard)
    , ui(std::make_unique<Ui::OnboardWizardStoragePage>())
    , m_wizard(wizard)
    , m_repository(wizard.session().database())
{
    ui->setupUi(this);
    setObjectName(QStringLiteral("onboardStoragePage"));
    setTitle(tr("Storage"));
    setSubTitle(tr("Where the organization's artifacts go. Every organization starts with the built-in inline "
                   "backend; add your own storage now or later on the CAS backends page."));
    ui->backendNameError->setStyleSheet(errorStyle());
    ui->backendNameEdit->setText(QStringLiteral("primary"));
    ui->locationFields->hide(); // marks where the provider's location rows go

    ui->newLayout->setStretch(1, 1); // the summary takes the width, not the button
    connect(ui->newButton, &QPushButton::clicked, this, &OnboardStoragePage::openCasWizard);

    connect(ui->skipRadio, &QRadioButton::toggled, this, &OnboardStoragePage::updateState);
    connect(ui->rememberedRadio, &QRadioButton::toggled, this, &OnboardStoragePage::updateState);
    connect(ui->newRadio, &QRadioButton::toggled, this, &OnboardStoragePage::updateState);
    connect(ui->setCombo, &QComboBox::currentIndexChanged, this, [this] {
        rebuildLocationFields();
        updateState();
    });
    connect(ui->backendNameEdit, &QLineEdit::textChanged, this, &OnboardStoragePage::updateState);
    connect(ui->defaultCheck, &QCheckBox::toggled, this, &OnboardStoragePage::updateState);
    reloadSets();
    updateState();
}

OnboardStoragePage::~OnboardStoragePage() = default;

void OnboardStoragePage::initializePage()
{
    // Sets remembered meanwhile (e.g. on the CAS backends page) appear without reopening.
    reloadSets();
    updateState();
}

void OnboardStoragePage::reloadSets()
{
    const QString current = ui->setCombo->currentData().toString();
    const auto listed = m_repository.list();
    m_sets = listed.valueOr({});
    const QSignalBlocker blocker(ui->setCombo);
    ui->setCombo->clear();
    for (const storage::CredentialSetInfo &s : std::as_const(m_sets)) {
        const auto provider = casProviderFromId(s.provider);
        QString text = QStringLiteral("%1 — %2").arg(s.name, provider ? casProviderTitle(*provider) : s.provider);
        if (s.expiresAt.isValid())
            text += tr(" (expires %1)").arg(QLocale().toString(s.expiresAt.toLocalTime().date(), QLocale::ShortFormat));
        ui->setCombo->addItem(text, s.name);
    }
    const int keep = ui->setCombo->findData(current);
    ui->setCombo->setCurrentIndex(keep >= 0 ? keep : 0);
    ui->rememberedRadio->setEnabled(!m_sets.isEmpty());
    ui->rememberedRadio->setToolTip(m_sets.isEmpty()
            ? tr("No credential set is remembered yet. Remember one in the CAS backend wizard (\"Remember these "
                 "credentials\") on the CAS backends page.")
            : QString());
    if (m_sets.isEmpty() && ui->rememberedRadio->isChecked())
        ui->skipRadio->setChecked(true);
    rebuildLocationFields();
}

void OnboardStoragePage::rebuildLocationFields()
{
    const int index = ui->setCombo->currentIndex();
    std::optional<CasProvider> provider;
    if (index >= 0 && index < m_sets.size())
        provider = casProviderFromId(m_sets[index].provider);
    // Keep what was typed when the provider stays the same.
    QHash<QString, QString> typed;
    for (auto it = m_locationEdits.cbegin(); it != m_locationEdits.cend(); ++it)
        typed.insert(it.key(), it.value()->text());
    const QString previousProvider = ui->locationFields->property("provider").toString();
    // The fields go into the page's own form (below the backend name) so their labels line up;
    // each row holds the field and its error, which takes no room while hidden.
    for (QWidget *row : std::as_const(m_locationRows))
        ui->rememberedForm->removeRow(row);
    m_locationRows.clear();
    m_locationEdits.clear();
    m_locationErrors.clear();
    ui->locationFields->setProperty("provider", provider ? casProviderId(*provider) : QString());
    if (!provider)
        return;
    const CasProvider kind = *provider;
    const bool sameProvider = previousProvider == casProviderId(kind);
    int formRow = 0;
    ui->rememberedForm->getWidgetPosition(ui->locationFields, &formRow, nullptr);
    for (const QString &key : casLocationKeys(kind)) {
        auto *row = new QWidget(ui->rememberedBox);
        auto *rowLayout = new QVBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        rowLayout->setSpacing(2);
        auto *edit = new QLineEdit(row);
        edit->setObjectName(QStringLiteral("location-%1").arg(key));
        edit->setAccessibleName(casFieldLabel(key));
        edit->setToolTip(casFieldRule(kind, key));
        edit->setPlaceholderText(casFieldRule(kind, key));
        if (sameProvider)
            edit->setText(typed.value(key));
        else if (key == QLatin1String(CasField::Container))
            edit->setText(QStringLiteral("chainloop"));
        auto *error = new QLabel(row);
        error->setObjectName(QStringLiteral("location-%1-error").arg(key));
        error->setWordWrap(true);
        error->setStyleSheet(errorStyle());
        error->hide();
        rowLayout->addWidget(edit);
        rowLayout->addWidget(error);
        ui->rememberedForm->insertRow(formRow++, casFieldLabel(key) + QLatin1Char(':'), row);
        m_locationRows << row;
        m_locationEdits.insert(key, edit);
        m_locationErrors.insert(key, error);
        connect(edit, &QLineEdit::textChanged, this, &OnboardStoragePage::updateState);
    }
}

OnboardStoragePage::Choice OnboardStoragePage::choice() const
{
    if (ui->rememberedRadio->isChecked())
        return Choice::Remembered;
    if (ui->newRadio->isChecked())
        return Choice::New;
    return Choice::Skip;
}

void OnboardStoragePage::setChoice(Choice choice)
{
    switch (choice) {
    case Choice::Skip: ui->skipRadio->setChecked(true); break;
    case Choice::Remembered: ui->rememberedRadio->setChecked(true); break;
    case Choice::New: ui->newRadio->setChecked(true); break;
    }
}

bool OnboardStoragePage::selectCredentialSet(const QString &name)
{
    const int i = ui->setCombo->findData(name);
    if (i < 0)
        return false;
    ui->setCombo->setCurrentIndex(i);
    return true;
}

QLineEdit *OnboardStoragePage::backendNameEdit() const
{
    return ui->backendNameEdit;
}

QLabel *OnboardStoragePage::locationPreview() const
{
    return ui->locationPreview;
}

QLabel *OnboardStoragePage::noteLabel() const
{
    return ui->storageNote;
}

QString OnboardStoragePage::rememberedError() const
{
    const int index = ui->setCombo->currentIndex();
    if (index < 0 || index >= m_sets.size())
        return tr("Choose a credential set.");
    if (!casProviderFromId(m_sets[index].provider))
        return tr("The set's provider %1 is not one the API accepts.").arg(m_sets[index].provider);
    if (const QString e = casNameError(ui->backendNameEdit->text(), { kInline }); !e.isEmpty())
        return e;
    return {};
}

std::optional<CasTemplate> OnboardStoragePage::cas() const
{
    switch (choice()) {
    case Choice::Skip: return std::nullopt;
    case Choice::New: return m_newBackend;
    case Choice::Remembered: break;
    }
    if (!rememberedError().isEmpty())
        return std::nullopt;
    const storage::CredentialSetInfo &set = m_sets[ui->setCombo->currentIndex()];
    const CasProvider provider = *casProviderFromId(set.provider);
    CasFields fields;
    for (auto it = m_locationEdits.cbegin(); it != m_locationEdits.cend(); ++it)
        fields.insert(it.key(), it.value()->text().trimmed());
    if (!casFieldErrors(provider, casLocationKeys(provider), fields).isEmpty())
        return std::nullopt;
    CasTemplate t;
    t.name = ui->backendNameEdit->text();
    t.provider = set.provider;
    t.location = casLocation(provider, fields);
    t.credentialSet = set.name;
    t.isDefault = ui->defaultCheck->isChecked();
    return t;
}

bool OnboardStoragePage::isComplete() const
{
    return choice() == Choice::Skip || cas().has_value();
}

void OnboardStoragePage::updateState()
{
    const bool remembered = choice() == Choice::Remembered;
    ui->rememberedBox->setEnabled(remembered);
    ui->newButton->setEnabled(choice() == Choice::New);

    const QString nameError = remembered ? casNameError(ui->backendNameEdit->text(), { kInline }) : QString();
    ui->backendNameError->setText(nameError);
    ui->backendNameError->setVisible(!nameError.isEmpty());
    const int index = ui->setCombo->currentIndex();
    const auto provider = index >= 0 && index < m_sets.size() ? casProviderFromId(m_sets[index].provider)
                                                              : std::optional<CasProvider>();
    CasFields fields;
    for (auto it = m_locationEdits.cbegin(); it != m_locationEdits.cend(); ++it)
        fields.insert(it.key(), it.value()->text().trimmed());
    for (auto it = m_locationEdits.cbegin(); it != m_locationEdits.cend(); ++it) {
        QLabel *error = m_locationErrors.value(it.key());
        // Untouched empty fields are not errors yet: the rule is in the placeholder.
        const QString e = provider && (remembered && !it.value()->text().isEmpty())
            ? casFieldError(*provider, it.key(), it.value()->text().trimmed())
            : QString();
        error->setText(e);
        error->setVisible(!e.isEmpty());
    }
    const auto backend = cas();
    ui->locationPreview->setText(remembered && backend ? tr("Location: %1").arg(backend->location) : QString());

    QString note;
    switch (choice()) {
    case Choice::Skip:
        note = tr("The organization keeps default-inline: artifacts up to 500 KiB are stored in the control plane's "
                  "database. Add real storage later on the CAS backends page.");
        break;
    case Choice::Remembered:
        note = tr("The server checks that the credentials can write to this location before it saves the backend; "
                  "if they cannot, the run stops at this step and you can fix the credential set and retry.");
        if (backend && !backend->isDefault)
            note += QLatin1Char(' ') + tr("default-inline stays the default.");
        break;
    case Choice::New:
        note = !m_newBackend ? tr("Set up the backend first: the CAS backend wizard collects it; nothing is sent until "
                                  "the run.")
            : m_remembered   ? QString()
                             : tr("The credentials were not remembered: if the run is interrupted and resumed after "
                                    "the app restarts, the backend step asks for a remembered set.");
        break;
    }
    ui->storageNote->setText(note);
    Q_EMIT completeChanged();
}

void OnboardStoragePage::openCasWizard()
{
    if (m_casWizard) {
        m_casWizard->raise();
        return;
    }
    // Planning mode: the CAS wizard's pages collect the backend and send nothing; the run
    // creates it. Credentials stay in memory unless the user remembers them as a set.
    m_casWizard = AddCasBackendWizard::createForPlanning(m_wizard.session().secretStore(), &m_repository, this);
    m_casWizard->setAttribute(Qt::WA_DeleteOnClose);
    m_casWizard->setTakenNames({ kInline });
    connect(m_casWizard, &QDialog::accepted, this, [this] {
        const api::NewCasBackend b = m_casWizard->request();
        CasTemplate t;
        t.name = b.name;
        t.provider = b.provider;
        t.location = b.location;
        t.description = b.description;
        t.isDefault = b.isDefault;
        t.maxBytes = b.maxBytes;
        // A remembered set is found again in the keychain when a stopped run is resumed after a
        // restart; typed credentials live only as long as this wizard.
        t.credentialSet = m_casWizard->rememberedSetName();
        if (t.credentialSet.isEmpty())
            t.credentialSet = QStringLiteral("typed-%1").arg(b.name);
        m_typedCredentials.clear();
        m_typedCredentials.insert(t.credentialSet, b.credentials);
        m_newBackend = t;
        m_remembered = !m_casWizard->rememberedSetName().isEmpty();
        ui->newSummary->setText(
            tr("%1: %2 at %3, credentials %4.")
                .arg(t.name, t.provider, t.location,
                    m_casWizard->rememberedSetName().isEmpty() ? tr("typed in (kept in memory for this run only)")
                                                               : tr("remembered as %1").arg(t.credentialSet)));
        ui->newRadio->setChecked(true);
        reloadSets();
        updateState();
    });
    m_casWizard->open();
}

bool OnboardStoragePage::isTypedSet(const QString &name) const
{
    return m_typedCredentials.contains(name) && !m_remembered;
}

AddCasBackendWizard *OnboardStoragePage::casWizard() const
{
    return m_casWizard;
}

} // namespace adm::ui
