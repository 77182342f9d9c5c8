// SPDX-License-Identifier: Apache-2.0
#include "models/ConnectFlow.h"

#include "api/Channel.h"
#include "api/ContextClient.h"
#include "api/LoopbackLoginListener.h"
#include "api/StatusClient.h"
#include "api/UnaryCall.h"
#include "models/Session.h"
#include "storage/ProfileRepository.h"
#include "storage/SecretStore.h"

#include <QFileInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>
#include <QUrlQuery>

namespace adm::models {

namespace {
Q_LOGGING_CATEGORY(lcConnect, "adm.connect", QtInfoMsg)

QString errorText(const api::ApiError &error)
{
    QString text = error.userMessage();
    if (const QString hint = error.hint(); !hint.isEmpty())
        text += QLatin1Char(' ') + hint;
    // The technical cause ("SSL handshake failed", "Host … not found") helps whoever fixes it.
    if (const QString detail = error.detail(); !detail.isEmpty() && !text.contains(detail))
        text += QStringLiteral(" (%1)").arg(detail);
    return text;
}
} // namespace

struct ConnectFlow::Private {
    explicit Private(Session &s)
        : session(s)
    { }

    Session &session;
    ServerSettings server;
    std::optional<Endpoint> endpoint;
    std::optional<ServerInfo> info;
    QByteArray token; // in memory only; cleared with the flow
    std::optional<JwtClaims> claims;
    std::optional<CurrentContext> context;
    std::optional<storage::Profile> profile; // once saved
    bool signInAgain = false;
    bool saving = false; // the profile row exists, its secret is being written

    std::unique_ptr<api::Channel> channel;
    // Context of the running check, verification or save: deleting it drops a late answer.
    QObject *operation = nullptr;
    std::unique_ptr<api::LoopbackLoginListener> listener;
    QTimer browserTimer;
    std::chrono::milliseconds browserTimeout = DefaultBrowserTimeout;
    bool busy = false;

    QObject *newOperation(QObject *owner)
    {
        delete operation;
        operation = new QObject(owner);
        return operation;
    }

    api::Channel *makeChannel()
    {
        api::ChannelConfig config;
        config.endpoint = *endpoint;
        config.protocol = server.protocol;
        config.caFile = server.caFile;
        // A first check should not keep the user waiting through retries of a dead address.
        config.defaultDeadline = std::chrono::milliseconds(10000);
        config.maxReadAttempts = 1;
        channel = std::make_unique<api::Channel>(config);
        return channel.get();
    }
};

ConnectFlow::ConnectFlow(Session &session, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(session))
{
    d->browserTimer.setSingleShot(true);
    connect(&d->browserTimer, &QTimer::timeout, this, [this]() {
        if (!d->listener)
            return;
        d->listener.reset();
        Q_EMIT browserLoginFailed(tr("No answer from the browser within %n minute(s). Try again, or paste a token.",
            nullptr, int(std::chrono::duration_cast<std::chrono::minutes>(d->browserTimeout).count())));
    });
}

ConnectFlow::~ConnectFlow()
{
    cancel();
    d->token.fill('\0');
}

void ConnectFlow::startFromSessionProfile()
{
    const storage::Profile &p = d->session.profile();
    d->signInAgain = true;
    d->server = { p.address, p.protocol, p.insecure, p.caFile };
    const EndpointParseResult parsed = parseEndpoint(p.address, p.insecure);
    d->endpoint = parsed.endpoint;
    d->info = d->session.serverInfo();
}

bool ConnectFlow::isSignInAgain() const
{
    return d->signInAgain;
}

std::pair<ConnectFlow::Field, QString> ConnectFlow::validateServer(const ServerSettings &s)
{
    if (s.address.trimmed().isEmpty())
        return { Field::Address, tr("Enter the address of the control plane, e.g. api.cp.example.com:443.") };
    const EndpointParseResult parsed = parseEndpoint(s.address, s.insecure);
    if (!parsed.endpoint)
        return { Field::Address, parsed.error };
    if (!s.caFile.isEmpty()) {
        if (parsed.endpoint->tls == false)
            return { Field::CaFile, tr("A CA file needs TLS; it is not used without TLS (insecure).") };
        const QFileInfo file(s.caFile);
        if (!file.exists())
            return { Field::CaFile, tr("The CA file %1 does not exist.").arg(s.caFile) };
        if (!file.isFile() || !file.isReadable())
            return { Field::CaFile, tr("The CA file %1 cannot be read.").arg(s.caFile) };
    }
    return { Field::None, {} };
}

void ConnectFlow::checkServer(const ServerSettings &settings)
{
    cancel();
    d->server = settings;
    d->info.reset();
    const auto [field, message] = validateServer(settings);
    if (field != Field::None) {
        // Queued like a network answer, so the page handles both the same way.
        QMetaObject::invokeMethod(
            this, [this, f = field, m = message]() { Q_EMIT serverCheckFailed(f, m); }, Qt::QueuedConnection);
        return;
    }
    d->endpoint = parseEndpoint(settings.address, settings.insecure).endpoint;
    api::Channel *channel = d->makeChannel();
    if (channel->configurationError().isError()) {
        const QString m = errorText(channel->configurationError());
        QMetaObject::invokeMethod(
            this, [this, m]() { Q_EMIT serverCheckFailed(Field::CaFile, m); }, Qt::QueuedConnection);
        return;
    }
    d->busy = true;
    Q_EMIT busyChanged(true);
    api::StatusClient(channel).infoz(d->newOperation(this), [this](api::Result<ServerInfo> result) {
        d->busy = false;
        Q_EMIT busyChanged(false);
        if (!result) {
            const api::ApiError &e = result.error();
            qCInfo(lcConnect) << "server check failed:" << e.toString();
            const Field field = e.cause() == api::ApiError::Cause::Configuration ? Field::CaFile : Field::Address;
            Q_EMIT serverCheckFailed(field, errorText(e));
            return;
        }
        d->info = result.value();
        Q_EMIT serverChecked(*d->info);
    });
}

ConnectFlow::ServerSettings ConnectFlow::server() const
{
    return d->server;
}

std::optional<ServerInfo> ConnectFlow::serverInfo() const
{
    return d->info;
}

std::optional<Endpoint> ConnectFlow::endpoint() const
{
    return d->endpoint;
}

void ConnectFlow::setBrowserLoginTimeout(std::chrono::milliseconds timeout)
{
    d->browserTimeout = timeout;
}

void ConnectFlow::startBrowserLogin()
{
    cancelBrowserLogin();
    if (!d->info || d->info->loginUrl.isEmpty()) {
        QMetaObject::invokeMethod(
            this,
            [this]() { Q_EMIT browserLoginFailed(tr("This server offers no browser login. Paste a token instead.")); },
            Qt::QueuedConnection);
        return;
    }
    QUrl login(d->info->loginUrl);
    if (!login.isValid() || (login.scheme() != QLatin1String("http") && login.scheme() != QLatin1String("https"))) {
        const QString m
            = tr("The server's login address %1 is not usable. Paste a token instead.").arg(d->info->loginUrl);
        QMetaObject::invokeMethod(
            this, [this, m]() { Q_EMIT browserLoginFailed(m); }, Qt::QueuedConnection);
        return;
    }
    d->listener = std::make_unique<api::LoopbackLoginListener>();
    if (!d->listener->listen()) {
        const QString m = d->listener->errorString();
        d->listener.reset();
        QMetaObject::invokeMethod(
            this, [this, m]() { Q_EMIT browserLoginFailed(m); }, Qt::QueuedConnection);
        return;
    }
    connect(d->listener.get(), &api::LoopbackLoginListener::tokenReceived, this, [this](const QByteArray &token) {
        d->browserTimer.stop();
        // Not now: this runs inside the listener's own signal.
        d->listener.release()->deleteLater();
        const JwtParseResult parsed = setToken(token);
        if (!parsed.claims) {
            Q_EMIT browserLoginFailed(tr("The browser returned something that is not a token: %1").arg(parsed.error));
            return;
        }
        Q_EMIT browserLoginSucceeded();
    });
    connect(d->listener.get(), &api::LoopbackLoginListener::failed, this, [this](const QString &message) {
        d->browserTimer.stop();
        d->listener.release()->deleteLater();
        Q_EMIT browserLoginFailed(message);
    });
    QUrlQuery query(login);
    query.removeAllQueryItems(QStringLiteral("callback"));
    query.removeAllQueryItems(QStringLiteral("long-lived"));
    query.addQueryItem(QStringLiteral("callback"),
        QString::fromLatin1(QUrl::toPercentEncoding(d->listener->callbackUrl().toString(QUrl::FullyEncoded))));
    // A week-long token instead of the 10-second one meant for the web UI (§6.2).
    query.addQueryItem(QStringLiteral("long-lived"), QStringLiteral("true"));
    login.setQuery(query);
    d->browserTimer.start(d->browserTimeout);
    Q_EMIT openUrlRequested(login);
}

void ConnectFlow::cancelBrowserLogin()
{
    d->browserTimer.stop();
    d->listener.reset();
}

bool ConnectFlow::isWaitingForBrowser() const
{
    return d->listener != nullptr;
}

JwtParseResult ConnectFlow::setToken(const QByteArray &token)
{
    const QByteArray trimmed = token.trimmed();
    JwtParseResult parsed = parseJwtClaims(QString::fromLatin1(trimmed));
    d->context.reset();
    if (!parsed.claims) {
        clearToken();
        return parsed;
    }
    d->token.fill('\0');
    d->token = trimmed;
    d->claims = parsed.claims;
    return parsed;
}

void ConnectFlow::clearToken()
{
    d->token.fill('\0');
    d->token.clear();
    d->claims.reset();
    d->context.reset();
}

bool ConnectFlow::hasToken() const
{
    return !d->token.isEmpty();
}

std::optional<JwtClaims> ConnectFlow::claims() const
{
    return d->claims;
}

void ConnectFlow::verify()
{
    cancel();
    d->context.reset();
    if (d->token.isEmpty() || !d->endpoint) {
        QMetaObject::invokeMethod(
            this, [this]() { Q_EMIT verifyFailed(tr("There is no token to verify.")); }, Qt::QueuedConnection);
        return;
    }
    api::Channel *channel = d->makeChannel();
    channel->setToken(d->token);
    d->busy = true;
    Q_EMIT busyChanged(true);
    api::ContextClient(channel).current(d->newOperation(this), [this](api::Result<CurrentContext> result) {
        d->busy = false;
        Q_EMIT busyChanged(false);
        if (!result) {
            const api::ApiError &e = result.error();
            qCInfo(lcConnect) << "verification failed:" << e.toString();
            QString message = errorText(e);
            if (e.kind() == api::ApiError::Kind::Unauthenticated && d->claims && d->claims->expiresAt.isValid()
                && d->claims->expiresAt <= QDateTime::currentDateTimeUtc())
                message = tr("The server refused the token: it expired on %1.")
                              .arg(QLocale().toString(d->claims->expiresAt.toLocalTime(), QLocale::ShortFormat));
            else if (e.kind() == api::ApiError::Kind::Unauthenticated)
                message = tr("The server refused the token: %1").arg(message);
            Q_EMIT verifyFailed(message);
            return;
        }
        d->context = result.value();
        Q_EMIT verified(*d->context);
    });
}

std::optional<CurrentContext> ConnectFlow::context() const
{
    return d->context;
}

QString ConnectFlow::suggestedProfileName() const
{
    QString base = d->endpoint ? d->endpoint->host : QStringLiteral("chainloop");
    if (d->claims && d->claims->kind == JwtClaims::Kind::User && d->context && !d->context->user.email.isEmpty())
        base = d->context->user.email.section(QLatin1Char('@'), 0, 0) + QLatin1Char('@') + base;
    else if (d->claims && !d->claims->orgName.isEmpty())
        base = d->claims->orgName + QLatin1Char('@') + base;
    // Unique among the saved profiles: "name", "name (2)", ...
    QString name = base;
    for (int n = 2; d->session.profiles().findByName(name).ok() && n < 100; ++n)
        name = QStringLiteral("%1 (%2)").arg(base).arg(n);
    return name;
}

void ConnectFlow::save(const QString &rawName)
{
    cancel();
    const QString name = rawName.trimmed();
    auto fail = [this](Field field, const QString &message, bool unavailable) {
        QMetaObject::invokeMethod(
            this, [=, this]() { Q_EMIT saveFailed(field, message, unavailable); }, Qt::QueuedConnection);
    };
    if (name.isEmpty())
        return fail(Field::ProfileName, tr("Give the profile a name."), false);
    if (d->token.isEmpty() || !d->claims)
        return fail(Field::Token, tr("There is no token to save."), false);

    storage::Profile profile;
    if (d->profile && d->profile->name == name)
        profile = *d->profile; // a retry (e.g. with the session-only store): the row exists
    profile.name = name;
    profile.address = d->server.address.trimmed();
    profile.protocol = d->server.protocol;
    profile.insecure = d->server.insecure;
    profile.caFile = d->server.caFile;
    profile.tokenKind = d->claims->kind;
    if (d->context && d->context->membership)
        profile.defaultOrganization = d->context->membership->org.name;
    else if (!d->claims->orgName.isEmpty())
        profile.defaultOrganization = d->claims->orgName;
    const storage::Status status = d->session.profiles().save(profile);
    if (!status) {
        const Field field = status.code() == storage::Status::Code::DuplicateName ? Field::ProfileName : Field::None;
        return fail(field, status.message(), false);
    }
    d->profile = profile;

    d->busy = true;
    Q_EMIT busyChanged(true);
    QObject *operation = d->newOperation(this);
    d->saving = true;
    storage::SecretStore &store = d->session.secretStore();
    storage::SecretJob *job = store.write(profile.secretKey(), d->token);
    connect(job, &storage::SecretJob::finished, operation, [this, &store](const storage::SecretResult &result) {
        d->busy = false;
        d->saving = false;
        Q_EMIT busyChanged(false);
        if (result.ok()) {
            Q_EMIT saved(*d->profile);
            return;
        }
        // No token, no profile: a row without its secret would only lead to a sign-in prompt.
        d->session.profiles().remove(d->profile->id);
        d->profile.reset();
        Q_EMIT saveFailed(Field::SecretStore,
            tr("The token cannot be stored in %1: %2").arg(store.displayName(), result.userMessage),
            result.isUnavailable() || result.error == storage::SecretResult::Error::Other);
    });
}

std::optional<storage::Profile> ConnectFlow::savedProfile() const
{
    return d->profile;
}

void ConnectFlow::finishInSession()
{
    if (d->token.isEmpty())
        return;
    if (d->signInAgain) {
        d->session.signInAgain(d->token);
        return;
    }
    if (d->profile)
        d->session.openWithToken(*d->profile, d->token);
}

bool ConnectFlow::isBusy() const
{
    return d->busy;
}

void ConnectFlow::cancel()
{
    delete d->operation; // the answers of calls still running are dropped with it
    d->operation = nullptr;
    if (d->saving && d->profile) {
        // Cancelled between the row and its secret: take both back, so nothing half-saved stays.
        d->saving = false;
        d->session.secretStore().remove(d->profile->secretKey());
        d->session.profiles().remove(d->profile->id);
        d->profile.reset();
    }
    if (d->busy) {
        d->busy = false;
        Q_EMIT busyChanged(false);
    }
}

} // namespace adm::models
