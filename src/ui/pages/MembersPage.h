// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ui/TablePage.h"

class QComboBox;
class QTimer;

namespace adm::models {
class MembersController;
}

namespace adm::ui {

// Members of the selected organization, paged from the server as the table scrolls. The text
// filter (name or e-mail) and the role filter go to the server together.
class MembersPage : public TablePage
{
    Q_OBJECT
public:
    explicit MembersPage(models::Session &session, QWidget *parent = nullptr);

    models::MembersController *members() const { return m_members; }
    QComboBox *roleFilterCombo() const { return m_roleCombo; }
    QAction *changeRoleAction() const { return m_changeRole; }
    QAction *removeAction() const { return m_remove; }

    void updateActions() override;

public Q_SLOTS:
    void changeRoleOfCurrent();
    void removeSelected();

protected:
    void onFilterTextChanged(const QString &text) override;

private:
    void sendFilter();

    models::MembersController *m_members;
    QComboBox *m_roleCombo;
    QTimer *m_debounce;
    QAction *m_changeRole = nullptr;
    QAction *m_remove = nullptr;
};

} // namespace adm::ui
