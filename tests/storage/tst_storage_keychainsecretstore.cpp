// SPDX-License-Identifier: Apache-2.0
// KeychainSecretStore against a real Secret Service (gnome-keyring in a private D-Bus session).
// Run through scripts/test, which starts the bus and an unlocked
// keyring with HOME in a temporary folder. Broken environments (no bus, a bus that never
// answers, a locked keyring) run in child processes (adm_keychain_helper) so that a stuck
// backend cannot block this process, and each must end with a clear message in time.
#include "storage/KeychainSecretStore.h"
#include "storage/Profile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace adm::storage;

namespace {

SecretResult wait(SecretJob *job, int ms = 20000)
{
    QSignalSpy spy(job, &SecretJob::finished);
    if (!spy.wait(ms))
        return SecretResult { SecretResult::Error::Other, QStringLiteral("test: no answer"), {}, {} };
    return spy.first().first().value<SecretResult>();
}

struct HelperOutcome {
    QJsonObject line;
    qint64 elapsedMs = 0;
    QString stderrText;
};

HelperOutcome runHelper(const QProcessEnvironment &env, const QStringList &args, const QString &wrapper = {})
{
    QProcess p;
    p.setProcessEnvironment(env);
    QElapsedTimer timer;
    timer.start();
    if (wrapper.isEmpty()) {
        p.start(QStringLiteral(ADM_KEYCHAIN_HELPER), args);
    } else {
        p.start(wrapper, QStringList { QStringLiteral("--"), QStringLiteral(ADM_KEYCHAIN_HELPER) } + args);
    }
    HelperOutcome out;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
    }
    out.elapsedMs = timer.elapsed();
    out.stderrText = QString::fromUtf8(p.readAllStandardError());
    const QList<QByteArray> lines = p.readAllStandardOutput().split('\n');
    for (const QByteArray &l : lines) {
        if (l.startsWith('{'))
            out.line = QJsonDocument::fromJson(l).object();
    }
    return out;
}

QProcessEnvironment brokenEnvironment(const QString &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("GNOME_KEYRING_CONTROL"));
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home);
    return env;
}

} // namespace

class TestKeychainSecretStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
            const QString why = QStringLiteral("needs a private D-Bus session with an unlocked gnome-keyring: run "
                                               "scripts/test");
            if (qEnvironmentVariableIntValue("ADM_REQUIRE_KEYCHAIN") == 1)
                QFAIL(qPrintable(why));
            QSKIP(qPrintable(why));
        }
        // Stay apart from a real installation's entries even if HOME is not a temp folder.
        m_service = KeychainSecretStore::defaultServiceName() + QStringLiteral(".test");
        QVERIFY(m_home.isValid());
    }

    void probeSucceeds()
    {
        KeychainSecretStore store(m_service);
        const SecretResult r = wait(store.probe());
        QVERIFY2(r.ok(), qPrintable(r.userMessage + QStringLiteral(" / ") + r.backendMessage));
    }

    void writeReadOverwriteDelete()
    {
        KeychainSecretStore store(m_service);
        store.setTimeoutMs(15000);
        const QString key = Profile::secretKeyFor(QUuid::createUuid());
        const QByteArray first = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJmaXJzdCJ9.c2lnLWZpcnN0";
        const QByteArray second = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJzZWNvbmQifQ.c2lnLXNlY29uZA";

        SecretResult r = wait(store.write(key, first));
        QVERIFY2(r.ok(), qPrintable(r.userMessage + QStringLiteral(" / ") + r.backendMessage));
        r = wait(store.read(key));
        QVERIFY2(r.ok(), qPrintable(r.userMessage));
        QCOMPARE(r.secret, first);

        // It is in the real keyring, under our service and key (schema org.qt.keychain).
        const QString secretTool = QStandardPaths::findExecutable(QStringLiteral("secret-tool"));
        if (!secretTool.isEmpty()) {
            QProcess lookup;
            lookup.start(secretTool,
                { QStringLiteral("lookup"), QStringLiteral("server"), m_service, QStringLiteral("user"), key });
            QVERIFY(lookup.waitForFinished(15000));
            QCOMPARE(lookup.readAllStandardOutput().trimmed(), first);
        }

        QVERIFY(wait(store.write(key, second)).ok());
        r = wait(store.read(key));
        QVERIFY(r.ok());
        QCOMPARE(r.secret, second);

        QVERIFY(wait(store.remove(key)).ok());
        r = wait(store.read(key));
        QCOMPARE(r.error, SecretResult::Error::NotFound);
        QVERIFY(r.secret.isEmpty());
        QVERIFY2(r.userMessage.contains(QLatin1String("No saved token")), qPrintable(r.userMessage));
        // Removing again is not an error.
        QVERIFY(wait(store.remove(key)).ok());
    }

    void readsMissingAsNotFound()
    {
        KeychainSecretStore store(m_service);
        const SecretResult r = wait(store.read(Profile::secretKeyFor(QUuid::createUuid())));
        QCOMPARE(r.error, SecretResult::Error::NotFound);
    }

    void neverWritesAPlaintextFallback()
    {
        // QtKeychain's insecure fallback would write <config>/<service>.conf; it must not exist.
        const QString config = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        QDir dir(config);
        const QStringList hits = dir.entryList(
            { m_service + QStringLiteral("*"), KeychainSecretStore::defaultServiceName() + QStringLiteral("*") },
            QDir::Files);
        QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QLatin1Char(','))));
    }

    // PLATFORM_NOTES: no session bus and no DISPLAY -> "Cannot autolaunch D-Bus without X11 $DISPLAY".
    void noSessionBusSaysWhy()
    {
        const HelperOutcome out = runHelper(brokenEnvironment(m_home.path()),
            { QStringLiteral("write"), m_service, QStringLiteral("k"), QStringLiteral("v"), QStringLiteral("--timeout"),
                QStringLiteral("5000") });
        QCOMPARE(out.line.value(QLatin1String("error")).toString(), QStringLiteral("no-backend"));
        const QString message = out.line.value(QLatin1String("message")).toString();
        QVERIFY2(message.contains(QLatin1String("no D-Bus session bus")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("session only")), qPrintable(message));
        QVERIFY2(out.line.value(QLatin1String("backend")).toString().contains(QLatin1String("autolaunch")),
            qPrintable(out.stderrText));
    }

    // A bus that accepts the connection and never answers: the job timeout must end the job.
    void silentBusTimesOut()
    {
        QLocalServer server;
        server.setSocketOptions(QLocalServer::UserAccessOption);
        const QString socketPath = m_home.filePath(QStringLiteral("silent-bus"));
        QVERIFY(server.listen(socketPath));
        QList<QLocalSocket *> held;
        connect(&server, &QLocalServer::newConnection, this, [&] {
            while (QLocalSocket *s = server.nextPendingConnection())
                held.append(s); // keep it open, say nothing
        });
        QProcessEnvironment env = brokenEnvironment(m_home.path());
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=") + socketPath);

        QProcess p;
        p.setProcessEnvironment(env);
        QElapsedTimer timer;
        timer.start();
        p.start(QStringLiteral(ADM_KEYCHAIN_HELPER),
            { QStringLiteral("read"), m_service, QStringLiteral("k"), QStringLiteral("--timeout"),
                QStringLiteral("1500") });
        // Keep our event loop running so the local server accepts the helper's connection.
        QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 30000);
        const qint64 elapsed = timer.elapsed();
        QJsonObject line;
        for (const QByteArray &l : p.readAllStandardOutput().split('\n')) {
            if (l.startsWith('{'))
                line = QJsonDocument::fromJson(l).object();
        }
        QCOMPARE(line.value(QLatin1String("error")).toString(), QStringLiteral("timeout"));
        const QString message = line.value(QLatin1String("message")).toString();
        QVERIFY2(message.contains(QLatin1String("did not answer within 2 seconds")), qPrintable(message));
        QVERIFY2(elapsed >= 1400 && elapsed < 15000, qPrintable(QString::number(elapsed)));
        qDeleteAll(held);
    }

    // PLATFORM_NOTES: a bus whose keyring is locked and cannot prompt -> write fails with
    // "Object does not exist at path .../collection/login"; the probe reports it.
    void lockedKeyringSaysWhy()
    {
        const QString dbusRunSession = QStandardPaths::findExecutable(QStringLiteral("dbus-run-session"));
        if (dbusRunSession.isEmpty())
            QSKIP("dbus-run-session not installed");
        QTemporaryDir home;
        const HelperOutcome out = runHelper(brokenEnvironment(home.path()),
            { QStringLiteral("probe"), m_service, QStringLiteral("k"), QStringLiteral("--timeout"),
                QStringLiteral("8000") },
            dbusRunSession);
        const QString kind = out.line.value(QLatin1String("error")).toString();
        const QString message = out.line.value(QLatin1String("message")).toString();
        QVERIFY2(kind == QLatin1String("locked"), qPrintable(kind + QLatin1Char(' ') + out.stderrText));
        QVERIFY2(message.contains(QLatin1String("locked")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("session only")), qPrintable(message));
    }

private:
    QString m_service;
    QTemporaryDir m_home;
};

QTEST_GUILESS_MAIN(TestKeychainSecretStore)
#include "tst_storage_keychainsecretstore.moc"
