// SPDX-License-Identifier: Apache-2.0
// Drives adm::sandbox::ControlPlane::handle() directly with serialized requests, as the
// transports do, and decodes replies, ErrorInfo reasons and protovalidate violations.
#pragma once

#include "buf/validate/violations.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "sandbox/ControlPlane.h"

#include <QDeadlineTimer>
#include <QJsonObject>
#include <QTest>

#include <google/protobuf/message.h>

#include <memory>

namespace adm::test {

using adm::sandbox::ControlPlane;
using adm::sandbox::ControlPlaneOptions;
using adm::sandbox::RpcReply;
using adm::sandbox::RpcRequest;

inline const QByteArray kSvc = QByteArrayLiteral("/controlplane.v1.");

// Waits (event loop running) for the reply of one call.
inline RpcReply call(ControlPlane &cp, const QByteArray &method, const google::protobuf::Message &request,
    const QString &token = {}, const QString &org = {}, int timeoutMs = 15000)
{
    RpcRequest r;
    r.method = method.startsWith('/') ? method : kSvc + method;
    const std::string body = request.SerializeAsString();
    r.body = QByteArray(body.data(), qsizetype(body.size()));
    if (!token.isEmpty())
        r.metadata.insert("authorization", "Bearer " + token.toLatin1());
    r.metadata.insert("chainloop-organization", org.toUtf8());
    auto result = std::make_shared<std::optional<RpcReply>>();
    cp.handle(r, [result](RpcReply reply) { *result = std::move(reply); });
    QDeadlineTimer deadline(timeoutMs);
    while (!result->has_value() && !deadline.hasExpired())
        QTest::qWait(5);
    if (!result->has_value()) {
        RpcReply timeout;
        timeout.status = -1;
        timeout.message = QStringLiteral("test timeout");
        return timeout;
    }
    return **result;
}

template<typename T> T parse(const RpcReply &reply)
{
    T message;
    message.ParseFromArray(reply.body.constData(), int(reply.body.size()));
    return message;
}

inline google::rpc::Status details(const RpcReply &reply)
{
    google::rpc::Status status;
    status.ParseFromArray(reply.details.constData(), int(reply.details.size()));
    return status;
}

// ErrorInfo.reason, or "" when the reply has no ErrorInfo.
inline QString reason(const RpcReply &reply)
{
    const auto status = details(reply);
    for (const auto &any : status.details()) {
        if (any.type_url() == "type.googleapis.com/google.rpc.ErrorInfo") {
            google::rpc::ErrorInfo info;
            info.ParseFromString(any.value());
            return QString::fromStdString(info.reason());
        }
    }
    return {};
}

inline buf::validate::Violations violations(const RpcReply &reply)
{
    buf::validate::Violations v;
    const auto status = details(reply);
    for (const auto &any : status.details()) {
        if (any.type_url() == "type.googleapis.com/buf.validate.Violations")
            v.ParseFromString(any.value());
    }
    return v;
}

// "pagination.page_size [int32.gt]" for each violation, for compact assertions.
inline QStringList violationSummary(const RpcReply &reply)
{
    QStringList out;
    const auto all = violations(reply);
    for (const auto &v : all.violations()) {
        QStringList path;
        for (const auto &e : v.field().elements())
            path << QString::fromStdString(e.field_name());
        out << QStringLiteral("%1 [%2]").arg(path.join(QLatin1Char('.')), QString::fromStdString(v.rule_id()));
    }
    return out;
}

inline std::unique_ptr<ControlPlane> openEngine(ControlPlaneOptions options = {})
{
    auto cp = std::make_unique<ControlPlane>(std::move(options));
    if (!cp->open())
        qFatal("cannot open sandbox engine: %s", qPrintable(cp->errorString()));
    return cp;
}

inline QString str(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace adm::test

// Compact "code (reason): message" text for failure output.
#define ADM_REPLY(r) qPrintable(QStringLiteral("%1 (%2): %3").arg((r).status).arg(adm::test::reason(r), (r).message))
#define ADM_EXPECT_CODE(r, code) QVERIFY2((r).status == (code), ADM_REPLY(r))
