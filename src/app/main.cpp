// SPDX-License-Identifier: Apache-2.0
#include "app/CommandLine.h"
#include "app/GuiMain.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    // Headless commands (doctor, --version, --help) need no display.
    // A first argument that is not an option is a (possibly unknown) subcommand; options such
    // as --url or --screenshots belong to the GUI.
    if (adm::app::isCommandLineInvocation(argc, argv) || (argc > 1 && argv[1][0] != '-')) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("chainloop-admin"));
        QCoreApplication::setApplicationVersion(QStringLiteral(ADM_VERSION_STRING));
        return adm::app::runCommandLine(QCoreApplication::arguments());
    }
    return adm::app::runGui(argc, argv);
}
