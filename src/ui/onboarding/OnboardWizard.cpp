// SPDX-License-Identifier: Apache-2.0
#include "ui/onboarding/OnboardWizard.h"

#include "models/OnboardingController.h"
#include "models/Session.h"
#include "ui/onboarding/OnboardWizardPages.h"

namespace adm::ui {

OnboardWizard::OnboardWizard(models::Session &session, QWidget *parent)
    : QWizard(parent)
    , m_session(session)
    , m_controller(new models::OnboardingController(session, this))
{
    setObjectName(QStringLiteral("onboardWizard"));
    setAccessibleName(tr("Onboard an organization"));
    setWindowTitle(tr("Onboard Organization"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage, true);
    setOption(QWizard::NoBackButtonOnLastPage, true);
    setOption(QWizard::NoCancelButtonOnLastPage, true);
    setMinimumSize(720, 560);

    m_organization = new OnboardOrganizationPage(*this);
    m_settings = new OnboardSettingsPage(*this);
    m_people = new OnboardPeoplePage(*this);
    m_storage = new OnboardStoragePage(*this);
    m_review = new OnboardReviewPage(*this);
    m_run = new OnboardRunPage(*this);
    setPage(OrganizationPageId, m_organization);
    setPage(SettingsPageId, m_settings);
    setPage(PeoplePageId, m_people);
    setPage(StoragePageId, m_storage);
    setPage(ReviewPageId, m_review);
    setPage(RunPageId, m_run);
    setStartId(OrganizationPageId);
}

OnboardWizard::~OnboardWizard() = default;

OnboardWizard *OnboardWizard::openFor(models::Session &session, QWidget *parent)
{
    auto *wizard = new OnboardWizard(session, parent);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->open();
    return wizard;
}

OnboardingCaller OnboardWizard::caller() const
{
    OnboardingCaller c;
    if (const auto claims = m_session.claims())
        c.kind = claims->kind;
    if (c.kind == JwtClaims::Kind::User) {
        if (const auto context = m_session.context())
            c.email = context->user.email;
    }
    return c;
}

OrganizationOnboarding OnboardWizard::onboarding() const
{
    OrganizationOnboarding o;
    o.name = m_organization->name();
    o.settings = m_settings->settings();
    o.invitees = m_people->invitees();
    o.cas = m_storage->cas();
    return o;
}

OnboardingPlan OnboardWizard::plan() const
{
    return planForOrganization(onboarding());
}

QHash<QString, QJsonObject> OnboardWizard::typedCredentials() const
{
    return m_storage->typedCredentials();
}

void OnboardWizard::done(int result)
{
    // Closing mid-run stops sending; what was in flight is checked when the run is resumed.
    if (m_run->isRunning())
        m_run->stop();
    if (m_run->isFinished()) {
        const OnboardingPlan &plan = m_controller->plan();
        const int create = plan.createStepOf(m_organization->name());
        if (create >= 0 && plan.steps[create].succeeded())
            Q_EMIT organizationOnboarded(m_organization->name());
    }
    QWizard::done(result);
}

} // namespace adm::ui
