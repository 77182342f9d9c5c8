// SPDX-License-Identifier: Apache-2.0
// The mapping from QtKeychain's codes and texts to our kinds and sentences, without a keychain.
// The texts are the ones measured on Debian 12 (PLATFORM_NOTES); tst_keychainsecretstore
// produces the important ones for real.
#include "storage/KeychainSecretStore.h"

#include <QTest>
#include <qt6keychain/keychain.h>

using namespace adm::storage;

class TestKeychainErrors : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void maps_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("operation");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("messagePart");
        const int read = int(SecretJob::Operation::Read);
        const int write = int(SecretJob::Operation::Write);
        const int remove = int(SecretJob::Operation::Remove);
        QTest::newRow("ok") << int(QKeychain::NoError) << "" << read << "none"
                            << "";
        QTest::newRow("not found") << int(QKeychain::EntryNotFound) << "Entry not found" << read << "not-found"
                                   << "No saved token";
        QTest::newRow("remove missing is ok") << int(QKeychain::EntryNotFound) << "No match" << remove << "none"
                                              << "";
        QTest::newRow("no session bus") << int(QKeychain::OtherError) << "Cannot autolaunch D-Bus without X11 $DISPLAY"
                                        << write << "no-backend"
                                        << "no D-Bus session bus";
        QTest::newRow("locked, no prompter")
            << int(QKeychain::OtherError)
            << QString::fromUtf8("Object does not exist at path \u201c/org/freedesktop/secrets/collection/login\u201d")
            << write << "locked"
            << "Unlock or create your login keyring";
        QTest::newRow("libsecret is locked") << int(QKeychain::AccessDenied) << "Cannot unlock" << read << "locked"
                                             << "locked";
        QTest::newRow("user said no") << int(QKeychain::AccessDeniedByUser) << "" << read << "access-denied"
                                      << "denied";
        QTest::newRow("no service") << int(QKeychain::OtherError)
                                    << "The name org.freedesktop.secrets was not provided by any .service files" << read
                                    << "no-backend"
                                    << "No Secret Service is running";
        QTest::newRow("no backend") << int(QKeychain::NoBackendAvailable) << "No keychain service available" << read
                                    << "no-backend"
                                    << "No keychain is available";
        QTest::newRow("other") << int(QKeychain::OtherError) << "Something odd" << read << "other"
                               << "Something odd";
        QTest::newRow("could not delete") << int(QKeychain::CouldNotDeleteEntry) << "nope" << remove << "other"
                                          << "could not delete";
    }
    void maps()
    {
        QFETCH(int, code);
        QFETCH(QString, backend);
        QFETCH(int, operation);
        QFETCH(QString, kind);
        QFETCH(QString, messagePart);
        const SecretResult r = KeychainSecretStore::mapError(code, backend, SecretJob::Operation(operation));
        QCOMPARE(secretErrorName(r.error), kind);
        QCOMPARE(r.backendMessage, backend);
        QVERIFY2(r.userMessage.contains(messagePart), qPrintable(r.userMessage));
        QCOMPARE(r.userMessage.isEmpty(), r.ok());
    }

    void timeoutSentenceNamesTheDelay()
    {
        const QString m = KeychainSecretStore::messageFor(SecretResult::Error::Timeout, 10000);
        QVERIFY2(m.contains(QLatin1String("within 10 seconds")), qPrintable(m));
        QVERIFY(KeychainSecretStore::messageFor(SecretResult::Error::None).isEmpty());
    }

    void unavailableKinds()
    {
        SecretResult r;
        for (auto e : { SecretResult::Error::NoBackend, SecretResult::Error::Locked, SecretResult::Error::Timeout }) {
            r.error = e;
            QVERIFY(r.isUnavailable());
        }
        r.error = SecretResult::Error::NotFound;
        QVERIFY(!r.isUnavailable());
    }

    void defaults()
    {
        KeychainSecretStore store;
        QCOMPARE(store.serviceName(), QStringLiteral("dev.chainloop.ChainloopAdmin"));
        QCOMPARE(store.timeoutMs(), KeychainSecretStore::DefaultTimeoutMs);
        QVERIFY(store.isPersistent());
    }
};

QTEST_GUILESS_MAIN(TestKeychainErrors)
#include "tst_storage_keychainerrors.moc"
