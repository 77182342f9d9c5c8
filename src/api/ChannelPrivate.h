// SPDX-License-Identifier: Apache-2.0
// Internal: what UnaryCall reads from its Channel.
#pragma once

#include "api/Channel.h"
#include "api/Http2Probe.h"

#include <QNetworkAccessManager>
#include <QPointer>
#include <QSslConfiguration>

#include <memory>

namespace adm::api {

struct Channel::Private {
    ChannelConfig config;
    QNetworkAccessManager *nam = nullptr;
    std::unique_ptr<QNetworkAccessManager> ownNam;
    QSslConfiguration ssl;
    QByteArray token;
    QString organization;
    Protocol resolved = Protocol::Auto; // auto mode: Auto until a call showed what works
    ApiError configError;
    // Cleartext native gRPC only: whether the server takes HTTP/2 with prior knowledge (Http2Probe.h).
    enum class Http2State { Unknown, Yes, No } http2 = Http2State::Unknown;
    QString http2Detail;
    QPointer<Http2Probe> probe;

    // The running probe, started if needed; its finished() updates http2 before anyone else hears it.
    Http2Probe *ensureProbe(Channel *q, int timeoutMs);

    void learned(Channel *q, Protocol protocol);
};

} // namespace adm::api
