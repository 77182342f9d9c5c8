// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/ApiError.h"

#include <optional>
#include <utility>

namespace adm::api {

// The outcome of a typed call: a domain value or an ApiError.
template<typename T> class Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    { }
    Result(ApiError error)
        : m_error(std::move(error))
    { }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const ApiError &error() const { return m_error; }

private:
    std::optional<T> m_value;
    ApiError m_error;
};

// For calls that answer with an empty message (Revoke, Delete, ...).
template<> class Result<void>
{
public:
    Result() = default;
    Result(ApiError error)
        : m_error(std::move(error))
    { }
    bool ok() const { return m_error.isOk(); }
    explicit operator bool() const { return ok(); }
    const ApiError &error() const { return m_error; }

private:
    ApiError m_error;
};

} // namespace adm::api
