// SPDX-License-Identifier: Apache-2.0
// Header and trailer values of gRPC and gRPC-Web: pure functions, no I/O.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

#include <chrono>
#include <optional>

namespace adm::api {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// grpc-message is percent-encoded UTF-8 ("100%25" -> "100%"); malformed escapes are kept verbatim.
QString percentDecodeGrpcMessage(QByteArrayView value);
QByteArray percentEncodeGrpcMessage(const QString &message);

// grpc-timeout: at most 8 digits and a unit (H M S m u n), rounded up so we never ask for less.
QByteArray formatGrpcTimeout(std::chrono::milliseconds timeout);

// A gRPC-Web trailer frame body: "key: value\r\n" lines; keys lower-cased, values trimmed.
HeaderList parseGrpcWebTrailers(QByteArrayView block);

// Last value of a header, case-insensitive; nullopt when absent.
std::optional<QByteArray> findHeader(const HeaderList &headers, QByteArrayView name);

// grpc-status as a number. QNAM merges repeated header values with ", ", so "0, 0" reads as 0.
std::optional<int> parseGrpcStatus(QByteArrayView value);

// Binary (-bin) metadata: base64 with or without padding; the first of merged values.
QByteArray decodeBinaryHeader(QByteArrayView value);

// True for application/grpc, application/grpc+proto, application/grpc-web+proto, ... even merged.
bool isGrpcContentType(QByteArrayView contentType);

} // namespace adm::api
