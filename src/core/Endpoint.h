// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QUrl>

#include <optional>

namespace adm {

// How the app talks to a control plane. Auto = native gRPC, falling back to gRPC-Web when
// HTTP/2 is refused.
enum class Protocol { Auto, Grpc, GrpcWeb };

QString protocolName(Protocol p); // "auto", "grpc", "grpc-web"
std::optional<Protocol> protocolFromName(const QString &name);

// A control-plane address as the user wrote it, normalised.
struct Endpoint {
    QString host;
    int port = 443;
    bool tls = true;
    QString pathPrefix; // for servers behind a path-routing proxy; usually empty

    QUrl baseUrl() const;
    QString display() const; // "host:port" as the CLI writes it, with "(insecure)" when plaintext
    bool isLoopback() const;
};

struct EndpointParseResult {
    std::optional<Endpoint> endpoint;
    QString error;
};

// Accepts "host:port" (as the CLI takes it), "host" (port 443), "[::1]:9000", and URLs
// "https://host[:port][/prefix]" or "http://...". Plaintext needs insecure = true: the CLI's
// rule (no TLS only with --insecure), applied to http:// URLs too.
EndpointParseResult parseEndpoint(const QString &address, bool insecure);

} // namespace adm
