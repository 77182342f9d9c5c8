// SPDX-License-Identifier: Apache-2.0
#include "support/GrpcWebTestClient.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QTimer>

namespace adm::test {

namespace {

void parseTrailerBlock(const QByteArray &block, QHash<QByteArray, QByteArray> *trailers)
{
    const QList<QByteArray> lines = block.split('\n');
    for (QByteArray line : lines) {
        line = line.trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            trailers->insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
}

} // namespace

QByteArray GrpcWebTestClient::frame(const QByteArray &message, quint8 flags)
{
    QByteArray out;
    const auto n = quint32(message.size());
    out.append(char(flags));
    out.append(char(n >> 24));
    out.append(char(n >> 16));
    out.append(char(n >> 8));
    out.append(char(n));
    return out + message;
}

GrpcWebTestClient::Metadata GrpcWebTestClient::bearer(const QString &token, const QString &organization)
{
    Metadata md { { "authorization", "Bearer " + token.toUtf8() } };
    if (!organization.isEmpty())
        md.append({ "chainloop-organization", organization.toUtf8() });
    return md;
}

GrpcWebResult GrpcWebTestClient::call(
    const QByteArray &method, const QByteArray &message, const Metadata &metadata, const Options &options) const
{
    QNetworkAccessManager nam;
    QUrl url = m_baseUrl;
    url.setPath(QString::fromUtf8(method));
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
        options.text ? QByteArray("application/grpc-web-text") : QByteArray("application/grpc-web+proto"));
    request.setRawHeader("x-grpc-web", "1");
    for (const auto &[key, value] : metadata)
        request.setRawHeader(key, value);
    QByteArray body = options.rawBody.isNull() ? frame(message) : options.rawBody;
    if (options.text)
        body = body.toBase64();

    GrpcWebResult result;
    QElapsedTimer timer;
    timer.start();
    QNetworkReply *reply = nam.post(request, body);
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, reply, &QNetworkReply::abort);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timeout.start(options.timeoutMs);
    if (!reply->isFinished())
        loop.exec();
    result.elapsedMs = timer.elapsed();
    result.networkError = reply->error();
    result.networkErrorString = reply->errorString();
    result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    for (const auto &[key, value] : reply->rawHeaderPairs())
        result.headers.insert(key.toLower(), value);
    if (reply->isOpen())
        result.rawBody = reply->readAll();
    delete reply;

    if (result.headers.value("content-type").startsWith("application/grpc-web-text")) {
        // Each frame may have been base64-encoded on its own; decode in padded 4-char groups.
        QByteArray decoded;
        QByteArray chunk;
        for (char c : std::as_const(result.rawBody)) {
            chunk.append(c);
            if (chunk.size() == 4) {
                decoded += QByteArray::fromBase64(chunk);
                chunk.clear();
            }
        }
        result.rawBody = decoded + QByteArray::fromBase64(chunk);
    }
    // Trailers-only answers carry the status in the HTTP headers.
    for (const QByteArray &key :
        { QByteArray("grpc-status"), QByteArray("grpc-message"), QByteArray("grpc-status-details-bin") }) {
        if (result.headers.contains(key))
            result.trailers.insert(key, result.headers.value(key));
    }
    qsizetype pos = 0;
    const QByteArray &b = result.rawBody;
    while (pos < b.size()) {
        if (b.size() - pos < 5) {
            result.frameError = QStringLiteral("truncated frame header");
            break;
        }
        const auto flags = quint8(b.at(pos));
        const quint32 len = (quint32(quint8(b.at(pos + 1))) << 24) | (quint32(quint8(b.at(pos + 2))) << 16)
            | (quint32(quint8(b.at(pos + 3))) << 8) | quint32(quint8(b.at(pos + 4)));
        if (qint64(b.size() - pos - 5) < qint64(len)) {
            result.frameError = QStringLiteral("frame length %1 overruns the body").arg(len);
            break;
        }
        const QByteArray payload = b.mid(pos + 5, len);
        if (flags & 0x80)
            parseTrailerBlock(payload, &result.trailers);
        else
            result.messages.append(payload);
        pos += 5 + qsizetype(len);
    }
    if (result.trailers.contains("grpc-status"))
        result.grpcStatus = result.trailers.value("grpc-status").toInt();
    result.grpcMessage = QString::fromUtf8(QByteArray::fromPercentEncoding(result.trailers.value("grpc-message")));
    result.statusDetails = QByteArray::fromBase64(result.trailers.value("grpc-status-details-bin"));
    return result;
}

} // namespace adm::test
