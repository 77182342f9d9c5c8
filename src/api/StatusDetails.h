// SPDX-License-Identifier: Apache-2.0
// Decoding of grpc-status-details-bin (a google.rpc.Status) into what the app shows.
#pragma once

#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace adm::api {

// One broken validation rule, so a form can mark the exact field.
struct FieldViolation {
    QString fieldPath; // "name", "pagination.page_size", "items[0].name", "labels[\"k\"]"
    QString message; // the server's text, e.g. "value length must be at least 1 characters"
    QString ruleId; // "string.min_len", "name.dns-1123", ...

    bool operator==(const FieldViolation &) const = default;
};

struct StatusDetails {
    int code = 0; // google.rpc.Status.code
    QString message; // google.rpc.Status.message
    QString reason; // google.rpc.ErrorInfo.reason ("UNAUTHORIZED", "forbidden", ...)
    QString domain;
    QHash<QString, QString> metadata;
    QList<FieldViolation> violations; // from buf.validate.Violations
};

// `binary` is the serialized google.rpc.Status (already base64-decoded). nullopt when it does
// not parse; unknown detail types are skipped.
std::optional<StatusDetails> decodeStatusDetails(QByteArrayView binary);

} // namespace adm::api
