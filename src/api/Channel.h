// SPDX-License-Identifier: Apache-2.0
// One connection to a control plane: unary calls in native gRPC, multiplexed on the channel's
// own HTTP/2 connection (Http2Connection.h), or gRPC-Web over QNetworkAccessManager.
// Threading: use from the thread that created it.
#pragma once

#include "api/ApiError.h"
#include "core/Endpoint.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QObject>
#include <QString>

#include <chrono>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace adm::api {

class UnaryCall;

struct ChannelConfig {
    Endpoint endpoint; // from parseEndpoint(): tls decides https vs cleartext
    Protocol protocol = Protocol::Auto;
    QString caFile; // PEM file (or inline PEM) added to the system CAs; empty = system CAs only
    QByteArray userAgent; // empty = defaultUserAgent()
    qint64 maxReceiveBytes = 32 * 1024 * 1024; // as the CLI's default
    std::chrono::milliseconds defaultDeadline { 15000 };
    int maxReadAttempts = 3; // reads only; writes are sent once
};

struct CallOptions {
    std::chrono::milliseconds deadline { 0 }; // 0 = the channel's default
    bool idempotent = false; // a read: may be retried on UNAVAILABLE
    std::optional<QString> organization; // overrides Channel::organization() for this call
};

class Channel : public QObject
{
    Q_OBJECT
public:
    explicit Channel(ChannelConfig config, QObject *parent = nullptr);
    // Uses `nam` (not owned, must outlive the channel) instead of an own manager for gRPC-Web:
    // the test seam.
    Channel(ChannelConfig config, QNetworkAccessManager *nam, QObject *parent = nullptr);
    ~Channel() override;

    const ChannelConfig &config() const;

    // Kept in memory only, sent as "authorization: Bearer <token>", never logged.
    void setToken(const QByteArray &token);
    void clearToken();
    bool hasToken() const;

    // Sent as chainloop-organization (selects the org for user and instance tokens).
    void setOrganization(const QString &organization);
    QString organization() const;

    // Grpc or GrpcWeb once a call has shown what works (auto mode); the configured one otherwise.
    Protocol effectiveProtocol() const;

    // Set when the configuration cannot work (unreadable CA file); every call then fails with it.
    ApiError configurationError() const;

    // Starts a unary call. The returned job is owned by the channel, emits finished() exactly once
    // (never before the caller's next return to the event loop) and then deletes itself.
    // methodPath: "/controlplane.v1.APITokenService/List"; request: serialized message, unframed.
    UnaryCall *call(QByteArrayView methodPath, const QByteArray &request, const CallOptions &options = {});

    // A new channel with this one's configuration, token, organization and learned protocol,
    // but none of its connections. After the server went away and came back, QNAM (gRPC-Web)
    // can keep queueing requests on the dead HTTP/2 connection until each deadline (found by the
    // fault drills): a reconnect starts over on a renewed channel.
    Channel *renewed(QObject *parent = nullptr) const;
    // True while calls started on this channel have not finished.
    bool hasCallsInFlight() const;

    // "chainloop-admin/<version> (<os>) Qt/<version>"
    static QByteArray defaultUserAgent();

Q_SIGNALS:
    // Auto mode learned which protocol works (emitted when it changes).
    void protocolResolved(adm::Protocol protocol);

private:
    friend class UnaryCall;
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace adm::api
