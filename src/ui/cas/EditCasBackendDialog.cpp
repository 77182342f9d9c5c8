// SPDX-License-Identifier: Apache-2.0
#include "ui/cas/EditCasBackendDialog.h"

#include "ui_EditCasBackendDialog.h"

#include "core/Validation.h"
#include "models/CasBackendsController.h"
#include "models/Session.h"
#include "storage/CredentialSetRepository.h"
#include "storage/SecretStore.h"
#include "ui/cas/CasCredentialSetBox.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>

namespace adm::ui {

namespace {
// "100 MiB" when it reads back exactly, else the plain byte count ("1.5 GiB" would not parse).
QString editableSize(qint64 bytes)
{
    const QString text = formatByteSize(bytes);
    return parseByteSize(text) == bytes ? text : QString::number(bytes);
}

QLabel *problemLabel(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setAccessibleName(EditCasBackendDialog::tr("Problem"));
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setStyleSheet(QStringLiteral("color: #c0392b;"));
    label->setVisible(false);
    return label;
}
} // namespace

EditCasBackendDialog::EditCasBackendDialog(models::CasBackendsController &controller, storage::SecretStore &secrets,
    storage::CredentialSetRepository *sets, const CasBackend &backend, QWidget *parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_secrets(secrets)
    , m_sets(sets)
    , m_backend(backend)
    , m_provider(casProviderFromId(backend.provider))
    , m_ui(std::make_unique<Ui::EditCasBackendDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("editCasBackendDialog"));
    setWindowTitle(tr("Edit CAS Backend %1").arg(backend.name));
    m_ui->casEditDescriptionEdit->setText(backend.description);
    m_ui->casEditLimitEdit->setText(editableSize(backend.maxBytes));
    m_ui->casEditLimitError->setVisible(false);
    m_ui->casEditErrorLabel->setVisible(false);
    (backend.isDefault           ? m_ui->casEditDefaultRadio
            : backend.isFallback ? m_ui->casEditFallbackRadio
                                 : m_ui->casEditPlainRadio)
        ->setChecked(true);

    // The credential fields depend on the provider.
    QGroupBox *rotate = m_ui->casEditRotateGroup;
    QFormLayout *rotateForm = m_ui->rotateForm;
    if (m_provider) {
        for (const QString &key : casCredentialKeys(*m_provider)) {
            auto *edit = new QLineEdit(rotate);
            edit->setObjectName(QStringLiteral("casEdit_") + key);
            edit->setAccessibleName(casFieldLabel(key));
            if (casIsSecretKey(key))
                edit->setEchoMode(QLineEdit::Password);
            auto *error = problemLabel(rotate, QStringLiteral("casEditError_") + key);
            auto *box = new QVBoxLayout;
            box->addWidget(edit);
            box->addWidget(error);
            auto *label = new QLabel(casFieldLabel(key) + QLatin1Char(':'), rotate);
            label->setBuddy(edit);
            rotateForm->addRow(label, box);
            m_edits.insert(key, edit);
            m_errors.insert(key, error);
            connect(edit, &QLineEdit::textChanged, this, &EditCasBackendDialog::validate);
        }
        if (*m_provider == CasProvider::S3) {
            auto *region = new QLineEdit(rotate);
            region->setObjectName(QStringLiteral("casEdit_region"));
            region->setAccessibleName(casFieldLabel(QStringLiteral("region")));
            region->setPlaceholderText(QStringLiteral("us-east-1"));
            rotateForm->addRow(casFieldLabel(QStringLiteral("region")) + QLatin1Char(':'), region);
            m_edits.insert(QStringLiteral("region"), region);
            connect(region, &QLineEdit::textChanged, this, &EditCasBackendDialog::validate);
        }
        // Pick a remembered set, remember the new one, record when it expires.
        m_setBox = new CasCredentialSetBox(rotate);
        m_setBox->setup(*m_provider, m_secrets, m_sets, QStringLiteral("casEdit"));
        connect(m_setBox, &CasCredentialSetBox::loaded, this, [this](const CasFields &credentials) {
            for (auto it = credentials.constBegin(); it != credentials.constEnd(); ++it) {
                if (QLineEdit *edit = m_edits.value(it.key()))
                    edit->setText(it.value());
            }
        });
        connect(m_setBox, &CasCredentialSetBox::rememberChanged, this, &EditCasBackendDialog::validate);
        for (QLineEdit *edit : std::as_const(m_edits))
            connect(edit, &QLineEdit::textEdited, m_setBox, &CasCredentialSetBox::credentialsEdited);
        rotateForm->addRow(m_setBox);
        rotateForm->addRow(
            new QLabel(tr("The server checks the new set by writing to %1.").arg(backend.location), rotate));
    } else {
        rotate->setEnabled(false);
    }

    connect(m_ui->casEditDescriptionEdit, &QLineEdit::textChanged, this, &EditCasBackendDialog::validate);
    connect(m_ui->casEditLimitEdit, &QLineEdit::textChanged, this, &EditCasBackendDialog::validate);
    connect(rotate, &QGroupBox::toggled, this, &EditCasBackendDialog::validate);
    for (QRadioButton *radio : { m_ui->casEditPlainRadio, m_ui->casEditDefaultRadio, m_ui->casEditFallbackRadio })
        connect(radio, &QRadioButton::toggled, this, &EditCasBackendDialog::validate);
    connect(m_ui->casEditButtons, &QDialogButtonBox::accepted, this, &EditCasBackendDialog::submit);
    connect(m_ui->casEditButtons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&m_controller, &models::CasBackendsController::updated, this, [this](const CasBackend &b) {
        if (m_busy && b.name == m_backend.name)
            finishRotation();
    });
    connect(&m_controller, &models::CasBackendsController::updateFailed, this,
        [this](const api::ApiError &error, const QString &message) {
            if (!m_busy)
                return;
            m_busy = false;
            // An invalid credential set: the provider's own words, the fields stay as typed.
            const bool invalidConfig
                = error.kind() == api::ApiError::Kind::InvalidArgument && !error.serverMessage().isEmpty();
            m_ui->casEditErrorLabel->setText(invalidConfig
                    ? tr("The server could not use these settings:\n%1").arg(error.serverMessage())
                    : message);
            m_ui->casEditErrorLabel->setVisible(true);
            validate();
        });
    validate();
}

EditCasBackendDialog::~EditCasBackendDialog() = default;

QLineEdit *EditCasBackendDialog::descriptionEdit() const
{
    return m_ui->casEditDescriptionEdit;
}

QLineEdit *EditCasBackendDialog::limitEdit() const
{
    return m_ui->casEditLimitEdit;
}

QRadioButton *EditCasBackendDialog::defaultRadio() const
{
    return m_ui->casEditDefaultRadio;
}

QRadioButton *EditCasBackendDialog::fallbackRadio() const
{
    return m_ui->casEditFallbackRadio;
}

QRadioButton *EditCasBackendDialog::plainRadio() const
{
    return m_ui->casEditPlainRadio;
}

QLabel *EditCasBackendDialog::roleNote() const
{
    return m_ui->casEditRoleNote;
}

QGroupBox *EditCasBackendDialog::rotateGroup() const
{
    return m_ui->casEditRotateGroup;
}

QLabel *EditCasBackendDialog::errorLabel() const
{
    return m_ui->casEditErrorLabel;
}

QDialogButtonBox *EditCasBackendDialog::buttons() const
{
    return m_ui->casEditButtons;
}

void EditCasBackendDialog::validate()
{
    bool ok = true;
    const auto bytes = parseByteSize(m_ui->casEditLimitEdit->text().trimmed());
    const QString limitProblem = !bytes ? tr("Enter a size such as 100MiB or 1GiB.") : casMaxBytesError(*bytes);
    m_ui->casEditLimitError->setText(limitProblem);
    m_ui->casEditLimitError->setVisible(!limitProblem.isEmpty());
    ok = ok && limitProblem.isEmpty();
    if (m_ui->casEditRotateGroup->isChecked() && m_provider) {
        for (auto it = m_errors.constBegin(); it != m_errors.constEnd(); ++it) {
            const QString text = m_edits.value(it.key())->text();
            const QString problem = casFieldError(*m_provider, it.key(), text);
            it.value()->setText(text.isEmpty() ? QString() : problem);
            it.value()->setVisible(!text.isEmpty() && !problem.isEmpty());
            ok = ok && problem.isEmpty();
        }
        ok = ok && (!m_setBox || m_setBox->isRememberValid());
    }
    const QList<CasBackend> all = m_controller.backends();
    if (m_ui->casEditDefaultRadio->isChecked() && !m_backend.isDefault) {
        const QString current = casCurrentDefault(all, m_backend.name);
        m_ui->casEditRoleNote->setText(current.isEmpty() ? QString() : tr("%1 stops being the default.").arg(current));
    } else if (!m_ui->casEditDefaultRadio->isChecked() && m_backend.isDefault) {
        const QString next = casDefaultAfterRemoval(all, m_backend.name);
        m_ui->casEditRoleNote->setText(
            next.isEmpty() ? tr("No backend takes over as the default.") : tr("%1 becomes the default.").arg(next));
    } else {
        m_ui->casEditRoleNote->clear();
    }
    const api::CasBackendChanges c = changes();
    const bool any = c.description || c.isDefault || c.isFallback || c.credentials || c.maxBytes;
    m_ui->casEditButtons->button(QDialogButtonBox::Save)->setEnabled(ok && any && !m_busy);
}

api::CasBackendChanges EditCasBackendDialog::changes() const
{
    api::CasBackendChanges c;
    c.name = m_backend.name;
    if (m_ui->casEditDescriptionEdit->text().trimmed() != m_backend.description)
        c.description = m_ui->casEditDescriptionEdit->text().trimmed();
    if (m_ui->casEditDefaultRadio->isChecked() != m_backend.isDefault)
        c.isDefault = m_ui->casEditDefaultRadio->isChecked();
    if (m_ui->casEditFallbackRadio->isChecked() != m_backend.isFallback)
        c.isFallback = m_ui->casEditFallbackRadio->isChecked();
    const auto bytes = parseByteSize(m_ui->casEditLimitEdit->text().trimmed());
    if (bytes && *bytes != m_backend.maxBytes)
        c.maxBytes = *bytes;
    if (m_ui->casEditRotateGroup->isChecked() && m_provider) {
        CasFields f;
        for (auto it = m_edits.constBegin(); it != m_edits.constEnd(); ++it)
            f.insert(it.key(), it.value()->text());
        c.credentials = casCredentials(*m_provider, f);
    }
    return c;
}

void EditCasBackendDialog::submit()
{
    if (m_busy || !m_ui->casEditButtons->button(QDialogButtonBox::Save)->isEnabled())
        return;
    m_busy = true;
    m_ui->casEditErrorLabel->setVisible(false);
    m_ui->casEditButtons->button(QDialogButtonBox::Save)->setEnabled(false);
    m_controller.update(changes());
}

// The server took the change. A rotated set is remembered (if asked) and the backend's new
// credential recorded before the dialog closes, so the page's expiry warning is current.
void EditCasBackendDialog::finishRotation()
{
    if (!m_ui->casEditRotateGroup->isChecked() || !m_setBox) {
        m_busy = false;
        accept();
        return;
    }
    auto record = [this] {
        if (m_sets) {
            storage::BackendCredentialInfo info;
            info.profileId = m_controller.session().profile().id;
            info.organization = m_controller.session().organization();
            info.backend = m_backend.name;
            info.credentialSet = m_setBox->credentialSetName();
            info.expiresAt = m_setBox->expiresAt();
            // A rotation replaces what was known about the old credential.
            if (info.credentialSet.isEmpty() && !info.expiresAt.isValid())
                m_sets->forgetBackend(info.profileId, info.organization, info.backend);
            else
                m_sets->recordBackend(info);
        }
        m_busy = false;
        accept();
    };
    if (!m_setBox->wantsRemember()) {
        m_setBox->updateLoadedSetExpiry();
        record();
        return;
    }
    CasFields credentials;
    for (const QString &key : casCredentialKeys(*m_provider))
        credentials.insert(key, m_edits.value(key)->text());
    m_setBox->remember(credentials, [this, record](bool ok, const QString &message) {
        if (!ok) {
            // The backend has the new credentials; only remembering failed. Say so and stay open.
            m_busy = false;
            m_ui->casEditErrorLabel->setText(tr("The credentials were rotated. %1").arg(message));
            m_ui->casEditErrorLabel->setVisible(true);
            m_ui->casEditRotateGroup->setChecked(false);
            return;
        }
        record();
    });
}

} // namespace adm::ui
