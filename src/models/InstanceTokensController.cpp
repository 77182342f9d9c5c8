// SPDX-License-Identifier: Apache-2.0
#include "models/InstanceTokensController.h"

#include "api/InstanceTokenClient.h"
#include "core/JwtClaims.h"
#include "models/Session.h"
#include "storage/ProfileRepository.h"
#include "storage/SecretStore.h"

namespace adm::models {

using storage::ListingKind;

InstanceTokensController::InstanceTokensController(Session &session, QObject *parent)
    : PageController(session, parent)
    , m_model(new InstanceTokenTableModel(this))
{ }

QString InstanceTokensController::countText() const
{
    return tr("%n instance token(s)", nullptr, m_model->rowCount());
}

void InstanceTokensController::setServerOffers(bool offered)
{
    if (m_serverOffers == offered)
        return;
    m_serverOffers = offered;
    Q_EMIT serverSupportChanged(offered);
}

bool InstanceTokensController::showCached()
{
    // Instance tokens are cached as an instance-level token listing.
    const auto cached = getCache<ApiToken>(ListingKind::ApiTokens, true);
    m_serverTokens = cached ? cached->rows : QList<ApiToken> {};
    if (cached)
        setFetched(cached->fetchedAt, true);
    rebuildRows();
    return cached.has_value();
}

void InstanceTokensController::readProfileTokens()
{
    m_profileRows.clear();
    // The open profile: its claims are already known (also for a transient, unsaved profile).
    const auto claims = session().claims();
    const QUuid currentId = session().profile().id;
    if (claims && claims->kind == JwtClaims::Kind::InstanceApiToken) {
        InstanceTokenRow row;
        row.token.id = claims->tokenId;
        row.token.name = claims->tokenName;
        row.token.expiresAt = claims->expiresAt;
        row.token.scope = ApiToken::Scope::Instance;
        row.profileName = session().profile().name;
        m_profileRows.append(row);
    }
    const auto profiles = session().profiles().list();
    if (!profiles.ok())
        return;
    for (const storage::Profile &profile : profiles.value()) {
        if (profile.id == currentId || profile.tokenKind != JwtClaims::Kind::InstanceApiToken)
            continue;
        // Read the token only to learn its name and expiry; it is dropped right away.
        storage::SecretJob *job = session().secretStore().read(profile.secretKey());
        connect(job, &storage::SecretJob::finished, epoch(),
            [this, name = profile.name](const storage::SecretResult &result) {
                InstanceTokenRow row;
                row.profileName = name;
                row.token.scope = ApiToken::Scope::Instance;
                if (result.ok()) {
                    const auto parsed = parseJwtClaims(QString::fromUtf8(result.secret));
                    if (parsed.claims) {
                        row.token.id = parsed.claims->tokenId;
                        row.token.name = parsed.claims->tokenName;
                        row.token.expiresAt = parsed.claims->expiresAt;
                    }
                }
                if (row.token.name.isEmpty())
                    row.token.name = tr("(token of %1 not readable)").arg(name);
                m_profileRows.append(row);
                rebuildRows();
            });
    }
}

void InstanceTokensController::rebuildRows()
{
    QList<InstanceTokenRow> rows;
    QList<InstanceTokenRow> local = m_profileRows;
    for (const ApiToken &t : m_serverTokens) {
        InstanceTokenRow row;
        row.token = t;
        row.fromServer = true;
        for (int i = 0; i < local.size(); ++i) {
            if (!local.at(i).token.id.isEmpty() && local.at(i).token.id == t.id) {
                row.profileName = local.takeAt(i).profileName;
                break;
            }
        }
        rows.append(row);
    }
    rows.append(local);
    m_model->setRows(rows);
    Q_EMIT statusChanged();
}

void InstanceTokensController::refresh()
{
    readProfileTokens();
    rebuildRows();
    if (!mayList(AdminAction::ListInstanceTokens, [] {}))
        return;
    api::Channel *channel = session().channel();
    if (!channel) {
        setListError(notConnected("/controlplane.v1.InstanceAPITokenService/List"));
        return;
    }
    api::TokenFilter filter;
    filter.status = api::TokenFilter::Status::All;
    beginListWork();
    api::InstanceTokenClient(channel).list(filter, epoch(), [this](api::Result<QList<ApiToken>> r) {
        endListWork();
        if (!r.ok()) {
            if (r.error().kind() == api::ApiError::Kind::Unimplemented) {
                m_serverTokens.clear();
                rebuildRows();
                setServerOffers(false);
                setFetched(QDateTime::currentDateTimeUtc(), false);
                return;
            }
            setListError(r.error());
            return;
        }
        setServerOffers(true);
        m_serverTokens = r.value();
        putCache(ListingKind::ApiTokens, true, m_serverTokens);
        rebuildRows();
        setFetched(QDateTime::currentDateTimeUtc(), false);
    });
}

void InstanceTokensController::create(const api::NewApiToken &token)
{
    api::Channel *channel = session().channel();
    if (!channel) {
        Q_EMIT createFailed(tr("Not connected."), notConnected({}));
        return;
    }
    beginWork();
    api::InstanceTokenClient(channel).create(token, this, [this, name = token.name](api::Result<CreatedApiToken> r) {
        endWork();
        session().recordActivity(QStringLiteral("instance-token.create"), name, r.ok() ? api::ApiError() : r.error());
        if (!r.ok()) {
            session().reportError(r.error());
            if (r.error().kind() == api::ApiError::Kind::Unimplemented)
                setServerOffers(false);
            const QString message = explain(r.error(), AdminAction::ManageInstanceTokens);
            Q_EMIT createFailed(message, r.error());
            Q_EMIT actionFinished(QStringLiteral("instance-token.create"), r.error(), message);
            return;
        }
        m_serverTokens.append(r.value().token);
        putCache(ListingKind::ApiTokens, true, m_serverTokens);
        rebuildRows();
        Q_EMIT actionFinished(QStringLiteral("instance-token.create"), {}, tr("Created instance token %1.").arg(name));
        Q_EMIT tokenCreated(r.value());
    });
}

void InstanceTokensController::revoke(const QList<ApiToken> &tokens)
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
        api::InstanceTokenClient(channel).revoke(token.id, this, [this, token](api::Result<void> r) {
            endWork();
            session().recordActivity(
                QStringLiteral("instance-token.revoke"), token.name, r.ok() ? api::ApiError() : r.error());
            if (r.ok()) {
                m_revokes.succeeded();
                for (ApiToken &t : m_serverTokens) {
                    if (t.id == token.id)
                        t.revokedAt = QDateTime::currentDateTimeUtc();
                }
            } else {
                session().reportError(r.error());
                m_revokes.failed(
                    tr("%1: %2").arg(token.name, explain(r.error(), AdminAction::ManageInstanceTokens)), r.error());
            }
            if (m_revokes.answered()) {
                putCache(ListingKind::ApiTokens, true, m_serverTokens);
                rebuildRows();
                const BatchTally::Outcome o = m_revokes.take();
                Q_EMIT actionFinished(QStringLiteral("instance-token.revoke"), o.error,
                    o.failures.isEmpty() ? tr("Revoked %n instance token(s).", nullptr, o.succeeded)
                                         : o.failures.join(QLatin1Char('\n')));
                Q_EMIT revokeFinished(o.succeeded, o.failures);
            }
        });
    }
}

} // namespace adm::models
