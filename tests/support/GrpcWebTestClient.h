// SPDX-License-Identifier: Apache-2.0
// A deliberately plain gRPC-Web client for tests: QNAM over HTTP/1.1, one POST per call, frames
// parsed here. It shares no code with the app's channel so each side checks the other.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QNetworkReply>
#include <QPair>
#include <QUrl>

namespace adm::test {

struct GrpcWebResult {
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString networkErrorString;
    int httpStatus = 0;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray rawBody; // after base64 decoding for -text
    QList<QByteArray> messages; // data frames' payloads
    QHash<QByteArray, QByteArray> trailers; // lower-case names; from the trailer frame or headers
    QString frameError; // set when the body's frames do not parse
    int grpcStatus = -1; // -1 = none received
    QString grpcMessage; // percent-decoded
    QByteArray statusDetails; // grpc-status-details-bin, base64-decoded
    qint64 elapsedMs = 0;

    QByteArray message() const { return messages.value(0); }
};

struct GrpcWebCallOptions {
    bool text = false; // application/grpc-web-text (base64 bodies)
    int timeoutMs = 15000;
    QByteArray rawBody; // when set, sent instead of a frame built from `message`
};

class GrpcWebTestClient
{
public:
    using Metadata = QList<QPair<QByteArray, QByteArray>>;
    using Options = GrpcWebCallOptions;

    explicit GrpcWebTestClient(QUrl baseUrl)
        : m_baseUrl(std::move(baseUrl))
    { }

    // Blocks until the reply finished or timeoutMs passed (then networkError is set).
    GrpcWebResult call(const QByteArray &method, const QByteArray &message, const Metadata &metadata = {},
        const Options &options = Options {}) const;

    static QByteArray frame(const QByteArray &message, quint8 flags = 0);
    static Metadata bearer(const QString &token, const QString &organization = {});

private:
    QUrl m_baseUrl;
};

} // namespace adm::test
