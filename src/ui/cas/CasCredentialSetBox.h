// SPDX-License-Identifier: Apache-2.0
// The "remembered credentials" rows shared by the add wizard's credentials pages and the edit
// dialog's rotation: pick a remembered set of this provider from a list (names from
// CredentialSetRepository, secrets from the keychain) and load it, forget one, remember the
// typed set under a name, and record when the cloud credential expires. The secret goes only
// to the SecretStore; the repository gets name, provider and date.
#pragma once

#include "core/CasBackendForm.h"

#include <QDateTime>
#include <QWidget>

#include <functional>
#include <memory>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Ui {
class CasCredentialSetBox;
}

namespace adm::storage {
class CredentialSetRepository;
class SecretStore;
} // namespace adm::storage

namespace adm::ui {

class CasCredentialSetBox : public QWidget
{
    Q_OBJECT
public:
    // Built empty (so a .ui can hold it); setup() gives it the provider and the stores.
    explicit CasCredentialSetBox(QWidget *parent = nullptr);
    ~CasCredentialSetBox() override;

    // `secrets` and `sets` must outlive the box; `sets` may be null (no list, no dates kept).
    // `namePrefix` makes the children's object names unique ("s3" -> "s3SetCombo").
    void setup(CasProvider provider, storage::SecretStore &secrets, storage::CredentialSetRepository *sets,
        const QString &namePrefix);
    CasProvider provider() const { return m_provider; }

    // Re-reads the remembered sets of this provider (after another box remembered or forgot one).
    void reload();

    QComboBox *setCombo() const;
    QPushButton *loadButton() const;
    QPushButton *forgetButton() const;
    QCheckBox *rememberCheck() const;
    QLineEdit *rememberNameEdit() const;
    QCheckBox *expiresCheck() const;
    QDateEdit *expiresEdit() const;
    QLabel *statusLabel() const;

    // Remembering is asked and the name is a usable DNS-1123 label (or it is not asked).
    bool isRememberValid() const;
    bool wantsRemember() const;
    QString rememberName() const;
    // When the credential expires (start of the day, UTC); invalid when not recorded.
    QDateTime expiresAt() const;
    void setExpiresAt(const QDateTime &when);
    // The set whose values are in the fields: the loaded one until the user edits a credential.
    QString loadedSetName() const { return m_loadedSet; }
    // The set a backend using these fields is recorded with: the remembered name, else the
    // loaded set, else none.
    QString credentialSetName() const;
    // The owner calls this when the user changes a credential field by hand.
    void credentialsEdited();

    // Writes the keychain entry, then the repository row (name, provider, expiry). `done`
    // gets (ok, message for the user).
    void remember(const CasFields &credentials, const std::function<void(bool, const QString &)> &done);
    // Records the date with a loaded set when it was changed here (the same credential).
    void updateLoadedSetExpiry();

    void loadSelected();
    void forgetSelected();

Q_SIGNALS:
    // A set was read from the keychain; the owner fills its fields (only keys it has).
    void loaded(const adm::CasFields &credentials);
    void setsChanged(); // a set was remembered or forgotten here
    void rememberChanged(); // remember ticked or its name edited

private:
    void showStatus(const QString &text, bool problem);
    void updateButtons();

    std::unique_ptr<Ui::CasCredentialSetBox> m_ui;
    CasProvider m_provider = CasProvider::S3;
    storage::SecretStore *m_secrets = nullptr;
    storage::CredentialSetRepository *m_sets = nullptr;
    QString m_loadedSet;
    QDateTime m_loadedExpiry;
    bool m_filling = false;
};

} // namespace adm::ui
