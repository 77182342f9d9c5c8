// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ui/TablePage.h"
#include "ui/dialogs/CreateOrganizationDialog.h"

#include <QPointer>

namespace adm::models {
class OrganizationsController;
struct OrganizationRow;
} // namespace adm::models

namespace adm::ui {

// Organizations of this identity: switch to one, create, delete (owners, typing the name),
// leave (with the sole-owner rule).
class OrganizationsPage : public TablePage
{
    Q_OBJECT
public:
    explicit OrganizationsPage(models::Session &session, QWidget *parent = nullptr);

    models::OrganizationsController *organizations() const { return m_orgs; }
    QAction *createAction() const { return m_create; }
    QAction *switchAction() const { return m_switch; }
    QAction *deleteAction() const { return m_delete; }
    QAction *leaveAction() const { return m_leave; }
    CreateOrganizationDialog *createDialog() const { return m_dialog; }

    void updateActions() override;

public Q_SLOTS:
    void startCreate();
    void switchToSelected();
    void deleteSelected();
    void leaveSelected();

private:
    const models::OrganizationRow *currentRow() const;

    models::OrganizationsController *m_orgs;
    QAction *m_create = nullptr;
    QAction *m_switch = nullptr;
    QAction *m_delete = nullptr;
    QAction *m_leave = nullptr;
    QPointer<CreateOrganizationDialog> m_dialog;
};

} // namespace adm::ui
