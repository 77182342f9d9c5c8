// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "storage/Profile.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace adm::models {
class Session;
}

namespace adm::ui {

// Saved profiles: edit (name, address, protocol, TLS, CA file), delete (profile and its keychain
// entry), sign out (the keychain entry only), open. Non-modal; deleted when closed.
class ProfilesDialog : public QDialog
{
    Q_OBJECT
public:
    // `session` is not owned and must outlive the dialog.
    explicit ProfilesDialog(models::Session &session, QWidget *parent = nullptr);

    // Entry point for the main window (Profiles > Manage profiles…): window-modal, non-blocking.
    static ProfilesDialog *openFor(models::Session &session, QWidget *parent);

    void selectProfile(const QUuid &id);
    QUuid selectedProfileId() const;

Q_SIGNALS:
    void newConnectionRequested();

private:
    void reload();
    void showSelected();
    void saveChanges();
    void deleteSelected();
    void signOutSelected();
    void openSelected();
    void showError(const QString &text);
    std::optional<storage::Profile> selected() const;

    models::Session &m_session;
    QListWidget *m_list;
    QLineEdit *m_name;
    QLineEdit *m_address;
    QComboBox *m_protocol;
    QCheckBox *m_insecure;
    QLineEdit *m_caFile;
    QLabel *m_organization;
    QLabel *m_kind;
    QLabel *m_expiry;
    QLabel *m_error;
    QPushButton *m_save;
    QPushButton *m_delete;
    QPushButton *m_signOut;
    QPushButton *m_open;
};

} // namespace adm::ui
