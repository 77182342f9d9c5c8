// SPDX-License-Identifier: Apache-2.0
// The paged members model against a fake page source: lazy pages through canFetchMore/
// fetchMore, one request at a time, filters sent together, errors kept without a refetch loop,
// and a real QTableView paging through 10,000 members without loading them all.
#include "models/MemberTableModel.h"
#include "models/ModelRoles.h"
#include "models/TableFilterProxy.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace adm;
using namespace adm::models;

namespace {

// Answers like the server (newest first, page size <= 100), asynchronously as the channel does.
struct FakeMembers {
    int total = 10000;
    int requests = 0;
    int inFlight = 0;
    int maxInFlight = 0;
    bool fail = false;
    api::MembershipFilter lastFilter;

    MemberTableModel::PageFetcher fetcher()
    {
        return [this](const api::MembershipFilter &filter, QObject *context,
                   api::Callback<MembershipPage> done) -> api::UnaryCall * {
            ++requests;
            maxInFlight = std::max(maxInFlight, ++inFlight);
            lastFilter = filter;
            QTimer::singleShot(0, context, [this, filter, done] {
                --inFlight;
                if (fail) {
                    done(api::ApiError::transport(api::ApiError::Kind::Unreachable,
                        api::ApiError::Cause::ConnectionRefused, QStringLiteral("refused"),
                        "/controlplane.v1.OrganizationService/ListMemberships"));
                    return;
                }
                MembershipPage page;
                const int matching = filter.role == Role::Unspecified ? total : total / 5;
                const int first = (filter.page - 1) * filter.pageSize;
                for (int i = first; i < std::min(first + filter.pageSize, matching); ++i) {
                    Membership m;
                    m.id = QStringLiteral("m%1").arg(i);
                    m.user.email = QStringLiteral("user%1@example.com").arg(i);
                    m.user.firstName = QStringLiteral("User");
                    m.user.lastName = QString::number(i);
                    m.role = filter.role == Role::Unspecified ? Role::Member : filter.role;
                    m.createdAt = QDateTime::currentDateTimeUtc().addSecs(-i);
                    page.items.append(m);
                }
                page.page
                    = { filter.page, filter.pageSize, matching, (matching + filter.pageSize - 1) / filter.pageSize };
                done(page);
            });
            return nullptr;
        };
    }
};

} // namespace

class TestMemberTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // No model tester here: it calls fetchMore() after every insertion, like an eager view.
    void firstPageOnlyThenMoreOnDemand()
    {
        FakeMembers fake;
        MemberTableModel model;
        model.setFetcher(fake.fetcher());
        QSignalSpy total(&model, &MemberTableModel::totalCountChanged);
        model.reload();
        QVERIFY(model.isLoading());
        QVERIFY(!model.canFetchMore({}));
        QTRY_COMPARE(model.rowCount(), 100);
        QCOMPARE(model.totalCount(), 10000);
        QVERIFY(total.count() >= 1);
        QCOMPARE(fake.lastFilter.pageSize, 100);
        QVERIFY(model.canFetchMore({}));

        // Two fetchMore calls in a row start one request: the in-flight guard.
        model.fetchMore({});
        model.fetchMore({});
        QCOMPARE(fake.requests, 2);
        QTRY_COMPARE(model.rowCount(), 200);
        QCOMPARE(fake.maxInFlight, 1);
        QCOMPARE(model.loadedPages(), 2);
        QCOMPARE(model.data(model.index(150, int(MemberTableModel::Column::Email))).toString(),
            QStringLiteral("user150@example.com"));
    }

    // With the tester, which fetches after every insertion: every page once, one at a time.
    void testerLoadsEveryPageOnce()
    {
        FakeMembers fake;
        fake.total = 1050;
        MemberTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFetcher(fake.fetcher());
        model.reload();
        QTRY_COMPARE(model.rowCount(), 1050);
        QTest::qWait(20);
        QCOMPARE(fake.requests, 11);
        QCOMPARE(fake.maxInFlight, 1);
        QCOMPARE(model.rowForId(QStringLiteral("m1049")), 1049);
    }

    void lastPageStopsFetching()
    {
        FakeMembers fake;
        fake.total = 250;
        MemberTableModel model;
        model.setFetcher(fake.fetcher());
        model.reload();
        QTRY_COMPARE(model.rowCount(), 100);
        while (model.canFetchMore({}) || model.isLoading()) {
            model.fetchMore({});
            QTest::qWait(1);
        }
        QVERIFY2(model.rowCount() == 250,
            qPrintable(QStringLiteral("rows %1 requests %2 pages %3 last page %4")
                           .arg(model.rowCount())
                           .arg(fake.requests)
                           .arg(model.loadedPages())
                           .arg(fake.lastFilter.page)));
        QCOMPARE(fake.requests, 3);
    }

    void filtersAreSentTogether()
    {
        FakeMembers fake;
        MemberTableModel model;
        model.setFetcher(fake.fetcher());
        model.reload();
        QTRY_COMPARE(model.rowCount(), 100);
        model.setFilter(QStringLiteral(" ada "), Role::Admin);
        QCOMPARE(model.rowCount(), 0); // other filters, other rows
        QTRY_COMPARE(model.totalCount(), 2000);
        QCOMPARE(fake.lastFilter.name, QStringLiteral("ada"));
        QCOMPARE(fake.lastFilter.email, QStringLiteral("ada"));
        QCOMPARE(fake.lastFilter.role, Role::Admin);
        QCOMPARE(fake.lastFilter.page, 1);
    }

    void errorIsKeptWithoutRefetchLoop()
    {
        FakeMembers fake;
        MemberTableModel model;
        model.setFetcher(fake.fetcher());
        model.reload();
        QTRY_COMPARE(model.rowCount(), 100);
        fake.fail = true;
        QSignalSpy errors(&model, &MemberTableModel::errorOccurred);
        model.fetchMore({});
        QTRY_COMPARE(errors.count(), 1);
        QVERIFY(model.hasError());
        QVERIFY(!model.canFetchMore({}));
        const int requests = fake.requests;
        QTest::qWait(50);
        QCOMPARE(fake.requests, requests); // no loop
        QCOMPARE(model.rowCount(), 100); // rows stay

        // reload() keeps the rows on screen until page 1 answers, and stays with them on failure.
        model.reload();
        QTRY_COMPARE(errors.count(), 2);
        QCOMPARE(model.rowCount(), 100);
        fake.fail = false;
        model.reload();
        QTRY_VERIFY(!model.isLoading());
        QVERIFY(!model.hasError());
        QCOMPARE(model.rowCount(), 100);
    }

    void cachedRowsShownUntilFirstPage()
    {
        FakeMembers fake;
        MemberTableModel model;
        model.setFetcher(fake.fetcher());
        Membership cached;
        cached.id = QStringLiteral("cached");
        cached.user.email = QStringLiteral("cached@example.com");
        model.setCachedRows({ cached }, -1);
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(!model.canFetchMore({}));
        model.reload();
        QTRY_COMPARE(model.rowCount(), 100);
        QVERIFY(!model.showsCachedRows());
        QCOMPARE(model.rowForId(QStringLiteral("cached")), -1);
    }

    void editsInPlace()
    {
        FakeMembers fake;
        fake.total = 3;
        MemberTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFetcher(fake.fetcher());
        model.reload();
        QTRY_COMPARE(model.rowCount(), 3);
        Membership changed;
        changed.id = QStringLiteral("m1");
        changed.role = Role::Viewer; // UpdateMembership may answer without the user
        model.replaceMember(changed);
        QCOMPARE(model.at(1).role, Role::Viewer);
        QCOMPARE(model.at(1).user.email, QStringLiteral("user1@example.com"));
        model.removeMember(QStringLiteral("m0"));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.totalCount(), 2);
    }

    // The view asks for pages as it scrolls: 10,000 members never load up front.
    void viewPagesThrough10000Members()
    {
        FakeMembers fake;
        MemberTableModel model;
        model.setFetcher(fake.fetcher());
        TableFilterProxy proxy;
        proxy.setSourceModel(&model);
        QTableView view;
        view.resize(800, 600);
        view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        view.setModel(&proxy);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        model.reload();
        QTRY_COMPARE(model.rowCount(), 100);
        QTest::qWait(50);
        // Showing the first screen does not load everything.
        QVERIFY(model.rowCount() <= 200);

        QElapsedTimer timer;
        timer.start();
        int previous = model.rowCount();
        for (int step = 0; step < 20; ++step) {
            view.scrollToBottom();
            QTRY_VERIFY(!model.isLoading() && model.rowCount() > previous);
            previous = model.rowCount();
        }
        // Twenty scrolls to the bottom, about twenty pages: still far from 10,000.
        QVERIFY2(model.rowCount() <= 2200, qPrintable(QString::number(model.rowCount())));
        QVERIFY(model.rowCount() >= 1000);
        QCOMPARE(fake.maxInFlight, 1);
        QCOMPARE(fake.requests, model.loadedPages());
        QCOMPARE(model.totalCount(), 10000);
        // And all the way down when the user really scrolls to the end.
        while (model.canFetchMore({}) || model.isLoading()) {
            view.scrollToBottom();
            QTRY_VERIFY(!model.isLoading());
        }
        QCOMPARE(model.rowCount(), 10000);
        QCOMPARE(fake.requests, 100);
        qInfo("paged through 10,000 members in %lld ms", timer.elapsed());
    }
};

QTEST_MAIN(TestMemberTableModel)
#include "tst_membertablemodel.moc"
