// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace adm::storage {

// Outcome of a storage operation: ok, or a code plus a translated sentence the UI can show
// as is. SQL details go to the adm.storage log, not into message().
class Status
{
public:
    enum class Code {
        Ok,
        OpenFailed, // the file cannot be opened or is not a database
        NewerSchema, // written by a newer version of the app; left untouched
        MigrationFailed,
        NotOpen,
        DuplicateName, // a unique name is taken (profiles)
        Invalid, // the value fails validation (empty name, bad address, ...)
        NotFound,
        SecretRefused, // the data looks like it carries a secret; never stored
        QueryFailed,
    };

    Status() = default; // ok
    static Status error(Code code, QString message) { return Status(code, std::move(message)); }

    bool ok() const { return m_code == Code::Ok; }
    explicit operator bool() const { return ok(); }
    Code code() const { return m_code; }
    const QString &message() const { return m_message; }

private:
    Status(Code code, QString message)
        : m_code(code)
        , m_message(std::move(message))
    { }

    Code m_code = Code::Ok;
    QString m_message;
};

// A value or a failed Status.
template<typename T> class Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    { }
    Result(Status status)
        : m_status(std::move(status))
    {
        Q_ASSERT(!m_status.ok());
    }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const Status &status() const { return m_status; }
    const QString &message() const { return m_status.message(); }
    const T &value() const &
    {
        Q_ASSERT(m_value);
        return *m_value;
    }
    T &value() &
    {
        Q_ASSERT(m_value);
        return *m_value;
    }
    // By value on a temporary, so `for (auto &p : repo.list().value())` does not dangle.
    T value() &&
    {
        Q_ASSERT(m_value);
        return std::move(*m_value);
    }
    T valueOr(T fallback) const & { return m_value ? *m_value : std::move(fallback); }
    T valueOr(T fallback) && { return m_value ? std::move(*m_value) : std::move(fallback); }

private:
    std::optional<T> m_value;
    Status m_status;
};

} // namespace adm::storage
