// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Role.h"

#include <QDialog>

#include <memory>

class QComboBox;

namespace Ui {
class ChangeRoleDialog;
}

namespace adm::ui {

// Picks a new role for one member. The current role is preselected (never a silent default),
// and the owner rules are spelled out before anything is sent.
class ChangeRoleDialog : public QDialog
{
    Q_OBJECT
public:
    // `callerIsOwner`: whether the signed-in user owns the organization (owner changes need it).
    ChangeRoleDialog(const QString &memberName, Role current, bool callerIsOwner, QWidget *parent = nullptr);
    ~ChangeRoleDialog() override;

    Role selectedRole() const;
    QComboBox *roleCombo() const;

private:
    void update();

    Role m_current;
    bool m_callerIsOwner;
    std::unique_ptr<Ui::ChangeRoleDialog> m_ui;
};

} // namespace adm::ui
