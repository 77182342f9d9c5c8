// SPDX-License-Identifier: Apache-2.0
#include "storage/SecretStore.h"

#include "storage/StorageLog.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QUuid>

namespace adm::storage {

QString secretErrorName(SecretResult::Error error)
{
    switch (error) {
    case SecretResult::Error::None: return QStringLiteral("none");
    case SecretResult::Error::NotFound: return QStringLiteral("not-found");
    case SecretResult::Error::NoBackend: return QStringLiteral("no-backend");
    case SecretResult::Error::Locked: return QStringLiteral("locked");
    case SecretResult::Error::AccessDenied: return QStringLiteral("access-denied");
    case SecretResult::Error::Timeout: return QStringLiteral("timeout");
    case SecretResult::Error::Other: return QStringLiteral("other");
    }
    return {};
}

SecretJob::SecretJob(Operation operation, const QString &key, QObject *parent)
    : QObject(parent)
    , m_operation(operation)
    , m_key(key)
{
    qRegisterMetaType<SecretResult>();
}

void SecretJob::finish(SecretResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_result = std::move(result);
    // Key and outcome only; the secret never goes to the log.
    qCDebug(lcStorage) << "secret job" << int(m_operation) << m_key << "->" << secretErrorName(m_result.error)
                       << m_result.backendMessage;
    Q_EMIT finished(m_result);
    deleteLater();
}

SecretJob *SecretStore::probe()
{
    auto *job = new SecretJob(SecretJob::Operation::Probe, QString(), this);
    const QString key = QStringLiteral("probe/%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    const QByteArray value = QByteArray::number(QRandomGenerator::global()->generate64(), 16);

    // write -> read back -> remove; the first failure ends the probe with its reason.
    SecretJob *writeJob = write(key, value);
    connect(writeJob, &SecretJob::finished, job, [this, job, key, value](const SecretResult &written) {
        if (!written.ok()) {
            job->finish(written);
            return;
        }
        SecretJob *readJob = read(key);
        connect(readJob, &SecretJob::finished, job, [this, job, key, value](const SecretResult &readBack) {
            SecretResult outcome = readBack;
            outcome.secret.clear();
            if (readBack.ok() && readBack.secret != value) {
                outcome.error = SecretResult::Error::Other;
                outcome.userMessage = QCoreApplication::translate(
                    "adm::storage::SecretStore", "The keychain did not return what was just stored in it.");
            } else if (readBack.error == SecretResult::Error::NotFound) {
                // Written but not readable: a keyring that accepted the item into a locked place.
                outcome.error = SecretResult::Error::Locked;
                outcome.userMessage = QCoreApplication::translate("adm::storage::SecretStore",
                    "The keychain accepted a test entry but could not read it back. Unlock your keyring and try "
                    "again, or sign in for this session only.");
            }
            SecretJob *removeJob = remove(key);
            connect(removeJob, &SecretJob::finished, job,
                [job, outcome](const SecretResult &removed) { job->finish(outcome.ok() ? removed : outcome); });
        });
    });
    return job;
}

} // namespace adm::storage
