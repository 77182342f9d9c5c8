// SPDX-License-Identifier: Apache-2.0
#include "ui/pages/InstanceTokensPage.h"

#include "models/Formatting.h"
#include "models/InstanceTokenTableModel.h"
#include "models/InstanceTokensController.h"
#include "models/Session.h"
#include "ui/MessageBoxes.h"
#include "ui/dialogs/CreateTokenDialog.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>

namespace adm::ui {

using models::InstanceTokenTableModel;

InstanceTokensPage::InstanceTokensPage(models::Session &session, QWidget *parent)
    : TablePage(session, QStringLiteral("instanceTokensPage"), tr("Instance Tokens"), parent)
    , m_tokens(new models::InstanceTokensController(session, this))
    , m_creation(new TokenCreation(
          CreateTokenDialog::Kind::Instance, this, [this](const api::NewApiToken &token) { m_tokens->create(token); }))
{
    setController(m_tokens);
    setSourceModel(m_tokens->model());
    view()->horizontalHeader()->resizeSection(int(InstanceTokenTableModel::Column::Source), 260);
    view()->sortByColumn(int(InstanceTokenTableModel::Column::Name), Qt::AscendingOrder);

    m_create = addPageAction(QStringLiteral("createInstanceTokenAction"), tr("&New Instance Token…"),
        QKeySequence(Qt::CTRL | Qt::Key_N), tr("Create an instance-level API token"));
    m_revoke = addPageAction(QStringLiteral("revokeInstanceTokenAction"), tr("&Revoke…"), QKeySequence::Delete,
        tr("Revoke the selected instance tokens"));
    // Connected once, not per dialog: the secret must be shown even if the create dialog was
    // closed while the server was still answering.
    connect(m_tokens, &models::InstanceTokensController::tokenCreated, m_creation, &TokenCreation::created);
    connect(m_tokens, &models::InstanceTokensController::createFailed, m_creation, &TokenCreation::failed);
    connect(m_create, &QAction::triggered, this, &InstanceTokensPage::startCreate);
    connect(m_revoke, &QAction::triggered, this, &InstanceTokensPage::revokeSelected);
    connect(m_tokens, &models::InstanceTokensController::serverSupportChanged, this, [this] {
        updateNotice();
        updateActions();
    });
    updateNotice();
    updateActions();
}

void InstanceTokensPage::updateNotice()
{
    if (m_tokens->serverOffersService()) {
        setNotice({});
        return;
    }
    setNotice(tr("<b>This server offers no instance-token management over its API.</b> Instance tokens are created "
                 "with the Chainloop Enterprise CLI: <code>chainloop admin api-token create</code>. Below are the "
                 "instance tokens held in this app's profiles, with their expiry."));
}

void InstanceTokensPage::updateActions()
{
    if (!m_revoke)
        return; // still constructing: the status line changed before the actions exist
    TablePage::updateActions();
    applyPermission(m_create, AdminAction::ManageInstanceTokens, false);
    applyPermission(m_revoke, AdminAction::ManageInstanceTokens, true);
    if (!m_tokens->serverOffersService()) {
        const QString why = tr("This server offers no instance-token management over its API.");
        for (QAction *a : { m_create, m_revoke }) {
            a->setEnabled(false);
            a->setToolTip(why);
        }
        return;
    }
    if (m_revoke->isEnabled()) {
        bool any = false;
        for (int row : selectedSourceRows()) {
            const auto &r = m_tokens->model()->at(row);
            any = any || (r.fromServer && !r.token.isRevoked());
        }
        if (!any) {
            m_revoke->setEnabled(false);
            m_revoke->setToolTip(tr("Select active tokens listed by the server."));
        }
    }
}

void InstanceTokensPage::startCreate()
{
    if (m_create->isEnabled())
        m_creation->open(session().profile().name);
}

void InstanceTokensPage::revokeSelected()
{
    if (!m_revoke->isEnabled())
        return;
    QList<ApiToken> tokens;
    QStringList lines;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int row : selectedSourceRows()) {
        const auto &r = m_tokens->model()->at(row);
        if (!r.fromServer || r.token.isRevoked())
            continue;
        tokens.append(r.token);
        lines << revokeConfirmationLine(r.token, now);
    }
    if (tokens.isEmpty())
        return;
    const QString text
        = tr("Revoke %n instance token(s)? Provisioning that uses them stops at once.", nullptr, int(tokens.size()))
        + QStringLiteral("\n\n") + lines.join(QLatin1Char('\n'));
    if (MessageBoxes::question(
            this, tr("Revoke Instance Tokens"), text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        != QMessageBox::Yes)
        return;
    m_tokens->revoke(tokens);
}

} // namespace adm::ui
