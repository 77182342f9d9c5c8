// SPDX-License-Identifier: Apache-2.0
#include "ui/dialogs/ChangeRoleDialog.h"

#include "ui_ChangeRoleDialog.h"

#include <QPushButton>

namespace adm::ui {

ChangeRoleDialog::ChangeRoleDialog(const QString &memberName, Role current, bool callerIsOwner, QWidget *parent)
    : QDialog(parent)
    , m_current(current)
    , m_callerIsOwner(callerIsOwner)
    , m_ui(std::make_unique<Ui::ChangeRoleDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("changeRoleDialog"));
    setWindowTitle(tr("Change Role of %1").arg(memberName));
    m_ui->currentRoleLabel->setText(roleDisplayName(current));
    for (Role r : assignableRoles())
        m_ui->roleCombo->addItem(roleDisplayName(r), int(r));
    m_ui->roleCombo->setCurrentIndex(m_ui->roleCombo->findData(int(current)));
    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setText(tr("Change Role"));
    ok->setObjectName(QStringLiteral("okButton"));
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->roleCombo, &QComboBox::currentIndexChanged, this, &ChangeRoleDialog::update);
    update();
}

ChangeRoleDialog::~ChangeRoleDialog() = default;

QComboBox *ChangeRoleDialog::roleCombo() const
{
    return m_ui->roleCombo;
}

Role ChangeRoleDialog::selectedRole() const
{
    return roleFromWire(m_ui->roleCombo->currentData().toInt());
}

void ChangeRoleDialog::update()
{
    const Role role = selectedRole();
    QStringList rules;
    rules << tr("Owners manage everything, including other owners. Admins manage members, invitations, tokens and "
                "CAS backends. Viewers can look but not change. Members and contributors work in projects.");
    const bool touchesOwner = role == Role::Owner || m_current == Role::Owner;
    if (touchesOwner)
        rules << tr("Only an owner can promote someone to owner or change an owner's role.");
    rules << tr("You cannot change your own role.");
    m_ui->rulesLabel->setText(rules.join(QStringLiteral("\n\n")));
    const bool allowed = role != m_current && role != Role::Unspecified && (!touchesOwner || m_callerIsOwner);
    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setEnabled(allowed);
    ok->setToolTip(role == m_current ? tr("Pick a different role.")
            : !allowed               ? tr("Only an owner can promote someone to owner or change an owner's role.")
                                     : QString());
}

} // namespace adm::ui
