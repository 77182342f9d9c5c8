// SPDX-License-Identifier: Apache-2.0
// `chainloop-admin apply FILE.csv`: bulk onboarding without windows, for scripts and
// pipelines. The same engine as the GUI (OnboardingCsv -> OnboardingRunner) with the same
// database journal, so a run killed half-way is resumed by running the command again.
#pragma once

#include "core/Endpoint.h"
#include "core/OnboardingCsv.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <chrono>
#include <memory>
#include <optional>

namespace adm::api {
class Channel;
}
namespace adm::storage {
struct Profile;
}

namespace adm::app {

struct ApplyOptions {
    QString file;
    QString profile; // --profile NAME: token from the keychain
    QString url; // --url ADDR: token from CHAINLOOP_TOKEN, held in memory only
    bool insecure = false;
    Protocol protocol = Protocol::Auto;
    QString caFile;
    QString database; // empty = storage::Database::defaultPath()
    bool dryRun = false;
    bool json = false;
    bool noResume = false;
    int concurrency = 8;
    std::chrono::milliseconds timeout { 15000 }; // per call
    QString resultsFile; // --results FILE.csv
    QHash<QString, QString> credentialFiles; // --credentials NAME=FILE
    QByteArray token; // CHAINLOOP_TOKEN; never printed
};

class ApplyCommand : public QObject
{
    Q_OBJECT
public:
    // Exit statuses (documented in --help).
    enum Exit { Ok = 0, UsageError = 1, InvalidInput = 2, RowsFailed = 3, SetupFailed = 4, Interrupted = 5 };

    static std::optional<ApplyOptions> parseArguments(
        const QStringList &args, const QByteArray &envToken, QString *error);
    static QString helpText();

    explicit ApplyCommand(ApplyOptions options, QObject *parent = nullptr);
    ~ApplyCommand() override;

    // Validates, resolves secrets, runs; finished() follows asynchronously with the exit status.
    void start();
    // SIGINT/SIGTERM: no new calls, the run stays open for resuming; finished(Interrupted).
    void cancel();

Q_SIGNALS:
    void finished(int exitStatus);

private:
    void run();
    void fail(int status, const QString &message);
    bool resolveUrlProfile();
    std::unique_ptr<api::Channel> makeChannel(const storage::Profile &profile, const QByteArray &token);
    void readCredentials();
    void readKeychainCredentials(QStringList names);
    void startRun();
    void report();
    void printPlan();
    bool m_cancelled = false;

    struct Private;
    std::unique_ptr<Private> d;
};

// The entry point main() dispatches "apply" to; runs its own event loop.
int runApply(const QStringList &args);

} // namespace adm::app
