// SPDX-License-Identifier: Apache-2.0
#include "storage/MemorySecretStore.h"

#include "storage/KeychainSecretStore.h"

#include <QCoreApplication>
#include <QTimer>

namespace adm::storage {

MemorySecretStore::MemorySecretStore(QObject *parent)
    : SecretStore(parent)
{ }

MemorySecretStore::~MemorySecretStore()
{
    clear();
}

QString MemorySecretStore::displayName() const
{
    return QCoreApplication::translate("adm::storage::MemorySecretStore", "Session memory (forgotten on quit)");
}

void MemorySecretStore::setForcedError(std::optional<SecretResult::Error> error)
{
    m_forcedError = error;
}

void MemorySecretStore::clear()
{
    // Overwrite before freeing so a token does not linger in freed heap pages.
    for (auto it = m_secrets.begin(); it != m_secrets.end(); ++it)
        it.value().fill('\0');
    m_secrets.clear();
}

SecretJob *MemorySecretStore::start(SecretJob::Operation op, const QString &key, std::function<SecretResult()> work)
{
    auto *job = new SecretJob(op, key, this);
    const auto forced = m_forcedError;
    // Queued even with no delay: callers connect after the call returns, like with a keychain.
    QTimer::singleShot(m_delayMs, job, [job, forced, work = std::move(work)] {
        if (forced && *forced != SecretResult::Error::None) {
            SecretResult r;
            r.error = *forced;
            r.userMessage = KeychainSecretStore::messageFor(*forced);
            job->finish(r);
            return;
        }
        job->finish(work());
    });
    return job;
}

SecretJob *MemorySecretStore::read(const QString &key)
{
    return start(SecretJob::Operation::Read, key, [this, key] {
        SecretResult r;
        const auto it = m_secrets.constFind(key);
        if (it == m_secrets.constEnd()) {
            r.error = SecretResult::Error::NotFound;
            r.userMessage = KeychainSecretStore::messageFor(SecretResult::Error::NotFound);
        } else {
            r.secret = it.value();
        }
        return r;
    });
}

SecretJob *MemorySecretStore::write(const QString &key, const QByteArray &secret)
{
    return start(SecretJob::Operation::Write, key, [this, key, secret] {
        m_secrets.insert(key, secret);
        return SecretResult();
    });
}

SecretJob *MemorySecretStore::remove(const QString &key)
{
    return start(SecretJob::Operation::Remove, key, [this, key] {
        if (auto it = m_secrets.find(key); it != m_secrets.end()) {
            it.value().fill('\0');
            m_secrets.erase(it);
        }
        return SecretResult();
    });
}

} // namespace adm::storage
