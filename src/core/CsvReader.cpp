// SPDX-License-Identifier: Apache-2.0
#include "core/CsvReader.h"

#include <QCoreApplication>
#include <QStringDecoder>

namespace adm {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("adm::CsvReader", text);
}

class Parser
{
public:
    Parser(const QString &text, const CsvLimits &limits)
        : m_text(text)
        , m_limits(limits)
    { }

    CsvParseResult run()
    {
        const qsizetype n = m_text.size();
        while (m_pos < n) {
            if (!readRecord())
                break;
        }
        return std::move(m_result);
    }

private:
    QChar peek(qsizetype offset = 0) const
    {
        const qsizetype i = m_pos + offset;
        return i < m_text.size() ? m_text.at(i) : QChar();
    }
    bool atEnd() const { return m_pos >= m_text.size(); }
    bool atNewline() const { return !atEnd() && (peek() == u'\n' || peek() == u'\r'); }

    // Consumes CRLF, LF or a lone CR.
    void consumeNewline()
    {
        if (peek() == u'\r' && peek(1) == u'\n')
            ++m_pos;
        ++m_pos;
        ++m_line;
        m_lineStart = m_pos;
    }

    int column() const { return int(m_pos - m_lineStart) + 1; }

    bool fail(const QString &message)
    {
        m_result.error = { m_line, column(), message };
        return false;
    }

    bool readRecord()
    {
        if (atNewline()) { // blank line
            consumeNewline();
            return true;
        }
        if (m_result.records.size() >= m_limits.maxRecords)
            return fail(tr("More than %1 records.").arg(m_limits.maxRecords));
        CsvRecord record;
        record.line = m_line;
        for (;;) {
            if (record.fields.size() >= m_limits.maxFields)
                return fail(tr("More than %1 fields in one record.").arg(m_limits.maxFields));
            QString field;
            if (!readField(&field))
                return false;
            record.fields.append(field);
            if (atEnd())
                break;
            if (peek() == u',') {
                ++m_pos;
                continue;
            }
            consumeNewline(); // readField stops only at ',', a newline or the end
            break;
        }
        m_result.records.append(std::move(record));
        return true;
    }

    bool readField(QString *out)
    {
        if (peek() != u'"') {
            while (!atEnd() && peek() != u',' && !atNewline()) {
                if (peek() == u'"')
                    return fail(tr("A quote inside an unquoted field; quote the whole field and double the quote."));
                out->append(peek());
                ++m_pos;
                if (out->size() > m_limits.maxFieldBytes)
                    return fail(tr("A field longer than %1 characters.").arg(m_limits.maxFieldBytes));
            }
            return true;
        }
        const int openLine = m_line;
        const int openColumn = column();
        ++m_pos; // opening quote
        for (;;) {
            if (atEnd()) {
                m_result.error = { openLine, openColumn, tr("A quoted field is never closed.") };
                return false;
            }
            const QChar c = peek();
            if (c == u'"') {
                if (peek(1) == u'"') {
                    out->append(u'"');
                    m_pos += 2;
                } else {
                    ++m_pos; // closing quote
                    break;
                }
            } else if (c == u'\r' || c == u'\n') {
                // Embedded newlines are kept as LF whatever the file uses.
                consumeNewline();
                out->append(u'\n');
            } else {
                out->append(c);
                ++m_pos;
            }
            if (out->size() > m_limits.maxFieldBytes)
                return fail(tr("A field longer than %1 characters.").arg(m_limits.maxFieldBytes));
        }
        if (!atEnd() && peek() != u',' && !atNewline())
            return fail(tr("Text after the closing quote of a field."));
        return true;
    }

    const QString &m_text;
    const CsvLimits &m_limits;
    CsvParseResult m_result;
    qsizetype m_pos = 0;
    qsizetype m_lineStart = 0;
    int m_line = 1;
};

} // namespace

CsvParseResult readCsv(const QByteArray &data, const CsvLimits &limits)
{
    CsvParseResult result;
    if (data.size() > limits.maxBytes) {
        result.error = { 1, 1, tr("The file is larger than %1 bytes.").arg(limits.maxBytes) };
        return result;
    }
    QByteArrayView bytes(data);
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes = bytes.sliced(3);
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    if (decoder.hasError()) {
        // Name the line of the first bad byte so the user can find it.
        const qsizetype bad = text.indexOf(QChar::ReplacementCharacter);
        const qsizetype upTo = bad < 0 ? text.size() : bad;
        const int line = int(QStringView(text).first(upTo).count(u'\n')) + 1;
        const qsizetype lineStart = QStringView(text).first(upTo).lastIndexOf(u'\n') + 1;
        result.error = { line, int(upTo - lineStart) + 1, tr("The file is not valid UTF-8 text.") };
        return result;
    }
    return Parser(text, limits).run();
}

QString csvEscape(const QString &field)
{
    const bool quote = field.contains(u',') || field.contains(u'"') || field.contains(u'\n') || field.contains(u'\r')
        || field.startsWith(u' ') || field.endsWith(u' ');
    if (!quote)
        return field;
    QString escaped = field;
    escaped.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return u'"' + escaped + u'"';
}

QString csvLine(const QStringList &fields)
{
    QStringList escaped;
    escaped.reserve(fields.size());
    for (const QString &f : fields)
        escaped.append(csvEscape(f));
    return escaped.join(u',') + QStringLiteral("\r\n");
}

} // namespace adm
