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

Q_SIGNALS:
    void sessionOnlyChosen();

private:
    QLabel *m_text;
    QPushButton *m_button;
    QString m_reason;
};

} // namespace adm::ui
