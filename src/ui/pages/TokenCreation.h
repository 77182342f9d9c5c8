// SPDX-License-Identifier: Apache-2.0
// The create-token flow shared by the organization and instance token pages: one create dialog
// at a time (raised when asked again), the server's refusal shown in it, and the secret handed
// to the one-time dialog even when the create dialog was closed while the server answered.
#pragma once

#include "api/Requests.h"
#include "core/Entities.h"
#include "ui/dialogs/CreateTokenDialog.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace adm::ui {

class TokenCreation : public QObject
{
    Q_OBJECT
public:
    using Submit = std::function<void(const api::NewApiToken &)>;

    // `page` parents the dialogs; `submit` sends the request (the page's controller).
    TokenCreation(CreateTokenDialog::Kind kind, QWidget *page, Submit submit);

    // Opens the create dialog for `scope` (organization or profile name), or raises the open one.
    void open(const QString &scope);
    CreateTokenDialog *dialog() const { return m_dialog; }

public Q_SLOTS:
    // Connect to the controller's tokenCreated / createFailed.
    void created(const adm::CreatedApiToken &created);
    void failed(const QString &message);

private:
    CreateTokenDialog::Kind m_kind;
    QWidget *m_page;
    Submit m_submit;
    QPointer<CreateTokenDialog> m_dialog;
};

// A token's line in a revoke confirmation: "• ci — last used 3 days ago" (translated).
QString revokeConfirmationLine(const ApiToken &token, const QDateTime &now);

} // namespace adm::ui
