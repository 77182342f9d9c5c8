// SPDX-License-Identifier: Apache-2.0
// The members page against a sandbox holding an organization of 10,000 members: the first
// page shows at once with the total, scrolling fetches page after page (one at a time), and
// the whole membership is never loaded up front.
#include "MainWindowTestSupport.h"
#include "models/MemberTableModel.h"
#include "models/MembersController.h"
#include "models/TableFilterProxy.h"
#include "ui/MainWindow.h"
#include "ui/pages/MembersPage.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QSignalSpy>

using namespace adm;
using namespace adm::test;

class TestMembersPaging : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxProcess> m_sandbox;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        models::EnglishPlurals::install();
        QApplication::setApplicationName(QStringLiteral("tst_memberspage_paging"));
        SandboxProcess::Options options;
        options.extraArguments = { QStringLiteral("--seed-load"), QStringLiteral("1:10000") };
        options.startTimeout = std::chrono::milliseconds(120000);
        m_sandbox = std::make_unique<SandboxProcess>(options);
        QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
    }

    void pagesThrough10000Members()
    {
        const QJsonObject load = m_sandbox->seededTokens().value(QStringLiteral("load")).toObject();
        const QByteArray token = load.value(QStringLiteral("owner_token")).toString().toUtf8();
        const QString org = load.value(QStringLiteral("first_org")).toString();
        QVERIFY2(!token.isEmpty() && !org.isEmpty(), "the sandbox did not report its load data");

        GuiApp app;
        QVERIFY(app.connect(*m_sandbox, token, org));
        ui::MainWindow w(*app.session);
        w.resize(1200, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QElapsedTimer timer;
        timer.start();
        w.showPage(ui::MainWindow::Page::Members);
        ui::MembersPage *page = w.membersPage();
        models::MemberTableModel *model = page->members()->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->totalCount() == 10000, 15000);
        qInfo("first page after %lld ms", timer.elapsed());
        QTRY_VERIFY(!model->isLoading());
        QVERIFY(model->rowCount() <= 200); // one or two screens, not 10,000
        QTRY_VERIFY(page->statusLabel()->text().contains(QStringLiteral("10,000")));

        // Scrolling to the end of what is loaded asks for the next page, one at a time.
        int previous = model->rowCount();
        for (int i = 0; i < 5; ++i) {
            page->view()->scrollToBottom();
            QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > previous, 10000);
            QTRY_VERIFY(!model->isLoading());
            previous = model->rowCount();
        }
        QVERIFY2(model->rowCount() <= 800, qPrintable(QString::number(model->rowCount())));
        QCOMPARE(model->rowCount(), model->loadedPages() * 100);
        QVERIFY(page->statusLabel()->text().contains(QLocale().toString(model->rowCount())));
        // The view keeps the server's order, newest first: the page must not re-sort what is
        // loaded (TablePage's sorting used to leave the proxy sorted by name, descending, which
        // the load data's names happen to follow; issue #10).
        QCOMPARE(page->proxy()->sortColumn(), -1);
        for (int r : { 0, 1, 99, 100, model->rowCount() - 1 }) {
            const QModelIndex shown = page->view()->model()->index(r, 0);
            QCOMPARE(page->proxy()->mapToSource(shown).row(), r);
        }
        qInfo("%d of 10,000 members after %lld ms", model->rowCount(), qint64(timer.elapsed()));
    }
};

QTEST_MAIN(TestMembersPaging)
#include "tst_memberspage_paging.moc"
