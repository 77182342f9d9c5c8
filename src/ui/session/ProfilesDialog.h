// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "storage/Profile.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ProfilesDialog;
}

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
    ~ProfilesDialog() override;

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
    std::unique_ptr<Ui::ProfilesDialog> m_ui;
};

} // namespace adm::ui
