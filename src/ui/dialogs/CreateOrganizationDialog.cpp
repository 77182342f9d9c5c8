// SPDX-License-Identifier: Apache-2.0
#include "ui/dialogs/CreateOrganizationDialog.h"

#include "core/Validation.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace adm::ui {

CreateOrganizationDialog::CreateOrganizationDialog(const QString &restrictedNotice, QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(this))
    , m_hint(new QLabel(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("createOrganizationDialog"));
    setWindowTitle(tr("New Organization"));
    setAccessibleName(tr("New organization"));
    setMinimumWidth(440);

    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setAccessibleName(tr("Organization name"));
    m_name->setPlaceholderText(tr("e.g. acme-platform"));
    m_hint->setObjectName(QStringLiteral("nameHint"));
    m_hint->setAccessibleName(tr("Name check"));
    m_hint->setWordWrap(true);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setAccessibleName(tr("Error"));
    m_error->setWordWrap(true);
    m_error->hide();

    auto *layout = new QVBoxLayout(this);
    if (!restrictedNotice.isEmpty()) {
        auto *notice = new QLabel(restrictedNotice, this);
        notice->setObjectName(QStringLiteral("restrictedNotice"));
        notice->setAccessibleName(tr("Restricted creation"));
        notice->setWordWrap(true);
        notice->setStyleSheet(QStringLiteral("QLabel { background: rgba(240,170,0,60); padding: 6px; }"));
        layout->addWidget(notice);
    }
    auto *form = new QFormLayout;
    auto *label = new QLabel(tr("&Name:"), this);
    label->setBuddy(m_name);
    form->addRow(label, m_name);
    form->addRow(QString(), m_hint);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("createButton"));
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_busy || !validateOrganizationName(name()).ok())
            return;
        m_error->hide();
        Q_EMIT submitted(name());
    });
    connect(m_name, &QLineEdit::textChanged, this, &CreateOrganizationDialog::validate);
    validate();
}

QString CreateOrganizationDialog::name() const
{
    return m_name->text();
}

void CreateOrganizationDialog::validate()
{
    const Validity v = validateOrganizationName(name());
    m_hint->setText(name().isEmpty() ? tr("Lowercase letters, digits and '-'; unique on the instance. \"admin\" and "
                                          "\"default\" are reserved.")
            : v.ok()                 ? tr("✓ Valid name")
                                     : v.message);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(v.ok() && !m_busy);
}

void CreateOrganizationDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_name->setReadOnly(busy);
    validate();
}

void CreateOrganizationDialog::showServerError(const QString &message)
{
    setBusy(false);
    m_error->setText(message);
    m_error->setStyleSheet(QStringLiteral("QLabel { background: rgba(220,50,50,60); padding: 6px; }"));
    m_error->show();
}

} // namespace adm::ui
