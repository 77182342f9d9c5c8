// SPDX-License-Identifier: Apache-2.0
// An RFC 4180 CSV reader: pure, no I/O. Input comes from untrusted files (bulk onboarding), so
// every limit is explicit and every error names the line and column where it was found.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace adm {

struct CsvLimits {
    qsizetype maxBytes = 16 * 1024 * 1024;
    qsizetype maxRecords = 100000;
    qsizetype maxFields = 256; // per record
    qsizetype maxFieldBytes = 64 * 1024;
};

struct CsvRecord {
    int line = 0; // 1-based physical line where the record starts (embedded newlines count)
    QStringList fields;
};

struct CsvError {
    int line = 0; // 1-based
    int column = 0; // 1-based character position in that line
    QString message; // translated
    bool isError() const { return !message.isEmpty(); }
};

struct CsvParseResult {
    QList<CsvRecord> records;
    CsvError error; // set: records holds what was read before the error
    bool ok() const { return !error.isError(); }
};

// Reads UTF-8 text with an optional BOM. Fields separated by ',', records by CRLF or LF (a lone
// CR too). Quoted fields may contain separators, newlines and doubled quotes (""). Blank lines
// are skipped. A quote inside an unquoted field, text after a closing quote, or an unclosed
// quote is an error. Invalid UTF-8 is an error.
CsvParseResult readCsv(const QByteArray &data, const CsvLimits &limits = {});

// One field written back: quoted when it holds ',', '"', CR or LF, or starts with a space.
QString csvEscape(const QString &field);
// A whole record with CRLF at the end, as RFC 4180 writes it.
QString csvLine(const QStringList &fields);

} // namespace adm
