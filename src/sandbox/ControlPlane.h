// SPDX-License-Identifier: Apache-2.0
// The sandbox's one implementation of every control-plane method. Transports (native gRPC
// through grpc++, gRPC-Web through QtHttpServer) hand it raw request bytes plus metadata and
// get raw reply bytes back, so both protocols share the same semantics.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>

namespace adm::sandbox {

struct RpcRequest {
    QByteArray method; // full path, e.g. "/controlplane.v1.APITokenService/List"
    QByteArray body; // serialized request message, without the 5-byte frame header
    QHash<QByteArray, QByteArray> metadata; // lower-case keys: "authorization", "chainloop-organization", ...
};

struct RpcReply {
    int status = 0; // gRPC status code; 0 = OK
    QString message; // grpc-message, plain text (the transport percent-encodes it)
    QByteArray body; // serialized response message when status == 0
    QByteArray details; // serialized google.rpc.Status for grpc-status-details-bin (raw, not base64); empty = none
};

struct ControlPlaneOptions {
    QString databasePath; // empty = in-memory
    QByteArray jwtSecret; // HS256 key; empty = a fixed development secret
    bool restrictOrgCreation = false; // Infoz restricted_org_creation
    QString version = QStringLiteral("v1.106.1-sandbox");
    std::chrono::milliseconds handlerTimeout { 10000 }; // the real server's 10 s handler limit
};

// A user offered on the sandbox's browser-login page.
struct LoginUser {
    QString id;
    QString email;
    QString displayName;
    bool instanceAdmin = false;
};

class ControlPlane : public QObject
{
    Q_OBJECT
public:
    explicit ControlPlane(ControlPlaneOptions options, QObject *parent = nullptr);
    ~ControlPlane() override;

    // False (with errorString()) when the database cannot be opened.
    bool open();
    QString errorString() const;

    // Must be called on the thread this object lives in. `done` is called exactly once, possibly
    // later from the event loop (CAS credential checks take time).
    void handle(const RpcRequest &request, std::function<void(RpcReply)> done);

    // /infoz and /statusz. The login URL is known only once the HTTP port is bound.
    void setLoginUrl(const QString &url);
    QJsonObject infoz() const; // protobuf JSON names: loginURL, version, chartVersion, ...
    bool ready() const;

    // Browser login support (§6.2): users to offer, and the token minted for the chosen one.
    // Minting also accepts the user's pending invitations, as a real login does.
    QList<LoginUser> loginUsers() const;
    QString loginAs(const QString &userId, std::chrono::seconds lifetime);

    // --seed demo: users, orgs, memberships, invitations, tokens, CAS backends.
    // Returns the seeded secrets: instance_token, instance_admin_user_token,
    // user_tokens {email: jwt}, org_tokens {org name: jwt}.
    QJsonObject seedDemo();
    // Load seeding for benchmarks: `orgs` organizations, and `members` members in the first one.
    // Batched in transactions so 100,000 rows take seconds.
    QJsonObject seedLoad(int orgs, int members);

    // How the simulated CAS credential check decides (for --help); see CasCredentialCheck.
    static QString casCheckRulesHelp();

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace adm::sandbox
