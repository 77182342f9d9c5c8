// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/Requests.h"
#include "core/Entities.h"
#include "models/BatchTally.h"
#include "models/InstanceTokenTableModel.h"
#include "models/PageController.h"

namespace adm::models {

// Instance-level API tokens through the assumed InstanceAPITokenService (Enterprise). Servers
// without it answer UNIMPLEMENTED: then the page still lists the instance tokens this app's
// profiles hold, with their expiry read from the token itself.
class InstanceTokensController : public PageController
{
    Q_OBJECT
public:
    explicit InstanceTokensController(Session &session, QObject *parent = nullptr);

    InstanceTokenTableModel *model() const { return m_model; }

    void refresh() override;
    void create(const api::NewApiToken &token);
    void revoke(const QList<ApiToken> &tokens);

    // False once the server answered UNIMPLEMENTED; true while unknown.
    bool serverOffersService() const { return m_serverOffers; }

Q_SIGNALS:
    void serverSupportChanged(bool offered);
    void tokenCreated(const adm::CreatedApiToken &created);
    void createFailed(const QString &message, const adm::api::ApiError &error);
    void revokeFinished(int revoked, const QStringList &failures);

protected:
    bool showCached() override;
    QString countText() const override;

private:
    void readProfileTokens();
    void rebuildRows();
    void setServerOffers(bool offered);

    InstanceTokenTableModel *m_model;
    QList<ApiToken> m_serverTokens;
    QList<InstanceTokenRow> m_profileRows;
    bool m_serverOffers = true;
    BatchTally m_revokes;
};

} // namespace adm::models
