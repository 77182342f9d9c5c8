// SPDX-License-Identifier: Apache-2.0
#include "models/TableExport.h"

#include "models/ModelRoles.h"

#include <QAbstractItemModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace adm::models {

namespace {

QString cellText(const QAbstractItemModel &model, int row, int column)
{
    const QModelIndex index = model.index(row, column);
    const QVariant exported = model.data(index, ExportRole);
    return exported.isValid() ? exported.toString() : model.data(index, Qt::DisplayRole).toString();
}

QList<int> allRows(const QAbstractItemModel &model, const QList<int> &rows)
{
    if (!rows.isEmpty())
        return rows;
    QList<int> all;
    all.reserve(model.rowCount());
    for (int r = 0; r < model.rowCount(); ++r)
        all.append(r);
    return all;
}

} // namespace

QStringList TableExport::headers(const QAbstractItemModel &model)
{
    QStringList names;
    for (int c = 0; c < model.columnCount(); ++c)
        names.append(model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
    return names;
}

QList<QStringList> TableExport::cells(const QAbstractItemModel &model, const QList<int> &rows)
{
    QList<QStringList> out;
    for (int r : allRows(model, rows)) {
        QStringList line;
        for (int c = 0; c < model.columnCount(); ++c)
            line.append(cellText(model, r, c));
        out.append(line);
    }
    return out;
}

QString TableExport::csvField(const QString &value)
{
    const bool quote = value.contains(QLatin1Char(',')) || value.contains(QLatin1Char('"'))
        || value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r'));
    if (!quote)
        return value;
    QString escaped = value;
    escaped.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QByteArray TableExport::toCsv(const QAbstractItemModel &model, const QList<int> &rows)
{
    auto line = [](const QStringList &fields) {
        QStringList quoted;
        for (const QString &f : fields)
            quoted.append(csvField(f));
        return quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    };
    QString text = line(headers(model));
    for (const QStringList &r : cells(model, rows))
        text += line(r);
    return text.toUtf8();
}

QByteArray TableExport::toJson(const QAbstractItemModel &model, const QList<int> &rows)
{
    const QStringList names = headers(model);
    QJsonArray array;
    for (const QStringList &r : cells(model, rows)) {
        QJsonObject object;
        for (int c = 0; c < names.size(); ++c)
            object.insert(names.at(c), r.value(c));
        array.append(object);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

QString TableExport::rowText(const QAbstractItemModel &model, int row)
{
    QStringList fields;
    for (int c = 0; c < model.columnCount(); ++c)
        fields.append(model.data(model.index(row, c), Qt::DisplayRole).toString());
    return fields.join(QLatin1Char('\t'));
}

} // namespace adm::models
