// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/Requests.h"
#include "core/Entities.h"
#include "models/BatchTally.h"
#include "models/PageController.h"

namespace adm::models {

class TokenTableModel;

// Organization API tokens: list (all statuses; the page filters), create, revoke.
class TokensController : public PageController
{
    Q_OBJECT
public:
    explicit TokensController(Session &session, QObject *parent = nullptr);

    TokenTableModel *model() const { return m_model; }

    void refresh() override;
    void create(const api::NewApiToken &token);
    // Revokes each token; revokeFinished() follows once all answered.
    void revoke(const QList<ApiToken> &tokens);

Q_SIGNALS:
    // The only moment the secret exists outside the server: hand it to the one-time dialog.
    void tokenCreated(const adm::CreatedApiToken &created);
    void createFailed(const QString &message, const adm::api::ApiError &error);
    void revokeFinished(int revoked, const QStringList &failures);

protected:
    bool showCached() override;
    QString countText() const override;

private:
    void storeCache();

    TokenTableModel *m_model;
    BatchTally m_revokes;
};

} // namespace adm::models
