// SPDX-License-Identifier: Apache-2.0
// Internal to adm_storage: small helpers shared by the repositories.
#pragma once

#include "storage/Status.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace adm::storage {

class Database;

namespace sql {

// Prepares `text` on the database's connection; logs and returns false on failure.
bool prepare(QSqlQuery &query, const QString &text);
// Executes a prepared query; logs the driver error (never the bound values) on failure.
bool exec(QSqlQuery &query);
// Executes a one-off statement.
bool exec(const QSqlDatabase &db, const QString &text, QString *error = nullptr);

// Status for a failed query: the user sees a generic sentence, the log has the SQL error.
Status queryFailed(const QSqlQuery &query);
Status notOpen();

QVariant toDb(const QDateTime &t); // NULL when invalid
QDateTime fromDb(const QVariant &v); // invalid when NULL
QString toDb(const QUuid &id); // without braces
// Qt binds a null QString as SQL NULL; our text columns are NOT NULL with '' for "none".
inline QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}
inline qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace sql
} // namespace adm::storage
