// SPDX-License-Identifier: Apache-2.0
#include "ui/dialogs/CreateTokenDialog.h"

#include "ui_CreateTokenDialog.h"

#include "core/Validation.h"

#include <QDateTime>
#include <QLocale>
#include <QPushButton>

namespace adm::ui {

using namespace std::chrono_literals;

CreateTokenDialog::CreateTokenDialog(Kind kind, const QString &scopeName, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::CreateTokenDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("createTokenDialog"));
    if (kind == Kind::Instance) {
        setWindowTitle(tr("New Instance API Token"));
        setAccessibleName(tr("New instance API token"));
    } else {
        setWindowTitle(tr("New API Token for %1").arg(scopeName));
    }
    m_ui->expiryCombo->addItem(tr("1 day"), OneDay);
    m_ui->expiryCombo->addItem(tr("7 days"), SevenDays);
    m_ui->expiryCombo->addItem(tr("30 days"), ThirtyDays);
    m_ui->expiryCombo->addItem(tr("90 days"), NinetyDays);
    m_ui->expiryCombo->addItem(tr("Custom…"), Custom);
    m_ui->expiryCombo->addItem(tr("Never"), Never);
    m_ui->expiryCombo->setCurrentIndex(ThirtyDays);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("createButton"));
    m_ui->errorLabel->hide();

    connect(m_ui->nameEdit, &QLineEdit::textChanged, this, &CreateTokenDialog::validate);
    connect(m_ui->customExpiryEdit, &QLineEdit::textChanged, this, &CreateTokenDialog::validate);
    connect(m_ui->expiryCombo, &QComboBox::currentIndexChanged, this, &CreateTokenDialog::validate);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, [this] {
        if (!isInputValid() || m_busy)
            return;
        m_ui->errorLabel->hide();
        Q_EMIT submitted(token());
    });
    validate();
}

CreateTokenDialog::~CreateTokenDialog() = default;

std::optional<std::chrono::seconds> CreateTokenDialog::expiry(bool *valid) const
{
    *valid = true;
    switch (m_ui->expiryCombo->currentData().toInt()) {
    case OneDay: return std::chrono::seconds(24h);
    case SevenDays: return std::chrono::seconds(24h * 7);
    case ThirtyDays: return std::chrono::seconds(24h * 30);
    case NinetyDays: return std::chrono::seconds(24h * 90);
    case Custom: {
        const auto d = parseDuration(m_ui->customExpiryEdit->text().trimmed());
        *valid = d.has_value() && d->count() > 0;
        return d;
    }
    default: return std::nullopt;
    }
}

bool CreateTokenDialog::isInputValid() const
{
    bool expiryValid = false;
    expiry(&expiryValid);
    return validateDnsLabel(m_ui->nameEdit->text()).ok() && expiryValid;
}

api::NewApiToken CreateTokenDialog::token() const
{
    api::NewApiToken t;
    t.name = m_ui->nameEdit->text();
    t.description = m_ui->descriptionEdit->text().trimmed();
    bool valid = false;
    t.expiresIn = expiry(&valid);
    return t;
}

void CreateTokenDialog::validate()
{
    const QString name = m_ui->nameEdit->text();
    const Validity v = validateDnsLabel(name);
    m_ui->nameHint->setText(name.isEmpty() ? tr("Lowercase letters, digits and '-'; up to 63 characters.")
            : v.ok()                       ? tr("✓ Valid name")
                                           : v.message);
    m_ui->nameHint->setProperty("invalid", !name.isEmpty() && !v.ok());

    const int preset = m_ui->expiryCombo->currentData().toInt();
    m_ui->customExpiryEdit->setVisible(preset == Custom);
    bool expiryValid = false;
    const auto d = expiry(&expiryValid);
    if (preset == Never)
        m_ui->expiryHint->setText(tr("⚠ A token that never expires stays valid until someone revokes it. Prefer an "
                                     "expiry and rotate the token."));
    else if (!expiryValid)
        m_ui->expiryHint->setText(tr("Enter a duration such as 45d, 12h or 1d12h."));
    else
        m_ui->expiryHint->setText(
            tr("Expires on %1.")
                .arg(QLocale().toString(QDateTime::currentDateTime().addSecs(d->count()), QLocale::ShortFormat)));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(isInputValid() && !m_busy);
}

void CreateTokenDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_ui->nameEdit->setReadOnly(busy);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(busy ? tr("Creating…") : tr("Create"));
    validate();
}

void CreateTokenDialog::showServerError(const QString &message)
{
    setBusy(false);
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->setStyleSheet(QStringLiteral("QLabel { background: rgba(220,50,50,60); padding: 6px; }"));
    m_ui->errorLabel->show();
}

} // namespace adm::ui
