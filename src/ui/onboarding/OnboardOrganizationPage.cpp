// SPDX-License-Identifier: Apache-2.0
#include "ui_OnboardWizardOrganizationPage.h"

#include "models/OrganizationNameCheck.h"
#include "models/Session.h"
#include "ui/onboarding/OnboardWizard.h"
#include "ui/onboarding/OnboardWizardPages.h"

namespace adm::ui {

namespace {
QString noticeStyle()
{
    return QStringLiteral("QLabel { background: rgba(240,170,0,60); padding: 6px; }");
}
} // namespace

OnboardOrganizationPage::OnboardOrganizationPage(OnboardWizard &wizard)
    : QWizardPage(&wizard)
    , ui(std::make_unique<Ui::OnboardWizardOrganizationPage>())
    , m_wizard(wizard)
    , m_check(new models::OrganizationNameCheck(wizard.session(), this))
{
    ui->setupUi(this);
    setObjectName(QStringLiteral("onboardOrganizationPage"));
    setTitle(tr("Organization"));
    setSubTitle(tr("The new organization's name. Its people, storage and settings follow; nothing is sent before "
                   "you run the plan on the review page."));

    models::Session &session = wizard.session();
    const auto info = session.serverInfo();
    const Permission create = session.permission(AdminAction::CreateOrganization);
    QString notice;
    if (!create.allowed)
        notice = create.reason;
    else if (info && info->restrictedOrgCreation)
        notice = tr("This instance restricts creating organizations to instance administrators; you are allowed.");
    ui->restrictedNotice->setText(notice);
    ui->restrictedNotice->setStyleSheet(noticeStyle());
    ui->restrictedNotice->setVisible(!notice.isEmpty());
    ui->ownershipNote->setText(ownershipNote(wizard.caller()));

    connect(ui->nameEdit, &QLineEdit::textChanged, this, [this](const QString &text) { m_check->check(text); });
    connect(m_check, &models::OrganizationNameCheck::changed, this, &OnboardOrganizationPage::updateHint);
    m_check->check({});
    updateHint();
}

OnboardOrganizationPage::~OnboardOrganizationPage() = default;

QString OnboardOrganizationPage::name() const
{
    return ui->nameEdit->text();
}

bool OnboardOrganizationPage::isComplete() const
{
    return m_check->name() == name() && m_check->acceptable()
        && m_wizard.session().permission(AdminAction::CreateOrganization).allowed;
}

QLineEdit *OnboardOrganizationPage::nameEdit() const
{
    return ui->nameEdit;
}

QLabel *OnboardOrganizationPage::hintLabel() const
{
    return ui->nameHint;
}

void OnboardOrganizationPage::updateHint()
{
    using Verdict = models::OrganizationNameCheck::Verdict;
    const Verdict v = m_check->verdict();
    ui->nameHint->setText(m_check->message());
    const bool bad = v == Verdict::Invalid || v == Verdict::Taken;
    ui->nameHint->setStyleSheet(bad ? QStringLiteral("QLabel { color: #b3261e; }") : QString());
    Q_EMIT completeChanged();
}

} // namespace adm::ui
