// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/ApiError.h"
#include "api/GrpcMetadata.h"
#include "core/Endpoint.h"

#include <QByteArray>
#include <QObject>

#include <chrono>
#include <memory>

class QUrl;

namespace adm::api {

class Channel;
struct CallOptions;

// One unary call (a job object): owns its attempt's transfer (a stream on the channel's HTTP/2
// connection for native gRPC, a QNAM reply for gRPC-Web), applies the deadline, retries reads on
// UNAVAILABLE, falls back to gRPC-Web in auto mode, and reports the outcome exactly once.
// Created by Channel::call(); deletes itself after finished().
class UnaryCall : public QObject
{
    Q_OBJECT
public:
    ~UnaryCall() override;

    QByteArray method() const;
    Protocol protocol() const; // protocol of the latest attempt (Grpc or GrpcWeb)
    int attempts() const;
    std::chrono::milliseconds elapsed() const; // since the call was started
    bool isFinished() const;

public Q_SLOTS:
    // Aborts the request; finished() follows with Kind::Cancelled (unless it already came).
    void cancel();

Q_SIGNALS:
    // payload: the response message (unframed) when error.isOk().
    void finished(const QByteArray &payload, const adm::api::ApiError &error);

private:
    friend class Channel;
    UnaryCall(Channel *channel, QByteArrayView method, const QByteArray &request, const CallOptions &options);
    struct Answer;
    void start();
    void startAttempt();
    void startNativeAttempt(const QUrl &url, HeaderList headers);
    void startWebAttempt(const QUrl &url, const HeaderList &headers, qint64 remainingMs);
    void onReadyRead();
    void onReplyFinished();
    // Both transports: response body bytes, and the finished attempt's judgement.
    void receive(const QByteArray &bytes, const QByteArray &contentType);
    ApiError evaluate(const Answer &answer);
    void stopTransfer(); // aborts the reply or resets the stream, if one is running
    void endAttempt(const QByteArray &payload, const ApiError &error);
    void finishOrRetry(const QByteArray &payload, const ApiError &error);
    void finish(const QByteArray &payload, const ApiError &error);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace adm::api
