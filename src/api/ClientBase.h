// SPDX-License-Identifier: Apache-2.0
// Typed clients, one per control-plane service. Each method starts a call and returns its job
// (to cancel it or watch progress); `done` runs once with a domain value or an ApiError, on the
// thread of `context`, and never if `context` was destroyed first. The clients are cheap value
// objects over a Channel they do not own.
#pragma once

#include "api/Channel.h"
#include "api/Result.h"

#include <QObject>

#include <functional>

namespace adm::api {

class UnaryCall;

template<typename T> using Callback = std::function<void(Result<T>)>;

class ClientBase
{
public:
    explicit ClientBase(Channel *channel)
        : m_channel(channel)
    { }
    Channel *channel() const { return m_channel; }

protected:
    Channel *m_channel;
};

} // namespace adm::api
