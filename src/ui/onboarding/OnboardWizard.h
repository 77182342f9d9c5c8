// SPDX-License-Identifier: Apache-2.0
// Onboard one organization: name (checked as typed) -> settings (optional) -> people -> storage
// -> review (the plan's steps) -> run (progress per step, stop, retry of what failed). The
// pages only collect; core::planForOrganization turns their fields into the plan and
// models::OnboardingController runs it with the same engine and journal as `apply`, so a
// retry resumes the same run and nothing is created twice.
#pragma once

#include "core/OrganizationOnboarding.h"

#include <QHash>
#include <QJsonObject>
#include <QWizard>

namespace adm::models {
class OnboardingController;
class Session;
} // namespace adm::models

namespace adm::ui {

class OnboardOrganizationPage;
class OnboardPeoplePage;
class OnboardReviewPage;
class OnboardRunPage;
class OnboardSettingsPage;
class OnboardStoragePage;

class OnboardWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { OrganizationPageId, SettingsPageId, PeoplePageId, StoragePageId, ReviewPageId, RunPageId };

    // `session` must outlive the wizard.
    explicit OnboardWizard(models::Session &session, QWidget *parent = nullptr);
    ~OnboardWizard() override;

    // For the main window: window-modal, non-blocking, deleted when closed.
    static OnboardWizard *openFor(models::Session &session, QWidget *parent);

    models::Session &session() const { return m_session; }
    models::OnboardingController &controller() const { return *m_controller; }
    OnboardingCaller caller() const;
    // What the pages hold now, and the plan it makes.
    OrganizationOnboarding onboarding() const;
    OnboardingPlan plan() const;
    // Credentials typed into the CAS wizard for a new backend (memory only), by set name.
    QHash<QString, QJsonObject> typedCredentials() const;

    OnboardOrganizationPage *organizationPage() const { return m_organization; }
    OnboardSettingsPage *settingsPage() const { return m_settings; }
    OnboardPeoplePage *peoplePage() const { return m_people; }
    OnboardStoragePage *storagePage() const { return m_storage; }
    OnboardReviewPage *reviewPage() const { return m_review; }
    OnboardRunPage *runPage() const { return m_run; }

    void done(int result) override; // stops a running run before closing

Q_SIGNALS:
    // The run ended with the organization created (or adopted): the lists should show it.
    void organizationOnboarded(const QString &name);

private:
    models::Session &m_session;
    models::OnboardingController *m_controller;
    OnboardOrganizationPage *m_organization;
    OnboardSettingsPage *m_settings;
    OnboardPeoplePage *m_people;
    OnboardStoragePage *m_storage;
    OnboardReviewPage *m_review;
    OnboardRunPage *m_run;
};

} // namespace adm::ui
