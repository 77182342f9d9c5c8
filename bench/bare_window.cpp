// SPDX-License-Identifier: Apache-2.0
// bare_window: the reference of bench_startup. A Qt Widgets program that shows an empty
// QMainWindow and, at its first paint, prints the same line as the app's start-up probe
// (src/app/StartupProbe.h) and quits:
//
//   startup-probe painted-ns=<CLOCK_MONOTONIC ns> rows=0 cached=0 vmhwm-kb=<peak RSS>
//
// With --one-label the window shows one word in a QLabel: the first text a Qt program shows is
// when it loads its fonts, which an empty window never does (bench_startup reports it apart).
//
// Built with the project's flags (adm_target_defaults, same CMAKE_BUILD_TYPE) so the ratio
// compares like with like.
#include "BenchSupport.h"

#include <QApplication>
#include <QEvent>
#include <QFile>
#include <QLabel>
#include <QMainWindow>
#include <QTimer>

#include <chrono>
#include <cstdio>

namespace {

// The app's phase marks (src/core/StartupTrace.h) for the steps both programs take.
void mark(const char *phase)
{
    const auto ns
        = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
              .count();
    std::printf("startup-phase name=%s ns=%lld\n", phase, static_cast<long long>(ns));
}

class FirstPaint : public QObject
{
public:
    using QObject::QObject;

    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() != QEvent::Paint || m_fired)
            return false;
        m_fired = true;
        mark("paint");
        // As the app's probe: after this paint and the flush, on the next event-loop turn.
        QTimer::singleShot(0, this, [] {
            const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                std::chrono::steady_clock::now().time_since_epoch())
                                .count();
            std::printf("startup-probe painted-ns=%lld rows=0 cached=0 vmhwm-kb=%ld\n", static_cast<long long>(ns),
                adm::bench::statusKb("VmHWM:"));
            std::fflush(stdout);
            QApplication::quit();
        });
        return false;
    }

private:
    bool m_fired = false;
};

} // namespace

int main(int argc, char *argv[])
{
    mark("main");
    QApplication app(argc, argv);
    mark("application");
    QMainWindow window;
    window.setWindowTitle(QStringLiteral("bare_window"));
    window.resize(1280, 800); // the app's default size (forms/MainWindow.ui): the same area to paint
    if (QApplication::arguments().contains(QStringLiteral("--one-label")))
        window.setCentralWidget(new QLabel(QStringLiteral("Members")));
    FirstPaint probe;
    window.installEventFilter(&probe);
    window.show();
    mark("show");
    return QApplication::exec();
}
