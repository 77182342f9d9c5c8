// SPDX-License-Identifier: Apache-2.0
#include "ui/cas/EditCasBackendDialog.h"

#include "core/Validation.h"
#include "models/CasBackendsController.h"
#include "models/Session.h"
#include "storage/CredentialSetRepository.h"
#include "storage/SecretStore.h"
#include "ui/cas/CasCredentialSetBox.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

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
    , m_description(new QLineEdit(backend.description, this))
    , m_limit(new QLineEdit(editableSize(backend.maxBytes), this))
    , m_limitError(problemLabel(this, QStringLiteral("casEditLimitError")))
    , m_plain(new QRadioButton(tr("Neither"), this))
    , m_default(new QRadioButton(tr("Default"), this))
    , m_fallback(new QRadioButton(tr("Fallback"), this))
    , m_roleNote(new QLabel(this))
    , m_rotate(new QGroupBox(tr("&Rotate credentials"), this))
    , m_error(problemLabel(this, QStringLiteral("casEditErrorLabel")))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("editCasBackendDialog"));
    setAccessibleName(tr("Edit CAS backend"));
    setWindowTitle(tr("Edit CAS Backend %1").arg(backend.name));
    m_description->setObjectName(QStringLiteral("casEditDescriptionEdit"));
    m_description->setAccessibleName(tr("Description"));
    m_limit->setObjectName(QStringLiteral("casEditLimitEdit"));
    m_limit->setAccessibleName(tr("Per-blob limit"));
    m_plain->setObjectName(QStringLiteral("casEditPlainRadio"));
    m_plain->setAccessibleName(tr("Neither default nor fallback"));
    m_default->setObjectName(QStringLiteral("casEditDefaultRadio"));
    m_default->setAccessibleName(tr("Default backend"));
    m_fallback->setObjectName(QStringLiteral("casEditFallbackRadio"));
    m_fallback->setAccessibleName(tr("Fallback backend"));
    m_roleNote->setObjectName(QStringLiteral("casEditRoleNote"));
    m_roleNote->setAccessibleName(tr("Effect of the role"));
    m_roleNote->setWordWrap(true);
    m_rotate->setObjectName(QStringLiteral("casEditRotateGroup"));
    m_rotate->setAccessibleName(tr("Rotate credentials"));
    m_rotate->setCheckable(true);
    m_rotate->setChecked(false);
    m_buttons->setObjectName(QStringLiteral("casEditButtons"));
    (backend.isDefault ? m_default : backend.isFallback ? m_fallback : m_plain)->setChecked(true);

    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    form->addRow(tr("&Description:"), m_description);
    auto *limitBox = new QVBoxLayout;
    limitBox->addWidget(m_limit);
    limitBox->addWidget(m_limitError);
    auto *limitLabel = new QLabel(tr("Per-blob &limit:"), this);
    limitLabel->setBuddy(m_limit); // QFormLayout binds mnemonics only for widget rows
    form->addRow(limitLabel, limitBox);
    auto *roleBox = new QVBoxLayout;
    roleBox->addWidget(m_plain);
    roleBox->addWidget(m_default);
    roleBox->addWidget(m_fallback);
    roleBox->addWidget(m_roleNote);
    form->addRow(tr("Role:"), roleBox);
    layout->addLayout(form);

    auto *rotateForm = new QFormLayout(m_rotate);
    if (m_provider) {
        for (const QString &key : casCredentialKeys(*m_provider)) {
            auto *edit = new QLineEdit(m_rotate);
            edit->setObjectName(QStringLiteral("casEdit_") + key);
            edit->setAccessibleName(casFieldLabel(key));
            if (casIsSecretKey(key))
                edit->setEchoMode(QLineEdit::Password);
            auto *error = problemLabel(m_rotate, QStringLiteral("casEditError_") + key);
            auto *box = new QVBoxLayout;
            box->addWidget(edit);
            box->addWidget(error);
            auto *label = new QLabel(casFieldLabel(key) + QLatin1Char(':'), m_rotate);
            label->setBuddy(edit);
            rotateForm->addRow(label, box);
            m_edits.insert(key, edit);
            m_errors.insert(key, error);
            connect(edit, &QLineEdit::textChanged, this, &EditCasBackendDialog::validate);
        }
        if (*m_provider == CasProvider::S3) {
            auto *region = new QLineEdit(m_rotate);
            region->setObjectName(QStringLiteral("casEdit_region"));
            region->setAccessibleName(casFieldLabel(QStringLiteral("region")));
            region->setPlaceholderText(QStringLiteral("us-east-1"));
            rotateForm->addRow(casFieldLabel(QStringLiteral("region")) + QLatin1Char(':'), region);
            m_edits.insert(QStringLiteral("region"), region);
            connect(region, &QLineEdit::textChanged, this, &EditCasBackendDialog::validate);
        }
        // Pick a remembered set, remember the new one, record when it expires.
        m_setBox = new CasCredentialSetBox(m_rotate);
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
            new QLabel(tr("The server checks the new set by writing to %1.").arg(backend.location), m_rotate));
    } else {
        m_rotate->setEnabled(false);
    }
    layout->addWidget(m_rotate);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    connect(m_description, &QLineEdit::textChanged, this, &EditCasBackendDialog::validate);
    connect(m_limit, &QLineEdit::textChanged, this, &EditCasBackendDialog::validate);
    connect(m_rotate, &QGroupBox::toggled, this, &EditCasBackendDialog::validate);
    for (QRadioButton *radio : { m_plain, m_default, m_fallback })
        connect(radio, &QRadioButton::toggled, this, &EditCasBackendDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &EditCasBackendDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
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
            m_error->setText(invalidConfig
                    ? tr("The server could not use these settings:\n%1").arg(error.serverMessage())
                    : message);
            m_error->setVisible(true);
            validate();
        });
    validate();
}

void EditCasBackendDialog::validate()
{
    bool ok = true;
    const auto bytes = parseByteSize(m_limit->text().trimmed());
    const QString limitProblem = !bytes ? tr("Enter a size such as 100MiB or 1GiB.") : casMaxBytesError(*bytes);
    m_limitError->setText(limitProblem);
    m_limitError->setVisible(!limitProblem.isEmpty());
    ok = ok && limitProblem.isEmpty();
    if (m_rotate->isChecked() && m_provider) {
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
    if (m_default->isChecked() && !m_backend.isDefault) {
        const QString current = casCurrentDefault(all, m_backend.name);
        m_roleNote->setText(current.isEmpty() ? QString() : tr("%1 stops being the default.").arg(current));
    } else if (!m_default->isChecked() && m_backend.isDefault) {
        const QString next = casDefaultAfterRemoval(all, m_backend.name);
        m_roleNote->setText(
            next.isEmpty() ? tr("No backend takes over as the default.") : tr("%1 becomes the default.").arg(next));
    } else {
        m_roleNote->clear();
    }
    const api::CasBackendChanges c = changes();
    const bool any = c.description || c.isDefault || c.isFallback || c.credentials || c.maxBytes;
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(ok && any && !m_busy);
}

api::CasBackendChanges EditCasBackendDialog::changes() const
{
    api::CasBackendChanges c;
    c.name = m_backend.name;
    if (m_description->text().trimmed() != m_backend.description)
        c.description = m_description->text().trimmed();
    if (m_default->isChecked() != m_backend.isDefault)
        c.isDefault = m_default->isChecked();
    if (m_fallback->isChecked() != m_backend.isFallback)
        c.isFallback = m_fallback->isChecked();
    const auto bytes = parseByteSize(m_limit->text().trimmed());
    if (bytes && *bytes != m_backend.maxBytes)
        c.maxBytes = *bytes;
    if (m_rotate->isChecked() && m_provider) {
        CasFields f;
        for (auto it = m_edits.constBegin(); it != m_edits.constEnd(); ++it)
            f.insert(it.key(), it.value()->text());
        c.credentials = casCredentials(*m_provider, f);
    }
    return c;
}

void EditCasBackendDialog::submit()
{
    if (m_busy || !m_buttons->button(QDialogButtonBox::Save)->isEnabled())
        return;
    m_busy = true;
    m_error->setVisible(false);
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(false);
    m_controller.update(changes());
}

// The server took the change. A rotated set is remembered (if asked) and the backend's new
// credential recorded before the dialog closes, so the page's expiry warning is current.
void EditCasBackendDialog::finishRotation()
{
    if (!m_rotate->isChecked() || !m_setBox) {
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
            m_error->setText(tr("The credentials were rotated. %1").arg(message));
            m_error->setVisible(true);
            m_rotate->setChecked(false);
            return;
        }
        record();
    });
}

} // namespace adm::ui
