// SPDX-License-Identifier: Apache-2.0
// Helpers for the sandbox transport tests: grpc++'s own client (not the app's channel), the list
// of methods the app uses, and decoding of google.rpc.Status details.
#pragma once

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>

namespace adm::test {

// Every controlplane.v1 method the app calls (CHAINLOOP_API.md §1.4), plus instance tokens.
inline QList<QByteArray> allMethods()
{
    const QList<QPair<const char *, QList<const char *>>> services {
        { "APITokenService", { "Create", "List", "Revoke" } },
        { "InstanceAPITokenService", { "Create", "List", "Revoke" } },
        { "OrganizationService",
            { "Create", "Update", "Delete", "ListMemberships", "DeleteMembership", "UpdateMembership" } },
        { "OrgInvitationService", { "Create", "Revoke", "ListSent" } },
        { "CASBackendService", { "List", "Create", "Update", "Delete", "Revalidate" } },
        { "UserService", { "ListMemberships", "DeleteMembership", "SetCurrentMembership" } },
        { "ContextService", { "Current" } },
        { "StatusService", { "Infoz", "Statusz" } },
    };
    QList<QByteArray> out;
    for (const auto &[service, methods] : services) {
        for (const char *m : methods)
            out.append(QByteArray("/controlplane.v1.") + service + '/' + m);
    }
    return out;
}

struct GrpcResult {
    grpc::Status status;
    QByteArray body;
    std::multimap<std::string, std::string> trailers;
    qint64 elapsedMs = 0;

    int code() const { return int(status.error_code()); }
};

using GrpcMetadata = QList<QPair<QByteArray, QByteArray>>;

inline std::shared_ptr<grpc::Channel> grpcChannel(const QString &address)
{
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(4 * 1024 * 1024); // grpc's default, stated for the oversize test
    return grpc::CreateCustomChannel(address.toStdString(), grpc::InsecureChannelCredentials(), args);
}

// One unary call by method path with raw bytes, through grpc++'s generic stub.
inline GrpcResult grpcCall(const std::shared_ptr<grpc::Channel> &channel, const QByteArray &method,
    const QByteArray &request, const GrpcMetadata &metadata = {},
    std::chrono::milliseconds deadline = std::chrono::seconds(15))
{
    grpc::GenericStub stub(channel);
    grpc::ClientContext context;
    for (const auto &[key, value] : metadata)
        context.AddMetadata(key.toStdString(), value.toStdString());
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    grpc::CompletionQueue queue;
    grpc::Slice slice(request.constData(), size_t(request.size()));
    const grpc::ByteBuffer in(&slice, 1);
    grpc::ByteBuffer out;
    GrpcResult result;
    const auto start = std::chrono::steady_clock::now();
    auto call = stub.PrepareUnaryCall(&context, method.toStdString(), in, &queue);
    call->StartCall();
    call->Finish(&out, &result.status, reinterpret_cast<void *>(1));
    void *tag = nullptr;
    bool ok = false;
    queue.Next(&tag, &ok);
    result.elapsedMs
        = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    std::vector<grpc::Slice> slices;
    if (result.status.ok() && out.Dump(&slices).ok()) {
        for (const auto &s : slices)
            result.body.append(reinterpret_cast<const char *>(s.begin()), qsizetype(s.size()));
    }
    for (const auto &[key, value] : context.GetServerTrailingMetadata())
        result.trailers.emplace(std::string(key.data(), key.size()), std::string(value.data(), value.size()));
    queue.Shutdown();
    while (queue.Next(&tag, &ok)) { }
    return result;
}

inline GrpcMetadata bearerMetadata(const QString &token, const QString &organization = {})
{
    GrpcMetadata md { { "authorization", "Bearer " + token.toUtf8() } };
    if (!organization.isEmpty())
        md.append({ "chainloop-organization", organization.toUtf8() });
    return md;
}

// The reason of the first google.rpc.ErrorInfo in serialized google.rpc.Status details.
inline QString errorInfoReason(const QByteArray &details)
{
    google::rpc::Status status;
    if (!status.ParseFromArray(details.constData(), int(details.size())))
        return QStringLiteral("<unparsable details>");
    for (const auto &any : status.details()) {
        google::rpc::ErrorInfo info;
        if (any.UnpackTo(&info))
            return QString::fromStdString(info.reason());
    }
    return {};
}

template<typename Message> QByteArray serialize(const Message &message)
{
    return QByteArray::fromStdString(message.SerializeAsString());
}

// Claims of a JWT, decoded without verification.
inline QJsonObject jwtClaims(const QString &jwt)
{
    const QList<QString> parts = jwt.split(QLatin1Char('.'));
    if (parts.size() != 3)
        return {};
    return QJsonDocument::fromJson(QByteArray::fromBase64(parts.at(1).toLatin1(), QByteArray::Base64UrlEncoding))
        .object();
}

} // namespace adm::test
