// SPDX-License-Identifier: Apache-2.0
// CSV and JSON of a table model: all rows or a selection. Pure functions over any
// QAbstractItemModel (proxies included), using ExportRole where a model provides it.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

class QAbstractItemModel;

namespace adm::models {

struct TableExport {
    // `rows`: rows of `model` to write, in order; empty = every row.
    static QStringList headers(const QAbstractItemModel &model);
    static QList<QStringList> cells(const QAbstractItemModel &model, const QList<int> &rows = {});

    // RFC 4180: comma-separated, CRLF line ends, fields quoted when needed, header row first.
    static QByteArray toCsv(const QAbstractItemModel &model, const QList<int> &rows = {});
    // An array of objects keyed by column header.
    static QByteArray toJson(const QAbstractItemModel &model, const QList<int> &rows = {});

    static QString csvField(const QString &value);
    // Tab-separated cells of one row, for "copy row".
    static QString rowText(const QAbstractItemModel &model, int row);
};

} // namespace adm::models
