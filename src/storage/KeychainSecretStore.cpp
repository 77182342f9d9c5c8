// SPDX-License-Identifier: Apache-2.0
#include "storage/KeychainSecretStore.h"

#include "storage/StorageLog.h"

#include <QCoreApplication>
#include <QLibrary>
#include <QTimer>
#include <qt6keychain/keychain.h>

namespace adm::storage {

namespace {

bool contains(const QString &text, const char *needle)
{
    return text.contains(QLatin1String(needle), Qt::CaseInsensitive);
}

// QtKeychain loads libsecret at run time; its "Unknown error" then means the library is missing.
bool libsecretMissing()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN) && !defined(Q_OS_ANDROID)
    QLibrary lib(QStringLiteral("secret-1"), 0);
    const bool loaded = lib.load();
    return !loaded;
#else
    return false;
#endif
}

} // namespace

void KeychainSecretStore::preloadBackend()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN) && !defined(Q_OS_ANDROID)
    // Stays loaded (QLibrary unloads only on an explicit unload()); QtKeychain's own load of the
    // same library is then a reference count.
    QLibrary(QStringLiteral("secret-1"), 0).load();
#endif
}

KeychainSecretStore::KeychainSecretStore(QObject *parent)
    : KeychainSecretStore(defaultServiceName(), parent)
{ }

KeychainSecretStore::KeychainSecretStore(const QString &serviceName, QObject *parent)
    : SecretStore(parent)
    , m_service(serviceName)
{ }

QString KeychainSecretStore::displayName() const
{
#if defined(Q_OS_DARWIN)
    return tr("macOS Keychain");
#elif defined(Q_OS_WIN)
    return tr("Windows Credential Manager");
#else
    return tr("Secret Service (GNOME Keyring, KWallet, KeePassXC)");
#endif
}

QString KeychainSecretStore::messageFor(SecretResult::Error error, int timeoutMs)
{
    switch (error) {
    case SecretResult::Error::None: return {};
    case SecretResult::Error::NotFound: return tr("No saved token was found in the keychain for this profile.");
    case SecretResult::Error::NoBackend:
        return tr("No keychain is available on this system, so the token cannot be saved. You can sign in for this "
                  "session only; the token is then kept in memory and forgotten when the app quits.");
    case SecretResult::Error::Locked:
        return tr("The keychain is locked and could not be unlocked from here. Unlock your keyring (for example "
                  "\"Login\" in Passwords and Keys) and try again, or sign in for this session only.");
    case SecretResult::Error::AccessDenied:
        return tr("Access to the keychain was denied. Allow Chainloop Admin to use the keychain when asked, or sign "
                  "in for this session only.");
    case SecretResult::Error::Timeout:
        return tr("The keychain did not answer within %1 seconds. It may be waiting for an unlock prompt that "
                  "cannot be shown. Unlock your keyring and try again, or sign in for this session only.")
            .arg((timeoutMs + 999) / 1000);
    case SecretResult::Error::Other: return tr("The keychain reported an unexpected error.");
    }
    return {};
}

SecretResult KeychainSecretStore::mapError(int qkeychainError, const QString &backendMessage, SecretJob::Operation op)
{
    SecretResult r;
    r.backendMessage = backendMessage;
    auto set = [&r](SecretResult::Error e, QString message) {
        r.error = e;
        r.userMessage = std::move(message);
    };
    switch (static_cast<QKeychain::Error>(qkeychainError)) {
    case QKeychain::NoError: return r;
    case QKeychain::EntryNotFound:
        // Deleting what is not there is success: the goal "no secret stored" is reached.
        if (op == SecretJob::Operation::Remove)
            return r;
        set(SecretResult::Error::NotFound, messageFor(SecretResult::Error::NotFound));
        return r;
    case QKeychain::AccessDeniedByUser:
        set(SecretResult::Error::AccessDenied, messageFor(SecretResult::Error::AccessDenied));
        return r;
    case QKeychain::AccessDenied:
        // libsecret reports SECRET_ERROR_IS_LOCKED as AccessDenied.
        set(SecretResult::Error::Locked, messageFor(SecretResult::Error::Locked));
        return r;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        set(SecretResult::Error::NoBackend, messageFor(SecretResult::Error::NoBackend));
        return r;
    case QKeychain::CouldNotDeleteEntry:
        set(SecretResult::Error::Other, tr("The keychain could not delete the saved token (%1).").arg(backendMessage));
        return r;
    case QKeychain::OtherError: break;
    }

    // OtherError: the Secret Service failure modes arrive as text (PLATFORM_NOTES).
    if (contains(backendMessage, "autolaunch") || contains(backendMessage, "$DISPLAY")
        || contains(backendMessage, "DBUS_SESSION_BUS_ADDRESS")) {
        set(SecretResult::Error::NoBackend,
            tr("No keychain is reachable: this session has no D-Bus session bus, which the Secret Service needs. "
               "Start Chainloop Admin from a desktop session (on a server: inside dbus-run-session with "
               "gnome-keyring running), or sign in for this session only."));
    } else if (contains(backendMessage, "Object does not exist at path") && contains(backendMessage, "/collection/")) {
        set(SecretResult::Error::Locked,
            tr("The keyring is locked or has no default collection, and no unlock prompt could be shown. Unlock or "
               "create your login keyring (for example in Passwords and Keys) and try again, or sign in for this "
               "session only."));
    } else if (contains(backendMessage, "org.freedesktop.secrets") || contains(backendMessage, "ServiceUnknown")
        || contains(backendMessage, "not provided by any .service files")) {
        set(SecretResult::Error::NoBackend,
            tr("No Secret Service is running (such as GNOME Keyring or KWallet). Start or install one and try "
               "again, or sign in for this session only."));
    } else if (contains(backendMessage, "prompt") && contains(backendMessage, "dismiss")) {
        set(SecretResult::Error::AccessDenied, messageFor(SecretResult::Error::AccessDenied));
    } else if (backendMessage == QLatin1String("Unknown error") && libsecretMissing()) {
        set(SecretResult::Error::NoBackend,
            tr("The keychain library libsecret is not installed (Debian package libsecret-1-0), so tokens cannot be "
               "saved in the keychain. Install it, or sign in for this session only."));
    } else {
        set(SecretResult::Error::Other,
            tr("The keychain reported an error: %1").arg(backendMessage.isEmpty() ? tr("no details") : backendMessage));
    }
    return r;
}

SecretJob *KeychainSecretStore::read(const QString &key)
{
    auto *job = new SecretJob(SecretJob::Operation::Read, key, this);
    auto *backend = new QKeychain::ReadPasswordJob(m_service);
    backend->setKey(key);
    run(job, backend);
    return job;
}

SecretJob *KeychainSecretStore::write(const QString &key, const QByteArray &secret)
{
    auto *job = new SecretJob(SecretJob::Operation::Write, key, this);
    auto *backend = new QKeychain::WritePasswordJob(m_service);
    backend->setKey(key);
    // Text mode: tokens are UTF-8 and stay readable with the platform's own tools.
    backend->setTextData(QString::fromUtf8(secret));
    run(job, backend);
    return job;
}

SecretJob *KeychainSecretStore::remove(const QString &key)
{
    auto *job = new SecretJob(SecretJob::Operation::Remove, key, this);
    auto *backend = new QKeychain::DeletePasswordJob(m_service);
    backend->setKey(key);
    run(job, backend);
    return job;
}

void KeychainSecretStore::run(SecretJob *job, QKeychain::Job *backend)
{
    // Never the plaintext fallback (on the KWallet path it writes ~/.config/<service>.conf).
    backend->setInsecureFallback(false);
    // The backend job has no parent and deletes itself when it finishes. It must outlive a
    // timeout: libsecret's pending callback holds a raw pointer to it, so deleting it early
    // would be a use-after-free when the answer finally arrives.
    backend->setAutoDelete(true);

    const int timeoutMs = m_timeoutMs;
    auto *timer = new QTimer(job);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, job, [job, timeoutMs] {
        qCWarning(lcStorage) << "keychain job for" << job->key() << "timed out after" << timeoutMs << "ms";
        SecretResult r;
        r.error = SecretResult::Error::Timeout;
        r.userMessage = messageFor(SecretResult::Error::Timeout, timeoutMs);
        job->finish(r);
    });
    // Context `job`: once our job is gone (finished by the timeout), a late answer is dropped.
    connect(backend, &QKeychain::Job::finished, job, [job](QKeychain::Job *done) {
        SecretResult r = mapError(done->error(), done->errorString(), job->operation());
        if (r.ok() && job->operation() == SecretJob::Operation::Read)
            r.secret = static_cast<QKeychain::ReadPasswordJob *>(done)->binaryData();
        if (!r.ok())
            qCInfo(lcStorage) << "keychain" << secretErrorName(r.error) << "for" << job->key() << ":"
                              << r.backendMessage;
        job->finish(r);
    });
    timer->start(timeoutMs);
    backend->start();
}

} // namespace adm::storage
