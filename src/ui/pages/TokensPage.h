// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ui/TablePage.h"
#include "ui/pages/TokenCreation.h"

class QComboBox;

namespace adm::models {
class TokensController;
}

namespace adm::ui {

// Organization API tokens: list with an active/revoked/all filter, create (then the one-time
// secret), revoke one or many.
class TokensPage : public TablePage
{
    Q_OBJECT
public:
    enum StatusFilter { Active, Revoked, All };

    explicit TokensPage(models::Session &session, QWidget *parent = nullptr);

    models::TokensController *tokens() const { return m_tokens; }
    QComboBox *statusCombo() const { return m_statusCombo; }
    QAction *createAction() const { return m_create; }
    QAction *revokeAction() const { return m_revoke; }
    CreateTokenDialog *createDialog() const { return m_creation->dialog(); }

    void updateActions() override;

public Q_SLOTS:
    void startCreate();
    void revokeSelected();

private:
    void applyStatusFilter();

    models::TokensController *m_tokens;
    TokenCreation *m_creation;
    QComboBox *m_statusCombo;
    QAction *m_create = nullptr;
    QAction *m_revoke = nullptr;
};

} // namespace adm::ui
