// SPDX-License-Identifier: Apache-2.0
#include "ui_OnboardWizardReviewPage.h"

#include "ui/onboarding/OnboardWizard.h"
#include "ui/onboarding/OnboardWizardPages.h"

#include <algorithm>

namespace adm::ui {

namespace {
QString onOff(bool on)
{
    return on ? OnboardReviewPage::tr("on") : OnboardReviewPage::tr("off");
}

// The settings a step sends, one short phrase each.
QString settingsDetail(const OrganizationSettings &s)
{
    QStringList parts;
    if (s.blockOnPolicyViolation)
        parts << OnboardReviewPage::tr("block on policy violation %1").arg(onOff(*s.blockOnPolicyViolation));
    if (s.policyAllowedHostnames && !s.policyAllowedHostnames->isEmpty())
        parts
            << OnboardReviewPage::tr("allowed hostnames %1").arg(s.policyAllowedHostnames->join(QStringLiteral(", ")));
    if (s.preventImplicitWorkflowCreation)
        parts << OnboardReviewPage::tr("prevent implicit workflows %1").arg(onOff(*s.preventImplicitWorkflowCreation));
    if (s.restrictContractCreationToOrgAdmins)
        parts
            << OnboardReviewPage::tr("contracts by admins only %1").arg(onOff(*s.restrictContractCreationToOrgAdmins));
    if (s.apiTokenMaxDaysInactive)
        parts << (*s.apiTokenMaxDaysInactive == 0
                ? OnboardReviewPage::tr("inactive tokens kept")
                : OnboardReviewPage::tr("revoke tokens inactive %1 days").arg(*s.apiTokenMaxDaysInactive));
    if (s.enableAiAgentCollector)
        parts << OnboardReviewPage::tr("AI agent collector %1").arg(onOff(*s.enableAiAgentCollector));
    if (s.blockAttestationsOnReleasedVersions)
        parts << OnboardReviewPage::tr("block on released versions %1")
                     .arg(onOff(*s.blockAttestationsOnReleasedVersions));
    if (s.skipRunnerEnvVars)
        parts << OnboardReviewPage::tr("skip runner env vars %1").arg(onOff(*s.skipRunnerEnvVars));
    return parts.join(QStringLiteral("; "));
}
} // namespace

OnboardReviewPage::OnboardReviewPage(OnboardWizard &wizard)
    : QWizardPage(&wizard)
    , ui(std::make_unique<Ui::OnboardWizardReviewPage>())
    , m_wizard(wizard)
{
    ui->setupUi(this);
    setObjectName(QStringLiteral("onboardReviewPage"));
    setTitle(tr("Review"));
    setSubTitle(tr("These steps run in this order. Each is recorded before it is sent, so an interrupted run can be "
                   "resumed without creating anything twice."));
    // Run is the point of no return: the wizard's Back is gone after it.
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("&Run"));
}

OnboardReviewPage::~OnboardReviewPage() = default;

void OnboardReviewPage::initializePage()
{
    const OnboardingPlan plan = m_wizard.plan();
    ui->stepList->clear();
    int n = 1;
    for (const OnboardingStep &s : plan.steps) {
        QString text = QStringLiteral("%1. %2").arg(n++).arg(stepDescription(s));
        if (s.kind == OnboardingStep::Kind::UpdateSettings)
            text += QStringLiteral(": ") + settingsDetail(s.settings);
        else if (s.kind == OnboardingStep::Kind::AddCasBackend) {
            const bool typed = m_wizard.storagePage()->isTypedSet(s.cas.credentialSet);
            text += typed ? tr(" with the credentials typed in (memory only)")
                          : tr(" with the credentials of set %1").arg(s.cas.credentialSet);
            if (s.cas.isDefault)
                text += tr(", as the default");
        }
        ui->stepList->addItem(text);
    }
    const int invites = int(std::count_if(plan.steps.cbegin(), plan.steps.cend(),
        [](const OnboardingStep &s) { return s.kind == OnboardingStep::Kind::Invite; }));
    ui->summaryLabel->setText(tr("%1: %n step(s), %2.", nullptr, int(plan.steps.size()))
                                  .arg(m_wizard.onboarding().name,
                                      invites == 0 ? tr("no invitations") : tr("%n invitation(s)", nullptr, invites)));

    QStringList notes;
    const OnboardingCaller caller = m_wizard.caller();
    notes << ownershipNote(caller);
    if (caller.kind != JwtClaims::Kind::User && !hasManager(m_wizard.onboarding().invitees))
        notes << tr("⚠ No admin is invited: nobody will be able to manage this organization.");
    if (!m_wizard.onboarding().cas)
        notes << tr("Storage: default-inline only.");
    ui->notesLabel->setText(notes.join(QLatin1Char('\n')));
}

QStringList OnboardReviewPage::stepTexts() const
{
    QStringList out;
    for (int i = 0; i < ui->stepList->count(); ++i)
        out << ui->stepList->item(i)->text();
    return out;
}

QLabel *OnboardReviewPage::notesLabel() const
{
    return ui->notesLabel;
}

} // namespace adm::ui
