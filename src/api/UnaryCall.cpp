// SPDX-License-Identifier: Apache-2.0
#include "UnaryCall.h"

#include "api/ChannelPrivate.h"
#include "api/GrpcFrame.h"
#include "api/GrpcMetadata.h"
#include "api/Http2Connection.h"
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

// How an attempt's transport failed, whichever transport it was (QNAM for gRPC-Web,
// Http2Connection for native gRPC).
enum class TransportFailure {
    None, // an answer came (or the transport's error is one the HTTP status explains)
    ConnectionRefused,
    HostNotFound,
    NetworkDown,
    Timeout, // QNAM's transfer timeout
    Tls,
    Closed, // the connection went away or broke the protocol
    NotHttp2, // native gRPC: the server refused HTTP/2 (preface answered HTTP/1.x, ALPN)
    StreamRefused, // GOAWAY or REFUSED_STREAM: the server did not process the call
    StreamReset, // the server reset this call's stream
};

TransportFailure transportFailure(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError: return TransportFailure::ConnectionRefused;
    case QNetworkReply::HostNotFoundError: return TransportFailure::HostNotFound;
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError: return TransportFailure::NetworkDown;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: return TransportFailure::Timeout;
    case QNetworkReply::SslHandshakeFailedError: return TransportFailure::Tls;
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::UnknownNetworkError: return TransportFailure::Closed;
    default: return TransportFailure::None;
    }
}

TransportFailure transportFailure(Http2Connection::Failure failure)
{
    using F = Http2Connection::Failure;
    switch (failure) {
    case F::None: return TransportFailure::None;
    case F::ConnectionRefused: return TransportFailure::ConnectionRefused;
    case F::HostNotFound: return TransportFailure::HostNotFound;
    case F::NetworkDown: return TransportFailure::NetworkDown;
    case F::Tls: return TransportFailure::Tls;
    case F::NotHttp2: return TransportFailure::NotHttp2;
    case F::ConnectionClosed: return TransportFailure::Closed;
    case F::Refused: return TransportFailure::StreamRefused;
    case F::Reset: return TransportFailure::StreamReset;
    }
    return TransportFailure::Closed;
}
} // namespace

// What one attempt brought back, whichever transport carried it: what evaluate() judges.
struct UnaryCall::Answer {
    int http = 0; // HTTP status; 0 = no HTTP answer
    HeaderList headers; // native gRPC: the trailers too
    TransportFailure failure = TransportFailure::None;
    QString detail; // the transport's words, redacted
    QList<QSslError> sslErrors;
};

struct UnaryCall::Private {
    QPointer<Channel> channel;
    QByteArray method;
    QByteArray framed;
    CallOptions options;
    std::chrono::milliseconds deadline { 0 };
    QElapsedTimer clock;
    QTimer deadlineTimer;
    QTimer retryTimer;
    QPointer<QNetworkReply> reply; // gRPC-Web attempt
    QPointer<Http2Connection> connection; // native gRPC attempt: its stream
    qint32 streamId = 0;
    std::optional<GrpcFrameDecoder> decoder;
    Protocol protocol = Protocol::Grpc;
    bool probing = false; // auto mode, protocol not known yet: gRPC first, gRPC-Web on refusal
    int attempts = 0;
    bool finished = false;
    std::optional<ApiError> firstError; // auto mode: what gRPC said before the gRPC-Web attempt

    // Per attempt.
    std::optional<ApiError> attemptError; // set while reading (bad frame, too large)
    std::optional<QByteArray> message;
    HeaderList webTrailers;
    bool sawTrailerFrame = false;
    bool gotStatus = false;
    bool grpcContent = true;
    QByteArray nonGrpcBody;
    QList<QSslError> sslErrors; // gRPC-Web: QNAM reports them apart from the error
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
    stopTransfer();
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
    ++d->attempts;
    if (!web && !tls && cp.http2Refused) {
        // This server answered our HTTP/2 preface with HTTP/1.x before: no need to ask again.
        // Deferred: this may run inside Channel::call(), before the caller could connect.
        const ApiError refused = ApiError::transport(Kind::Protocol, Cause::Http2Refused, cp.http2Detail, d->method);
        QTimer::singleShot(0, this, [this, refused] { endAttempt({}, refused); });
        return;
    }

    // The metadata of both protocols (lower-case names, as HTTP/2 wants them).
    HeaderList headers;
    headers.reserve(7);
    const auto add = [&headers](const char *name, const QByteArray &value) { headers.append({ name, value }); };
    add("content-type", web ? "application/grpc-web+proto" : "application/grpc");
    if (web) {
        add("accept", "application/grpc-web+proto");
        add("x-grpc-web", "1");
    } else {
        add("te", "trailers"); // grpc++ refuses calls without it
    }
    add("user-agent", cp.config.userAgent);
    const qint64 remaining = std::max<qint64>(1, d->deadline.count() - d->clock.elapsed());
    add("grpc-timeout", formatGrpcTimeout(std::chrono::milliseconds(remaining)));
    if (!cp.token.isEmpty()) {
        add("authorization", "Bearer " + cp.token);
        // As the CLI: the organization header goes with every authenticated call, even empty.
        add("chainloop-organization", d->options.organization.value_or(cp.organization).toUtf8());
    }
    QUrl url = cp.config.endpoint.baseUrl();
    url.setPath(cp.config.endpoint.pathPrefix + QString::fromLatin1(d->method));

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
    if (web)
        startWebAttempt(url, headers, qint64(remaining));
    else
        startNativeAttempt(url, std::move(headers));
}

void UnaryCall::startNativeAttempt(const QUrl &url, HeaderList headers)
{
    Http2Connection *connection = d->channel->d->http2Connection(d->channel);
    Http2Connection::Request request;
    request.path = url.path(QUrl::FullyEncoded).toLatin1();
    request.headers = std::move(headers);
    request.body = d->framed;
    request.onData = [this](const Http2Connection::Response &soFar, QByteArray bytes) {
        receive(bytes, findHeader(soFar.headers, "content-type").value_or(QByteArray()));
    };
    request.onClosed = [this](const Http2Connection::Response &response) {
        d->streamId = 0;
        d->connection = nullptr;
        if (d->finished)
            return;
        if (d->attemptError) {
            endAttempt({}, *d->attemptError);
            return;
        }
        Answer answer;
        answer.http = response.status;
        answer.headers = response.headers;
        answer.failure = transportFailure(response.failure);
        answer.detail = QString::fromUtf8(redactSecrets(response.detail.toUtf8()));
        answer.sslErrors = response.sslErrors;
        const ApiError error = evaluate(answer);
        endAttempt(error.isOk() ? d->message.value_or(QByteArray()) : QByteArray(), error);
    };
    d->connection = connection;
    d->streamId = connection->submit(std::move(request));
    if (d->streamId == 0) {
        d->connection = nullptr;
        const ApiError closed = ApiError::transport(
            Kind::Unreachable, Cause::ConnectionClosed, tr("the HTTP/2 connection takes no more calls"), d->method);
        QTimer::singleShot(0, this, [this, closed] { endAttempt({}, closed); });
    }
}

void UnaryCall::startWebAttempt(const QUrl &url, const HeaderList &headers, qint64 remainingMs)
{
    const Channel::Private &cp = *d->channel->d;
    const bool tls = cp.config.endpoint.tls;
    QNetworkRequest req(url);
    for (const auto &[name, value] : headers)
        req.setRawHeader(name, value);
    // gRPC-Web takes HTTP/2 when TLS offers it and HTTP/1.1 otherwise.
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, tls);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    req.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    req.setTransferTimeout(int(std::min<qint64>(remainingMs + TransferTimeoutSlackMs, INT_MAX)));
    if (tls && cp.ssl)
        req.setSslConfiguration(*cp.ssl);

    QNetworkReply *reply = cp.nam->post(req, d->framed);
    d->reply = reply;
    connect(reply, &QNetworkReply::readyRead, this, &UnaryCall::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &UnaryCall::onReplyFinished);
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) { d->sslErrors = errors; });
}

void UnaryCall::onReadyRead()
{
    if (QNetworkReply *reply = d->reply)
        receive(reply->readAll(), reply->rawHeader("content-type"));
}

void UnaryCall::receive(const QByteArray &bytes, const QByteArray &contentType)
{
    if (d->attemptError || d->finished)
        return;
    if (d->nonGrpcBody.isEmpty() && d->grpcContent)
        d->grpcContent = isGrpcContentType(contentType);
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
        stopTransfer();
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
    Answer answer;
    answer.http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.headers = reply->rawHeaderPairs();
    answer.failure = transportFailure(reply->error());
    answer.detail = QString::fromUtf8(redactSecrets(reply->errorString().toUtf8()));
    answer.sslErrors = d->sslErrors;
    const ApiError error = evaluate(answer);
    endAttempt(error.isOk() ? d->message.value_or(QByteArray()) : QByteArray(), error);
}

ApiError UnaryCall::evaluate(const Answer &answer)
{
    const int http = answer.http;
    const HeaderList &headers = answer.headers;

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

    const QString &netText = answer.detail;
    switch (answer.failure) {
    case TransportFailure::None: break;
    case TransportFailure::ConnectionRefused:
        return ApiError::transport(Kind::Unreachable, Cause::ConnectionRefused, netText, d->method);
    case TransportFailure::HostNotFound:
        return ApiError::transport(Kind::Unreachable, Cause::HostNotFound, netText, d->method);
    case TransportFailure::NetworkDown:
        return ApiError::transport(Kind::Unreachable, Cause::NetworkDown, netText, d->method);
    case TransportFailure::Timeout: return ApiError::timeout(d->deadline.count(), d->method);
    case TransportFailure::Tls: return ApiError::transport(Kind::Tls, tlsCause(answer.sslErrors), netText, d->method);
    case TransportFailure::NotHttp2:
        return ApiError::transport(Kind::Protocol, Cause::Http2Refused, netText, d->method, http);
    case TransportFailure::StreamRefused:
        return ApiError::transport(Kind::Unreachable, Cause::ServerUnavailable, netText, d->method);
    case TransportFailure::StreamReset:
        return ApiError::transport(Kind::Unreachable, Cause::ConnectionClosed, netText, d->method, http);
    case TransportFailure::Closed:
        if (http == 0)
            return ApiError::transport(Kind::Unreachable, Cause::ConnectionClosed, netText, d->method);
        break;
    }

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
        answer.failure != TransportFailure::None ? netText : tr("no grpc-status"), d->method);
}

void UnaryCall::endAttempt(const QByteArray &payload, const ApiError &error)
{
    if (d->finished || !d->channel)
        return;
    stopTransfer();
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

void UnaryCall::stopTransfer()
{
    if (d->reply) {
        d->reply->disconnect(this);
        d->reply->abort();
        d->reply->deleteLater();
        d->reply = nullptr;
    }
    if (d->connection && d->streamId != 0)
        d->connection->cancel(d->streamId); // RST_STREAM CANCEL; the other calls go on
    d->connection = nullptr;
    d->streamId = 0;
}

void UnaryCall::finish(const QByteArray &payload, const ApiError &error)
{
    if (d->finished)
        return;
    d->finished = true;
    d->deadlineTimer.stop();
    d->retryTimer.stop();
    stopTransfer();
    if (error.isError())
        qCInfo(lcApi).noquote() << d->method << "failed after" << d->clock.elapsed() << "ms:" << kindName(error.kind())
                                << statusCodeName(error.code()) << error.detail();
    else
        qCDebug(lcApi) << d->method << "ok in" << d->clock.elapsed() << "ms";
    Q_EMIT finished(payload, error);
    deleteLater();
}

} // namespace adm::api
