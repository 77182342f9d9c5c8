// SPDX-License-Identifier: Apache-2.0
#include "ui_OnboardWizardSettingsPage.h"

#include "ui/onboarding/OnboardWizard.h"
#include "ui/onboarding/OnboardWizardPages.h"

namespace adm::ui {

OnboardSettingsPage::OnboardSettingsPage(OnboardWizard &wizard)
    : QWizardPage(&wizard)
    , ui(std::make_unique<Ui::OnboardWizardSettingsPage>())
{
    ui->setupUi(this);
    setObjectName(QStringLiteral("onboardSettingsPage"));
    setTitle(tr("Settings (optional)"));
    setSubTitle(tr("Leave this off to keep the server's defaults; every setting can be changed later on the "
                   "organization's Settings page."));
    const QString why = settingsUnavailableReason(wizard.caller());
    ui->unavailableLabel->setText(why);
    ui->unavailableLabel->setVisible(!why.isEmpty());
    ui->unavailableLabel->setStyleSheet(QStringLiteral("QLabel { background: rgba(240,170,0,60); padding: 6px; }"));
    ui->settingsGroup->setEnabled(why.isEmpty());
    ui->settingsGroup->setToolTip(why);
    ui->maxDaysSpin->setRange(0, 365);
}

OnboardSettingsPage::~OnboardSettingsPage() = default;

std::optional<OrganizationSettings> OnboardSettingsPage::settings() const
{
    if (!ui->settingsGroup->isEnabled() || !ui->settingsGroup->isChecked())
        return std::nullopt;
    // Every field as shown: the organization is new, so "as shown" is what the user chose.
    OrganizationSettings s;
    s.blockOnPolicyViolation = ui->blockCheck->isChecked();
    QStringList hosts;
    for (const QString &line : ui->hostnamesEdit->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (!line.trimmed().isEmpty())
            hosts << line.trimmed();
    }
    if (!hosts.isEmpty())
        s.policyAllowedHostnames = hosts; // a new organization's list is empty already
    s.preventImplicitWorkflowCreation = ui->preventImplicitCheck->isChecked();
    s.restrictContractCreationToOrgAdmins = ui->restrictContractsCheck->isChecked();
    s.apiTokenMaxDaysInactive = ui->maxDaysSpin->value();
    s.enableAiAgentCollector = ui->aiCollectorCheck->isChecked();
    s.blockAttestationsOnReleasedVersions = ui->blockReleasedCheck->isChecked();
    s.skipRunnerEnvVars = ui->skipRunnerEnvCheck->isChecked();
    return s;
}

QWidget *OnboardSettingsPage::settingsGroup() const
{
    return ui->settingsGroup;
}

QLabel *OnboardSettingsPage::unavailableLabel() const
{
    return ui->unavailableLabel;
}

void OnboardSettingsPage::setChangeSettings(bool on)
{
    ui->settingsGroup->setChecked(on);
}

void OnboardSettingsPage::setBlockOnPolicyViolation(bool on)
{
    ui->blockCheck->setChecked(on);
}

void OnboardSettingsPage::setMaxDaysInactive(int days)
{
    ui->maxDaysSpin->setValue(days);
}

} // namespace adm::ui
