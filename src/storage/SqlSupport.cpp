// SPDX-License-Identifier: Apache-2.0
#include "storage/SqlSupport.h"

#include "storage/StorageLog.h"

#include <QCoreApplication>
#include <QSqlError>

namespace adm::storage::sql {

bool prepare(QSqlQuery &query, const QString &text)
{
    if (query.prepare(text))
        return true;
    qCWarning(lcStorage) << "prepare failed:" << query.lastError().text() << "in" << text.simplified();
    return false;
}

bool exec(QSqlQuery &query)
{
    if (query.exec())
        return true;
    // lastQuery() is the statement text with placeholders; bound values are never logged.
    qCWarning(lcStorage) << "query failed:" << query.lastError().text() << "in" << query.lastQuery().simplified();
    return false;
}

bool exec(const QSqlDatabase &db, const QString &text, QString *error)
{
    QSqlQuery query(db);
    if (query.exec(text))
        return true;
    qCWarning(lcStorage) << "statement failed:" << query.lastError().text() << "in" << text.simplified();
    if (error)
        *error = query.lastError().text();
    return false;
}

Status queryFailed(const QSqlQuery &query)
{
    const QString detail = query.lastError().text();
    return Status::error(Status::Code::QueryFailed,
        QCoreApplication::translate(
            "adm::storage::Database", "The local database could not complete the operation (%1).")
            .arg(detail.isEmpty() ? QStringLiteral("?") : detail));
}

Status notOpen()
{
    return Status::error(Status::Code::NotOpen,
        QCoreApplication::translate("adm::storage::Database", "The local database is not open."));
}

QVariant toDb(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

QDateTime fromDb(const QVariant &v)
{
    if (v.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

QString toDb(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

} // namespace adm::storage::sql
