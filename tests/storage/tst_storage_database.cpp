// SPDX-License-Identifier: Apache-2.0
#include "StorageTestSupport.h"
#include "core/Entities.h"
#include "storage/ActivityJournal.h"
#include "storage/CredentialSetRepository.h"
#include "storage/Database.h"
#include "storage/KnownOrganizationRepository.h"
#include "storage/ListingCache.h"
#include "storage/OnboardingRunRepository.h"
#include "storage/ProfileRepository.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace adm;
using namespace adm::storage;
using namespace adm::storage::test;

namespace {

const QString FixtureV1 = QStringLiteral(ADM_TEST_DATA_DIR "/schema-v1.sqlite");

// Runs `text` on a separate raw connection, as another program (or a newer app) would.
QVariant rawQuery(const QString &path, const QString &text)
{
    const QString name = QStringLiteral("raw");
    QVariant result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(text) && q.next())
                result = q.value(0);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

QVariant scalar(const Database &db, const QString &text)
{
    QSqlQuery q(db.connection());
    if (!q.exec(text) || !q.next())
        return {};
    return q.value(0);
}

bool tableExists(const Database &db, const QString &table)
{
    return scalar(
               db, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%1'").arg(table))
               .toInt()
        == 1;
}

// Schema 1 with a few rows, as an installation of the first release would have it.
bool writeV1Fixture(const QString &path)
{
    QFile::remove(path);
    {
        Database db;
        if (!db.openAtVersion(path, 1).ok())
            return false;
        ProfileRepository profiles(db);
        Profile p = sampleProfile();
        p.createdAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
        p.lastUsed = QDateTime(QDate(2026, 1, 3), QTime(4, 5, 6), Qt::UTC);
        if (!profiles.save(p).ok())
            return false;
        KnownOrganizationRepository orgs(db);
        if (!orgs.remember({ p.id, QStringLiteral("acme"), QStringLiteral("org-1"),
                               KnownOrganization::Source::Provisioned, p.createdAt, p.lastUsed })
                 .ok())
            return false;
        ActivityJournal journal(db);
        ActivityEntry e;
        e.at = p.createdAt;
        e.profileId = p.id;
        e.profileName = p.name;
        e.organization = QStringLiteral("acme");
        e.action = QStringLiteral("org.create");
        e.target = QStringLiteral("acme");
        if (!journal.append(e).ok())
            return false;
        e.at = p.lastUsed;
        e.action = QStringLiteral("member.invite");
        e.target = QStringLiteral("dev@acme.example");
        e.outcome = ActivityEntry::Outcome::Failed;
        e.errorMessage = QStringLiteral("The e-mail address is already a member.");
        if (!journal.append(e).ok())
            return false;
    }
    // One self-contained file for the repository: no WAL to carry along.
    rawQuery(path, QStringLiteral("PRAGMA journal_mode = DELETE"));
    return true;
}

} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void migratesEmptyMemoryDatabase()
    {
        Database db;
        const Status s = db.open(Database::memoryPath());
        QVERIFY2(s.ok(), qPrintable(s.message()));
        QCOMPARE(db.schemaVersion(), Database::SchemaVersion);
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA user_version")).toInt(), Database::SchemaVersion);
        for (const char *table : { "profiles", "known_organizations", "activity_journal", "listing_cache",
                 "onboarding_runs", "credential_sets", "backend_credentials", "onboarding_plans" })
            QVERIFY2(tableExists(db, QString::fromLatin1(table)), table);
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    }

    void migratesEmptyFileWithPragmas()
    {
        const QString path = m_dir.filePath(QStringLiteral("sub/dir/fresh.sqlite"));
        {
            Database db;
            const Status s = db.open(path);
            QVERIFY2(s.ok(), qPrintable(s.message()));
            QCOMPARE(db.path(), path);
            QCOMPARE(scalar(db, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
            QCOMPARE(scalar(db, QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
            QVERIFY(scalar(db, QStringLiteral("PRAGMA busy_timeout")).toInt() > 0);
        }
        QCOMPARE(Database::peekUserVersion(path), Database::SchemaVersion);
        // Reopening an up-to-date file runs no migration and keeps it usable.
        Database again;
        QVERIFY(again.open(path).ok());
        QCOMPARE(again.schemaVersion(), Database::SchemaVersion);
    }

    void migrationsCompose()
    {
        const QString path = m_dir.filePath(QStringLiteral("stepwise.sqlite"));
        {
            Database db;
            QVERIFY(db.openAtVersion(path, 1).ok());
            QCOMPARE(db.schemaVersion(), 1);
            QVERIFY(tableExists(db, QStringLiteral("profiles")));
            QVERIFY(!tableExists(db, QStringLiteral("listing_cache")));
        }
        {
            Database db;
            QVERIFY(db.openAtVersion(path, 2).ok());
            QCOMPARE(db.schemaVersion(), 2);
            QVERIFY(tableExists(db, QStringLiteral("listing_cache")));
            QVERIFY(!tableExists(db, QStringLiteral("onboarding_runs")));
        }
        {
            Database db;
            QVERIFY(db.openAtVersion(path, 3).ok());
            QCOMPARE(db.schemaVersion(), 3);
            QVERIFY(tableExists(db, QStringLiteral("onboarding_runs")));
            QVERIFY(!tableExists(db, QStringLiteral("credential_sets")));
        }
        QString runId;
        {
            Database db;
            QVERIFY(db.openAtVersion(path, 4).ok());
            QCOMPARE(db.schemaVersion(), 4);
            QVERIFY(tableExists(db, QStringLiteral("credential_sets")));
            QVERIFY(tableExists(db, QStringLiteral("backend_credentials")));
            // An unfinished onboarding run as schema 4 kept it: its plan in the run's row.
            Profile p = sampleProfile();
            QVERIFY(ProfileRepository(db).save(p).ok());
            runId = QStringLiteral("run-from-schema-4");
            QSqlQuery q(db.connection());
            QVERIFY(q.prepare(QStringLiteral(
                "INSERT INTO onboarding_runs (run_id, profile_id, organization, plan_json, step_index, step_status, "
                "last_error, created_at, updated_at) VALUES (?, ?, 'acme', ?, 3, 'failed', 'boom', 1, 2)")));
            q.addBindValue(runId);
            q.addBindValue(p.id.toString(QUuid::WithoutBraces));
            q.addBindValue(QStringLiteral(R"({"steps":[{"kind":"create-organization","organization":"acme"}]})"));
            QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        }
        Database db;
        QVERIFY(db.open(path).ok());
        QCOMPARE(db.schemaVersion(), 5);
        // The plan moved to its own table, with the run's progress left where it was.
        QVERIFY(tableExists(db, QStringLiteral("onboarding_plans")));
        QCOMPARE(scalar(db,
                     QStringLiteral("SELECT count(*) FROM pragma_table_info('onboarding_runs') "
                                    "WHERE name = 'plan_json'"))
                     .toInt(),
            0);
        const auto run = OnboardingRunRepository(db).find(runId);
        QVERIFY2(run.ok(), qPrintable(run.message()));
        QCOMPARE(run.value().organization, QStringLiteral("acme"));
        QCOMPARE(run.value().stepIndex, 3);
        QCOMPARE(run.value().lastError, QStringLiteral("boom"));
        QCOMPARE(run.value().plan.value(QStringLiteral("steps")).toArray().size(), 1);
        // Progress updates no longer touch the plan's row.
        QVERIFY(OnboardingRunRepository(db).updateStep(runId, 4, OnboardingRun::StepStatus::Succeeded).ok());
        QCOMPARE(OnboardingRunRepository(db).find(runId).value().stepIndex, 4);
    }

    // The checked-in file of schema 1 (written by the first release's migration) upgrades with
    // its rows intact, and the tables of later steps work with those rows.
    void migratesCheckedInV1Fixture()
    {
        QVERIFY2(QFile::exists(FixtureV1), qPrintable(FixtureV1));
        QCOMPARE(Database::peekUserVersion(FixtureV1), 1);
        const QString path = m_dir.filePath(QStringLiteral("from-v1.sqlite"));
        QVERIFY(QFile::copy(FixtureV1, path)); // never touch the committed file
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);

        Database db;
        const Status s = db.open(path);
        QVERIFY2(s.ok(), qPrintable(s.message()));
        QCOMPARE(db.schemaVersion(), Database::SchemaVersion);

        ProfileRepository profiles(db);
        const auto p = profiles.findByName(QStringLiteral("acme-prod"));
        QVERIFY2(p.ok(), qPrintable(p.message()));
        QCOMPARE(p.value().address, QStringLiteral("api.cp.acme.example:443"));
        QCOMPARE(p.value().protocol, Protocol::Grpc);
        QCOMPARE(p.value().caFile, QStringLiteral("/etc/ssl/acme-ca.pem"));
        QCOMPARE(p.value().tokenKind, JwtClaims::Kind::InstanceApiToken);
        QCOMPARE(p.value().lastUsed, QDateTime(QDate(2026, 1, 3), QTime(4, 5, 6), Qt::UTC));

        const auto orgs = KnownOrganizationRepository(db).list(p.value().id);
        QVERIFY(orgs.ok());
        QCOMPARE(orgs.value().size(), 1);
        QCOMPARE(orgs.value().first().source, KnownOrganization::Source::Provisioned);

        ActivityJournal journal(db);
        const auto entries = journal.latest(10);
        QVERIFY(entries.ok());
        QCOMPARE(entries.value().size(), 2);
        QCOMPARE(entries.value().first().action, QStringLiteral("member.invite"));
        QCOMPARE(entries.value().first().outcome, ActivityEntry::Outcome::Failed);

        ListingCache cache(db);
        QVERIFY(cache.put(p.value().id, QStringLiteral("acme"), ListingKind::Members, QList<Membership> {}).ok());
        OnboardingRun run;
        run.profileId = p.value().id;
        run.organization = QStringLiteral("acme");
        QVERIFY(OnboardingRunRepository(db).create(run).ok());
        BackendCredentialInfo backend;
        backend.profileId = p.value().id;
        backend.organization = QStringLiteral("acme");
        backend.backend = QStringLiteral("s3-main");
        QVERIFY(CredentialSetRepository(db).recordBackend(backend).ok());
    }

    // Regenerates data/schema-v1.sqlite when ADM_WRITE_FIXTURES=1; otherwise checks that the
    // generator still produces a schema-1 file equivalent to the committed one.
    void fixtureIsReproducible()
    {
        const bool write = qEnvironmentVariableIntValue("ADM_WRITE_FIXTURES") == 1;
        const QString path = write ? FixtureV1 : m_dir.filePath(QStringLiteral("generated-v1.sqlite"));
        QVERIFY(writeV1Fixture(path));
        QCOMPARE(Database::peekUserVersion(path), 1);
        QCOMPARE(rawQuery(path,
                     QStringLiteral("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master "
                                    "WHERE type = 'table' ORDER BY name)")),
            rawQuery(FixtureV1,
                QStringLiteral("SELECT group_concat(name, ',') FROM (SELECT name FROM "
                               "sqlite_master WHERE type = 'table' ORDER BY name)")));
    }

    void refusesNewerSchemaAndLeavesFileIntact()
    {
        const QString path = m_dir.filePath(QStringLiteral("newer.sqlite"));
        {
            Database db;
            QVERIFY(db.open(path).ok());
        }
        rawQuery(path, QStringLiteral("PRAGMA journal_mode = DELETE"));
        rawQuery(path, QStringLiteral("PRAGMA user_version = %1").arg(Database::SchemaVersion + 7));
        const QByteArray before = readAll(path);
        QVERIFY(!before.isEmpty());

        Database db;
        const Status s = db.open(path);
        QVERIFY(!s.ok());
        QCOMPARE(s.code(), Status::Code::NewerSchema);
        QVERIFY2(s.message().contains(QLatin1String("newer version")), qPrintable(s.message()));
        QVERIFY2(s.message().contains(QDir::toNativeSeparators(path)), qPrintable(s.message()));
        QVERIFY2(s.message().contains(QString::number(Database::SchemaVersion + 7)), qPrintable(s.message()));
        QVERIFY(!db.isOpen());

        QCOMPARE(readAll(path), before);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
        QVERIFY(!QFile::exists(path + QStringLiteral("-journal")));
    }

    // The same for a file in WAL mode (as this app and a newer one leave it): the version is read
    // on the connection that would be used, and the file is not written.
    void refusesNewerSchemaInWalModeAndLeavesItIntact()
    {
        const QString path = m_dir.filePath(QStringLiteral("newer-wal.sqlite"));
        {
            Database db;
            QVERIFY(db.open(path).ok());
        }
        rawQuery(path, QStringLiteral("PRAGMA user_version = %1").arg(Database::SchemaVersion + 1));
        QCOMPARE(rawQuery(path, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        const QByteArray before = readAll(path);
        QVERIFY(!before.isEmpty());

        Database db;
        const Status s = db.open(path);
        QCOMPARE(s.code(), Status::Code::NewerSchema);
        QVERIFY(!db.isOpen());
        QCOMPARE(readAll(path), before);
        QCOMPARE(Database::peekUserVersion(path), Database::SchemaVersion + 1);
    }

    void refusesFileThatIsNotADatabase()
    {
        const QString path = m_dir.filePath(QStringLiteral("notes.sqlite"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray junk(4096, 'x');
        f.write(junk);
        f.close();

        Database db;
        const Status s = db.open(path);
        QCOMPARE(s.code(), Status::Code::OpenFailed);
        QVERIFY2(s.message().contains(QLatin1String("cannot be read")), qPrintable(s.message()));
        QCOMPARE(readAll(path), junk);
    }

    // All pending steps share one transaction: a failure in step 3 leaves schema 0.
    void failedMigrationRollsBackEverything()
    {
        const QString path = m_dir.filePath(QStringLiteral("conflict.sqlite"));
        rawQuery(path, QStringLiteral("CREATE TABLE onboarding_runs (x INTEGER)"));
        Database db;
        const Status s = db.open(path);
        QCOMPARE(s.code(), Status::Code::MigrationFailed);
        QVERIFY2(s.message().contains(QLatin1String("schema 3")), qPrintable(s.message()));
        QCOMPARE(Database::peekUserVersion(path), 0);
        QVERIFY(
            rawQuery(path, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'profiles'")).toInt() == 0);
    }

    void transactionRollsBackUnlessCommitted()
    {
        Database db;
        QVERIFY(db.open(Database::memoryPath()).ok());
        const QString insert
            = QStringLiteral("INSERT INTO activity_journal (at, action, outcome) VALUES (1, 'x', 'succeeded')");
        {
            Transaction tx(db);
            QVERIFY(tx.isActive());
            QSqlQuery(db.connection()).exec(insert);
        }
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM activity_journal")).toInt(), 0);
        {
            Transaction tx(db);
            QSqlQuery(db.connection()).exec(insert);
            QVERIFY(tx.commit().ok());
            QVERIFY(!tx.isActive());
        }
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM activity_journal")).toInt(), 1);
    }

    // Another connection holds the write lock: a write waits busy_timeout, then fails with a
    // sentence instead of hanging or corrupting.
    void busyDatabaseFailsClearly()
    {
        const QString path = m_dir.filePath(QStringLiteral("busy.sqlite"));
        Database holder;
        QVERIFY(holder.open(path).ok());
        Database other;
        other.setBusyTimeoutMs(200);
        QVERIFY(other.open(path).ok());

        Transaction lock(holder);
        QVERIFY(lock.isActive());
        ProfileRepository profiles(other);
        Profile p = sampleProfile();
        QElapsedTimer timer;
        timer.start();
        const Status s = profiles.save(p);
        QCOMPARE(s.code(), Status::Code::QueryFailed);
        QVERIFY2(s.message().contains(QLatin1String("busy or locked")), qPrintable(s.message()));
        QVERIFY(timer.elapsed() >= 150);
        QVERIFY(p.id.isNull());
        // Readers are not blocked by the writer (WAL).
        QVERIFY(profiles.list().ok());
        lock.rollback();
        QVERIFY(profiles.save(p).ok());
    }

    void closedDatabaseAnswersNotOpen()
    {
        Database db;
        ProfileRepository profiles(db);
        QCOMPARE(profiles.list().status().code(), Status::Code::NotOpen);
        Transaction tx(db);
        QVERIFY(!tx.isActive());
        QCOMPARE(tx.commit().code(), Status::Code::NotOpen);
    }

    void secondOpenFails()
    {
        Database db;
        QVERIFY(db.open(Database::memoryPath()).ok());
        QCOMPARE(db.open(Database::memoryPath()).code(), Status::Code::OpenFailed);
        QVERIFY(db.isOpen());
    }

    void twoDatabasesHaveSeparateConnections()
    {
        Database a;
        Database b;
        QVERIFY(a.open(Database::memoryPath()).ok());
        QVERIFY(b.open(Database::memoryPath()).ok());
        QVERIFY(a.connectionName() != b.connectionName());
        Profile p = sampleProfile();
        QVERIFY(ProfileRepository(a).save(p).ok());
        QCOMPARE(ProfileRepository(b).list().value().size(), 0);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_storage_database.moc"
