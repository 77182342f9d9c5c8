// SPDX-License-Identifier: Apache-2.0
// The logic behind the connect wizard, without widgets: check a server (Infoz), get a token
// (browser login over a loopback listener, or pasted), verify it (ContextService/Current), and
// save the profile (database) with its token (secret store). Every step is asynchronous and
// reports through signals; the wizard pages only show what comes back.
#pragma once

#include "core/Endpoint.h"
#include "core/Entities.h"
#include "core/JwtClaims.h"
#include "storage/Profile.h"

#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>
#include <memory>
#include <optional>

namespace adm::models {

class Session;

class ConnectFlow : public QObject
{
    Q_OBJECT
public:
    struct ServerSettings {
        QString address; // as typed: "api.cp.example.com:443" or a URL
        Protocol protocol = Protocol::Auto;
        bool insecure = false; // plaintext, only on explicit request
        QString caFile; // empty = system CAs
    };
    // Which input a failure is about, so the page can name it next to the field.
    enum class Field { None, Address, CaFile, Token, ProfileName, SecretStore };
    Q_ENUM(Field)

    static constexpr std::chrono::minutes DefaultBrowserTimeout { 5 };

    // `session` is not owned and must outlive the flow; the flow uses its database, profile
    // repository and secret store, and opens the result in it.
    explicit ConnectFlow(Session &session, QObject *parent = nullptr);
    ~ConnectFlow() override;

    // Prepares a "sign in again" for the session's current profile: server settings from the
    // profile, the server info from the session when it has one.
    void startFromSessionProfile();
    bool isSignInAgain() const;

    // --- server ---
    // Checks the inputs without the network; Field::None when they can be tried.
    static std::pair<Field, QString> validateServer(const ServerSettings &settings);
    void checkServer(const ServerSettings &settings); // serverChecked / serverCheckFailed
    ServerSettings server() const;
    std::optional<ServerInfo> serverInfo() const;
    std::optional<Endpoint> endpoint() const;

    // --- sign in ---
    void setBrowserLoginTimeout(std::chrono::milliseconds timeout);
    // Listens on 127.0.0.1, then asks for the login URL to be opened (openUrlRequested); the
    // token arrives as browserLoginSucceeded, or browserLoginFailed (timeout, cancel, error).
    void startBrowserLogin();
    void cancelBrowserLogin();
    bool isWaitingForBrowser() const;
    // A pasted token. Kept (in memory) when it reads as a JWT; the result says what it is.
    JwtParseResult setToken(const QByteArray &token);
    void clearToken();
    bool hasToken() const;
    std::optional<JwtClaims> claims() const;

    // --- verify ---
    void verify(); // verified / verifyFailed
    std::optional<CurrentContext> context() const;

    // --- save ---
    QString suggestedProfileName() const;
    // Saves the profile and writes the token to the session's secret store: saved / saveFailed.
    void save(const QString &profileName);
    std::optional<storage::Profile> savedProfile() const;
    // Opens the saved profile (or, for a sign-in again, the new token) in the session.
    void finishInSession();

    bool isBusy() const; // a check, verification or save is running
    void cancel(); // stops whatever runs, quietly

Q_SIGNALS:
    void busyChanged(bool busy);
    void serverChecked(const adm::ServerInfo &info);
    void serverCheckFailed(adm::models::ConnectFlow::Field field, const QString &message);
    void openUrlRequested(const QUrl &url);
    void browserLoginSucceeded();
    void browserLoginFailed(const QString &message);
    void verified(const adm::CurrentContext &context);
    void verifyFailed(const QString &message);
    void saved(const adm::storage::Profile &profile);
    // keychainUnavailable: offer the session-only login (Session::useSessionOnlySecrets()).
    void saveFailed(adm::models::ConnectFlow::Field field, const QString &message, bool keychainUnavailable);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace adm::models
