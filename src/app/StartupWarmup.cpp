// SPDX-License-Identifier: Apache-2.0
#include "app/StartupWarmup.h"

#include "core/StartupTrace.h"
#include "storage/KeychainSecretStore.h"

#include <QApplication>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QImageReader>
#include <QThreadPool>

#ifdef ADM_WARM_UP_SESSION_BUS
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#endif

namespace adm::app {

void warmUpInBackground()
{
    // For bench_startup's comparison of the two (docs/PERFORMANCE.md); not for users.
    if (qEnvironmentVariableIsSet("ADM_STARTUP_NO_WARMUP"))
        return;
    // In the order the GUI thread needs them: fonts for the first widgets, the image plugins
    // for the menu bar, the keychain once the event loop runs.
    QThreadPool::globalInstance()->start([] {
        QFontDatabase::families();
        // The default font's family fallbacks are cached process-wide too.
        QFontMetrics(QApplication::font()).height();
        startup::mark("warmup-fonts");
        QImageReader::supportedImageFormats();
        startup::mark("warmup-images");
        storage::KeychainSecretStore::preloadBackend();
        startup::mark("warmup-keychain");
    });
#ifdef ADM_WARM_UP_SESSION_BUS
    // The menu bar asks the session bus whether a global menu is served; the first use of the
    // bus connects and authenticates, and the GUI thread would wait for that. Opened here it is
    // ready by then (Qt keeps the one connection for the process). A task of its own: it
    // mostly waits for the bus daemon.
    QThreadPool::globalInstance()->start([] {
        QDBusConnection::sessionBus().isConnected();
        startup::mark("warmup-session-bus");
    });
#endif
}

} // namespace adm::app
