// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "storage/Status.h"

#include <QObject>
#include <QString>

class QSqlDatabase;

namespace adm::storage {

// The one owner of the app's SQLite file. Opens a named QSqlDatabase connection that belongs
// to the thread that calls open(); every repository built on it must be used from that thread.
// PRAGMAs are set once at open (WAL for files, foreign_keys, busy_timeout) and numbered
// migrations bring the schema to SchemaVersion in one transaction. A file whose user_version
// is newer than SchemaVersion is refused without a single write.
//
// QtSql stays out of this header on purpose: the UI links this library but never sees SQL.
class Database : public QObject
{
    Q_OBJECT
public:
    // 1: profiles, known_organizations, activity_journal
    // 2: listing_cache
    // 3: onboarding_runs
    // 4: credential_sets, backend_credentials
    // 5: onboarding_plans (plan_json moved out of onboarding_runs)
    static constexpr int SchemaVersion = 5;

    explicit Database(QObject *parent = nullptr);
    ~Database() override; // closes the connection

    // "<AppDataLocation>/chainloop-admin.sqlite" (the folder is created by open()). Needs the
    // application and organization names set on QCoreApplication first.
    static QString defaultPath();
    static QString memoryPath() { return QStringLiteral(":memory:"); }

    // How long a statement waits for another connection's write lock before failing
    // (default 5000 ms). Set before open().
    void setBusyTimeoutMs(int ms) { m_busyTimeoutMs = ms; }
    int busyTimeoutMs() const { return m_busyTimeoutMs; }

    // Opens (creating if needed) and migrates. Call once; a second call fails.
    Status open(const QString &path);
    void close();
    bool isOpen() const;
    QString path() const;
    // user_version after open(): SchemaVersion on success.
    int schemaVersion() const;

    // Opens and migrates only up to `targetVersion` (<= SchemaVersion). For tests that build
    // fixtures of older schemas; the app always uses open().
    Status openAtVersion(const QString &path, int targetVersion);

    // Reads user_version of an existing file without changing it (read-only connection).
    // -1 with an error message when the file cannot be read as SQLite.
    static int peekUserVersion(const QString &path, QString *error = nullptr);

    // For classes of this library only (repositories); requires <QSqlDatabase>.
    QSqlDatabase connection() const;
    QString connectionName() const { return m_connectionName; }

private:
    Status openImpl(const QString &path, int targetVersion);
    Status migrate(int from, int to);

    QString m_connectionName;
    QString m_path;
    int m_version = 0;
    int m_busyTimeoutMs = 5000;
    bool m_open = false;
};

// Explicit transaction, rolled back on destruction unless committed. BEGIN IMMEDIATE takes
// the write lock up front so two writers wait (busy_timeout) instead of failing mid-way.
class Transaction
{
public:
    explicit Transaction(Database &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool isActive() const { return m_active; }
    const Status &beginStatus() const { return m_begin; }
    Status commit();
    void rollback();

private:
    Database &m_db;
    Status m_begin;
    bool m_active = false;
};

} // namespace adm::storage
