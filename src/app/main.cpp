// SPDX-License-Identifier: Apache-2.0
#include "app/CommandLine.h"
#include "app/GuiMain.h"
#include "core/StartupTrace.h"

#include <QCoreApplication>

#ifdef Q_OS_WIN
#include <cstdio>
#include <windows.h>

// The Windows build is a GUI-subsystem program (no console window for the desktop app), so
// `chainloop-admin doctor` started from a terminal would print nowhere: attach to the
// terminal's console and point the C streams at it. Started from Explorer there is no parent
// console and nothing changes.
static void attachParentConsole()
{
    if (!AttachConsole(ATTACH_PARENT_PROCESS))
        return;
    FILE *stream = nullptr;
    freopen_s(&stream, "CONOUT$", "w", stdout);
    freopen_s(&stream, "CONOUT$", "w", stderr);
    freopen_s(&stream, "CONIN$", "r", stdin);
}
#endif

int main(int argc, char *argv[])
{
    adm::startup::mark("main");
    // Headless commands (doctor, --version, --help) need no display.
    // A first argument that is not an option is a (possibly unknown) subcommand; options such
    // as --url or --screenshots belong to the GUI.
    if (adm::app::isCommandLineInvocation(argc, argv) || (argc > 1 && argv[1][0] != '-')) {
#ifdef Q_OS_WIN
        attachParentConsole();
#endif
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("chainloop-admin"));
        QCoreApplication::setApplicationVersion(QStringLiteral(ADM_VERSION_STRING));
        return adm::app::runCommandLine(QCoreApplication::arguments());
    }
    return adm::app::runGui(argc, argv);
}
