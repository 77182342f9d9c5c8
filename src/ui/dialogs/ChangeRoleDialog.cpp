// SPDX-License-Identifier: Apache-2.0
#include "ui/dialogs/ChangeRoleDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace adm::ui {

ChangeRoleDialog::ChangeRoleDialog(const QString &memberName, Role current, bool callerIsOwner, QWidget *parent)
    : QDialog(parent)
    , m_current(current)
    , m_callerIsOwner(callerIsOwner)
    , m_combo(new QComboBox(this))
    , m_rules(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("changeRoleDialog"));
    setWindowTitle(tr("Change Role of %1").arg(memberName));
    setAccessibleName(tr("Change role"));

    m_combo->setObjectName(QStringLiteral("roleCombo"));
    m_combo->setAccessibleName(tr("New role"));
    for (Role r : assignableRoles())
        m_combo->addItem(roleDisplayName(r), int(r));
    m_combo->setCurrentIndex(m_combo->findData(int(current)));

    m_rules->setObjectName(QStringLiteral("rulesLabel"));
    m_rules->setAccessibleName(tr("Role rules"));
    m_rules->setWordWrap(true);

    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Change Role"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_combo, &QComboBox::currentIndexChanged, this, &ChangeRoleDialog::update);

    auto *form = new QFormLayout;
    form->addRow(tr("Current role:"), new QLabel(roleDisplayName(current), this));
    auto *roleLabel = new QLabel(tr("&New role:"), this);
    roleLabel->setBuddy(m_combo);
    form->addRow(roleLabel, m_combo);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_rules);
    layout->addWidget(m_buttons);
    update();
}

Role ChangeRoleDialog::selectedRole() const
{
    return roleFromWire(m_combo->currentData().toInt());
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
    m_rules->setText(rules.join(QStringLiteral("\n\n")));
    const bool allowed = role != m_current && role != Role::Unspecified && (!touchesOwner || m_callerIsOwner);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(allowed);
    m_buttons->button(QDialogButtonBox::Ok)
        ->setToolTip(role == m_current ? tr("Pick a different role.")
                : !allowed             ? tr("Only an owner can promote someone to owner or change an owner's role.")
                                       : QString());
}

} // namespace adm::ui
