// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFrame>

#include <functional>

class QLabel;
class QPushButton;

namespace adm::models {
class Session;
}

namespace adm::ui {

// Says why no keychain can hold the token and offers a session-only login: the token is kept in
// memory (MemorySecretStore) and forgotten at exit. Never a file.
class KeychainUnavailableNotice : public QFrame
{
    Q_OBJECT
public:
    explicit KeychainUnavailableNotice(QWidget *parent = nullptr);

    void setReason(const QString &why);
    QString reason() const;

    // For the app at startup: probes the session's secret store and, when it does not work,
    // shows the notice in a window-modal dialog; choosing the session-only login switches the
    // session to it (Session::useSessionOnlySecrets()). Returns at once; `done(bool sessionOnly)`
    // runs when the probe succeeded (false) or the user decided.
    static void checkAtStartup(
        models::Session &session, QWidget *parent, std::function<void(bool sessionOnly)> done = {});

    // For the app at startup when a saved profile is about to be opened: reading its token
    // proves the keychain works, so no probe (a write, read back and delete over D-Bus, tens of
    // milliseconds before the first cached rows could show). Only if that first read fails
    // because of the store (Session::secretStoreFailed) is the same dialog shown, on top of the
    // sign-in prompt the failure brings. Call before the event loop runs again after
    // Session::open() (the store answers asynchronously).
    static void offerIfTokenUnreadable(models::Session &session, QWidget *parent);

Q_SIGNALS:
    void sessionOnlyChosen();

private:
    static void showDialog(
        models::Session &session, QWidget *parent, const QString &why, std::function<void(bool sessionOnly)> done);

    QLabel *m_text;
    QPushButton *m_button;
    QString m_reason;
};

} // namespace adm::ui
