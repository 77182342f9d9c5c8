// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "storage/SecretStore.h"

#include <QHash>

#include <functional>
#include <optional>

namespace adm::storage {

// Session-only secrets held in memory: the "login for this session" when no keychain works,
// and the store of tests. Answers asynchronously (queued), like the real keychain.
class MemorySecretStore : public SecretStore
{
    Q_OBJECT
public:
    explicit MemorySecretStore(QObject *parent = nullptr);
    ~MemorySecretStore() override; // overwrites the held secrets before freeing them

    SecretJob *read(const QString &key) override;
    SecretJob *write(const QString &key, const QByteArray &secret) override;
    SecretJob *remove(const QString &key) override;
    bool isPersistent() const override { return false; }
    QString displayName() const override;

    // Test hooks: make every job fail with `error` (and its standard message) until reset,
    // or answer only after `delayMs`.
    void setForcedError(std::optional<SecretResult::Error> error);
    void setDelay(int delayMs) { m_delayMs = delayMs; }

    bool contains(const QString &key) const { return m_secrets.contains(key); }
    qsizetype size() const { return m_secrets.size(); }
    void clear();

private:
    SecretJob *start(SecretJob::Operation op, const QString &key, std::function<SecretResult()> work);

    QHash<QString, QByteArray> m_secrets;
    std::optional<SecretResult::Error> m_forcedError;
    int m_delayMs = 0;
};

} // namespace adm::storage
