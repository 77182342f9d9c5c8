// SPDX-License-Identifier: Apache-2.0
#include "core/CsvReader.h"

#include <QTest>

using namespace adm;
using namespace Qt::StringLiterals;

class TestCsvReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void records_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QList<QStringList>>("expected");
        QTest::addColumn<QList<int>>("lines");
        using L = QList<QStringList>;
        QTest::newRow("simple LF") << QByteArray("a,b\n1,2\n") << L { { u"a"_s, u"b"_s }, { u"1"_s, u"2"_s } }
                                   << QList<int> { 1, 2 };
        QTest::newRow("CRLF, no final newline")
            << QByteArray("a,b\r\n1,2") << L { { u"a"_s, u"b"_s }, { u"1"_s, u"2"_s } } << QList<int> { 1, 2 };
        QTest::newRow("lone CR") << QByteArray("a\rb\r") << L { { u"a"_s }, { u"b"_s } } << QList<int> { 1, 2 };
        QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBFx,y\n") << L { { u"x"_s, u"y"_s } } << QList<int> { 1 };
        QTest::newRow("quoted separator")
            << QByteArray("\"a,b\",c\n") << L { { u"a,b"_s, u"c"_s } } << QList<int> { 1 };
        QTest::newRow("escaped quote") << QByteArray("\"say \"\"hi\"\"\",x\n") << L { { u"say \"hi\""_s, u"x"_s } }
                                       << QList<int> { 1 };
        QTest::newRow("embedded newline keeps line numbers")
            << QByteArray("\"multi\r\nline\",2\nnext,3\n") << L { { u"multi\nline"_s, u"2"_s }, { u"next"_s, u"3"_s } }
            << QList<int> { 1, 3 };
        QTest::newRow("empty fields") << QByteArray(",,\n") << L { { u""_s, u""_s, u""_s } } << QList<int> { 1 };
        QTest::newRow("empty quoted") << QByteArray("\"\",a\n") << L { { u""_s, u"a"_s } } << QList<int> { 1 };
        QTest::newRow("blank lines skipped")
            << QByteArray("a\n\n\r\nb\n") << L { { u"a"_s }, { u"b"_s } } << QList<int> { 1, 4 };
        QTest::newRow("utf8") << QByteArray("gr\xC3\xBC\xC3\x9F"
                                            "e,\xE2\x82\xAC\n")
                              << L { { QString::fromUtf8("grüße"), QString::fromUtf8("€") } } << QList<int> { 1 };
        QTest::newRow("empty input") << QByteArray() << L {} << QList<int> {};
    }
    void records()
    {
        QFETCH(QByteArray, input);
        QFETCH(QList<QStringList>, expected);
        QFETCH(QList<int>, lines);
        const CsvParseResult r = readCsv(input);
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(r.records.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            QCOMPARE(r.records[i].fields, expected[i]);
            QCOMPARE(r.records[i].line, lines[i]);
        }
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::newRow("unclosed quote") << QByteArray("a,b\nc,\"open\nmore\n") << 2 << 3;
        QTest::newRow("quote in unquoted") << QByteArray("ab\"c,d\n") << 1 << 3;
        QTest::newRow("text after closing quote") << QByteArray("x\n\"a\"b,c\n") << 2 << 4;
        QTest::newRow("invalid utf8") << QByteArray("ok\nbad\xFF\n") << 2 << 4;
    }
    void errors()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, line);
        QFETCH(int, column);
        const CsvParseResult r = readCsv(input);
        QVERIFY(!r.ok());
        QCOMPARE(r.error.line, line);
        QCOMPARE(r.error.column, column);
        QVERIFY(!r.error.message.isEmpty());
    }

    void limits()
    {
        CsvLimits l;
        l.maxBytes = 10;
        QVERIFY(!readCsv(QByteArray(11, 'a'), l).ok());
        l = {};
        l.maxFields = 2;
        QVERIFY(!readCsv("a,b,c\n", l).ok());
        QVERIFY(readCsv("a,b\n", l).ok());
        l = {};
        l.maxRecords = 2;
        const auto r = readCsv("1\n2\n3\n", l);
        QVERIFY(!r.ok());
        QCOMPARE(r.error.line, 3);
        l = {};
        l.maxFieldBytes = 4;
        QVERIFY(!readCsv("\"abcdef\"\n", l).ok());
        QVERIFY(!readCsv("abcdef\n", l).ok());
    }

    void roundTrip()
    {
        const QStringList fields { u"plain"_s, u"a,b"_s, u"say \"x\""_s, u"two\nlines"_s, u" padded"_s, u""_s };
        const QString line = csvLine(fields);
        QVERIFY(line.endsWith(QLatin1String("\r\n")));
        const auto r = readCsv(line.toUtf8());
        QVERIFY(r.ok());
        QCOMPARE(r.records.size(), 1);
        QCOMPARE(r.records[0].fields, fields);
    }
};

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csvreader.moc"
