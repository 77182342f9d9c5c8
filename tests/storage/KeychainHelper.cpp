// SPDX-License-Identifier: Apache-2.0
// Runs one KeychainSecretStore operation and prints the outcome as one JSON line.
// tst_storage_keychainsecretstore starts it as a child process in broken environments (no
// session bus, a bus that never answers, a locked keyring) so that a stuck backend cannot
// block the test process itself.
//
//   adm_keychain_helper read|write|remove|probe <service> <key> [secret] [--timeout ms]
#include "storage/KeychainSecretStore.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

using namespace adm::storage;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    int timeoutMs = KeychainSecretStore::DefaultTimeoutMs;
    if (const qsizetype i = args.indexOf(QStringLiteral("--timeout")); i >= 0 && i + 1 < args.size()) {
        timeoutMs = args.at(i + 1).toInt();
        args.remove(i, 2);
    }
    if (args.size() < 3) {
        std::fputs(
            "usage: adm_keychain_helper read|write|remove|probe <service> <key> [secret] [--timeout ms]\n", stderr);
        return 2;
    }
    const QString op = args.at(0);
    KeychainSecretStore store(args.at(1));
    store.setTimeoutMs(timeoutMs);
    SecretJob *job = nullptr;
    if (op == QLatin1String("read"))
        job = store.read(args.at(2));
    else if (op == QLatin1String("write"))
        job = store.write(args.at(2), args.value(3).toUtf8());
    else if (op == QLatin1String("remove"))
        job = store.remove(args.at(2));
    else
        job = store.probe();

    QObject::connect(job, &SecretJob::finished, &app, [](const SecretResult &r) {
        const QJsonObject line { { QStringLiteral("error"), secretErrorName(r.error) },
            { QStringLiteral("message"), r.userMessage }, { QStringLiteral("backend"), r.backendMessage },
            { QStringLiteral("secretLength"), r.secret.size() } };
        QTextStream(stdout) << QJsonDocument(line).toJson(QJsonDocument::Compact) << '\n';
        // exit(), not quit(): a hung backend job may still be pending and must not keep us alive.
        std::fflush(stdout);
        std::_Exit(r.ok() ? 0 : 1);
    });
    // Last resort: the store's own timeout must have fired long before this.
    QTimer::singleShot(timeoutMs + 20000, &app, [] {
        std::fputs("{\"error\":\"helper-hang\"}\n", stdout);
        std::fflush(stdout);
        std::_Exit(3);
    });
    return app.exec();
}
