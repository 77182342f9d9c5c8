// SPDX-License-Identifier: Apache-2.0
#include "UnaryCall.h"

#include "api/ChannelPrivate.h"
#include "api/GrpcFrame.h"
#include "api/GrpcMetadata.h"
#include "api/Logging.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QPointer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSslError>
#include <QTimer>

#include <optional>

namespace adm::api {

using Kind = ApiError::Kind;
using Cause = ApiError::Cause;

namespace {
constexpr qint64 MaxNonGrpcBody = 16 * 1024; // what we keep of a web page, for the message
constexpr int TransferTimeoutSlackMs = 2000; // QNAM's own timeout, behind our deadline

Cause tlsCause(const QList<QSslError> &errors)
{
    auto has = [&](std::initializer_list<QSslError::SslError> codes) {
        for (const QSslError &e : errors) {
            for (auto c : codes) {
                if (e.error() == c)
                    return true;
            }
        }
        return false;
    };
    if (has({ QSslError::SelfSignedCertificate, QSslError::SelfSignedCertificateInChain }))
        return Cause::TlsSelfSigned;
    if (has({ QSslError::CertificateExpired, QSslError::CertificateNotYetValid }))
        return Cause::TlsExpired;
    if (has({ QSslError::HostNameMismatch }))
        return Cause::TlsHostMismatch;
    if (has({ QSslError::UnableToGetLocalIssuerCertificate, QSslError::UnableToVerifyFirstCertificate,
            QSslError::CertificateUntrusted, QSslError::UnableToGetIssuerCertificate }))
        return Cause::TlsUntrusted;
    return Cause::TlsOther;
}

// "<title>502 Bad Gateway</title>" -> "502 Bad Gateway": enough to recognise a proxy's page.
QString webPageSummary(const QByteArray &body)
{
    static const QRegularExpression title(
        QStringLiteral("<title>\\s*([^<]{1,200})</title>"), QRegularExpression::CaseInsensitiveOption);
    const QString text = QString::fromUtf8(redactSecrets(body.left(4096)));
    const auto m = title.match(text);
    if (m.hasMatch())
        return m.captured(1).simplified();
    return text.left(200).simplified();
}
} // namespace

struct UnaryCall::Private {
    QPointer<Channel> channel;
    QByteArray method;
    QByteArray framed;
    CallOptions options;
    std::chrono::milliseconds deadline { 0 };
    QElapsedTimer clock;
    QTimer deadlineTimer;
    QTimer retryTimer;
    QPointer<QNetworkReply> reply;
    std::optional<GrpcFrameDecoder> decoder;
    Protocol protocol = Protocol::Grpc;
    bool probing = false; // auto mode, protocol not known yet: gRPC first, gRPC-Web on refusal
    int attempts = 0;
    bool finished = false;
    bool skipProbe = false;
    std::optional<ApiError> firstError; // auto mode: what gRPC said before the gRPC-Web attempt

    // Per attempt.
    std::optional<ApiError> attemptError; // set while reading (bad frame, too large)
    std::optional<QByteArray> message;
    HeaderList webTrailers;
    bool sawTrailerFrame = false;
    bool gotStatus = false;
    bool grpcContent = true;
    QByteArray nonGrpcBody;
    QList<QSslError> sslErrors;
};

UnaryCall::UnaryCall(Channel *channel, QByteArrayView method, const QByteArray &request, const CallOptions &options)
    : QObject(channel)
    , d(std::make_unique<Private>())
{
    d->channel = channel;
    d->method = method.toByteArray();
    d->framed = encodeGrpcFrame(request);
    d->options = options;
    d->deadline = options.deadline.count() > 0 ? options.deadline : channel->d->config.defaultDeadline;
    d->deadlineTimer.setSingleShot(true);
    d->deadlineTimer.setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5% early
    d->retryTimer.setSingleShot(true);
    connect(&d->deadlineTimer, &QTimer::timeout, this,
        [this] { finish({}, ApiError::timeout(d->deadline.count(), d->method)); });
    connect(&d->retryTimer, &QTimer::timeout, this, [this] { startAttempt(); });
}

UnaryCall::~UnaryCall()
{
    if (d->reply) {
        d->reply->disconnect(this);
        d->reply->abort();
        delete d->reply.data();
    }
}

QByteArray UnaryCall::method() const
{
    return d->method;
}

Protocol UnaryCall::protocol() const
{
    return d->protocol;
}

int UnaryCall::attempts() const
{
    return d->attempts;
}

std::chrono::milliseconds UnaryCall::elapsed() const
{
    return std::chrono::milliseconds(d->clock.isValid() ? d->clock.elapsed() : 0);
}

bool UnaryCall::isFinished() const
{
    return d->finished;
}

void UnaryCall::cancel()
{
    if (!d->finished)
        finish({}, ApiError::cancelled(d->method));
}

void UnaryCall::start()
{
    d->clock.start();
    const ApiError configError = d->channel->configurationError();
    if (configError.isError()) {
        // Never report before the caller could connect to finished().
        QTimer::singleShot(0, this, [this, configError] { finish({}, configError); });
        return;
    }
    const Protocol p = d->channel->effectiveProtocol();
    d->probing = p == Protocol::Auto;
    d->protocol = p == Protocol::GrpcWeb ? Protocol::GrpcWeb : Protocol::Grpc;
    d->deadlineTimer.start(d->deadline);
    startAttempt();
}

void UnaryCall::startAttempt()
{
    if (d->finished || !d->channel)
        return;
    Channel::Private &cp = *d->channel->d;
    const bool web = d->protocol == Protocol::GrpcWeb;
    const bool tls = cp.config.endpoint.tls;
    if (!web && !tls && !d->skipProbe) {
        using State = Channel::Private::Http2State;
        if (cp.http2 == State::Unknown) {
            // Wait for the channel's one probe, then come back here.
            const qint64 remaining = std::max<qint64>(1, d->deadline.count() - d->clock.elapsed());
            Http2Probe *probe = cp.ensureProbe(d->channel, int(std::min<qint64>(remaining, 5000)));
            connect(probe, &Http2Probe::finished, this, [this] {
                // Inconclusive (refused, silent): the real request reports what is wrong.
                d->skipProbe = d->channel && d->channel->d->http2 == State::Unknown;
                startAttempt();
            });
            return;
        }
        if (cp.http2 == State::No) {
            ++d->attempts;
            // Deferred: this may run inside Channel::call(), before the caller could connect.
            const ApiError refused
                = ApiError::transport(Kind::Protocol, Cause::Http2Refused, cp.http2Detail, d->method);
            QTimer::singleShot(0, this, [this, refused] { endAttempt({}, refused); });
            return;
        }
    }
    d->skipProbe = false;
    ++d->attempts;

    QUrl url = cp.config.endpoint.baseUrl();
    url.setPath(cp.config.endpoint.pathPrefix + QString::fromLatin1(d->method));
    QNetworkRequest req(url);
    req.setRawHeader("content-type", web ? "application/grpc-web+proto" : "application/grpc");
    if (web) {
        req.setRawHeader("accept", "application/grpc-web+proto");
        req.setRawHeader("x-grpc-web", "1");
    } else {
        req.setRawHeader("te", "trailers"); // grpc++ refuses calls without it
    }
    req.setRawHeader("user-agent", cp.config.userAgent);
    const qint64 remaining = std::max<qint64>(1, d->deadline.count() - d->clock.elapsed());
    req.setRawHeader("grpc-timeout", formatGrpcTimeout(std::chrono::milliseconds(remaining)));
    if (!cp.token.isEmpty()) {
        req.setRawHeader("authorization", "Bearer " + cp.token);
        // As the CLI: the organization header goes with every authenticated call, even empty.
        const QString org = d->options.organization.value_or(cp.organization);
        req.setRawHeader("chainloop-organization", org.toUtf8());
    }
    // Native gRPC needs HTTP/2: ALPN over TLS, prior knowledge in cleartext. gRPC-Web takes
    // HTTP/2 when TLS offers it and HTTP/1.1 otherwise.
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, !web || tls);
    req.setAttribute(QNetworkRequest::Http2DirectAttribute, !web && !tls);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    req.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    req.setTransferTimeout(int(std::min<qint64>(remaining + TransferTimeoutSlackMs, INT_MAX)));
    if (tls)
        req.setSslConfiguration(cp.ssl);

    d->attemptError.reset();
    d->message.reset();
    d->webTrailers.clear();
    d->sawTrailerFrame = false;
    d->gotStatus = false;
    d->grpcContent = true;
    d->nonGrpcBody.clear();
    d->sslErrors.clear();
    d->decoder.emplace(cp.config.maxReceiveBytes, web);

    qCDebug(lcApi) << "call" << d->method << (web ? "grpc-web" : "grpc") << "attempt" << d->attempts << "to"
                   << cp.config.endpoint.display();
    QNetworkReply *reply = cp.nam->post(req, d->framed);
    d->reply = reply;
    connect(reply, &QNetworkReply::readyRead, this, &UnaryCall::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &UnaryCall::onReplyFinished);
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) { d->sslErrors = errors; });
}

void UnaryCall::onReadyRead()
{
    QNetworkReply *reply = d->reply;
    if (!reply || d->attemptError)
        return;
    const QByteArray bytes = reply->readAll();
    if (d->nonGrpcBody.isEmpty() && d->grpcContent) {
        const QByteArray type = reply->rawHeader("content-type");
        d->grpcContent = isGrpcContentType(type);
    }
    if (!d->grpcContent) {
        if (d->nonGrpcBody.size() < MaxNonGrpcBody)
            d->nonGrpcBody.append(bytes.left(MaxNonGrpcBody - d->nonGrpcBody.size()));
        return;
    }
    if (!d->decoder->feed(bytes)) {
        switch (d->decoder->error()) {
        case GrpcFrameDecoder::Error::TooLarge:
            d->attemptError
                = ApiError::tooLarge(d->decoder->errorLength(), d->channel->config().maxReceiveBytes, d->method);
            break;
        case GrpcFrameDecoder::Error::Compressed:
            d->attemptError = ApiError::transport(Kind::Protocol, Cause::Compressed, {}, d->method);
            break;
        default:
            d->attemptError
                = ApiError::transport(Kind::Protocol, Cause::Malformed, tr("unexpected frame flags"), d->method);
            break;
        }
        // Stop receiving: the rest is of no use and may be huge.
        reply->disconnect(this);
        reply->abort();
        endAttempt({}, *d->attemptError);
        return;
    }
    while (d->decoder->hasFrame()) {
        GrpcFrameDecoder::Frame frame = d->decoder->takeFrame();
        if (frame.trailers) {
            d->webTrailers += parseGrpcWebTrailers(frame.data);
            d->sawTrailerFrame = true;
        } else if (d->message || d->sawTrailerFrame) {
            d->attemptError = ApiError::transport(
                Kind::Protocol, Cause::Malformed, tr("more than one message in a unary response"), d->method);
        } else {
            d->message = std::move(frame.data);
        }
    }
}

void UnaryCall::onReplyFinished()
{
    QNetworkReply *reply = d->reply;
    if (!reply || d->finished)
        return;
    if (reply->bytesAvailable() > 0)
        onReadyRead();
    if (d->finished || !d->reply)
        return;
    reply->disconnect(this);
    reply->deleteLater();
    d->reply = nullptr;

    if (d->attemptError) {
        endAttempt({}, *d->attemptError);
        return;
    }
    const ApiError error = evaluate(reply);
    endAttempt(error.isOk() ? d->message.value_or(QByteArray()) : QByteArray(), error);
}

ApiError UnaryCall::evaluate(QNetworkReply *reply)
{
    const bool web = d->protocol == Protocol::GrpcWeb;
    const QNetworkReply::NetworkError netError = reply->error();
    const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const HeaderList headers = reply->rawHeaderPairs(); // native gRPC: the trailers merged in
    const QString netText = QString::fromUtf8(redactSecrets(reply->errorString().toUtf8()));

    // grpc-status: gRPC-Web's trailer frame first, then the (trailer or trailers-only) headers.
    std::optional<QByteArray> statusValue = findHeader(d->webTrailers, "grpc-status");
    const HeaderList *statusSource = &d->webTrailers;
    if (!statusValue) {
        statusValue = findHeader(headers, "grpc-status");
        statusSource = &headers;
    }
    if (statusValue && http != 0) {
        const std::optional<int> code = parseGrpcStatus(*statusValue);
        if (!code)
            return ApiError::transport(Kind::Protocol, Cause::Malformed,
                tr("unreadable grpc-status \"%1\"").arg(QString::fromLatin1(statusValue->left(20))), d->method);
        if (!web && !reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool()) {
            return ApiError::transport(
                Kind::Protocol, Cause::Http2Refused, tr("the answer came over HTTP/1.1"), d->method, http);
        }
        d->gotStatus = true;
        if (*code == 0) {
            if (!d->message) {
                return ApiError::transport(Kind::Protocol,
                    d->decoder->hasPartialFrame() ? Cause::Truncated : Cause::Malformed,
                    tr("status OK without a response message"), d->method);
            }
            return {};
        }
        const QString message = percentDecodeGrpcMessage(findHeader(*statusSource, "grpc-message").value_or(""));
        StatusDetails details;
        if (const auto bin = findHeader(*statusSource, "grpc-status-details-bin")) {
            if (auto decoded = decodeStatusDetails(decodeBinaryHeader(*bin)))
                details = std::move(*decoded);
        }
        return ApiError::fromStatus(statusCodeFromInt(*code), message, details, d->method);
    }

    switch (netError) {
    case QNetworkReply::NoError: break;
    case QNetworkReply::ConnectionRefusedError:
        return ApiError::transport(Kind::Unreachable, Cause::ConnectionRefused, netText, d->method);
    case QNetworkReply::HostNotFoundError:
        return ApiError::transport(Kind::Unreachable, Cause::HostNotFound, netText, d->method);
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return ApiError::transport(Kind::Unreachable, Cause::NetworkDown, netText, d->method);
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // QNAM's transfer timeout
        return ApiError::timeout(d->deadline.count(), d->method);
    case QNetworkReply::SslHandshakeFailedError:
        return ApiError::transport(Kind::Tls, tlsCause(d->sslErrors), netText, d->method);
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::UnknownNetworkError:
        if (http == 0) {
            // No HTTP answer at all. In cleartext an HTTP/1.1 server drops (or garbles) the HTTP/2
            // preface this way, so auto mode tries gRPC-Web next.
            if (!web && !d->channel->config().endpoint.tls && d->probing)
                return ApiError::transport(Kind::Protocol, Cause::Http2Refused, netText, d->method);
            return ApiError::transport(Kind::Unreachable, Cause::ConnectionClosed, netText, d->method);
        }
        break;
    default: break;
    }

    if (http != 0 && !web && !reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool())
        return ApiError::transport(
            Kind::Protocol, Cause::Http2Refused, tr("the answer came over HTTP/1.1"), d->method, http);
    if (http != 0 && !d->grpcContent) {
        // A proxy or web server answered. 502/503/504: the backend behind it is down.
        const QString page = webPageSummary(d->nonGrpcBody);
        if (http == 502 || http == 503 || http == 504)
            return ApiError::transport(
                Kind::Unreachable, Cause::ServerUnavailable, tr("HTTP %1 %2").arg(http).arg(page), d->method, http);
        return ApiError::transport(
            Kind::Protocol, Cause::NotGrpc, tr("HTTP %1 %2").arg(http).arg(page).trimmed(), d->method, http);
    }
    if (http != 0 && http != 200) {
        const StatusCode code = statusCodeFromHttp(http);
        if (code == StatusCode::Unavailable)
            return ApiError::transport(
                Kind::Unreachable, Cause::ServerUnavailable, tr("HTTP %1").arg(http), d->method, http);
        return ApiError::transport(Kind::Protocol, Cause::NotGrpc, tr("HTTP %1").arg(http), d->method, http);
    }
    if (http == 0)
        return ApiError::transport(Kind::Unreachable, Cause::ConnectionClosed, netText, d->method);
    // HTTP 200 gRPC content without a status: the stream ended early.
    return ApiError::transport(Kind::Protocol, Cause::Truncated,
        netError != QNetworkReply::NoError ? netText : tr("no grpc-status"), d->method);
}

void UnaryCall::endAttempt(const QByteArray &payload, const ApiError &error)
{
    if (d->finished || !d->channel)
        return;
    if (d->reply) {
        d->reply->disconnect(this);
        d->reply->deleteLater();
        d->reply = nullptr;
    }
    Channel::Private &cp = *d->channel->d;
    if (d->probing) {
        if (error.cause() == Cause::Http2Refused && d->protocol == Protocol::Grpc) {
            // Auto mode: the server or a proxy refused HTTP/2; the same request over gRPC-Web
            // cannot have been processed, so even writes may go again.
            qCInfo(lcApi) << "HTTP/2 refused by" << cp.config.endpoint.display() << "- trying gRPC-Web";
            d->firstError = error;
            d->protocol = Protocol::GrpcWeb;
            --d->attempts;
            startAttempt();
            return;
        }
        if (error.isOk() || d->gotStatus)
            cp.learned(d->channel, d->protocol);
        if (d->firstError && error.isError() && !d->gotStatus
            && (error.kind() == Kind::Protocol || error.kind() == Kind::Unreachable)
            && error.cause() != Cause::NotGrpc) {
            // Neither protocol got an answer: most likely a connection dropped, not a protocol mismatch.
            finishOrRetry(payload,
                ApiError::transport(Kind::Unreachable, Cause::ConnectionClosed, d->firstError->detail(), d->method));
            return;
        }
    }
    finishOrRetry(payload, error);
}

void UnaryCall::finishOrRetry(const QByteArray &payload, const ApiError &error)
{
    const auto &config = d->channel->config();
    if (error.isTransient() && d->options.idempotent && d->attempts < config.maxReadAttempts) {
        // Jittered exponential backoff: 100 ms, 200 ms, ... each scaled by 0.5..1.5.
        const double base = 100.0 * double(1 << std::min(d->attempts - 1, 6));
        const qint64 wait = qint64(base * (0.5 + QRandomGenerator::global()->generateDouble()));
        if (d->clock.elapsed() + wait < d->deadline.count()) {
            if (d->probing) {
                d->protocol = Protocol::Grpc;
                d->firstError.reset();
            }
            qCDebug(lcApi) << "retrying" << d->method << "in" << wait << "ms after" << kindName(error.kind());
            d->retryTimer.start(int(wait));
            return;
        }
    }
    finish(payload, error);
}

void UnaryCall::finish(const QByteArray &payload, const ApiError &error)
{
    if (d->finished)
        return;
    d->finished = true;
    d->deadlineTimer.stop();
    d->retryTimer.stop();
    if (d->reply) {
        d->reply->disconnect(this);
        d->reply->abort();
        d->reply->deleteLater();
        d->reply = nullptr;
    }
    if (error.isError())
        qCInfo(lcApi).noquote() << d->method << "failed after" << d->clock.elapsed() << "ms:" << kindName(error.kind())
                                << statusCodeName(error.code()) << error.detail();
    else
        qCDebug(lcApi) << d->method << "ok in" << d->clock.elapsed() << "ms";
    Q_EMIT finished(payload, error);
    deleteLater();
}

} // namespace adm::api
