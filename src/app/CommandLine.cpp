// SPDX-License-Identifier: Apache-2.0
#include "CommandLine.h"

#include "app/ApplyCommand.h"
#include "app/DoctorCommand.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstring>

namespace adm::app {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("CommandLine", text);
}

QString usage()
{
    return tr("Usage: chainloop-admin [--help] [--version] [doctor OPTIONS | apply FILE.csv OPTIONS]\n"
              "\n"
              "Without arguments the desktop application starts.\n"
              "\n"
              "Commands:\n"
              "  doctor    diagnose the connection to a control plane (see: chainloop-admin doctor --help)\n"
              "  apply     onboard organizations from a CSV file (see: chainloop-admin apply --help)\n");
}
} // namespace

bool isCommandLineInvocation(int argc, char **argv)
{
    if (argc < 2)
        return false;
    const char *a = argv[1];
    return std::strcmp(a, "doctor") == 0 || std::strcmp(a, "apply") == 0 || std::strcmp(a, "--version") == 0
        || std::strcmp(a, "-v") == 0 || std::strcmp(a, "--help") == 0 || std::strcmp(a, "-h") == 0;
}

int runCommandLine(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString first = arguments.value(1);
    if (first == QLatin1String("doctor"))
        return runDoctor(arguments.mid(2));
    if (first == QLatin1String("apply"))
        return runApply(arguments.mid(2));
    if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
        out << QStringLiteral("chainloop-admin %1\n").arg(QStringLiteral(ADM_VERSION_STRING));
        return 0;
    }
    if (first == QLatin1String("--help") || first == QLatin1String("-h")) {
        out << usage();
        return 0;
    }
    err << tr("Unknown command \"%1\".").arg(first) << '\n' << usage();
    return 1;
}

} // namespace adm::app
