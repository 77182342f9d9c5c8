// SPDX-License-Identifier: Apache-2.0
#include "models/Session.h"

#include "api/Channel.h"
#include "api/ContextClient.h"
#include "api/StatusClient.h"
#include "api/UnaryCall.h"
#include "api/UserClient.h"
#include "core/Validation.h"
#include "storage/ActivityJournal.h"
#include "storage/KnownOrganizationRepository.h"
#include "storage/ListingCache.h"
#include "storage/MemorySecretStore.h"
#include "storage/ProfileRepository.h"
#include "storage/SecretStore.h"

#include <QLocale>
#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>

#include <algorithm>

namespace adm::models {

namespace {
Q_LOGGING_CATEGORY(lcSession, "adm.session", QtInfoMsg)

// QTimer takes an int of milliseconds: longer expiries are re-armed in steps.
constexpr qint64 MaxTimerMs = qint64(24) * 24 * 3600 * 1000;

QString shortDate(const QDateTime &when)
{
    return QLocale().toString(when.toLocalTime(), QLocale::ShortFormat);
}
} // namespace

struct Session::Private {
    Private(Session *session, storage::Database &database, storage::SecretStore &store)
        : q(session)
        , db(database)
        , secrets(&store)
        , profiles(database)
        , known(database)
        , cache(database)
        , journal(database)
    { }

    Session *q;
    storage::Database &db;
    storage::SecretStore *secrets;
    std::unique_ptr<storage::MemorySecretStore> sessionSecrets; // created by useSessionOnlySecrets()
    storage::ProfileRepository profiles;
    storage::KnownOrganizationRepository known;
    storage::ListingCache cache;
    storage::ActivityJournal journal;

    State state = State::SignedOut;
    QString stateMessage;
    storage::Profile profile;
    api::Channel *channel = nullptr; // child of the session while open
    // Context object of the callbacks of one open connection: deleting it drops every answer
    // that arrives for a profile that was closed (or re-opened) in the meantime.
    QObject *epoch = nullptr;
    std::optional<JwtClaims> claims;
    std::optional<CurrentContext> context;
    std::optional<ServerInfo> info;
    QString organization;
    QList<Membership> memberships;
    QStringList organizations;
    QPointer<api::UnaryCall> contextCall;
    QPointer<api::UnaryCall> organizationsCall;
    QTimer expiryTimer;
    QTimer retryTimer;
    int retrySeconds = 30;
    bool retriedWithoutOrganization = false;
    bool touched = false; // lastUsed updated for this connection

    void setState(State s, const QString &message);
    void needsSignIn(const QString &why);
    void startConnection(const QByteArray &token);
    void askCurrent();
    void askInfoz();
    void onCurrent(const api::Result<CurrentContext> &result);
    void loadCachedOrganizations();
    void showCachedView();
    JwtClaims::Kind tokenKind() const { return claims ? claims->kind : profile.tokenKind; }
    void rebuildOrganizations();
    void armExpiryTimer();
    void onExpiryTimer();
    void dropConnection();
    void renewChannel();
    QString connectedMessage() const;
};

void Session::Private::setState(State s, const QString &message)
{
    const bool changed = s != state;
    state = s;
    stateMessage = message;
    if (s == State::Offline && retrySeconds > 0)
        retryTimer.start(retrySeconds * 1000);
    else
        retryTimer.stop();
    if (changed)
        Q_EMIT q->stateChanged(s);
}

void Session::Private::needsSignIn(const QString &why)
{
    if (state == State::NeedsSignIn || state == State::SignedOut)
        return; // one prompt per transition, not one per failing call
    if (contextCall)
        contextCall->cancel();
    setState(State::NeedsSignIn, why);
    qCInfo(lcSession) << "sign-in required for profile" << profile.name;
    Q_EMIT q->signInRequired(why);
}

QString Session::Private::connectedMessage() const
{
    QString who;
    if (context && claims && claims->kind == JwtClaims::Kind::User)
        who = context->user.email;
    else if (claims)
        who = claims->kindDescription();
    if (organization.isEmpty())
        return tr("Connected to %1 as %2.").arg(profile.name, who);
    return tr("Connected to %1 as %2, organization %3.").arg(profile.name, who, organization);
}

void Session::Private::dropConnection()
{
    delete epoch;
    epoch = nullptr;
    if (channel) {
        channel->clearToken();
        // Later, not now: close() may run inside the answer of one of the channel's calls.
        channel->setParent(nullptr);
        channel->deleteLater();
        channel = nullptr;
    }
    expiryTimer.stop();
    retryTimer.stop();
    claims.reset();
    context.reset();
    info.reset();
    memberships.clear();
    organizations.clear();
    organization.clear();
    retriedWithoutOrganization = false;
    touched = false;
}

void Session::Private::renewChannel()
{
    // The old channel may hold a dead connection: new calls go to a fresh one. Calls still
    // running on the old channel end by their own deadline and report as usual; then it goes.
    api::Channel *old = channel;
    channel = old->renewed(q);
    old->setParent(nullptr);
    auto retire = [old] {
        QTimer::singleShot(0, old, [old] {
            if (!old->hasCallsInFlight())
                old->deleteLater();
        });
    };
    for (QObject *call : old->children())
        QObject::connect(call, &QObject::destroyed, old, retire);
    retire();
}

void Session::Private::startConnection(const QByteArray &token)
{
    const JwtParseResult parsed = parseJwtClaims(QString::fromLatin1(token));
    if (!parsed.claims) {
        needsSignIn(tr("The saved token of %1 cannot be read: %2").arg(profile.name, parsed.error));
        return;
    }
    claims = parsed.claims;
    if (claims->kind == JwtClaims::Kind::OrgApiToken || claims->kind == JwtClaims::Kind::ProjectApiToken)
        organization = claims->orgName; // these act on their own organization whatever we send
    else
        organization = profile.defaultOrganization;

    const EndpointParseResult endpoint = parseEndpoint(profile.address, profile.insecure);
    if (!endpoint.endpoint) {
        setState(State::Offline, tr("The address of %1 is not usable: %2").arg(profile.name, endpoint.error));
        return;
    }
    api::ChannelConfig config;
    config.endpoint = *endpoint.endpoint;
    config.protocol = profile.protocol;
    config.caFile = profile.caFile;
    channel = new api::Channel(config, q);
    channel->setToken(token);
    channel->setOrganization(organization);
    epoch = new QObject(q);

    loadCachedOrganizations();
    Q_EMIT q->organizationChanged(organization);
    Q_EMIT q->contextChanged();

    // An expired token would only earn an UNAUTHENTICATED: say so without asking the server.
    if (claims->expiresAt.isValid() && claims->expiresAt <= QDateTime::currentDateTimeUtc()) {
        askInfoz(); // needs no token; gives the sign-in prompt the server's login URL
        onExpiryTimer();
        return;
    }
    armExpiryTimer();
    askInfoz();
    askCurrent();
}

void Session::Private::askInfoz()
{
    api::StatusClient(channel).infoz(epoch, [this](api::Result<ServerInfo> result) {
        if (!result)
            return; // Current reports the same connection problem; Infoz only adds details
        info = result.value();
        Q_EMIT q->contextChanged();
    });
}

void Session::Private::askCurrent()
{
    // Ready stays Ready while the context is refreshed (an organization switch): pages keep
    // working from what they have. Anything else is (re)connecting.
    if (state != State::Ready)
        setState(State::Connecting, tr("Connecting to %1…").arg(profile.name));
    if (contextCall)
        contextCall->cancel();
    contextCall
        = api::ContextClient(channel).current(epoch, [this](api::Result<CurrentContext> result) { onCurrent(result); });
}

void Session::Private::onCurrent(const api::Result<CurrentContext> &result)
{
    if (!result) {
        const api::ApiError &error = result.error();
        // The remembered organization is gone or we left it: forget it and ask once more, so a
        // stale setting does not keep the whole profile from connecting.
        const bool orgProblem = error.cause() == api::ApiError::Cause::UserNotMember
            || error.cause() == api::ApiError::Cause::MissingOrganization;
        if (orgProblem && !organization.isEmpty() && !retriedWithoutOrganization
            && claims->kind != JwtClaims::Kind::OrgApiToken && claims->kind != JwtClaims::Kind::ProjectApiToken) {
            qCInfo(lcSession) << "organization" << organization << "not usable, connecting without it";
            retriedWithoutOrganization = true;
            organization.clear();
            channel->setOrganization({});
            Q_EMIT q->organizationChanged(organization);
            askCurrent();
            return;
        }
        switch (error.kind()) {
        case api::ApiError::Kind::Unauthenticated:
        case api::ApiError::Kind::TokenRevoked: q->reportError(error); return;
        case api::ApiError::Kind::Cancelled: return;
        default: break;
        }
        // Anything else while connecting (TLS, protocol, unreachable, server error) leaves us
        // without a context: show the cache, say why, retry later.
        setState(State::Offline, tr("%1 is offline: %2").arg(profile.name, error.userMessage()));
        return;
    }
    context = result.value();
    if (claims->kind == JwtClaims::Kind::User && organization.isEmpty() && context->membership) {
        // No organization chosen yet: take the one the server considers current.
        organization = context->membership->org.name;
        channel->setOrganization(organization);
        Q_EMIT q->organizationChanged(organization);
    }
    if (!organization.isEmpty()) {
        storage::KnownOrganization seen;
        seen.profileId = profile.id;
        seen.name = organization;
        if (context->membership && context->membership->org.name == organization)
            seen.organizationId = context->membership->org.id;
        if (profile.isSaved())
            known.remember(seen);
    }
    if (profile.isSaved() && !touched) {
        touched = true; // once per connection, not on every organization switch
        profiles.touch(profile.id);
    }
    setState(State::Ready, connectedMessage());
    Q_EMIT q->contextChanged();
    q->refreshOrganizations();
}

void Session::Private::loadCachedOrganizations()
{
    memberships.clear();
    if (tokenKind() == JwtClaims::Kind::User && profile.isSaved()) {
        // The caller's memberships, as this session and the Organizations page store them.
        if (auto cached = cache.get<Membership>(profile.id, {}, storage::ListingKind::Organizations))
            memberships = std::move(cached->rows);
    }
    rebuildOrganizations();
}

void Session::Private::showCachedView()
{
    // The profile's last organization and its cached listings at once, before the keychain has
    // answered (which may take a while, or wait for the user to unlock a keyring): the window
    // paints what it had. Nothing is asked of the server before the token is in;
    // startConnection() then sets the organization the token decides, and the pages reload.
    organization = profile.defaultOrganization;
    loadCachedOrganizations();
    if (!organization.isEmpty())
        Q_EMIT q->organizationChanged(organization);
}

void Session::Private::rebuildOrganizations()
{
    QStringList names;
    switch (tokenKind()) {
    case JwtClaims::Kind::User:
        for (const Membership &m : std::as_const(memberships))
            names.append(m.org.name);
        break;
    case JwtClaims::Kind::OrgApiToken:
    case JwtClaims::Kind::ProjectApiToken: names.append(claims ? claims->orgName : organization); break;
    case JwtClaims::Kind::InstanceApiToken:
    case JwtClaims::Kind::Other:
        if (profile.isSaved()) {
            const auto list = known.list(profile.id);
            if (list) {
                for (const storage::KnownOrganization &k : list.value())
                    names.append(k.name);
            }
        }
        break;
    }
    if (!organization.isEmpty() && !names.contains(organization, Qt::CaseInsensitive))
        names.append(organization);
    names.removeAll(QString());
    names.removeDuplicates();
    std::sort(names.begin(), names.end(),
        [](const QString &a, const QString &b) { return a.compare(b, Qt::CaseInsensitive) < 0; });
    if (names != organizations) {
        organizations = names;
        Q_EMIT q->organizationsChanged();
    }
}

void Session::Private::armExpiryTimer()
{
    expiryTimer.stop();
    if (!claims || !claims->expiresAt.isValid())
        return;
    const qint64 ms = QDateTime::currentDateTimeUtc().msecsTo(claims->expiresAt);
    expiryTimer.start(int(std::clamp<qint64>(ms, 0, MaxTimerMs)));
}

void Session::Private::onExpiryTimer()
{
    if (!claims || !claims->expiresAt.isValid())
        return;
    if (claims->expiresAt > QDateTime::currentDateTimeUtc()) {
        armExpiryTimer(); // a long expiry, re-armed in steps
        return;
    }
    const QString when = shortDate(claims->expiresAt);
    if (claims->kind == JwtClaims::Kind::User)
        needsSignIn(tr("Your sign-in to %1 expired on %2. Sign in again to continue.").arg(profile.name, when));
    else
        needsSignIn(tr("The %1 of %2 expired on %3. Paste a new token to continue.")
                        .arg(claims->kindDescription(), profile.name, when));
}

Session::Session(storage::Database &db, storage::SecretStore &secrets, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, db, secrets))
{
    d->expiryTimer.setSingleShot(true);
    d->retryTimer.setSingleShot(true);
    connect(&d->expiryTimer, &QTimer::timeout, this, [this]() { d->onExpiryTimer(); });
    connect(&d->retryTimer, &QTimer::timeout, this, [this]() {
        if (d->state == State::Offline)
            reconnect();
    });
}

Session::~Session()
{
    delete d->channel; // no event loop may follow to run a deleteLater()
    d->channel = nullptr;
    d->dropConnection();
}

void Session::open(const storage::Profile &given)
{
    const storage::Profile profile = given; // `given` may be our own d->profile, which close() clears
    close();
    d->profile = profile;
    d->setState(State::Connecting, tr("Reading the token of %1…").arg(profile.name));
    auto *epoch = new QObject(this);
    d->epoch = epoch;
    storage::SecretJob *job = d->secrets->read(profile.secretKey());
    d->showCachedView();
    connect(job, &storage::SecretJob::finished, epoch, [this, epoch](const storage::SecretResult &result) {
        // The read's context is replaced by the connection's own.
        d->epoch = nullptr;
        epoch->deleteLater();
        if (result.ok()) {
            d->startConnection(result.secret);
            return;
        }
        if (result.error == storage::SecretResult::Error::NotFound) {
            d->needsSignIn(tr("No token is saved for %1. Sign in to use it.").arg(d->profile.name));
            return;
        }
        d->needsSignIn(tr("The token of %1 cannot be read from %2: %3")
                           .arg(d->profile.name, d->secrets->displayName(), result.userMessage));
        Q_EMIT secretStoreFailed(result.userMessage);
    });
}

void Session::openWithToken(const storage::Profile &given, const QByteArray &token)
{
    const storage::Profile profile = given; // `given` may be our own d->profile, which close() clears
    close();
    d->profile = profile;
    d->setState(State::Connecting, tr("Connecting to %1…").arg(profile.name));
    d->startConnection(token);
}

void Session::close()
{
    const bool hadProfile = d->state != State::SignedOut || d->channel || d->epoch;
    const bool hadOrganization = !d->organization.isEmpty();
    d->dropConnection();
    d->cache.cancelPrefetch(); // the closed profile's
    d->profile = {};
    if (!hadProfile)
        return;
    d->setState(State::SignedOut, tr("Not connected."));
    if (hadOrganization)
        Q_EMIT organizationChanged({});
    Q_EMIT organizationsChanged();
    Q_EMIT contextChanged();
}

void Session::signOut()
{
    const storage::Profile profile = d->profile;
    if (profile.isSaved()) {
        d->secrets->remove(profile.secretKey()); // fire and forget: the entry goes either way
        recordActivity(QStringLiteral("session.sign-out"), profile.name);
    }
    close();
}

void Session::reconnect()
{
    if (d->state == State::NeedsSignIn)
        return; // the same token would fail again: only a new sign-in (signInAgain) helps
    if (!d->channel || !d->channel->hasToken()) {
        if (d->profile.isSaved() && d->state != State::SignedOut)
            open(d->profile);
        return;
    }
    d->retriedWithoutOrganization = false;
    if (d->state == State::Offline)
        d->renewChannel();
    if (d->claims && d->claims->expiresAt.isValid() && d->claims->expiresAt <= QDateTime::currentDateTimeUtc()) {
        d->onExpiryTimer();
        return;
    }
    d->askInfoz();
    d->askCurrent();
}

Session::State Session::state() const
{
    return d->state;
}

QString Session::stateMessage() const
{
    return d->stateMessage;
}

const storage::Profile &Session::profile() const
{
    return d->profile;
}

api::Channel *Session::channel() const
{
    return d->channel;
}

std::optional<JwtClaims> Session::claims() const
{
    return d->claims;
}

std::optional<CurrentContext> Session::context() const
{
    return d->context;
}

std::optional<ServerInfo> Session::serverInfo() const
{
    return d->info;
}

QString Session::organization() const
{
    return d->organization;
}

void Session::setOrganization(const QString &name)
{
    if (!d->channel || name == d->organization)
        return;
    if (d->claims
        && (d->claims->kind == JwtClaims::Kind::OrgApiToken || d->claims->kind == JwtClaims::Kind::ProjectApiToken)
        && name != d->claims->orgName)
        return; // the server would ignore the header: do not pretend otherwise
    d->organization = name;
    d->channel->setOrganization(name);
    // Known memberships give the role at once; Current confirms it in the background.
    if (d->context) {
        d->context->membership.reset();
        for (const Membership &m : std::as_const(d->memberships)) {
            if (m.org.name == name)
                d->context->membership = m;
        }
    }
    if (d->profile.isSaved() && d->profile.defaultOrganization != name) {
        d->profile.defaultOrganization = name;
        d->profiles.save(d->profile);
    }
    d->rebuildOrganizations();
    if (d->state == State::Ready)
        d->stateMessage = d->connectedMessage();
    Q_EMIT organizationChanged(name);
    Q_EMIT contextChanged();
    if (d->state == State::Ready || d->state == State::Offline) {
        d->retriedWithoutOrganization = false;
        d->askCurrent();
    }
}

QStringList Session::organizations() const
{
    return d->organizations;
}

void Session::refreshOrganizations()
{
    if (!d->channel || !d->claims)
        return;
    if (d->claims->kind != JwtClaims::Kind::User) {
        d->rebuildOrganizations(); // tokens cannot list: the local list is all there is
        return;
    }
    if (d->organizationsCall)
        return; // one refresh at a time
    d->organizationsCall
        = api::UserClient(d->channel).listMemberships(d->epoch, [this](api::Result<QList<Membership>> r) {
              if (!r) {
                  reportError(r.error());
                  return;
              }
              d->memberships = r.value();
              if (d->profile.isSaved()) {
                  QList<storage::KnownOrganization> seen;
                  for (const Membership &m : std::as_const(d->memberships)) {
                      storage::KnownOrganization k;
                      k.profileId = d->profile.id;
                      k.name = m.org.name;
                      k.organizationId = m.org.id;
                      seen.append(k);
                  }
                  d->cache.put(d->profile.id, {}, storage::ListingKind::Organizations, d->memberships);
                  d->known.rememberAll(seen);
              }
              d->rebuildOrganizations();
          });
}

void Session::addOrganizationByName(const QString &rawName)
{
    const QString name = rawName.trimmed();
    const Validity validity = validateDnsLabel(name);
    if (!validity.ok()) {
        Q_EMIT addOrganizationFailed(name, validity.message);
        return;
    }
    if (!d->channel) {
        Q_EMIT addOrganizationFailed(name, tr("Not connected."));
        return;
    }
    api::CallOptions options;
    options.organization = name;
    api::ContextClient(d->channel)
        .current(
            d->epoch,
            [this, name](api::Result<CurrentContext> r) {
                if (!r) {
                    const api::ApiError &e = r.error();
                    if (e.kind() == api::ApiError::Kind::Unauthenticated
                        || e.kind() == api::ApiError::Kind::TokenRevoked)
                        reportError(e);
                    if (e.cause() == api::ApiError::Cause::UserNotMember
                        || e.cause() == api::ApiError::Cause::MissingOrganization)
                        Q_EMIT addOrganizationFailed(
                            name, tr("There is no organization named %1 that you can use.").arg(name));
                    else
                        Q_EMIT addOrganizationFailed(name, e.userMessage());
                    return;
                }
                // Current skips organization resolution, so for an instance token it succeeds even for
                // a name that does not exist. Every organization has a default CAS backend (the inline
                // one is created with it and restored when the default goes), so a missing default
                // means the server did not find the organization.
                const bool isToken = d->claims && d->claims->isApiToken();
                if (isToken && !r.value().defaultCasBackend) {
                    Q_EMIT addOrganizationFailed(
                        name, tr("The server does not know an organization named %1.").arg(name));
                    return;
                }
                if (d->profile.isSaved()) {
                    storage::KnownOrganization k;
                    k.profileId = d->profile.id;
                    k.name = name;
                    if (r.value().membership)
                        k.organizationId = r.value().membership->org.id;
                    d->known.remember(k);
                }
                d->rebuildOrganizations();
                if (!d->organizations.contains(name)) {
                    d->organizations.append(name); // unsaved profile: kept for this session
                    Q_EMIT organizationsChanged();
                }
                Q_EMIT organizationAdded(name);
                setOrganization(name);
            },
            options);
}

Identity Session::identity() const
{
    Identity id;
    if (d->claims)
        id.tokenKind = d->claims->kind;
    else
        id.tokenKind = d->profile.tokenKind;
    if (d->context) {
        id.instanceAdmin = d->context->user.instanceAdmin;
        if (d->context->membership && d->context->membership->org.name == d->organization)
            id.role = d->context->membership->role;
    }
    if (!id.role) {
        for (const Membership &m : std::as_const(d->memberships)) {
            if (m.org.name == d->organization && m.role != Role::Unspecified)
                id.role = m.role;
        }
    }
    id.organizationSelected = !d->organization.isEmpty();
    if (d->info)
        id.restrictedOrgCreation = d->info->restrictedOrgCreation;
    return id;
}

Permission Session::permission(AdminAction action) const
{
    if (d->state == State::Offline)
        return Permission::no(tr("Offline: the server cannot be reached. Cached data is shown read-only."));
    if (d->state == State::NeedsSignIn)
        return Permission::no(tr("Sign in again first."));
    if (d->state != State::Ready)
        return Permission::no(tr("Not connected."));
    return permissionFor(identity(), action);
}

void Session::reportError(const api::ApiError &error)
{
    if (d->state == State::SignedOut)
        return;
    switch (error.kind()) {
    case api::ApiError::Kind::Unauthenticated:
        if (d->claims && d->claims->expiresAt.isValid() && d->claims->expiresAt <= QDateTime::currentDateTimeUtc()) {
            d->onExpiryTimer();
            return;
        }
        d->needsSignIn(
            tr("The server no longer accepts the token of %1: %2").arg(d->profile.name, error.userMessage()));
        return;
    case api::ApiError::Kind::TokenRevoked:
        d->needsSignIn(
            tr("The token of %1 has been revoked. Sign in again or paste a new token.").arg(d->profile.name));
        return;
    case api::ApiError::Kind::Unreachable:
    case api::ApiError::Kind::Timeout:
        if (d->state == State::Ready || d->state == State::Connecting)
            d->setState(State::Offline, tr("%1 is offline: %2").arg(d->profile.name, error.userMessage()));
        return;
    default: return; // the page shows it
    }
}

storage::Database &Session::database() const
{
    return d->db;
}

storage::ListingCache &Session::cache() const
{
    return d->cache;
}

void Session::prefetchCachedListing(storage::ListingKind kind, bool instanceLevel)
{
    if (!d->profile.isSaved())
        return;
    const QString organization = instanceLevel ? QString() : d->organization;
    using storage::ListingKind;
    // The row type each page's controller reads (getCache<T> in models/*Controller.cpp).
    switch (kind) {
    case ListingKind::Organizations: d->cache.prefetch<Membership>(d->profile.id, organization, kind); break;
    case ListingKind::ApiTokens: d->cache.prefetch<ApiToken>(d->profile.id, organization, kind); break;
    case ListingKind::Members: d->cache.prefetch<Membership>(d->profile.id, organization, kind); break;
    case ListingKind::Invitations: d->cache.prefetch<Invitation>(d->profile.id, organization, kind); break;
    case ListingKind::CasBackends: d->cache.prefetch<CasBackend>(d->profile.id, organization, kind); break;
    }
}

storage::ActivityJournal &Session::journal() const
{
    return d->journal;
}

void Session::recordActivity(const QString &action, const QString &target, const api::ApiError &outcome)
{
    storage::ActivityEntry entry;
    entry.profileId = d->profile.id;
    entry.profileName = d->profile.name;
    entry.organization = d->organization;
    entry.action = action;
    entry.target = target;
    if (outcome.kind() == api::ApiError::Kind::Cancelled)
        entry.outcome = storage::ActivityEntry::Outcome::Cancelled;
    else if (outcome.isError())
        entry.outcome = storage::ActivityEntry::Outcome::Failed;
    if (outcome.isError())
        entry.errorMessage = outcome.userMessage();
    const auto stored = d->journal.append(entry);
    if (!stored)
        qCWarning(lcSession) << "activity not recorded:" << stored.message();
}

void Session::setSecretStore(storage::SecretStore &secrets)
{
    d->secrets = &secrets;
}

storage::SecretStore &Session::secretStore() const
{
    return *d->secrets;
}

void Session::useSessionOnlySecrets()
{
    if (!d->sessionSecrets)
        d->sessionSecrets = std::make_unique<storage::MemorySecretStore>();
    d->secrets = d->sessionSecrets.get();
}

bool Session::isSessionOnly() const
{
    return !d->secrets->isPersistent();
}

storage::ProfileRepository &Session::profiles() const
{
    return d->profiles;
}

storage::KnownOrganizationRepository &Session::knownOrganizations() const
{
    return d->known;
}

void Session::signInAgain(const QByteArray &token)
{
    const storage::Profile profile = d->profile;
    if (profile.isSaved()) {
        // Write first, then connect: a failing keychain must not cost the user the new token.
        storage::SecretJob *job = d->secrets->write(profile.secretKey(), token.trimmed());
        connect(job, &storage::SecretJob::finished, this, [this](const storage::SecretResult &result) {
            if (!result.ok())
                qCWarning(lcSession) << "new token kept for this session only:" << result.userMessage;
        });
        const JwtParseResult parsed = parseJwtClaims(QString::fromLatin1(token));
        if (parsed.claims && parsed.claims->kind != profile.tokenKind) {
            storage::Profile updated = profile;
            updated.tokenKind = parsed.claims->kind;
            if (d->profiles.save(updated))
                d->profile = updated;
        }
    }
    // Not through close(): the profile stays open (no SignedOut flicker for the window), only
    // the connection is rebuilt with the new token.
    d->dropConnection();
    d->setState(State::Connecting, tr("Connecting to %1…").arg(d->profile.name));
    d->startConnection(token.trimmed());
    recordActivity(QStringLiteral("session.sign-in"), d->profile.name);
}

QList<Membership> Session::memberships() const
{
    return d->memberships;
}

QDateTime Session::tokenExpiresAt() const
{
    return d->claims ? d->claims->expiresAt : QDateTime();
}

void Session::setOfflineRetryInterval(int seconds)
{
    d->retrySeconds = std::max(0, seconds);
    if (d->retrySeconds == 0)
        d->retryTimer.stop();
}

} // namespace adm::models
