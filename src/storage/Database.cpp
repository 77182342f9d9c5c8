// SPDX-License-Identifier: Apache-2.0
#include "storage/Database.h"

#include "storage/Migrations.h"
#include "storage/SqlSupport.h"
#include "storage/StorageLog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <QUuid>

namespace adm::storage {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("adm::storage::Database", text);
}

bool isMemory(const QString &path)
{
    return path == Database::memoryPath();
}

QString uniqueConnectionName(const char *purpose)
{
    return QStringLiteral("adm.storage.%1.%2")
        .arg(QLatin1String(purpose), QUuid::createUuid().toString(QUuid::WithoutBraces));
}

Status driverMissing()
{
    return Status::error(
        Status::Code::OpenFailed, tr("The SQLite driver for Qt is not installed (Debian package libqt6sql6-sqlite)."));
}

Status newerSchema(const QString &path, int version)
{
    return Status::error(Status::Code::NewerSchema,
        tr("The database %1 was written by a newer version of Chainloop Admin (schema %2; this version knows up to "
           "%3). It was left unchanged. Update Chainloop Admin, or move the file away to start with an empty one.")
            .arg(QDir::toNativeSeparators(path))
            .arg(version)
            .arg(Database::SchemaVersion));
}

} // namespace

Database::Database(QObject *parent)
    : QObject(parent)
{ }

Database::~Database()
{
    close();
}

QString Database::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/chainloop-admin.sqlite");
}

int Database::peekUserVersion(const QString &path, QString *error)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        if (error)
            *error = driverMissing().message();
        return -1;
    }
    const QString name = uniqueConnectionName("peek");
    int version = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        // Read-only: looking at a file must never change it (a newer app's file stays intact).
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open()) {
            if (error)
                *error = db.lastError().text();
        } else {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("PRAGMA user_version")) && query.next()) {
                version = query.value(0).toInt();
            } else if (error) {
                *error = query.lastError().text();
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return version;
}

Status Database::open(const QString &path)
{
    return openImpl(path, SchemaVersion);
}

Status Database::openAtVersion(const QString &path, int targetVersion)
{
    Q_ASSERT(targetVersion >= 0 && targetVersion <= SchemaVersion);
    return openImpl(path, targetVersion);
}

Status Database::openImpl(const QString &path, int targetVersion)
{
    if (m_open)
        return Status::error(Status::Code::OpenFailed, tr("The local database is already open."));
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return driverMissing();

    // An existing file's version is read on the real connection before anything is set up:
    // opening and reading write nothing, so a newer app's file is refused intact (even switching
    // to WAL would rewrite its header). No read-only peek first: that was a second open of the
    // file on every start.
    if (!isMemory(path)) {
        const QFileInfo info(path);
        if (!info.exists() && !QDir().mkpath(info.absolutePath())) {
            return Status::error(Status::Code::OpenFailed,
                tr("The folder %1 cannot be created.").arg(QDir::toNativeSeparators(info.absolutePath())));
        }
    }

    m_connectionName = uniqueConnectionName("main");
    Status status;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(m_busyTimeoutMs));
        if (!db.open()) {
            qCWarning(lcStorage) << "cannot open" << path << ":" << db.lastError().text();
            status = Status::error(Status::Code::OpenFailed,
                tr("The database %1 cannot be opened (%2).")
                    .arg(QDir::toNativeSeparators(path), db.lastError().text()));
        }
    }
    int version = 0;
    if (status.ok()) {
        QSqlQuery query(connection());
        if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
            status = Status::error(Status::Code::OpenFailed,
                tr("The file %1 cannot be read as a Chainloop Admin database (%2).")
                    .arg(QDir::toNativeSeparators(path), query.lastError().text()));
        } else {
            version = query.value(0).toInt();
            if (version > SchemaVersion)
                status = newerSchema(path, version);
        }
    }
    if (status.ok()) {
        const QSqlDatabase db = connection();
        QString error;
        bool pragmas = sql::exec(db, QStringLiteral("PRAGMA foreign_keys = ON"), &error)
            && sql::exec(db, QStringLiteral("PRAGMA busy_timeout = %1").arg(m_busyTimeoutMs), &error);
        if (pragmas && !isMemory(path)) {
            // WAL: readers never block the writer; NORMAL sync is durable enough with WAL.
            QSqlQuery query(db);
            pragmas = query.exec(QStringLiteral("PRAGMA journal_mode = WAL")) && query.next();
            if (pragmas && query.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
                qCWarning(lcStorage) << "journal_mode is" << query.value(0).toString() << "instead of wal";
            if (!pragmas)
                error = query.lastError().text();
            query.finish();
            pragmas = pragmas && sql::exec(db, QStringLiteral("PRAGMA synchronous = NORMAL"), &error);
            // Reads through a memory map instead of a read() per page: the cached listings are
            // blobs of up to a few MiB, read at start-up (docs/PERFORMANCE.md).
            pragmas = pragmas && sql::exec(db, QStringLiteral("PRAGMA mmap_size = 268435456"), &error);
        }
        if (!pragmas)
            status = Status::error(Status::Code::OpenFailed,
                tr("The database %1 cannot be set up (%2).").arg(QDir::toNativeSeparators(path), error));
    }
    if (status.ok()) {
        m_open = true;
        m_path = path;
        m_version = version;
        if (version < targetVersion)
            status = migrate(version, targetVersion);
    }
    if (!status.ok()) {
        close();
        return status;
    }
    qCInfo(lcStorage) << "opened" << path << "at schema" << m_version;
    return {};
}

Status Database::migrate(int from, int to)
{
    Transaction tx(*this);
    if (!tx.isActive())
        return Status::error(Status::Code::MigrationFailed, tx.beginStatus().message());
    const QSqlDatabase db = connection();
    for (const Migration &step : migrations()) {
        if (step.version <= from || step.version > to)
            continue;
        qCInfo(lcStorage) << "migrating to schema" << step.version << "-" << step.description;
        for (const char *statement : step.statements) {
            QString error;
            if (!sql::exec(db, QString::fromUtf8(statement), &error)) {
                return Status::error(Status::Code::MigrationFailed,
                    tr("The database %1 could not be upgraded to schema %2 (%3). It was left as "
                       "it was.")
                        .arg(QDir::toNativeSeparators(m_path))
                        .arg(step.version)
                        .arg(error));
            }
        }
        // user_version lives in the file header and is covered by the transaction.
        QString error;
        if (!sql::exec(db, QStringLiteral("PRAGMA user_version = %1").arg(step.version), &error))
            return Status::error(Status::Code::MigrationFailed,
                tr("The database %1 could not be upgraded to schema %2 (%3). It was left as it was.")
                    .arg(QDir::toNativeSeparators(m_path))
                    .arg(step.version)
                    .arg(error));
    }
    if (Status committed = tx.commit(); !committed.ok())
        return Status::error(Status::Code::MigrationFailed, committed.message());
    m_version = to;
    return {};
}

void Database::close()
{
    if (m_connectionName.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
    m_open = false;
    m_version = 0;
}

bool Database::isOpen() const
{
    return m_open;
}

QString Database::path() const
{
    return m_path;
}

int Database::schemaVersion() const
{
    return m_version;
}

QSqlDatabase Database::connection() const
{
    // A QSqlDatabase connection may only be used by the thread that created it.
    Q_ASSERT_X(QThread::currentThread() == thread(), "Database", "used from another thread");
    if (m_connectionName.isEmpty())
        return {};
    return QSqlDatabase::database(m_connectionName, false);
}

Transaction::Transaction(Database &db)
    : m_db(db)
{
    if (!db.isOpen()) {
        m_begin = sql::notOpen();
        return;
    }
    QString error;
    if (sql::exec(db.connection(), QStringLiteral("BEGIN IMMEDIATE"), &error)) {
        m_active = true;
    } else {
        m_begin = Status::error(Status::Code::QueryFailed,
            tr("The local database is busy or locked (%1). Close other copies of Chainloop Admin "
               "and try again.")
                .arg(error));
    }
}

Transaction::~Transaction()
{
    if (m_active)
        rollback();
}

Status Transaction::commit()
{
    if (!m_active)
        return m_begin.ok() ? sql::notOpen() : m_begin;
    QString error;
    if (!sql::exec(m_db.connection(), QStringLiteral("COMMIT"), &error)) {
        rollback();
        return Status::error(
            Status::Code::QueryFailed, tr("The local database could not save the change (%1).").arg(error));
    }
    m_active = false;
    return {};
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    sql::exec(m_db.connection(), QStringLiteral("ROLLBACK"));
}

} // namespace adm::storage
