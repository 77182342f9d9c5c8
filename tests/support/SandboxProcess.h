// SPDX-License-Identifier: Apache-2.0
// Starts chainloop-sandbox (path in env ADM_SANDBOX_BIN) on free loopback ports for one test
// suite and stops it again. Blocking by design: meant for initTestCase()/cleanupTestCase().
#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <chrono>

namespace adm::test {

class SandboxProcess
{
public:
    struct Options {
        bool seedDemo = true; // --seed demo --seed-out <tmp>
        bool enableControl = true; // --enable-control (needed by setFaults())
        QStringList extraArguments; // e.g. {"--fault", "latency=100ms", "--db", path}
        std::chrono::milliseconds startTimeout { 20000 };
    };

    SandboxProcess();
    explicit SandboxProcess(Options options);
    ~SandboxProcess(); // stop()
    SandboxProcess(const SandboxProcess &) = delete;
    SandboxProcess &operator=(const SandboxProcess &) = delete;

    // Starts the binary and waits for its ready line. False with errorString() on failure
    // (no ADM_SANDBOX_BIN, exit before ready, timeout).
    bool start();
    // SIGTERM, then SIGKILL if it has not exited within a few seconds. Returns the exit code
    // (-1 when it had to be killed or was not running).
    int stop();
    bool isRunning() const;
    qint64 processId() const { return m_process.processId(); } // 0 when not running (benchmarks read its CPU time)

    QString errorString() const { return m_error; }
    quint16 grpcPort() const { return m_grpcPort; }
    quint16 httpPort() const { return m_httpPort; }
    QString grpcAddress() const; // "127.0.0.1:<grpcPort>"
    QUrl httpUrl(const QString &path = {}) const; // "http://127.0.0.1:<httpPort><path>"

    // The --seed-out file: instance_token, instance_admin_user_token, user_tokens, org_tokens.
    QJsonObject seededTokens() const { return m_seeded; }

    // Control endpoint (needs enableControl). `faults` is the POST body, e.g.
    // {"faults": ["unavailable=1,count=2"], "seed": 7}. Blocks up to 10 s.
    bool setFaults(const QJsonObject &faults);
    bool clearFaults();
    QJsonObject faults(); // GET /sandbox/faults; empty on error

    // What the sandbox wrote on stderr so far (for failure messages).
    QByteArray standardError();

private:
    // Sends one request to the control endpoint and waits; false and errorString() on failure.
    bool control(const QByteArray &verb, const QJsonObject &body, QJsonObject *reply);

    Options m_options;
    QProcess m_process;
    QTemporaryDir m_dir;
    QByteArray m_stderr;
    QString m_error;
    quint16 m_grpcPort = 0;
    quint16 m_httpPort = 0;
    QJsonObject m_seeded;
};

} // namespace adm::test
