// SPDX-License-Identifier: Apache-2.0
#include "app/StartupProbe.h"

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
        if (event->type() != QEvent::Paint || m_fired)
            return false;
        for (ui::TablePage *page : std::as_const(m_pages)) {
            if (page->view()->viewport() != watched || page->proxy()->rowCount() == 0)
                continue;
            m_fired = true;
            const int rows = page->proxy()->rowCount();
            const bool cached = page->controller()->showsCachedRows();
            // Queued: runs after this paint and the flush of the window's backing store.
            QTimer::singleShot(0, this, [rows, cached] {
                const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::steady_clock::now().time_since_epoch())
                                    .count();
                std::printf("startup-probe painted-ns=%lld rows=%d cached=%d vmhwm-kb=%ld\n",
                    static_cast<long long>(ns), rows, cached ? 1 : 0, peakRssKb());
                std::fflush(stdout);
                QApplication::quit();
            });
        }
        return false;
    }

private:
    QList<ui::TablePage *> m_pages;
    bool m_fired = false;
};

} // namespace

void installStartupProbeIfRequested(ui::MainWindow &window)
{
    if (qEnvironmentVariableIsEmpty("ADM_STARTUP_PROBE"))
        return;
    auto *probe = new StartupProbe(&window);
    for (int i = 0; i < int(ui::MainWindow::Page::Count); ++i) {
        if (auto *page = qobject_cast<ui::TablePage *>(window.page(ui::MainWindow::Page(i))))
            probe->watch(page);
    }
}

} // namespace adm::app
