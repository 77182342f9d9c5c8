// SPDX-License-Identifier: Apache-2.0
// Edit a CAS backend: description, default/fallback, per-blob limit, and credential rotation
// (the full set for the provider, checked again by the server; a remembered set can be loaded,
// the new one remembered, and its expiry recorded). Only changed fields are sent.
#pragma once

#include "api/Requests.h"
#include "core/CasBackendForm.h"
#include "core/Entities.h"

#include <QDialog>
#include <QHash>

#include <memory>

class QCheckBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace Ui {
class EditCasBackendDialog;
}

namespace adm::models {
class CasBackendsController;
}
namespace adm::storage {
class CredentialSetRepository;
class SecretStore;
} // namespace adm::storage

namespace adm::ui {

class CasCredentialSetBox;

class EditCasBackendDialog : public QDialog
{
    Q_OBJECT
public:
    // `sets` may be null (no list of remembered sets, no expiry recorded).
    EditCasBackendDialog(models::CasBackendsController &controller, storage::SecretStore &secrets,
        storage::CredentialSetRepository *sets, const CasBackend &backend, QWidget *parent = nullptr);
    ~EditCasBackendDialog() override;

    QLineEdit *descriptionEdit() const;
    QLineEdit *limitEdit() const;
    QRadioButton *defaultRadio() const;
    QRadioButton *fallbackRadio() const;
    QRadioButton *plainRadio() const;
    QLabel *roleNote() const;
    QGroupBox *rotateGroup() const;
    QLineEdit *credentialEdit(const QString &key) const { return m_edits.value(key); }
    CasCredentialSetBox *credentialSetBox() const { return m_setBox; }
    QLabel *errorLabel() const;
    QDialogButtonBox *buttons() const;
    api::CasBackendChanges changes() const;
    bool isBusy() const { return m_busy; }

public Q_SLOTS:
    void submit();

private:
    void validate();
    void finishRotation();

    models::CasBackendsController &m_controller;
    storage::SecretStore &m_secrets;
    storage::CredentialSetRepository *m_sets;
    CasBackend m_backend;
    std::optional<CasProvider> m_provider;
    std::unique_ptr<Ui::EditCasBackendDialog> m_ui;
    QHash<QString, QLineEdit *> m_edits;
    QHash<QString, QLabel *> m_errors;
    CasCredentialSetBox *m_setBox = nullptr;
    bool m_busy = false;
};

} // namespace adm::ui
