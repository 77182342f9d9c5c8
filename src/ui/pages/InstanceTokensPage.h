// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ui/TablePage.h"
#include "ui/pages/TokenCreation.h"

namespace adm::models {
class InstanceTokensController;
}

namespace adm::ui {

// Instance-level API tokens (Enterprise). Where the server has no such service the page says
// so, points to the Enterprise CLI, and still lists the instance tokens held by this app's
// profiles with their expiry.
class InstanceTokensPage : public TablePage
{
    Q_OBJECT
public:
    explicit InstanceTokensPage(models::Session &session, QWidget *parent = nullptr);

    models::InstanceTokensController *tokens() const { return m_tokens; }
    QAction *createAction() const { return m_create; }
    QAction *revokeAction() const { return m_revoke; }
    CreateTokenDialog *createDialog() const { return m_creation->dialog(); }

    void updateActions() override;

public Q_SLOTS:
    void startCreate();
    void revokeSelected();

private:
    void updateNotice();

    models::InstanceTokensController *m_tokens;
    TokenCreation *m_creation;
    QAction *m_create = nullptr;
    QAction *m_revoke = nullptr;
};

} // namespace adm::ui
