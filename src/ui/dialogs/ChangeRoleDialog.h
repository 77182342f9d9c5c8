// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Role.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QDialogButtonBox;

namespace adm::ui {

// Picks a new role for one member. The current role is preselected (never a silent default),
// and the owner rules are spelled out before anything is sent.
class ChangeRoleDialog : public QDialog
{
    Q_OBJECT
public:
    // `callerIsOwner`: whether the signed-in user owns the organization (owner changes need it).
    ChangeRoleDialog(const QString &memberName, Role current, bool callerIsOwner, QWidget *parent = nullptr);

    Role selectedRole() const;
    QComboBox *roleCombo() const { return m_combo; }

private:
    void update();

    Role m_current;
    bool m_callerIsOwner;
    QComboBox *m_combo;
    QLabel *m_rules;
    QDialogButtonBox *m_buttons;
};

} // namespace adm::ui
