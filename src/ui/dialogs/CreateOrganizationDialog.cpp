// SPDX-License-Identifier: Apache-2.0
#include "ui/dialogs/CreateOrganizationDialog.h"

#include "ui_CreateOrganizationDialog.h"

#include "core/Validation.h"

#include <QPushButton>

namespace adm::ui {

CreateOrganizationDialog::CreateOrganizationDialog(const QString &restrictedNotice, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::CreateOrganizationDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("createOrganizationDialog"));
    m_ui->restrictedNotice->setText(restrictedNotice);
    m_ui->restrictedNotice->setVisible(!restrictedNotice.isEmpty());
    m_ui->errorLabel->hide();
    QPushButton *create = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    create->setText(tr("Create"));
    create->setObjectName(QStringLiteral("createButton"));
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, [this] {
        if (m_busy || !validateOrganizationName(name()).ok())
            return;
        m_ui->errorLabel->hide();
        Q_EMIT submitted(name());
    });
    connect(m_ui->nameEdit, &QLineEdit::textChanged, this, &CreateOrganizationDialog::validate);
    validate();
}

CreateOrganizationDialog::~CreateOrganizationDialog() = default;

QLineEdit *CreateOrganizationDialog::nameEdit() const
{
    return m_ui->nameEdit;
}

QString CreateOrganizationDialog::name() const
{
    return m_ui->nameEdit->text();
}

void CreateOrganizationDialog::validate()
{
    const Validity v = validateOrganizationName(name());
    m_ui->nameHint->setText(name().isEmpty()
            ? tr("Lowercase letters, digits and '-'; unique on the instance. \"admin\" and "
                 "\"default\" are reserved.")
            : v.ok() ? tr("✓ Valid name")
                     : v.message);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(v.ok() && !m_busy);
}

void CreateOrganizationDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_ui->nameEdit->setReadOnly(busy);
    validate();
}

void CreateOrganizationDialog::showServerError(const QString &message)
{
    setBusy(false);
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->setStyleSheet(QStringLiteral("QLabel { background: rgba(220,50,50,60); padding: 6px; }"));
    m_ui->errorLabel->show();
}

} // namespace adm::ui
