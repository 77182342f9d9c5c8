// SPDX-License-Identifier: Apache-2.0
#include "support/SandboxProcess.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace adm::test {

SandboxProcess::SandboxProcess()
    : SandboxProcess(Options {})
{ }

SandboxProcess::SandboxProcess(Options options)
    : m_options(std::move(options))
{ }

SandboxProcess::~SandboxProcess()
{
    stop();
}

bool SandboxProcess::start()
{
    const QString binary = qEnvironmentVariable("ADM_SANDBOX_BIN");
    if (binary.isEmpty()) {
        m_error = QStringLiteral("ADM_SANDBOX_BIN is not set");
        return false;
    }
    QStringList args { QStringLiteral("--grpc-port"), QStringLiteral("0"), QStringLiteral("--http-port"),
        QStringLiteral("0") };
    const QString seedFile = m_dir.filePath(QStringLiteral("seed.json"));
    if (m_options.seedDemo)
        args << QStringLiteral("--seed") << QStringLiteral("demo") << QStringLiteral("--seed-out") << seedFile;
    if (m_options.enableControl)
        args << QStringLiteral("--enable-control");
    args << m_options.extraArguments;

    m_process.setProgram(binary);
    m_process.setArguments(args);
    m_process.start();
    if (!m_process.waitForStarted(5000)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(binary, m_process.errorString());
        return false;
    }

    // The ready line is the only thing the sandbox prints on stdout.
    const QDeadlineTimer deadline(m_options.startTimeout);
    QByteArray out;
    while (!out.contains('\n')) {
        if (m_process.state() == QProcess::NotRunning || deadline.hasExpired()) {
            m_error = QStringLiteral("sandbox not ready (%1): %2")
                          .arg(m_process.state() == QProcess::NotRunning ? QStringLiteral("exited")
                                                                         : QStringLiteral("timeout"),
                              QString::fromLocal8Bit(standardError()));
            stop();
            return false;
        }
        m_process.waitForReadyRead(int(qMin<qint64>(deadline.remainingTime(), 200)));
        out += m_process.readAllStandardOutput();
    }
    const QJsonObject ready = QJsonDocument::fromJson(out.left(out.indexOf('\n'))).object();
    m_grpcPort = quint16(ready.value(QStringLiteral("grpc")).toInt());
    m_httpPort = quint16(ready.value(QStringLiteral("http")).toInt());
    if (m_grpcPort == 0 || m_httpPort == 0) {
        m_error = QStringLiteral("unexpected ready line: %1").arg(QString::fromUtf8(out));
        stop();
        return false;
    }
    if (m_options.seedDemo) {
        QFile file(seedFile);
        if (!file.open(QIODevice::ReadOnly)) {
            m_error = QStringLiteral("cannot read %1: %2").arg(seedFile, file.errorString());
            return false;
        }
        m_seeded = QJsonDocument::fromJson(file.readAll()).object();
    }
    return true;
}

int SandboxProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(2000);
        return -1;
    }
    standardError();
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

bool SandboxProcess::isRunning() const
{
    return m_process.state() == QProcess::Running;
}

QString SandboxProcess::grpcAddress() const
{
    return QStringLiteral("127.0.0.1:%1").arg(m_grpcPort);
}

QUrl SandboxProcess::httpUrl(const QString &path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_httpPort).arg(path));
}

QByteArray SandboxProcess::standardError()
{
    m_stderr += m_process.readAllStandardError();
    return m_stderr;
}

bool SandboxProcess::setFaults(const QJsonObject &faults)
{
    return control("POST", faults, nullptr);
}

bool SandboxProcess::clearFaults()
{
    return control("DELETE", {}, nullptr);
}

QJsonObject SandboxProcess::faults()
{
    QJsonObject reply;
    control("GET", {}, &reply);
    return reply;
}

bool SandboxProcess::control(const QByteArray &verb, const QJsonObject &body, QJsonObject *reply)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(httpUrl(QStringLiteral("/sandbox/faults")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(10000);
    const QByteArray payload = verb == "POST" ? QJsonDocument(body).toJson(QJsonDocument::Compact) : QByteArray();
    QNetworkReply *r = nam.sendCustomRequest(request, verb, payload);
    QEventLoop loop;
    QObject::connect(r, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QByteArray data = r->readAll();
    const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r->deleteLater();
    if (r->error() != QNetworkReply::NoError || status != 200) {
        m_error = QStringLiteral("%1 /sandbox/faults: HTTP %2 %3 %4")
                      .arg(QString::fromLatin1(verb))
                      .arg(status)
                      .arg(r->errorString(), QString::fromUtf8(data));
        return false;
    }
    if (reply)
        *reply = QJsonDocument::fromJson(data).object();
    return true;
}

} // namespace adm::test
