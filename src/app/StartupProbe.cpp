// SPDX-License-Identifier: Apache-2.0
#include "app/StartupProbe.h"

#include "core/StartupTrace.h"
#include "models/PageController.h"
#include "models/TableFilterProxy.h"
#include "ui/MainWindow.h"
#include "ui/TablePage.h"

#include <QApplication>
#include <QEvent>
#include <QFile>
#include <QTableView>
#include <QTimer>

#include <chrono>
#include <cstdio>

namespace adm::app {

namespace {

// Peak resident set so far (Linux /proc; 0 elsewhere).
long peakRssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    }
    return 0;
}

// Watches the viewports of the table pages; only the page on screen gets paint events.
class StartupProbe : public QObject
{
public:
    explicit StartupProbe(QObject *parent)
        : QObject(parent)
    { }

    void watch(ui::TablePage *page)
    {
        page->view()->viewport()->installEventFilter(this);
        m_pages.append(page);
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (m_reported)
            return false;
        if (m_painted) {
            // The first event after the repaint that drew the rows: by then the window's backing
            // store has been flushed (painting and flushing happen in one go, in the window's
            // update request). A queued call could instead wait behind other work that became
            // ready meanwhile (the keychain's answer, say).
            if (!isPartOfRepaint(event->type()))
                report();
            return false;
        }
        if (event->type() != QEvent::Paint)
            return false;
        for (ui::TablePage *page : std::as_const(m_pages)) {
            if (page->view()->viewport() != watched || page->proxy()->rowCount() == 0)
                continue;
            m_painted = true;
            startup::mark("rows-paint");
            m_rows = page->proxy()->rowCount();
            m_cached = page->controller()->showsCachedRows();
            qApp->installEventFilter(this);
            break;
        }
        return false;
    }

private:
    static bool isPartOfRepaint(QEvent::Type type)
    {
        switch (type) {
        case QEvent::Paint:
        case QEvent::UpdateRequest:
        case QEvent::UpdateLater:
        case QEvent::Polish:
        case QEvent::PolishRequest:
        case QEvent::LayoutRequest:
        case QEvent::Resize:
        case QEvent::Move: return true;
        default: return false;
        }
    }

    void report()
    {
        m_reported = true;
        qApp->removeEventFilter(this);
        const auto ns
            = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
                  .count();
        std::printf("startup-probe painted-ns=%lld rows=%d cached=%d vmhwm-kb=%ld\n", static_cast<long long>(ns),
            m_rows, m_cached ? 1 : 0, peakRssKb());
        std::fflush(stdout);
        // Later: this runs inside the delivery of some event.
        QTimer::singleShot(0, qApp, &QApplication::quit);
    }

    QList<ui::TablePage *> m_pages;
    bool m_painted = false;
    bool m_reported = false;
    int m_rows = 0;
    bool m_cached = false;
};

} // namespace

void installStartupProbeIfRequested(ui::MainWindow &window)
{
    if (qEnvironmentVariableIsEmpty("ADM_STARTUP_PROBE"))
        return;
    auto *probe = new StartupProbe(&window);
    // The page on screen, and any built later (pages are built when first shown).
    auto watch = [probe](QWidget *page) {
        if (auto *table = qobject_cast<ui::TablePage *>(page))
            probe->watch(table);
    };
    watch(window.page(window.currentPage()));
    QObject::connect(&window, &ui::MainWindow::pageCreated, probe,
        [&window, watch](ui::MainWindow::Page page) { watch(window.page(page)); });
}

} // namespace adm::app
