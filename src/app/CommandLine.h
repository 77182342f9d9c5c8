// SPDX-License-Identifier: Apache-2.0
// The headless side of chainloop-admin: subcommands, --version, --help.
#pragma once

#include <QStringList>

namespace adm::app {

// True when argv asks for a headless action (a subcommand, --version or --help): main() then
// needs no GUI.
bool isCommandLineInvocation(int argc, char **argv);

// Runs it; needs a QCoreApplication. Returns the process exit status.
int runCommandLine(const QStringList &arguments);

} // namespace adm::app
