// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QComboBox>

namespace adm::models {
class Session;
}

namespace adm::ui {

// The toolbar's profile picker: saved profiles (most recently used first), the open one marked
// with its token expiry, plus "New connection…" and "Manage profiles…". Picking a profile opens
// it in the session.
class ProfilePicker : public QComboBox
{
    Q_OBJECT
public:
    // `session` is not owned and must outlive the picker.
    explicit ProfilePicker(models::Session &session, QWidget *parent = nullptr);

    // Reloads the profiles from the database (also done on every change by itself).
    void reload();

    // "expires in 6 days", "expired on …", "never expires", "session only": one phrase for the UI.
    static QString expiryText(const QDateTime &expiresAt);

Q_SIGNALS:
    void newConnectionRequested();
    void manageProfilesRequested();

private:
    void onActivated(int index);

    models::Session &m_session;
    bool m_reloading = false;
};

} // namespace adm::ui
