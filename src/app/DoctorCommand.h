// SPDX-License-Identifier: Apache-2.0
// `chainloop-admin doctor`: diagnoses a connection to a control plane without the GUI.
#pragma once

#include "api/ApiError.h"
#include "core/Endpoint.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <chrono>
#include <memory>
#include <optional>

namespace adm::api {
class Channel;
}

namespace adm::app {

struct DoctorOptions {
    QString url;
    Protocol protocol = Protocol::Auto;
    bool insecure = false;
    QString caFile;
    QString organization;
    bool json = false;
    QByteArray token; // from CHAINLOOP_TOKEN; never printed
    std::chrono::milliseconds timeout { 15000 }; // per call
};

class DoctorCommand : public QObject
{
    Q_OBJECT
public:
    // Exit statuses (documented in --help).
    enum Exit { Ok = 0, UsageError = 1, Unreachable = 2, AuthenticationFailed = 3, PermissionMissing = 4 };

    // Parses the arguments after "doctor". On failure returns nullopt and sets *error.
    static std::optional<DoctorOptions> parseArguments(
        const QStringList &args, const QByteArray &envToken, QString *error);
    static QString helpText();

    explicit DoctorCommand(DoctorOptions options, QObject *parent = nullptr);
    ~DoctorCommand() override;

    // Runs the checks; finished() follows (asynchronously) with the exit status.
    void start();

    // The findings so far: what --json prints.
    QJsonObject report() const { return m_report; }
    // The same as readable text.
    QString text() const;

Q_SIGNALS:
    void finished(int exitStatus);

private:
    void checkReachable();
    void measureLatency(int remaining);
    void checkIdentity();
    void checkReads(int index);
    void done(int exitStatus);
    QJsonObject errorJson(const api::ApiError &error) const;
    void note(const QString &line);

    DoctorOptions m_options;
    std::unique_ptr<api::Channel> m_channel;
    QJsonObject m_report;
    QJsonArray m_checks;
    QList<qint64> m_latencies;
    QStringList m_lines;
    int m_exit = Ok;
    bool m_finished = false;
};

// Runs doctor with the given arguments in the running event loop; prints to stdout; returns the
// exit status.
int runDoctor(const QStringList &args);

} // namespace adm::app
