// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QComboBox>
#include <QDialog>
#include <QPointer>

class QLabel;
class QLineEdit;
class QDialogButtonBox;

namespace adm::models {
class Session;
}

namespace adm::ui {

// Asks for an organization name and has the session verify it (ContextService/Current with the
// organization header) before it is remembered. Stays open with the error and the typed name
// when the server does not confirm it.
class AddOrganizationDialog : public QDialog
{
    Q_OBJECT
public:
    // `session` is not owned and must outlive the dialog.
    explicit AddOrganizationDialog(models::Session &session, QWidget *parent = nullptr);

    QLineEdit *nameEdit() const { return m_name; }

private:
    void submit();
    void setBusy(bool busy);

    models::Session &m_session;
    QLineEdit *m_name;
    QLabel *m_error;
    QLabel *m_progress;
    QDialogButtonBox *m_buttons;
    QString m_pending; // the name being verified
};

// The toolbar's organization picker. Users: their memberships (UserService/ListMemberships,
// cached). Instance tokens: the organizations known locally plus "Add organization by name…".
// Organization and project tokens: their one organization. Switching is instant.
class OrganizationPicker : public QComboBox
{
    Q_OBJECT
public:
    // `session` is not owned and must outlive the picker.
    explicit OrganizationPicker(models::Session &session, QWidget *parent = nullptr);

    void reload();
    // Opens the "Add organization by name…" dialog (non-blocking) and returns it.
    AddOrganizationDialog *openAddOrganizationDialog();
    AddOrganizationDialog *addOrganizationDialog() const { return m_addDialog; }

private:
    void onActivated(int index);

    models::Session &m_session;
    QPointer<AddOrganizationDialog> m_addDialog;
    QStringList m_names; // the items shown, so an unchanged list is not rebuilt
    bool m_offersAdd = false;
};

} // namespace adm::ui
