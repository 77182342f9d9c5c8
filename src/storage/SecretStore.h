// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QObject>
#include <QString>

namespace adm::storage {

// What happened to one secret operation, with a sentence a person understands.
struct SecretResult {
    enum class Error {
        None,
        NotFound, // no secret under this key (a normal answer to read())
        NoBackend, // no keychain service reachable: no D-Bus session, no Secret Service, no libsecret
        Locked, // the keyring is locked and cannot be unlocked from here
        AccessDenied, // the user or the system refused access
        Timeout, // the keychain did not answer in time (e.g. an unlock prompt nobody can see)
        Other,
    };

    Error error = Error::None;
    QString userMessage; // translated; empty when ok
    QString backendMessage; // the backend's own text, for the log and a "details" box
    QByteArray secret; // read() only; never log it

    bool ok() const { return error == Error::None; }
    // True when retrying later or falling back to a session-only store makes sense.
    bool isUnavailable() const
    {
        return error == Error::NoBackend || error == Error::Locked || error == Error::Timeout;
    }
};

QString secretErrorName(SecretResult::Error error); // "not-found", "no-backend", ... for logs and tests

// One asynchronous read, write, remove or probe. finished() is emitted exactly once, always
// from the event loop (never from inside the call that created the job), then the job
// deletes itself. Owned by the store that created it: connect right after the call.
class SecretJob : public QObject
{
    Q_OBJECT
public:
    enum class Operation { Read, Write, Remove, Probe };

    SecretJob(Operation operation, const QString &key, QObject *parent);

    Operation operation() const { return m_operation; }
    QString key() const { return m_key; }
    bool isFinished() const { return m_finished; }
    const SecretResult &result() const { return m_result; }

    // For SecretStore implementations: emits finished() once and schedules deletion.
    // Later calls are ignored (a timeout and a late backend answer may race).
    void finish(SecretResult result);

Q_SIGNALS:
    void finished(const adm::storage::SecretResult &result);

private:
    Operation m_operation;
    QString m_key;
    SecretResult m_result;
    bool m_finished = false;
};

// Where profile tokens live. Keys look like "profile/<uuid>/token" (Profile::secretKey()).
// Implementations: KeychainSecretStore (the OS keychain, the default) and MemorySecretStore
// (session-only, used when no keychain works and in tests). None ever writes a file.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual SecretJob *read(const QString &key) = 0;
    // `secret` is UTF-8 text (tokens); it is stored as text so platform tools can show it.
    virtual SecretJob *write(const QString &key, const QByteArray &secret) = 0;
    // Removing a missing key succeeds.
    virtual SecretJob *remove(const QString &key) = 0;
    // "Is there a working store, and if not, why?": writes, reads back and removes a probe
    // entry ("probe/<uuid>"), so a locked keyring that still answers reads with "not found" is
    // caught too. Call at startup; on failure show userMessage and offer a session-only login.
    virtual SecretJob *probe();

    // False for a store that forgets everything when the app quits.
    virtual bool isPersistent() const = 0;
    // "Secret Service", "macOS Keychain", "Windows Credential Manager", "Session memory".
    virtual QString displayName() const = 0;
};

} // namespace adm::storage

Q_DECLARE_METATYPE(adm::storage::SecretResult)
