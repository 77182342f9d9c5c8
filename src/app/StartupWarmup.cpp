// SPDX-License-Identifier: Apache-2.0
#include "app/StartupWarmup.h"

#include "core/StartupTrace.h"

#include <QApplication>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QImageReader>
#include <QLibrary>
#include <QThread>
#include <QThreadPool>

#ifdef ADM_WARM_UP_SESSION_BUS
#include <QDBusConnection>
#endif

namespace adm::app {

namespace {

bool warmUpWanted()
{
    // For bench_startup's comparison (docs/PERFORMANCE.md); not for users.
    if (qEnvironmentVariableIsSet("ADM_STARTUP_NO_WARMUP"))
        return false;
    // On one core it would only take turns with the GUI thread.
    return QThread::idealThreadCount() >= 2;
}

} // namespace

void warmUpBeforeApplication()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN) && !defined(Q_OS_ANDROID)
    if (!warmUpWanted())
        return;
    // Only this: loading libraries too would hold the loader's lock that QApplication needs
    // for the platform plugin (measured: the window came no sooner).
    QThreadPool::globalInstance()->start([] {
        // Fontconfig reads its configuration (dozens of XML files) and font caches once per
        // process, in FcInit(), which Qt's font database calls first. Thread-safe; resolved
        // from the library Qt already loaded, so nothing is linked for it.
        using FcInitFunction = int (*)();
        if (auto fcInit
            = reinterpret_cast<FcInitFunction>(QLibrary::resolve(QStringLiteral("fontconfig"), 1, "FcInit")))
            fcInit();
        startup::mark("warmup-fontconfig");
    });
#endif
}

void warmUpInBackground(std::function<void()> afterFonts)
{
    if (!warmUpWanted())
        return;
    // Two tasks, each in the order the GUI thread needs its part: the window's first widgets
    // measure text, the menu bar loads an icon and asks the session bus about a global menu,
    // the token read starts once the event loop runs.
    QThreadPool::globalInstance()->start([afterFonts = std::move(afterFonts)] {
        QFontDatabase::families();
        // The default font's family fallbacks are cached process-wide too.
        QFontMetrics(QApplication::font()).height();
        startup::mark("warmup-fonts");
        if (afterFonts)
            afterFonts();
    });
    QThreadPool::globalInstance()->start([] {
#ifdef ADM_WARM_UP_SESSION_BUS
        // The first use of the bus connects and authenticates, and the GUI thread would wait
        // for the bus daemon's answers. Qt keeps the one connection for the process. First:
        // mostly waiting, while the GUI thread loads the SQL driver (loading libraries here
        // now would hold the loader's lock it needs).
        QDBusConnection::sessionBus().isConnected();
        startup::mark("warmup-session-bus");
#endif
        QImageReader::supportedImageFormats();
        startup::mark("warmup-images");
    });
}

} // namespace adm::app
