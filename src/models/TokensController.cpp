// SPDX-License-Identifier: Apache-2.0
#include "models/TokensController.h"

#include "api/ApiTokenClient.h"
#include "models/Session.h"
#include "models/TokenTableModel.h"

namespace adm::models {

using storage::ListingKind;

TokensController::TokensController(Session &session, QObject *parent)
    : PageController(session, parent)
    , m_model(new TokenTableModel(this))
{ }

QString TokensController::countText() const
{
    return tr("%n token(s)", nullptr, m_model->rowCount());
}

bool TokensController::showCached()
{
    const auto cached = getCache<ApiToken>(ListingKind::ApiTokens, false);
    m_model->setRows(cached ? cached->rows : QList<ApiToken> {});
    if (cached)
        setFetched(cached->fetchedAt, true);
    return cached.has_value();
}

void TokensController::storeCache()
{
    putCache(ListingKind::ApiTokens, false, m_model->rows());
}

void TokensController::refresh()
{
    if (!mayList(AdminAction::ListTokens, [this] { m_model->setRows({}); }))
        return;
    api::Channel *channel = session().channel();
    if (!channel) {
        setListError(notConnected("/controlplane.v1.APITokenService/List"));
        return;
    }
    api::TokenFilter filter;
    filter.status = api::TokenFilter::Status::All; // the page filters active/revoked locally
    beginListWork();
    api::ApiTokenClient(channel).list(filter, epoch(), [this](api::Result<QList<ApiToken>> result) {
        endListWork();
        if (!result.ok()) {
            setListError(result.error());
            return;
        }
        m_model->setRows(result.value());
        storeCache();
        setFetched(QDateTime::currentDateTimeUtc(), false);
    });
}

void TokensController::create(const api::NewApiToken &token)
{
    api::Channel *channel = session().channel();
    if (!channel) {
        Q_EMIT createFailed(tr("Not connected."), notConnected("/controlplane.v1.APITokenService/Create"));
        return;
    }
    beginWork();
    const QString org = session().organization();
    api::ApiTokenClient(channel).create(token, this, [this, name = token.name, org](api::Result<CreatedApiToken> r) {
        endWork();
        session().recordActivity(QStringLiteral("token.create"), name, r.ok() ? api::ApiError() : r.error());
        if (!r.ok()) {
            session().reportError(r.error());
            const QString message = explain(r.error(), AdminAction::CreateToken);
            Q_EMIT createFailed(message, r.error());
            Q_EMIT actionFinished(QStringLiteral("token.create"), r.error(), message);
            return;
        }
        if (org == session().organization()) {
            m_model->appendRow(r.value().token);
            storeCache();
            Q_EMIT statusChanged();
        }
        Q_EMIT actionFinished(QStringLiteral("token.create"), {}, tr("Created token %1.").arg(name));
        Q_EMIT tokenCreated(r.value());
    });
}

void TokensController::revoke(const QList<ApiToken> &tokens)
{
    api::Channel *channel = session().channel();
    if (tokens.isEmpty())
        return;
    if (!channel) {
        Q_EMIT revokeFinished(0, { tr("Not connected.") });
        return;
    }
    m_revokes.expect(int(tokens.size()));
    for (const ApiToken &token : tokens) {
        beginWork();
        api::ApiTokenClient(channel).revoke(token.id, this, [this, token](api::Result<void> r) {
            endWork();
            session().recordActivity(QStringLiteral("token.revoke"), token.name, r.ok() ? api::ApiError() : r.error());
            if (r.ok()) {
                m_revokes.succeeded();
                m_model->markRevoked(token.id, QDateTime::currentDateTimeUtc());
            } else {
                session().reportError(r.error());
                m_revokes.failed(tr("%1: %2").arg(token.name, explain(r.error(), AdminAction::RevokeToken)), r.error());
            }
            if (m_revokes.answered()) {
                storeCache();
                const BatchTally::Outcome o = m_revokes.take();
                Q_EMIT actionFinished(QStringLiteral("token.revoke"), o.error,
                    o.failures.isEmpty() ? tr("Revoked %n token(s).", nullptr, o.succeeded)
                                         : o.failures.join(QLatin1Char('\n')));
                Q_EMIT revokeFinished(o.succeeded, o.failures);
            }
        });
    }
}

} // namespace adm::models
