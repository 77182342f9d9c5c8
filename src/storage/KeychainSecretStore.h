// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "storage/SecretStore.h"

namespace QKeychain {
class Job;
}

namespace adm::storage {

// The OS keychain through QtKeychain (Secret Service on Linux, Keychain on macOS, Credential
// Manager on Windows). One entry per key under service serviceName(). The insecure
// (plaintext) fallback is always off.
//
// Every job has a timeout: when the backend does not answer (e.g. gnome-keyring waiting for
// an unlock prompt on an invisible screen) the job finishes with Error::Timeout. QtKeychain
// runs its jobs one at a time, so jobs queued behind a hung one time out too.
class KeychainSecretStore : public SecretStore
{
    Q_OBJECT
public:
    static constexpr int DefaultTimeoutMs = 10000;

    // The reverse-DNS app id; tests pass their own service to stay apart from real entries.
    static QString defaultServiceName() { return QStringLiteral("dev.chainloop.ChainloopAdmin"); }

    explicit KeychainSecretStore(QObject *parent = nullptr);
    KeychainSecretStore(const QString &serviceName, QObject *parent = nullptr);

    QString serviceName() const { return m_service; }
    int timeoutMs() const { return m_timeoutMs; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    SecretJob *read(const QString &key) override;
    SecretJob *write(const QString &key, const QByteArray &secret) override;
    SecretJob *remove(const QString &key) override;
    bool isPersistent() const override { return true; }
    QString displayName() const override;

    // Loads the platform's keychain library now (libsecret on Linux; nothing elsewhere), which
    // QtKeychain would otherwise load on the first job. Blocking; for a background thread at
    // start-up (app/StartupWarmup). Thread-safe.
    static void preloadBackend();

    // Maps a QtKeychain error code + text to our kind and sentence. Public for tests.
    static SecretResult mapError(int qkeychainError, const QString &backendMessage, SecretJob::Operation op);
    // The standard sentence for an error kind (also used by MemorySecretStore's test hook).
    static QString messageFor(SecretResult::Error error, int timeoutMs = DefaultTimeoutMs);

private:
    void run(SecretJob *job, QKeychain::Job *backendJob);

    QString m_service;
    int m_timeoutMs = DefaultTimeoutMs;
};

} // namespace adm::storage
