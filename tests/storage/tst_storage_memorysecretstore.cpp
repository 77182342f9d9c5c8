// SPDX-License-Identifier: Apache-2.0
#include "StorageTestSupport.h"
#include "core/Entities.h"
#include "storage/ActivityJournal.h"
#include "storage/Database.h"
#include "storage/KeychainSecretStore.h"
#include "storage/ListingCache.h"
#include "storage/MemorySecretStore.h"
#include "storage/ProfileRepository.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace adm;
using namespace adm::storage;
using namespace adm::storage::test;

namespace {

// Waits for the job's one finished() and returns its result.
SecretResult wait(SecretJob *job)
{
    QSignalSpy spy(job, &SecretJob::finished);
    if (!spy.wait(5000))
        return SecretResult { SecretResult::Error::Other, QStringLiteral("test: no answer"), {}, {} };
    return spy.first().first().value<SecretResult>();
}

} // namespace

class TestMemorySecretStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void answersAsynchronously()
    {
        MemorySecretStore store;
        SecretJob *job = store.write(QStringLiteral("k"), "v");
        QVERIFY(!job->isFinished()); // never from inside the call
        QSignalSpy spy(job, &SecretJob::finished);
        QPointer<SecretJob> guard(job);
        QVERIFY(spy.wait());
        QCOMPARE(spy.count(), 1);
        QTRY_VERIFY(guard.isNull()); // deletes itself afterwards
    }

    void writeReadOverwriteRemove()
    {
        MemorySecretStore store;
        QVERIFY(!store.isPersistent());
        const QString key = Profile::secretKeyFor(QUuid::createUuid());
        QVERIFY(wait(store.write(key, "first")).ok());
        QCOMPARE(wait(store.read(key)).secret, QByteArray("first"));
        QVERIFY(wait(store.write(key, "second")).ok());
        QCOMPARE(wait(store.read(key)).secret, QByteArray("second"));
        QCOMPARE(store.size(), 1);
        QVERIFY(wait(store.remove(key)).ok());
        const SecretResult missing = wait(store.read(key));
        QCOMPARE(missing.error, SecretResult::Error::NotFound);
        QVERIFY(!missing.userMessage.isEmpty());
        QVERIFY(missing.secret.isEmpty());
        QVERIFY(wait(store.remove(key)).ok()); // removing nothing is fine
    }

    void keepsOrderOfQueuedJobs()
    {
        MemorySecretStore store;
        store.write(QStringLiteral("k"), "1");
        store.write(QStringLiteral("k"), "2");
        QCOMPARE(wait(store.read(QStringLiteral("k"))).secret, QByteArray("2"));
    }

    void forcedErrorsUseTheKeychainSentences()
    {
        MemorySecretStore store;
        store.setForcedError(SecretResult::Error::NoBackend);
        const SecretResult r = wait(store.write(QStringLiteral("k"), "v"));
        QCOMPARE(r.error, SecretResult::Error::NoBackend);
        QCOMPARE(r.userMessage, KeychainSecretStore::messageFor(SecretResult::Error::NoBackend));
        QVERIFY(r.isUnavailable());
        QVERIFY(!store.contains(QStringLiteral("k")));
        const SecretResult probe = wait(store.probe());
        QCOMPARE(probe.error, SecretResult::Error::NoBackend);
        store.setForcedError(std::nullopt);
        QVERIFY(wait(store.probe()).ok());
        QCOMPARE(store.size(), 0); // the probe cleans up after itself
    }

    void delayedAnswer()
    {
        MemorySecretStore store;
        store.setDelay(200);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(wait(store.write(QStringLiteral("k"), "v")).ok());
        QVERIFY(timer.elapsed() >= 150);
    }

    void destroyingTheStoreDropsPendingJobs()
    {
        auto *store = new MemorySecretStore;
        QPointer<SecretJob> job = store->read(QStringLiteral("k"));
        delete store;
        QVERIFY(job.isNull());
    }

    // A whole "log in" as the app does it: profile in SQLite, token in the secret store,
    // journal entry and cached listing. The token's bytes must not appear in any file.
    void noSecretEverLandsInTheDatabase()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("app.sqlite"));
        const QByteArray token
            = "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1LTEyMyIsImF1ZCI6WyJjcC5jaGFpbmxvb3AiXX0."
              "c2VjcmV0LXNpZ25hdHVyZS1uZXZlci1vbi1kaXNr";
        MemorySecretStore secrets;
        {
            Database db;
            QVERIFY(db.open(path).ok());
            ProfileRepository profiles(db);
            Profile p = sampleProfile();
            QVERIFY(profiles.save(p).ok());
            QVERIFY(wait(secrets.write(p.secretKey(), token)).ok());
            QVERIFY(profiles.touch(p.id).ok());

            ActivityJournal journal(db);
            ActivityEntry e;
            e.profileId = p.id;
            e.profileName = p.name;
            e.action = QStringLiteral("profile.login");
            e.target = p.name;
            QVERIFY(journal.append(e).ok());

            // A careless caller putting the created token into a cached row is refused.
            ListingCache cache(db);
            ApiToken listed;
            listed.name = QStringLiteral("ci-bot");
            ApiToken leaky = listed;
            leaky.description = QString::fromLatin1(token);
            QCOMPARE(cache.put(p.id, QStringLiteral("acme"), ListingKind::ApiTokens, QList { leaky }).code(),
                Status::Code::SecretRefused);
            QVERIFY(cache.put(p.id, QStringLiteral("acme"), ListingKind::ApiTokens, QList { listed }).ok());
            // Look while the connection is open (WAL not yet checkpointed) ...
            QVERIFY(!databaseBytes(path).isEmpty());
            QVERIFY(!databaseBytes(path).contains(token));
        }
        // ... and after close, in every file of the folder.
        QDirIterator it(dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            const QByteArray bytes = readAll(it.next());
            ++files;
            QVERIFY2(!bytes.contains(token), qPrintable(it.filePath()));
            QVERIFY2(!bytes.contains(token.toBase64()), qPrintable(it.filePath()));
            QVERIFY2(!bytes.contains(token.mid(token.lastIndexOf('.') + 1)), qPrintable(it.filePath()));
        }
        QVERIFY(files >= 1);
        QCOMPARE(secrets.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestMemorySecretStore)
#include "tst_storage_memorysecretstore.moc"
