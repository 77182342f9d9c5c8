// SPDX-License-Identifier: Apache-2.0
#include "core/Role.h"
#include "core/Validation.h"

#include <QTest>

using namespace adm;

class TestValidation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dnsLabel_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("simple") << "acme" << true << "";
        QTest::newRow("digits and dash") << "team-42" << true << "";
        QTest::newRow("single char") << "a" << true << "";
        QTest::newRow("63 chars") << QString(63, QLatin1Char('a')) << true << "";
        QTest::newRow("64 chars") << QString(64, QLatin1Char('a')) << false << "63";
        QTest::newRow("empty") << "" << false << "Enter";
        QTest::newRow("uppercase") << "Acme" << false << "lowercase";
        QTest::newRow("underscore") << "ac_me" << false << "lowercase";
        QTest::newRow("leading dash") << "-acme" << false << "start and end";
        QTest::newRow("trailing dash") << "acme-" << false << "start and end";
        QTest::newRow("dot") << "ac.me" << false << "lowercase";
    }
    void dnsLabel()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QFETCH(QString, mentions);
        const Validity v = validateDnsLabel(name);
        QCOMPARE(v.ok(), valid);
        if (!valid)
            QVERIFY2(v.message.contains(mentions), qPrintable(v.message));
    }

    void reservedOrgNames()
    {
        QVERIFY(!validateOrganizationName(QStringLiteral("admin")).ok());
        QVERIFY(!validateOrganizationName(QStringLiteral("default")).ok());
        QVERIFY(validateOrganizationName(QStringLiteral("administrators")).ok());
        QVERIFY(validateOrganizationName(QStringLiteral("admin")).message.contains(QLatin1String("reserved")));
    }

    void email_data()
    {
        QTest::addColumn<QString>("email");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << "jane@example.com" << true;
        QTest::newRow("plus") << "jane+ops@corp.example.org" << true;
        QTest::newRow("no at") << "jane.example.com" << false;
        QTest::newRow("two at") << "ja@ne@example.com" << false;
        QTest::newRow("no dot") << "jane@localhost" << false;
        QTest::newRow("space") << "jane doe@example.com" << false;
        QTest::newRow("empty") << "" << false;
    }
    void email()
    {
        QFETCH(QString, email);
        QFETCH(bool, valid);
        QCOMPARE(validateEmail(email).ok(), valid);
    }

    void duration_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("seconds"); // -1 = invalid
        QTest::newRow("days") << "30d" << qint64(30 * 86400);
        QTest::newRow("hours") << "12h" << qint64(12 * 3600);
        QTest::newRow("combined") << "1d12h" << qint64(86400 + 12 * 3600);
        QTest::newRow("spaces trimmed") << " 90m " << qint64(5400);
        QTest::newRow("uppercase") << "7D" << qint64(7 * 86400);
        QTest::newRow("no unit") << "30" << qint64(-1);
        QTest::newRow("zero") << "0d" << qint64(-1);
        QTest::newRow("negative") << "-1d" << qint64(-1);
        QTest::newRow("garbage between") << "1dx2h" << qint64(-1);
        QTest::newRow("unknown unit") << "3w" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
        QTest::newRow("absurd") << "99999999999d" << qint64(-1);
    }
    void duration()
    {
        QFETCH(QString, text);
        QFETCH(qint64, seconds);
        const auto d = parseDuration(text);
        if (seconds < 0) {
            QVERIFY(!d.has_value());
        } else {
            QVERIFY(d.has_value());
            QCOMPARE(d->count(), seconds);
            QCOMPARE(parseDuration(formatDuration(*d))->count(), seconds);
        }
    }

    void byteSize_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("bytes");
        QTest::newRow("MB is binary as in the CLI") << "100MB" << qint64(100) * 1024 * 1024;
        QTest::newRow("MiB") << "10MiB" << qint64(10) * 1024 * 1024;
        QTest::newRow("bare") << "10485760" << qint64(10485760);
        QTest::newRow("GB") << "1GB" << (qint64(1) << 30);
        QTest::newRow("bad") << "ten MB" << qint64(-1);
        QTest::newRow("negative") << "-5MB" << qint64(-1);
    }
    void byteSize()
    {
        QFETCH(QString, text);
        QFETCH(qint64, bytes);
        const auto b = parseByteSize(text);
        if (bytes < 0)
            QVERIFY(!b.has_value());
        else
            QCOMPARE(b.value_or(-1), bytes);
    }

    void formatBytes()
    {
        QCOMPARE(formatByteSize(10 * 1024 * 1024), QStringLiteral("10 MiB"));
        QCOMPARE(formatByteSize(500 * 1024), QStringLiteral("500 KiB"));
        QCOMPARE(formatByteSize(100), QStringLiteral("100 B"));
    }

    void roles()
    {
        QCOMPARE(roleFromName(u"owner"), Role::Owner);
        QCOMPARE(roleFromName(u"role:org:viewer"), Role::Viewer);
        QCOMPARE(roleFromName(u" Admin "), Role::Admin);
        QCOMPARE(roleFromName(u"superuser"), Role::Unspecified);
        QCOMPARE(int(Role::Contributor), 5); // wire value of MEMBERSHIP_ROLE_ORG_CONTRIBUTOR
        QCOMPARE(roleFromWire(9), Role::Unspecified);
        for (Role r : assignableRoles())
            QCOMPARE(roleFromName(roleCliName(r)), r);
    }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
