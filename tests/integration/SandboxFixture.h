// SPDX-License-Identifier: Apache-2.0
// Shared by the api integration suites: one sandbox per protocol, channels onto it, and a
// blocking wait for a typed call (tests only; the app never blocks).
#pragma once

#include "api/Channel.h"
#include "api/ClientBase.h"
#include "api/UnaryCall.h"
#include "support/SandboxProcess.h"

#include <QEventLoop>
#include <QJsonObject>
#include <QTimer>

#include <memory>
#include <optional>

namespace adm::test {

inline api::ChannelConfig sandboxConfig(const SandboxProcess &sandbox, Protocol protocol)
{
    // Native gRPC on the API port; gRPC-Web on the HTTP port (as a real control plane).
    const quint16 port = protocol == Protocol::GrpcWeb ? sandbox.httpPort() : sandbox.grpcPort();
    api::ChannelConfig c;
    c.endpoint = *parseEndpoint(QStringLiteral("127.0.0.1:%1").arg(port), true).endpoint;
    c.protocol = protocol;
    c.defaultDeadline = std::chrono::milliseconds(10000);
    return c;
}

inline std::unique_ptr<api::Channel> sandboxChannel(
    const SandboxProcess &sandbox, Protocol protocol, const QString &token, const QString &org = {})
{
    auto ch = std::make_unique<api::Channel>(sandboxConfig(sandbox, protocol));
    if (!token.isEmpty())
        ch->setToken(token.toUtf8());
    ch->setOrganization(org);
    return ch;
}

// await<T>([&](QObject *ctx, api::Callback<T> done) { return client.method(..., ctx, done); })
template<typename T, typename Start> api::Result<T> await(Start start, int guardMs = 30000)
{
    std::optional<api::Result<T>> out;
    QEventLoop loop;
    start(&loop, api::Callback<T>([&](api::Result<T> r) {
        out.emplace(std::move(r));
        loop.quit();
    }));
    QTimer::singleShot(guardMs, &loop, &QEventLoop::quit);
    if (!out)
        loop.exec();
    if (!out)
        return api::Result<T>(api::ApiError::timeout(guardMs, "/test.Guard/Await"));
    return std::move(*out);
}

inline QString seededUser(const SandboxProcess &s, const char *email)
{
    return s.seededTokens().value(QStringLiteral("user_tokens")).toObject().value(QLatin1String(email)).toString();
}

inline QString seededOrgToken(const SandboxProcess &s, const char *org)
{
    return s.seededTokens().value(QStringLiteral("org_tokens")).toObject().value(QLatin1String(org)).toString();
}

} // namespace adm::test
