// SPDX-License-Identifier: Apache-2.0
// The flat table models, their proxy and the exporter: QAbstractItemModelTester on each, the
// token expiry highlight, "never", filter-as-you-type and CSV/JSON output.
#include "models/ActivityTableModel.h"
#include "models/CasBackendTableModel.h"
#include "models/EnglishPlurals.h"
#include "models/InstanceTokenTableModel.h"
#include "models/InvitationTableModel.h"
#include "models/ModelRoles.h"
#include "models/OrganizationTableModel.h"
#include "models/TableExport.h"
#include "models/TableFilterProxy.h"
#include "models/TokenTableModel.h"
#include "storage/Database.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>
#include <QTimeZone>

using namespace adm;
using namespace adm::models;

namespace {

const QDateTime Now = QDateTime(QDate(2026, 11, 27), QTime(12, 0), Qt::UTC);

ApiToken token(const QString &name, int expiresInDays, bool revoked = false, bool used = true)
{
    ApiToken t;
    t.id = QStringLiteral("id-") + name;
    t.name = name;
    t.description = QStringLiteral("Token %1, with comma").arg(name);
    t.createdAt = Now.addDays(-10);
    if (expiresInDays != 0)
        t.expiresAt = Now.addDays(expiresInDays);
    if (revoked)
        t.revokedAt = Now.addDays(-1);
    if (used)
        t.lastUsedAt = Now.addSecs(-7200);
    return t;
}

// Enough rows for the worker thread, names in no particular order.
QList<ApiToken> largeTokenList()
{
    QList<ApiToken> tokens;
    for (int i = 0; i < TableFilterProxy::BackgroundRows + 1000; ++i)
        tokens << token(QStringLiteral("Token-%1").arg((i * 7919) % 10007, 5, 10, QLatin1Char('0')), i % 50 + 1);
    return tokens;
}

// A table of largeTokenList() behind a proxy checked by QAbstractItemModelTester.
struct LargeTable {
    TokenTableModel model;
    TableFilterProxy proxy;
    QAbstractItemModelTester tester { &proxy, QAbstractItemModelTester::FailureReportingMode::QtTest };

    LargeTable()
    {
        model.setNow(Now);
        model.setRows(largeTokenList());
        proxy.setSourceModel(&model);
    }
};

QStringList shownNames(const QAbstractItemModel &proxy)
{
    QStringList names;
    for (int r = 0; r < proxy.rowCount(); ++r)
        names << proxy.index(r, 0).data().toString();
    return names;
}

// What the filter should show, found the slow way: every cell of every row, in the model's order.
QStringList namesContaining(const QAbstractItemModel &model, const QString &text)
{
    QStringList names;
    for (int r = 0; r < model.rowCount(); ++r) {
        for (int c = 0; c < model.columnCount(); ++c) {
            if (model.index(r, c).data(FilterRole).toString().contains(text, Qt::CaseInsensitive)) {
                names << model.index(r, 0).data().toString();
                break;
            }
        }
    }
    return names;
}

} // namespace

class TestTableModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { EnglishPlurals::install(); }

    void tokenModelPassesTester()
    {
        TokenTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setNow(Now);
        model.setRows({ token(QStringLiteral("a"), 30), token(QStringLiteral("b"), 3) });
        model.appendRow(token(QStringLiteral("c"), -2));
        model.replaceRow(0, token(QStringLiteral("a2"), 40));
        model.markRevoked(QStringLiteral("id-b"), Now);
        model.removeRowAt(1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(TokenTableModel::Column::Count));
        QCOMPARE(model.rowCount(model.index(0, 0)), 0);
    }

    void tokenExpiryHighlight_data()
    {
        QTest::addColumn<int>("days");
        QTest::addColumn<bool>("revoked");
        QTest::addColumn<int>("state");
        QTest::newRow("far") << 30 << false << int(TokenTableModel::ExpiryState::None);
        QTest::newRow("within 7 days") << 3 << false << int(TokenTableModel::ExpiryState::Soon);
        QTest::newRow("expired") << -2 << false << int(TokenTableModel::ExpiryState::Expired);
        QTest::newRow("never") << 0 << false << int(TokenTableModel::ExpiryState::None);
        QTest::newRow("revoked") << 3 << true << int(TokenTableModel::ExpiryState::None);
    }

    void tokenExpiryHighlight()
    {
        QFETCH(int, days);
        QFETCH(bool, revoked);
        QFETCH(int, state);
        TokenTableModel model;
        model.setNow(Now);
        model.setRows({ token(QStringLiteral("t"), days, revoked) });
        QCOMPARE(int(model.expiryState(model.at(0))), state);
        const QModelIndex expires = model.index(0, int(TokenTableModel::Column::Expires));
        QCOMPARE(model.data(expires, Qt::BackgroundRole).isValid(), state != int(TokenTableModel::ExpiryState::None));
        if (days == 0)
            QCOMPARE(model.data(expires).toString(), QStringLiteral("never"));
    }

    void tokenTexts()
    {
        TokenTableModel model;
        model.setNow(Now);
        model.setRows({ token(QStringLiteral("t"), 3, false, false) });
        QCOMPARE(
            model.data(model.index(0, int(TokenTableModel::Column::LastUsed))).toString(), QStringLiteral("never"));
        QCOMPARE(
            model.data(model.index(0, int(TokenTableModel::Column::Expires))).toString(), QStringLiteral("in 3 days"));
        QCOMPARE(
            model.data(model.index(0, int(TokenTableModel::Column::Scope))).toString(), QStringLiteral("organization"));
        QCOMPARE(model.data(model.index(0, int(TokenTableModel::Column::Revoked))).toString(), QStringLiteral("no"));
        // Export gets ISO dates, not "in 3 days".
        QCOMPARE(model.data(model.index(0, int(TokenTableModel::Column::Expires)), ExportRole).toString(),
            Now.addDays(3).toString(Qt::ISODate));
        QCOMPARE(model.data(model.index(0, 0), IdRole).toString(), QStringLiteral("id-t"));
    }

    void proxyFiltersAndSorts()
    {
        TokenTableModel model;
        model.setNow(Now);
        model.setRows({ token(QStringLiteral("release-bot"), 30), token(QStringLiteral("ci"), 3),
            token(QStringLiteral("old"), -2, true) });
        TableFilterProxy proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.setFilterText(QStringLiteral("RELEASE"));
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setFilterText({});
        QCOMPARE(proxy.rowCount(), 3);
        proxy.setRowPredicate([&model](int row) { return !model.at(row).isRevoked(); });
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setRowPredicate({});
        // Expires sorts by time, not by text; "never" last.
        proxy.sort(int(TokenTableModel::Column::Expires), Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("old"));
        QCOMPARE(proxy.index(2, 0).data().toString(), QStringLiteral("release-bot"));
    }

    // The proxy keeps a key per row and narrows as the text grows (issue #10): what it shows must
    // stay what a fresh look at every cell would show, across edits, inserts and removals.
    void proxyFilterFollowsEditsAndNarrowing()
    {
        TokenTableModel model;
        model.setNow(Now);
        model.setRows({ token(QStringLiteral("release-bot"), 30), token(QStringLiteral("ci"), 3),
            token(QStringLiteral("deploy"), 5) });
        TableFilterProxy proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        auto shown = [&proxy] {
            QStringList names;
            for (int r = 0; r < proxy.rowCount(); ++r)
                names << proxy.index(r, 0).data().toString();
            return names;
        };
        proxy.setFilterText(QStringLiteral("re"));
        QCOMPARE(shown(), QStringList({ QStringLiteral("release-bot") }));
        proxy.setFilterText(QStringLiteral("rel")); // narrowing
        QCOMPARE(shown(), QStringList({ QStringLiteral("release-bot") }));
        // A row the previous text rejected starts to match after an edit.
        model.replaceRow(1, token(QStringLiteral("relay"), 3));
        QCOMPARE(shown(), QStringList({ QStringLiteral("release-bot"), QStringLiteral("relay") }));
        proxy.setFilterText(QStringLiteral("rela")); // narrowing again
        QCOMPARE(shown(), QStringList({ QStringLiteral("relay") }));
        // Rows removed before and added after the matching one keep their keys apart.
        model.removeRowAt(0);
        model.appendRow(token(QStringLiteral("relaunch"), 7));
        model.appendRow(token(QStringLiteral("other"), 7));
        QCOMPARE(shown(), QStringList({ QStringLiteral("relay"), QStringLiteral("relaunch") }));
        proxy.setFilterText(QStringLiteral("RELAU")); // case-insensitive
        QCOMPARE(shown(), QStringList({ QStringLiteral("relaunch") }));
        proxy.setFilterText(QStringLiteral("e")); // widening: every row looked at again
        QCOMPARE(proxy.rowCount(), model.rowCount());
        // Text across two columns ("relay" + description) matches neither column alone.
        proxy.setFilterText(QStringLiteral("relay\nToken"));
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setFilterText({});
        QCOMPARE(proxy.rowCount(), model.rowCount());
    }

    // Large tables build the keys ahead in idle slices; the result is the same as on demand, and
    // sorting through the cached sort values gives the order of QSortFilterProxyModel::lessThan.
    void proxyLargeTableWarmsKeysAndSorts()
    {
        QList<ApiToken> tokens;
        for (int i = 0; i < TableFilterProxy::WarmRows + 500; ++i)
            tokens << token(QStringLiteral("Token-%1").arg((i * 7919) % 10007, 5, 10, QLatin1Char('0')), i % 50 + 1);
        TokenTableModel model;
        model.setNow(Now);
        model.setRows(tokens);
        TableFilterProxy proxy;
        proxy.setSourceModel(&model);
        for (int i = 0; i < 200; ++i)
            QCoreApplication::processEvents(); // idle slices
        proxy.setFilterText(QStringLiteral("token-000"));
        int expected = 0;
        for (const ApiToken &t : std::as_const(tokens))
            expected += t.name.startsWith(QLatin1String("Token-000")) ? 1 : 0;
        QVERIFY(expected > 0);
        QCOMPARE(proxy.rowCount(), expected);
        proxy.setFilterText({});
        proxy.sort(int(TokenTableModel::Column::Name), Qt::DescendingOrder);
        for (int r = 1; r < proxy.rowCount(); ++r) {
            const QString a = proxy.index(r - 1, 0).data().toString();
            const QString b = proxy.index(r, 0).data().toString();
            QVERIFY2(a.compare(b, Qt::CaseInsensitive) >= 0, qPrintable(a + QLatin1String(" < ") + b));
        }
        proxy.sort(int(TokenTableModel::Column::Expires), Qt::AscendingOrder);
        const int expires = int(TokenTableModel::Column::Expires);
        for (int r = 1; r < proxy.rowCount(); ++r)
            QVERIFY(proxy.index(r - 1, expires).data(SortRole).toLongLong()
                <= proxy.index(r, expires).data(SortRole).toLongLong());
    }

    // Tables of BackgroundRows rows or more match a new text on a worker thread (issue #10): the
    // view keeps the previous rows meanwhile, only the last of quickly typed texts is applied,
    // and what is shown in the end is what matching every row on this thread would show.
    void proxyMatchesLargeTablesOnWorker()
    {
        LargeTable table;
        TokenTableModel &model = table.model;
        TableFilterProxy &proxy = table.proxy;
        QSignalSpy applied(&proxy, &TableFilterProxy::filterApplied);
        for (const char *typed : { "t", "to", "tok", "token-00", "token-001" })
            proxy.setFilterText(QString::fromLatin1(typed));
        QVERIFY(proxy.isMatching());
        QCOMPARE(proxy.rowCount(), model.rowCount()); // the previous text's rows, until the answer
        QTRY_VERIFY(!proxy.isMatching());
        QCOMPARE(applied.count(), 1);
        QCOMPARE(applied.first().first().toString(), QStringLiteral("token-001"));
        QCOMPARE(shownNames(proxy), namesContaining(model, QStringLiteral("token-001")));

        // A text that shows the same rows as before tells the view nothing (no relayout of
        // thousands of rows for a keystroke that changes nothing).
        QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);
        proxy.setFilterText(QStringLiteral("token-")); // every row again
        QTRY_VERIFY(!proxy.isMatching());
        QCOMPARE(proxy.rowCount(), model.rowCount());
        QCOMPARE(layouts.count(), 1);
        proxy.setFilterText(QStringLiteral("token"));
        QTRY_VERIFY(!proxy.isMatching());
        QCOMPARE(applied.last().first().toString(), QStringLiteral("token"));
        QCOMPARE(proxy.rowCount(), model.rowCount());
        QCOMPARE(layouts.count(), 1);

        // Widening and narrowing again, each answered.
        proxy.setFilterText(QStringLiteral("token-0"));
        QTRY_VERIFY(!proxy.isMatching());
        QCOMPARE(shownNames(proxy), namesContaining(model, QStringLiteral("token-0")));
        proxy.setFilterText(QStringLiteral("token-00"));
        QTRY_VERIFY(!proxy.isMatching());
        QCOMPARE(shownNames(proxy), namesContaining(model, QStringLiteral("token-00")));
        // Clearing the text needs no matching: at once.
        proxy.setFilterText({});
        QVERIFY(!proxy.isMatching());
        QCOMPARE(proxy.rowCount(), model.rowCount());
    }

    // Rows edited or removed while the worker matches a copy of the keys: its answer would be
    // about rows that changed, so the text is matched again; rows appended meanwhile are matched
    // as they arrive.
    void proxyMatchesAgainWhenRowsChangeUnderTheWorker()
    {
        LargeTable table;
        TokenTableModel &model = table.model;
        TableFilterProxy &proxy = table.proxy;
        proxy.setFilterText(QStringLiteral("needle"));
        QVERIFY(proxy.isMatching());
        model.replaceRow(10, token(QStringLiteral("edited-needle"), 3));
        model.removeRowAt(0);
        model.appendRow(token(QStringLiteral("appended-needle"), 3));
        QTRY_VERIFY(!proxy.isMatching());
        QCOMPARE(
            shownNames(proxy), QStringList({ QStringLiteral("edited-needle"), QStringLiteral("appended-needle") }));
        QCOMPARE(shownNames(proxy), namesContaining(model, QStringLiteral("needle")));
    }

    // A proxy destroyed while its worker runs: the answer goes nowhere (ASan run in CI).
    void proxyDestroyedWhileMatching()
    {
        TokenTableModel model;
        model.setNow(Now);
        model.setRows(largeTokenList());
        auto *proxy = new TableFilterProxy;
        proxy->setSourceModel(&model);
        proxy->setFilterText(QStringLiteral("token-001"));
        QVERIFY(proxy->isMatching());
        delete proxy;
        QTest::qWait(50);
        QVERIFY(QThreadPool::globalInstance()->waitForDone(5000));
        QCoreApplication::processEvents();
    }

    // The selected row stays selected (and current) while the filter narrows around it, and while
    // the table is sorted, as in QSortFilterProxyModel.
    void proxyKeepsSelectionThroughFilterAndSort()
    {
        TokenTableModel model;
        model.setNow(Now);
        model.setRows(largeTokenList());
        TableFilterProxy proxy;
        proxy.setSourceModel(&model);
        QItemSelectionModel selection(&proxy);
        const QString picked = model.at(4321).name;
        const QModelIndex at = proxy.mapFromSource(model.index(4321, 0));
        selection.setCurrentIndex(at, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        proxy.setFilterText(picked.left(8));
        QTRY_VERIFY(!proxy.isMatching());
        QVERIFY(proxy.rowCount() < model.rowCount());
        QCOMPARE(selection.selectedRows().size(), 1);
        QCOMPARE(selection.selectedRows().first().data().toString(), picked);
        QCOMPARE(selection.currentIndex().data().toString(), picked);
        proxy.sort(int(TokenTableModel::Column::Name), Qt::DescendingOrder);
        QCOMPARE(selection.selectedRows().first().data().toString(), picked);
        // Filtered out: nothing selected any more.
        proxy.setFilterText(QStringLiteral("no such token"));
        QTRY_VERIFY(!proxy.isMatching());
        QCOMPARE(proxy.rowCount(), 0);
        QVERIFY(selection.selectedRows().isEmpty());
    }

    // Pages appended to an unsorted table are told to the view as inserted rows at the end (its
    // scroll position and selection untouched); a sorted table places them and edited rows in
    // order.
    void proxyFollowsAppendsAndEditsInOrder()
    {
        TokenTableModel model;
        model.setNow(Now);
        TableFilterProxy proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.setFilterText(QStringLiteral("keep"));
        QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
        QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);
        model.appendRow(token(QStringLiteral("keep-b"), 3));
        model.appendRow(token(QStringLiteral("drop"), 3));
        model.appendRow(token(QStringLiteral("keep-a"), 3));
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(layouts.count(), 0);
        QCOMPARE(shownNames(proxy), QStringList({ QStringLiteral("keep-b"), QStringLiteral("keep-a") }));

        proxy.sort(int(TokenTableModel::Column::Name), Qt::AscendingOrder);
        QCOMPARE(shownNames(proxy), QStringList({ QStringLiteral("keep-a"), QStringLiteral("keep-b") }));
        model.appendRow(token(QStringLiteral("keep-0"), 3));
        model.appendRow(token(QStringLiteral("keep-c"), 3));
        QCOMPARE(shownNames(proxy),
            QStringList({ QStringLiteral("keep-0"), QStringLiteral("keep-a"), QStringLiteral("keep-b"),
                QStringLiteral("keep-c") }));
        model.replaceRow(0, token(QStringLiteral("keep-z"), 3)); // was keep-b
        QCOMPARE(shownNames(proxy),
            QStringList({ QStringLiteral("keep-0"), QStringLiteral("keep-a"), QStringLiteral("keep-c"),
                QStringLiteral("keep-z") }));
        model.replaceRow(1, token(QStringLiteral("keep-1"), 3)); // "drop" starts to match
        QCOMPARE(shownNames(proxy),
            QStringList({ QStringLiteral("keep-0"), QStringLiteral("keep-1"), QStringLiteral("keep-a"),
                QStringLiteral("keep-c"), QStringLiteral("keep-z") }));
        model.removeRowAt(2); // keep-a
        QCOMPARE(shownNames(proxy),
            QStringList({ QStringLiteral("keep-0"), QStringLiteral("keep-1"), QStringLiteral("keep-c"),
                QStringLiteral("keep-z") }));
        proxy.sort(-1);
        QCOMPARE(shownNames(proxy),
            QStringList({ QStringLiteral("keep-z"), QStringLiteral("keep-1"), QStringLiteral("keep-0"),
                QStringLiteral("keep-c") }));
        model.setRows({});
        QCOMPARE(proxy.rowCount(), 0);
    }

    // Text sorts case-insensitively, as QSortFilterProxyModel sorted it, also for rows that
    // arrive or change later.
    void proxySortsTextIgnoringCase()
    {
        TokenTableModel model;
        model.setNow(Now);
        for (const char *name : { "beta", "Alpha", "ZULU", "alpha2", "Gamma" })
            model.appendRow(token(QString::fromLatin1(name), 3));
        TableFilterProxy proxy;
        proxy.setSourceModel(&model);
        proxy.sort(int(TokenTableModel::Column::Name), Qt::AscendingOrder);
        QCOMPARE(shownNames(proxy),
            QStringList({ QStringLiteral("Alpha"), QStringLiteral("alpha2"), QStringLiteral("beta"),
                QStringLiteral("Gamma"), QStringLiteral("ZULU") }));
        model.appendRow(token(QStringLiteral("zeta"), 3));
        model.replaceRow(0, token(QStringLiteral("DELTA"), 3)); // was beta
        QCOMPARE(shownNames(proxy),
            QStringList({ QStringLiteral("Alpha"), QStringLiteral("alpha2"), QStringLiteral("DELTA"),
                QStringLiteral("Gamma"), QStringLiteral("zeta"), QStringLiteral("ZULU") }));
    }

    void otherModelsPassTester()
    {
        InstanceTokenTableModel instance;
        QAbstractItemModelTester t1(&instance, QAbstractItemModelTester::FailureReportingMode::QtTest);
        InstanceTokenRow held;
        held.token = token(QStringLiteral("provisioning"), 5);
        held.profileName = QStringLiteral("prod");
        instance.setRows({ held });
        QVERIFY(instance.data(instance.index(0, int(InstanceTokenTableModel::Column::Source)))
                    .toString()
                    .contains(QStringLiteral("prod")));

        OrganizationTableModel orgs;
        QAbstractItemModelTester t2(&orgs, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Membership m;
        m.id = QStringLiteral("m1");
        m.org.name = QStringLiteral("acme");
        m.role = Role::Owner;
        m.current = true;
        orgs.setRows({ OrganizationRow::fromMembership(m), OrganizationRow::known(QStringLiteral("globex")) });
        orgs.setSelectedOrganization(QStringLiteral("acme"));
        QCOMPARE(
            orgs.data(orgs.index(0, int(OrganizationTableModel::Column::Role))).toString(), QStringLiteral("Owner"));
        QVERIFY(orgs.data(orgs.index(1, int(OrganizationTableModel::Column::Role)))
                    .toString()
                    .contains(QStringLiteral("known locally")));
        QVERIFY(orgs.data(orgs.index(0, 0), Qt::FontRole).isValid());

        InvitationTableModel invitations;
        QAbstractItemModelTester t3(&invitations, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Invitation inv;
        inv.id = QStringLiteral("i1");
        inv.receiverEmail = QStringLiteral("zoe@example.com");
        inv.role = Role::Admin;
        inv.status = QStringLiteral("pending");
        inv.createdAt = Now;
        invitations.setRows({ inv });
        QCOMPARE(invitations.data(invitations.index(0, int(InvitationTableModel::Column::Sender))).toString(),
            QStringLiteral("an API token"));

        CasBackendTableModel cas;
        QAbstractItemModelTester t4(&cas, QAbstractItemModelTester::FailureReportingMode::QtTest);
        CasBackend b;
        b.name = QStringLiteral("s3");
        b.isDefault = true;
        b.validation = CasBackend::Validation::Invalid;
        b.validationError = QStringLiteral("bucket not found");
        b.maxBytes = 100 * 1024 * 1024;
        cas.setRows({ b });
        QCOMPARE(cas.data(cas.index(0, int(CasBackendTableModel::Column::Validation)), Qt::ToolTipRole).toString(),
            QStringLiteral("bucket not found"));
        QCOMPARE(cas.data(cas.index(0, int(CasBackendTableModel::Column::Role))).toString(), QStringLiteral("default"));
    }

    void activityModelFollowsJournal()
    {
        storage::Database db;
        QVERIFY(db.open(storage::Database::memoryPath()).ok());
        storage::ActivityJournal journal(db);
        storage::ActivityEntry first;
        first.profileName = QStringLiteral("prod");
        first.organization = QStringLiteral("acme");
        first.action = QStringLiteral("token.create");
        first.target = QStringLiteral("ci");
        QVERIFY(journal.append(first).ok());

        ActivityTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setJournal(&journal);
        QCOMPARE(model.rowCount(), 1);
        storage::ActivityEntry failed = first;
        failed.action = QStringLiteral("token.revoke");
        failed.outcome = storage::ActivityEntry::Outcome::Failed;
        failed.errorMessage = QStringLiteral("permission denied");
        QVERIFY(journal.append(failed).ok());
        QCOMPARE(model.rowCount(), 2);
        // Newest first.
        QCOMPARE(model.data(model.index(0, int(ActivityTableModel::Column::Action))).toString(),
            QStringLiteral("token.revoke"));
        QVERIFY(model.data(model.index(0, int(ActivityTableModel::Column::Result)))
                    .toString()
                    .contains(QStringLiteral("permission denied")));
        model.setJournal(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void exportCsvAndJson()
    {
        TokenTableModel model;
        model.setNow(Now);
        model.setRows({ token(QStringLiteral("a"), 30), token(QStringLiteral("b\"q"), 0) });
        const QByteArray csv = TableExport::toCsv(model);
        const QList<QByteArray> lines = csv.split('\n');
        QCOMPARE(lines.first(), QByteArray("Name,Description,Scope,Created,Expires,Last used,Revoked\r"));
        QVERIFY(csv.contains("\"Token a, with comma\""));
        QVERIFY(csv.contains("\"b\"\"q\""));
        QCOMPARE(csv.count("\r\n"), 3);

        const QByteArray selected = TableExport::toCsv(model, { 1 });
        QCOMPARE(selected.count("\r\n"), 2);

        const QJsonArray rows = QJsonDocument::fromJson(TableExport::toJson(model)).array();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0).toObject().value(QStringLiteral("Name")).toString(), QStringLiteral("a"));
        QCOMPARE(rows.at(1).toObject().value(QStringLiteral("Expires")).toString(), QString());
        QCOMPARE(TableExport::rowText(model, 0).count(QLatin1Char('\t')), model.columnCount() - 1);
    }
};

QTEST_MAIN(TestTableModels)
#include "tst_tablemodels.moc"
