// SPDX-License-Identifier: Apache-2.0
#include "Channel.h"

#include "api/ChannelPrivate.h"
#include "api/Logging.h"
#include "api/UnaryCall.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QSslCertificate>
#include <QSysInfo>

namespace adm::api {

namespace {
// The CLI accepts a file path, inline PEM or base64-encoded PEM (CHAINLOOP_API.md §1.7).
QList<QSslCertificate> loadCaCertificates(const QString &caFile)
{
    QByteArray data;
    if (caFile.contains(QLatin1String("-----BEGIN"))) {
        data = caFile.toUtf8();
    } else {
        QFile f(caFile);
        if (f.open(QIODevice::ReadOnly))
            data = f.read(4 * 1024 * 1024);
        else if (auto b64 = QByteArray::fromBase64Encoding(caFile.toUtf8(), QByteArray::AbortOnBase64DecodingErrors))
            data = *b64;
    }
    QList<QSslCertificate> certs = QSslCertificate::fromData(data, QSsl::Pem);
    if (certs.isEmpty())
        certs = QSslCertificate::fromData(data, QSsl::Der);
    return certs;
}
} // namespace

Channel::Channel(ChannelConfig config, QObject *parent)
    : Channel(std::move(config), nullptr, parent)
{ }

Channel::Channel(ChannelConfig config, QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    installQtMessageFilter();
    d->config = std::move(config);
    if (d->config.userAgent.isEmpty())
        d->config.userAgent = defaultUserAgent();
    if (d->config.defaultDeadline.count() <= 0)
        d->config.defaultDeadline = std::chrono::milliseconds(15000);
    d->config.maxReadAttempts = std::max(1, d->config.maxReadAttempts);
    if (nam) {
        d->nam = nam;
    } else {
        d->ownNam = std::make_unique<QNetworkAccessManager>();
        d->nam = d->ownNam.get();
    }
    d->nam->setAutoDeleteReplies(false);
    d->resolved = d->config.protocol;

    if (d->config.endpoint.tls) {
        d->ssl = QSslConfiguration::defaultConfiguration();
        if (!d->config.caFile.isEmpty()) {
            const QList<QSslCertificate> certs = loadCaCertificates(d->config.caFile);
            if (certs.isEmpty()) {
                d->configError = ApiError::transport(ApiError::Kind::Protocol, ApiError::Cause::Configuration,
                    tr("The CA file \"%1\" cannot be read or holds no certificate.").arg(d->config.caFile), {});
            } else {
                d->ssl->addCaCertificates(certs);
            }
        }
    }
    if (d->config.endpoint.host.isEmpty()) {
        d->configError = ApiError::transport(
            ApiError::Kind::Protocol, ApiError::Cause::Configuration, tr("No control-plane address is set."), {});
    }
}

Channel::~Channel()
{
    // Calls use the manager, the connection and the private data: end them (silently) before
    // any of those goes away.
    const auto calls = findChildren<UnaryCall *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(calls);
}

Channel *Channel::renewed(QObject *parent) const
{
    auto *fresh = d->ownNam ? new Channel(d->config, parent) : new Channel(d->config, d->nam, parent);
    fresh->d->token = d->token;
    fresh->d->organization = d->organization;
    fresh->d->resolved = d->resolved;
    return fresh;
}

bool Channel::hasCallsInFlight() const
{
    return !findChildren<UnaryCall *>(Qt::FindDirectChildrenOnly).isEmpty();
}

const ChannelConfig &Channel::config() const
{
    return d->config;
}

void Channel::setToken(const QByteArray &token)
{
    d->token = token.trimmed();
}

void Channel::clearToken()
{
    d->token.fill('\0'); // best effort: do not leave the secret in freed memory
    d->token.clear();
}

bool Channel::hasToken() const
{
    return !d->token.isEmpty();
}

void Channel::setOrganization(const QString &organization)
{
    d->organization = organization.trimmed();
}

QString Channel::organization() const
{
    return d->organization;
}

Protocol Channel::effectiveProtocol() const
{
    return d->resolved;
}

ApiError Channel::configurationError() const
{
    return d->configError;
}

UnaryCall *Channel::call(QByteArrayView methodPath, const QByteArray &request, const CallOptions &options)
{
    auto *call = new UnaryCall(this, methodPath, request, options);
    call->start();
    return call;
}

QByteArray Channel::defaultUserAgent()
{
    return QByteArrayLiteral("chainloop-admin/") + QByteArrayLiteral(ADM_VERSION_STRING) + " ("
        + QSysInfo::productType().toUtf8() + ") Qt/" + qVersion();
}

Http2Connection *Channel::Private::http2Connection(Channel *q)
{
    if (connection && connection->acceptsStreams())
        return connection;
    Http2Connection::Target target;
    target.host = config.endpoint.host;
    target.port = quint16(config.endpoint.port);
    target.tls = config.endpoint.tls;
    target.ssl = ssl;
    target.authority = config.endpoint.baseUrl().authority(QUrl::FullyEncoded).toLatin1();
    target.spokeHttp2Before = spokeHttp2;
    connection = new Http2Connection(std::move(target), q);
    QObject::connect(connection, &Http2Connection::http2Confirmed, q, [this] { spokeHttp2 = true; });
    QObject::connect(connection, &Http2Connection::http2Refused, q, [this](const QString &detail) {
        http2Refused = true;
        http2Detail = detail;
        qCDebug(lcApi) << "no HTTP/2 at" << config.endpoint.display() << "-" << detail;
    });
    return connection;
}

void Channel::Private::learned(Channel *q, Protocol protocol)
{
    if (config.protocol != Protocol::Auto || resolved == protocol)
        return;
    resolved = protocol;
    qCInfo(lcApi) << "auto protocol resolved to" << protocolName(protocol) << "for" << config.endpoint.display();
    Q_EMIT q->protocolResolved(protocol);
}

} // namespace adm::api
