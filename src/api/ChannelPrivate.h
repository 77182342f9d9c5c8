// SPDX-License-Identifier: Apache-2.0
// Internal: what UnaryCall reads from its Channel.
#pragma once

#include "api/Channel.h"
#include "api/Http2Connection.h"

#include <QNetworkAccessManager>
#include <QPointer>
#include <QSslConfiguration>

#include <memory>
#include <optional>

namespace adm::api {

struct Channel::Private {
    ChannelConfig config;
    QNetworkAccessManager *nam = nullptr;
    std::unique_ptr<QNetworkAccessManager> ownNam;
    // TLS endpoints only: the first QSslConfiguration of a process loads the TLS backend (about
    // 12 ms), which a cleartext channel never needs.
    std::optional<QSslConfiguration> ssl;
    QByteArray token;
    QString organization;
    Protocol resolved = Protocol::Auto; // auto mode: Auto until a call showed what works
    ApiError configError;
    // Cleartext native gRPC only: set once the server answered our HTTP/2 preface with HTTP/1.x
    // (Http2Connection::http2Refused); later native calls then fail at once.
    bool http2Refused = false;
    QString http2Detail;
    bool spokeHttp2 = false; // some connection of this channel got HTTP/2 from the server
    // Native gRPC: the connection new calls go on. One that failed or got GOAWAY finishes its
    // streams and deletes itself; the next call opens a new one.
    QPointer<Http2Connection> connection;

    Http2Connection *http2Connection(Channel *q);

    void learned(Channel *q, Protocol protocol);
};

} // namespace adm::api
