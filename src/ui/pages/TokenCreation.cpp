// SPDX-License-Identifier: Apache-2.0
#include "ui/pages/TokenCreation.h"

#include "models/Formatting.h"
#include "ui/dialogs/OneTimeSecretDialog.h"

#include <QCoreApplication>

namespace adm::ui {

TokenCreation::TokenCreation(CreateTokenDialog::Kind kind, QWidget *page, Submit submit)
    : QObject(page)
    , m_kind(kind)
    , m_page(page)
    , m_submit(std::move(submit))
{ }

void TokenCreation::open(const QString &scope)
{
    if (m_dialog && m_dialog->isVisible()) {
        m_dialog->raise();
        return;
    }
    delete m_dialog.data(); // a closed one whose deferred deletion is still pending
    auto *dialog = new CreateTokenDialog(m_kind, scope, m_page);
    m_dialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CreateTokenDialog::submitted, this, [this, dialog](const api::NewApiToken &token) {
        dialog->setBusy(true);
        m_submit(token);
    });
    dialog->open();
}

void TokenCreation::created(const CreatedApiToken &created)
{
    if (m_dialog)
        m_dialog->accept();
    auto *secret = new OneTimeSecretDialog(created.token.name, created.jwt, m_page->window());
    secret->setAttribute(Qt::WA_DeleteOnClose);
    secret->open();
}

void TokenCreation::failed(const QString &message)
{
    if (m_dialog && m_dialog->isVisible())
        m_dialog->showServerError(message);
}

QString revokeConfirmationLine(const ApiToken &token, const QDateTime &now)
{
    return token.lastUsedAt.isValid()
        ? QCoreApplication::translate("adm::ui::TokenCreation", "• %1 — last used %2")
              .arg(token.name, models::relativeTime(token.lastUsedAt, now))
        : QCoreApplication::translate("adm::ui::TokenCreation", "• %1 — never used").arg(token.name);
}

} // namespace adm::ui
