// SPDX-License-Identifier: Apache-2.0
// The connection the main window works with: one profile, its channel and in-memory token,
// the selected organization, and who the server says we are. Pages and models get their
// api clients, cache and journal from here; widgets never see the network or SQL.
#pragma once

#include "api/ApiError.h"
#include "core/Capabilities.h"
#include "core/Entities.h"
#include "core/JwtClaims.h"
#include "storage/Profile.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace adm::api {
class Channel;
}
namespace adm::storage {
class ActivityJournal;
class Database;
class KnownOrganizationRepository;
class ListingCache;
enum class ListingKind;
class ProfileRepository;
class SecretStore;
} // namespace adm::storage

namespace adm::models {

class Session : public QObject
{
    Q_OBJECT
public:
    enum class State {
        SignedOut, // no profile open
        Connecting, // reading the token, asking ContextService/Current
        Ready, // connected and identified
        Offline, // server unreachable: cached data only, read-only
        NeedsSignIn, // token missing, expired or revoked: one prompt, not a cascade of errors
    };
    Q_ENUM(State)

    // Not owned; all must outlive the session.
    Session(storage::Database &db, storage::SecretStore &secrets, QObject *parent = nullptr);
    ~Session() override;

    // Reads the profile's token from the secret store, builds the channel, asks Current.
    void open(const storage::Profile &profile);
    // The token is given (demo, tests, session-only login); it stays in memory only.
    void openWithToken(const storage::Profile &profile, const QByteArray &token);
    void close();
    // Deletes the keychain entry and closes.
    void signOut();
    // Re-asks Current (and Infoz) with the current token: after Offline, or after a new token.
    void reconnect();

    State state() const;
    QString stateMessage() const; // one sentence for the status bar
    const storage::Profile &profile() const;
    api::Channel *channel() const; // null when signed out
    std::optional<JwtClaims> claims() const;
    std::optional<CurrentContext> context() const;
    std::optional<ServerInfo> serverInfo() const;

    // The selected organization (sent as chainloop-organization). Switching is instant;
    // pages reload from the cache and refresh in the background.
    QString organization() const;
    void setOrganization(const QString &name);
    // Organizations for the picker: memberships for users, known locally for tokens.
    QStringList organizations() const;
    void refreshOrganizations();
    // Instance tokens cannot list organizations: the user adds one by name; verified with
    // ContextService/Current and the organization header before it is remembered.
    void addOrganizationByName(const QString &name);

    Identity identity() const;
    Permission permission(AdminAction action) const;

    // Every page reports its call failures here: Unauthenticated/TokenRevoked switch to
    // NeedsSignIn (once), Unreachable to Offline; the rest is for the page to show.
    void reportError(const api::ApiError &error);

    storage::Database &database() const;
    storage::ListingCache &cache() const;
    // Starts decoding, on another thread, the cached listing the window will show first (the
    // current profile's; the current organization's unless instanceLevel), so the page finds
    // it ready (ListingCache::prefetch). Nothing without a saved profile.
    void prefetchCachedListing(storage::ListingKind kind, bool instanceLevel);
    storage::ActivityJournal &journal() const;
    // Appends to the activity journal with the current profile and organization. Never pass a secret.
    void recordActivity(const QString &action, const QString &target, const api::ApiError &outcome = {});

    // --- added by the connect/session work (not in the first contract) ---
    // The store tokens are read from and written to. The app swaps in a MemorySecretStore for a
    // session-only login when no keychain works; not owned, must outlive the session.
    void setSecretStore(storage::SecretStore &secrets);
    storage::SecretStore &secretStore() const;
    bool isSessionOnly() const; // the secret store forgets everything at exit
    // Switches to a session-owned MemorySecretStore (the "session-only login" offered when no
    // keychain works). Tokens written from now on are forgotten when the app quits.
    void useSessionOnlySecrets();
    storage::ProfileRepository &profiles() const;
    storage::KnownOrganizationRepository &knownOrganizations() const;
    // After NeedsSignIn: stores the new token under the profile's key and reconnects with it.
    // A token for another user or organization kind is accepted; the server decides.
    void signInAgain(const QByteArray &token);
    // Memberships of a user identity (empty for API tokens), from the cache until refreshed.
    QList<Membership> memberships() const;
    // When the token expires (invalid = never, or no token).
    QDateTime tokenExpiresAt() const;
    // Seconds between retries while Offline (0 = never retry by itself). Default 30.
    void setOfflineRetryInterval(int seconds);

Q_SIGNALS:
    void stateChanged(adm::models::Session::State state);
    void organizationChanged(const QString &name);
    void organizationsChanged();
    void contextChanged(); // claims, context or server info changed
    void addOrganizationFailed(const QString &name, const QString &message);
    void signInRequired(const QString &why); // emitted once per transition to NeedsSignIn
    // open() could not read the token because the secret store failed (not because no token is
    // saved); `why` is for the user. Follows the signInRequired() of that failure.
    void secretStoreFailed(const QString &why);
    void organizationAdded(const QString &name); // addOrganizationByName() verified it

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace adm::models
