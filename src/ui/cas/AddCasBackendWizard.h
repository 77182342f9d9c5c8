// SPDX-License-Identifier: Apache-2.0
// Add a CAS backend: provider → location → credentials → name, limit and role → review and
// create → done. Every field is checked as the user types with its rule shown under it. The
// create call (the server's live write check, up to 10 s) runs from the review page's
// validatePage() without a nested loop; an "invalid config" answer returns to the credentials
// page with the provider's message and every field kept.
//
// For an organization that does not exist yet (the onboarding wizard) createForPlanning()
// builds it without a controller: the review page's Finish calls no server, and request()
// plus rememberedSetName() give the result.
#pragma once

#include "api/ApiError.h"
#include "api/Requests.h"
#include "core/CasBackendForm.h"

#include <QDateTime>
#include <QHash>
#include <QWizard>

#include <optional>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;

namespace adm::models {
class CasBackendsController;
}
namespace adm::storage {
class CredentialSetRepository;
class SecretStore;
} // namespace adm::storage

namespace adm::ui {

class CasCredentialSetBox;

class AddCasBackendWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId {
        ProviderPage,
        S3LocationPage,
        S3CredentialsPage,
        AzureLocationPage,
        AzureCredentialsPage,
        OciLocationPage,
        OciCredentialsPage,
        CommonPage,
        ReviewPage,
        DonePage
    };

    // `controller`, `secrets` and `sets` must outlive the wizard. `sets` (the remembered sets'
    // names and dates) may be null: no list to pick from, no dates recorded.
    AddCasBackendWizard(models::CasBackendsController &controller, storage::SecretStore &secrets,
        storage::CredentialSetRepository *sets, QWidget *parent = nullptr);
    // Collects a backend for an organization that does not exist yet: no controller, Finish on
    // the review page calls no server (it only writes a remembered set to the keychain).
    static AddCasBackendWizard *createForPlanning(
        storage::SecretStore &secrets, storage::CredentialSetRepository *sets, QWidget *parent = nullptr);
    bool isPlanning() const { return m_controller == nullptr; }
    // Names the new backend must not take (planning: other backends of the plan).
    void setTakenNames(const QStringList &names) { m_takenNames = names; }

    CasProvider provider() const { return m_provider; }
    void setProvider(CasProvider provider);
    static int locationPageOf(CasProvider provider);
    static int credentialsPageOf(CasProvider provider);

    // Widgets, for tests and screenshots.
    QLineEdit *fieldEdit(CasProvider provider, const QString &key) const;
    QLabel *fieldErrorLabel(CasProvider provider, const QString &key) const;
    QLabel *serverErrorLabel(CasProvider provider) const;
    QLabel *locationPreview(CasProvider provider) const;
    CasCredentialSetBox *credentialSetBox(CasProvider provider) const;
    QCheckBox *rememberCheck(CasProvider provider) const;
    QLineEdit *rememberNameEdit(CasProvider provider) const;
    QComboBox *setCombo(CasProvider provider) const; // remembered sets of the provider
    QPushButton *loadButton(CasProvider provider) const;
    QPushButton *forgetButton(CasProvider provider) const;
    QCheckBox *expiresCheck(CasProvider provider) const;
    QDateEdit *expiresEdit(CasProvider provider) const;
    QLabel *rememberStatusLabel(CasProvider provider) const;
    QLineEdit *nameEdit() const { return m_name; }
    QLabel *nameError() const { return m_nameError; }
    QLineEdit *descriptionEdit() const { return m_description; }
    QLineEdit *limitEdit() const { return m_limit; }
    QLabel *limitError() const { return m_limitError; }
    QRadioButton *defaultRadio() const { return m_default; }
    QRadioButton *fallbackRadio() const { return m_fallback; }
    QRadioButton *plainRadio() const { return m_plain; }
    QLabel *roleNote() const { return m_roleNote; }
    QLabel *reviewLabel() const { return m_review; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *commitStatus() const { return m_commitStatus; }
    QPushButton *cancelCommitButton() const { return m_cancelCommit; }
    QLabel *doneLabel() const { return m_done; }

    CasFields fields(CasProvider provider) const;
    // The backend to create, credentials included (in memory only).
    api::NewCasBackend request() const;
    // The keychain set the credentials were remembered as (ticked "remember"), else empty.
    QString rememberedSetName() const;
    // When the backend's credential expires, as entered; invalid when not recorded.
    QDateTime credentialExpiry() const;
    QString reviewText() const; // never contains a secret
    bool isCommitting() const { return m_committing; }
    void cancelCommit();

    // Called by the review page.
    bool startCommit();
    bool committed() const { return m_committed; }

private:
    struct ProviderWidgets {
        QHash<QString, QLineEdit *> edits;
        QHash<QString, QLabel *> errors;
        QLabel *preview = nullptr;
        QLabel *serverError = nullptr;
        CasCredentialSetBox *sets = nullptr;
    };

    AddCasBackendWizard(models::CasBackendsController *controller, storage::SecretStore &secrets,
        storage::CredentialSetRepository *sets, QWidget *parent);
    QWizardPage *buildProviderPage();
    QWizardPage *buildLocationPage(CasProvider provider);
    QWizardPage *buildCredentialsPage(CasProvider provider);
    void addFieldRows(QWizardPage *page, QLayout *form, CasProvider provider, const QStringList &keys);
    QWizardPage *buildCommonPage();
    QWizardPage *buildReviewPage();
    QWizardPage *buildDonePage();
    void updateCommon();
    void onCreated();
    void onCreateFailed(const api::ApiError &error, const QString &message);
    void setCommitting(bool on);
    void rememberIfAsked();
    void recordCredentials();
    bool finishPlanning();
    QStringList takenNames() const;
    QList<CasBackend> existingBackends() const;
    std::optional<qint64> limitBytes() const;

    models::CasBackendsController *m_controller = nullptr; // null when planning
    storage::SecretStore &m_secrets;
    storage::CredentialSetRepository *m_sets = nullptr;
    QStringList m_takenNames;
    QString m_rememberedSet;
    CasProvider m_provider = CasProvider::S3;
    QHash<int, ProviderWidgets> m_widgets; // by int(CasProvider)
    QHash<int, QRadioButton *> m_providerRadios;
    QLineEdit *m_name = nullptr;
    QLabel *m_nameError = nullptr;
    QLineEdit *m_description = nullptr;
    QLineEdit *m_limit = nullptr;
    QLabel *m_limitError = nullptr;
    QRadioButton *m_plain = nullptr;
    QRadioButton *m_default = nullptr;
    QRadioButton *m_fallback = nullptr;
    QLabel *m_roleNote = nullptr;
    QLabel *m_review = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_commitStatus = nullptr;
    QPushButton *m_cancelCommit = nullptr;
    QLabel *m_done = nullptr;
    bool m_committing = false;
    bool m_committed = false;
};

} // namespace adm::ui
