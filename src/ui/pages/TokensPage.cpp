// SPDX-License-Identifier: Apache-2.0
#include "ui/pages/TokensPage.h"

#include "models/Formatting.h"
#include "models/Session.h"
#include "models/TableFilterProxy.h"
#include "models/TokenTableModel.h"
#include "models/TokensController.h"
#include "ui/MessageBoxes.h"
#include "ui/dialogs/CreateTokenDialog.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QTableView>

namespace adm::ui {

using models::TokenTableModel;

TokensPage::TokensPage(models::Session &session, QWidget *parent)
    : TablePage(session, QStringLiteral("tokensPage"), tr("API Tokens"), parent)
    , m_tokens(new models::TokensController(session, this))
    , m_creation(new TokenCreation(CreateTokenDialog::Kind::Organization, this,
          [this](const api::NewApiToken &token) { m_tokens->create(token); }))
    , m_statusCombo(new QComboBox(this))
{
    setController(m_tokens);
    setSourceModel(m_tokens->model());

    m_statusCombo->setObjectName(QStringLiteral("statusFilterCombo"));
    m_statusCombo->setAccessibleName(tr("Show tokens"));
    m_statusCombo->addItem(tr("Active"), Active);
    m_statusCombo->addItem(tr("Revoked"), Revoked);
    m_statusCombo->addItem(tr("All"), All);
    filterRow()->insertWidget(filterRow()->count() - 1, m_statusCombo);
    connect(m_statusCombo, &QComboBox::currentIndexChanged, this, &TokensPage::applyStatusFilter);

    m_create = addPageAction(QStringLiteral("createTokenAction"), tr("&New Token…"), QKeySequence(Qt::CTRL | Qt::Key_N),
        tr("Create an organization API token"));
    m_revoke = addPageAction(
        QStringLiteral("revokeTokenAction"), tr("&Revoke…"), QKeySequence::Delete, tr("Revoke the selected tokens"));
    // Connected once, not per dialog: the secret must be shown even if the create dialog was
    // closed while the server was still answering.
    connect(m_tokens, &models::TokensController::tokenCreated, m_creation, &TokenCreation::created);
    connect(m_tokens, &models::TokensController::createFailed, m_creation, &TokenCreation::failed);
    connect(m_create, &QAction::triggered, this, &TokensPage::startCreate);
    connect(m_revoke, &QAction::triggered, this, &TokensPage::revokeSelected);

    view()->sortByColumn(int(TokenTableModel::Column::Created), Qt::DescendingOrder);
    view()->horizontalHeader()->resizeSection(int(TokenTableModel::Column::Description), 220);
    applyStatusFilter(); // after the actions exist: it updates them
}

void TokensPage::applyStatusFilter()
{
    const auto filter = StatusFilter(m_statusCombo->currentData().toInt());
    TokenTableModel *model = m_tokens->model();
    proxy()->setRowPredicate([model, filter](int row) {
        const bool revoked = model->at(row).isRevoked();
        return filter == All || (filter == Revoked) == revoked;
    });
    updateStatus(); // the "shown" count
}

void TokensPage::updateActions()
{
    if (!m_revoke)
        return; // still constructing: the status line changed before the actions exist
    TablePage::updateActions();
    applyPermission(m_create, AdminAction::CreateToken, false);
    applyPermission(m_revoke, AdminAction::RevokeToken, true);
    if (m_revoke->isEnabled()) {
        // Only active tokens can be revoked.
        bool anyActive = false;
        for (int row : selectedSourceRows())
            anyActive = anyActive || !m_tokens->model()->at(row).isRevoked();
        if (!anyActive) {
            m_revoke->setEnabled(false);
            m_revoke->setToolTip(tr("The selected tokens are already revoked."));
        }
    }
}

void TokensPage::startCreate()
{
    if (m_create->isEnabled())
        m_creation->open(session().organization());
}

void TokensPage::revokeSelected()
{
    if (!m_revoke->isEnabled())
        return;
    QList<ApiToken> tokens;
    QStringList lines;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int row : selectedSourceRows()) {
        const ApiToken &t = m_tokens->model()->at(row);
        if (t.isRevoked())
            continue;
        tokens.append(t);
        lines << revokeConfirmationLine(t, now);
    }
    if (tokens.isEmpty())
        return;
    const QString text
        = tr("Revoke %n token(s)? Anything still using them stops working at once.", nullptr, int(tokens.size()))
        + QStringLiteral("\n\n") + lines.join(QLatin1Char('\n'));
    if (MessageBoxes::question(
            this, tr("Revoke Tokens"), text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        != QMessageBox::Yes)
        return;
    m_tokens->revoke(tokens);
}

} // namespace adm::ui
