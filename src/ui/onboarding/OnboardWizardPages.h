// SPDX-License-Identifier: Apache-2.0
// The pages of the onboard wizard (OnboardWizard.h). Layouts are in forms/OnboardWizard*.ui;
// each page keeps what was typed when the user goes back (cleanupPage() does not reset).
#pragma once

#include "core/OnboardingPlan.h"
#include "core/OrganizationOnboarding.h"
#include "storage/CredentialSetRepository.h"

#include <QHash>
#include <QJsonObject>
#include <QPointer>
#include <QWizardPage>

#include <memory>
#include <optional>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace Ui {
class OnboardWizardOrganizationPage;
class OnboardWizardPeoplePage;
class OnboardWizardReviewPage;
class OnboardWizardRunPage;
class OnboardWizardSettingsPage;
class OnboardWizardStoragePage;
} // namespace Ui

namespace adm::models {
class OrganizationNameCheck;
}

namespace adm::ui {

class AddCasBackendWizard;
class OnboardWizard;

// The name, checked against the naming rule at every keystroke and for availability after a
// pause in typing (models::OrganizationNameCheck). Next stays disabled while the name is
// invalid, taken or still being checked; the rule or the reason is shown under the field.
class OnboardOrganizationPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit OnboardOrganizationPage(OnboardWizard &wizard);
    ~OnboardOrganizationPage() override;

    QString name() const;
    bool isComplete() const override;
    void cleanupPage() override { }

    QLineEdit *nameEdit() const;
    QLabel *hintLabel() const;
    models::OrganizationNameCheck *nameCheck() const { return m_check; }

private:
    void updateHint();

    std::unique_ptr<Ui::OnboardWizardOrganizationPage> ui;
    OnboardWizard &m_wizard;
    models::OrganizationNameCheck *m_check;
};

// The OrganizationService/Update fields, off unless the user opts in; disabled with the reason
// when the caller is an API token (tokens cannot call Update).
class OnboardSettingsPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit OnboardSettingsPage(OnboardWizard &wizard);
    ~OnboardSettingsPage() override;

    // Unset when the settings are left to the server's defaults.
    std::optional<OrganizationSettings> settings() const;
    void cleanupPage() override { }

    QWidget *settingsGroup() const;
    QLabel *unavailableLabel() const;
    // Sets the "change settings" switch and the policy-violation switch (tests, screenshots).
    void setChangeSettings(bool on);
    void setBlockOnPolicyViolation(bool on);
    void setMaxDaysInactive(int days);

private:
    std::unique_ptr<Ui::OnboardWizardSettingsPage> ui;
};

// E-mail + role rows. A row is added only when valid (format, not the caller, not twice, an
// owner only when the caller may invite owners); the rule that failed is shown.
class OnboardPeoplePage : public QWizardPage
{
    Q_OBJECT
public:
    explicit OnboardPeoplePage(OnboardWizard &wizard);
    ~OnboardPeoplePage() override;

    void initializePage() override;
    void cleanupPage() override { }
    bool validatePage() override; // adds a valid address still in the entry field

    QList<OrganizationOnboarding::Invitee> invitees() const { return m_invitees; }
    // Adds the entry as it would be typed; false with entryError() showing why.
    bool addInvitee(const QString &email, Role role);
    void removeInvitee(int row);

    QLineEdit *emailEdit() const;
    QLabel *entryError() const;
    QLabel *ownerNote() const;
    QPushButton *addButton() const;
    bool ownerRoleEnabled() const; // whether "owner" can be picked

private:
    void addFromEntry();
    void showError(const QString &message);
    void refreshTable();
    void updateNote();

    std::unique_ptr<Ui::OnboardWizardPeoplePage> ui;
    OnboardWizard &m_wizard;
    QList<OrganizationOnboarding::Invitee> m_invitees;
};

// Skip (keep default-inline), a remembered credential set with the location fields of its
// provider, or a new backend collected by the CAS backend wizard.
class OnboardStoragePage : public QWizardPage
{
    Q_OBJECT
public:
    enum class Choice { Skip, Remembered, New };

    explicit OnboardStoragePage(OnboardWizard &wizard);
    ~OnboardStoragePage() override;

    void initializePage() override;
    void cleanupPage() override { }
    bool isComplete() const override;

    Choice choice() const;
    void setChoice(Choice choice);
    // The backend to add; unset for Skip (or when the fields are not complete).
    std::optional<CasTemplate> cas() const;
    QHash<QString, QJsonObject> typedCredentials() const { return m_typedCredentials; }
    // True for the name given to credentials typed into the CAS wizard and not remembered.
    bool isTypedSet(const QString &name) const;

    // Remembered sets as listed (names, providers, expiry; never secrets).
    QList<storage::CredentialSetInfo> credentialSets() const { return m_sets; }
    bool selectCredentialSet(const QString &name);
    QLineEdit *backendNameEdit() const;
    QLineEdit *locationEdit(const QString &key) const { return m_locationEdits.value(key); }
    QLabel *locationPreview() const;
    QLabel *noteLabel() const;
    // The CAS backend wizard (planning mode) while it is open, for tests.
    AddCasBackendWizard *casWizard() const;

private:
    void reloadSets();
    void rebuildLocationFields();
    void updateState();
    QString rememberedError() const;
    void openCasWizard();

    std::unique_ptr<Ui::OnboardWizardStoragePage> ui;
    OnboardWizard &m_wizard;
    storage::CredentialSetRepository m_repository;
    QPointer<AddCasBackendWizard> m_casWizard;
    QList<storage::CredentialSetInfo> m_sets;
    QHash<QString, QLineEdit *> m_locationEdits;
    QHash<QString, QLabel *> m_locationErrors;
    QList<QWidget *> m_locationRows; // one per location field, in the page's form
    std::optional<CasTemplate> m_newBackend; // from the CAS wizard
    QHash<QString, QJsonObject> m_typedCredentials;
    bool m_remembered = false; // the new backend's credentials were remembered as a set
};

// The plan as the list of steps it will run, and what to know before running it.
class OnboardReviewPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit OnboardReviewPage(OnboardWizard &wizard);
    ~OnboardReviewPage() override;

    void initializePage() override;
    QStringList stepTexts() const;
    QLabel *notesLabel() const;

private:
    std::unique_ptr<Ui::OnboardWizardReviewPage> ui;
    OnboardWizard &m_wizard;
};

// Runs the plan: one row per step with its state and error, a progress bar, Stop, and Retry
// (the same run resumed: what is done is kept). Finish closes; a run that did not complete
// stays recorded and is offered again at the next start.
class OnboardRunPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit OnboardRunPage(OnboardWizard &wizard);
    ~OnboardRunPage() override;

    void initializePage() override;
    bool isComplete() const override;

    bool isRunning() const { return m_running; }
    bool isFinished() const { return m_finished; }
    bool allSucceeded() const { return m_allSucceeded; }
    QString runId() const { return m_runId; }
    void retry();
    void stop();

    QTreeWidget *stepTree() const;
    QProgressBar *progressBar() const;
    QLabel *statusLabel() const;
    QPushButton *retryButton() const;
    QPushButton *stopButton() const;

private:
    void fillSteps(const OnboardingPlan &plan);
    void updateStep(int index);
    void onFinished(bool allSucceeded, bool cancelled);
    void onFailedToStart(const QString &message);
    void setRunning(bool running);

    std::unique_ptr<Ui::OnboardWizardRunPage> ui;
    OnboardWizard &m_wizard;
    QString m_runId;
    bool m_running = false;
    bool m_finished = false;
    bool m_allSucceeded = false;
    bool m_started = false;
};

} // namespace adm::ui
