// SPDX-License-Identifier: Apache-2.0
#include "ui/pages/OrgSettingsPage.h"

#include "ui_OrgSettingsPage.h"

#include "models/OrganizationTableModel.h"
#include "models/OrganizationsController.h"
#include "models/Session.h"

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QToolBar>

namespace adm::ui {

namespace {
QStringList hostnamesOf(const QPlainTextEdit *edit)
{
    QStringList out;
    for (const QString &line : edit->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (!line.trimmed().isEmpty())
            out.append(line.trimmed());
    }
    return out;
}
} // namespace

OrgSettingsPage::OrgSettingsPage(
    models::Session &session, models::OrganizationsController *organizations, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_orgs(organizations)
    , m_ui(std::make_unique<Ui::OrgSettingsPage>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("orgSettingsPage"));
    setAccessibleName(title());
    QFont headingFont = m_ui->pageTitle->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.3);
    headingFont.setBold(true);
    m_ui->pageTitle->setFont(headingFont);

    m_save = new QAction(tr("&Save Settings"), this);
    m_save->setObjectName(QStringLiteral("saveSettingsAction"));
    m_save->setShortcut(QKeySequence::Save);
    m_save->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_revert = new QAction(tr("Re&vert"), this);
    m_revert->setObjectName(QStringLiteral("revertSettingsAction"));
    m_revert->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    m_revert->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_save);
    addAction(m_revert);
    connect(m_save, &QAction::triggered, this, &OrgSettingsPage::save);
    connect(m_revert, &QAction::triggered, this, &OrgSettingsPage::revert);
    auto *bar = new QToolBar(this);
    bar->setObjectName(QStringLiteral("pageToolBar"));
    bar->setAccessibleName(tr("Settings actions"));
    bar->addAction(m_save);
    bar->addAction(m_revert);

    m_ui->topLayout->addSpacing(12);
    m_ui->topLayout->addWidget(bar, 1);

    for (QCheckBox *c : { m_ui->blockOnPolicyViolationCheck, m_ui->preventImplicitWorkflowCheck,
             m_ui->restrictContractsCheck, m_ui->aiCollectorCheck, m_ui->blockReleasedCheck, m_ui->skipRunnerEnvCheck })
        connect(c, &QCheckBox::toggled, this, &OrgSettingsPage::updateActions);
    connect(m_ui->hostnamesEdit, &QPlainTextEdit::textChanged, this, &OrgSettingsPage::updateActions);
    connect(m_ui->maxDaysInactiveSpin, &QSpinBox::valueChanged, this, &OrgSettingsPage::updateActions);
    connect(m_orgs->model(), &QAbstractItemModel::modelReset, this, [this] {
        if (!hasChanges())
            load(m_orgs->organization(m_session.organization()));
    });
    connect(m_orgs, &models::OrganizationsController::organizationUpdated, this,
        [this](const Organization &org) { load(org); });
    connect(m_orgs, &models::PageController::actionFinished, this,
        [this](const QString &action, const api::ApiError &error, const QString &message) {
            if (action != QLatin1String("org.update"))
                return;
            m_ui->statusLabel->setText(message);
            m_ui->statusLabel->setStyleSheet(error.isError()
                    ? QStringLiteral("QLabel { background: rgba(220,50,50,60); padding: 6px; }")
                    : QStringLiteral("QLabel { background: rgba(60,170,60,50); padding: 6px; }"));
        });
    connect(&session, &models::Session::stateChanged, this, &OrgSettingsPage::updateActions);
    connect(&session, &models::Session::contextChanged, this, &OrgSettingsPage::updateActions);
    setFocusProxy(m_ui->blockOnPolicyViolationCheck);
    updateActions();
}

OrgSettingsPage::~OrgSettingsPage() = default;

QCheckBox *OrgSettingsPage::blockOnPolicyViolation() const
{
    return m_ui->blockOnPolicyViolationCheck;
}

QSpinBox *OrgSettingsPage::maxDaysInactive() const
{
    return m_ui->maxDaysInactiveSpin;
}

QLabel *OrgSettingsPage::statusLabel() const
{
    return m_ui->statusLabel;
}

QString OrgSettingsPage::title() const
{
    return tr("Settings");
}

QList<QAction *> OrgSettingsPage::pageActions() const
{
    return { m_save, m_revert };
}

void OrgSettingsPage::activate()
{
    m_ui->pageTitle->setText(tr("Settings of %1").arg(m_session.organization()));
    if (m_loaded)
        return;
    m_loaded = true;
    m_ui->statusLabel->setStyleSheet({});
    m_ui->statusLabel->clear();
    // The settings come with the memberships listing of the Organizations page.
    if (m_orgs->model()->rowCount() == 0 || !m_orgs->isBusy())
        m_orgs->load();
    load(m_orgs->organization(m_session.organization()));
}

void OrgSettingsPage::load(const std::optional<Organization> &org)
{
    m_org = org;
    const Organization o = org.value_or(Organization {});
    const QSignalBlocker b1(m_ui->blockOnPolicyViolationCheck), b2(m_ui->hostnamesEdit),
        b3(m_ui->preventImplicitWorkflowCheck), b4(m_ui->restrictContractsCheck), b5(m_ui->maxDaysInactiveSpin),
        b6(m_ui->aiCollectorCheck), b7(m_ui->blockReleasedCheck), b8(m_ui->skipRunnerEnvCheck);
    m_ui->blockOnPolicyViolationCheck->setChecked(o.blockOnPolicyViolation);
    m_ui->hostnamesEdit->setPlainText(o.policyAllowedHostnames.join(QLatin1Char('\n')));
    m_ui->preventImplicitWorkflowCheck->setChecked(o.preventImplicitWorkflowCreation);
    m_ui->restrictContractsCheck->setChecked(o.restrictContractCreationToOrgAdmins);
    m_ui->maxDaysInactiveSpin->setValue(o.apiTokenMaxDaysInactive.value_or(0));
    m_ui->aiCollectorCheck->setChecked(o.enableAiAgentCollector);
    m_ui->blockReleasedCheck->setChecked(o.blockAttestationsOnReleasedVersions);
    m_ui->skipRunnerEnvCheck->setChecked(o.skipRunnerEnvVars);
    updateActions();
}

OrganizationSettings OrgSettingsPage::changes() const
{
    OrganizationSettings s;
    if (!m_org)
        return s;
    const Organization &o = *m_org;
    if (m_ui->blockOnPolicyViolationCheck->isChecked() != o.blockOnPolicyViolation)
        s.blockOnPolicyViolation = m_ui->blockOnPolicyViolationCheck->isChecked();
    if (hostnamesOf(m_ui->hostnamesEdit) != o.policyAllowedHostnames)
        s.policyAllowedHostnames = hostnamesOf(m_ui->hostnamesEdit);
    if (m_ui->preventImplicitWorkflowCheck->isChecked() != o.preventImplicitWorkflowCreation)
        s.preventImplicitWorkflowCreation = m_ui->preventImplicitWorkflowCheck->isChecked();
    if (m_ui->restrictContractsCheck->isChecked() != o.restrictContractCreationToOrgAdmins)
        s.restrictContractCreationToOrgAdmins = m_ui->restrictContractsCheck->isChecked();
    if (m_ui->maxDaysInactiveSpin->value() != o.apiTokenMaxDaysInactive.value_or(0))
        s.apiTokenMaxDaysInactive = m_ui->maxDaysInactiveSpin->value();
    if (m_ui->aiCollectorCheck->isChecked() != o.enableAiAgentCollector)
        s.enableAiAgentCollector = m_ui->aiCollectorCheck->isChecked();
    if (m_ui->blockReleasedCheck->isChecked() != o.blockAttestationsOnReleasedVersions)
        s.blockAttestationsOnReleasedVersions = m_ui->blockReleasedCheck->isChecked();
    if (m_ui->skipRunnerEnvCheck->isChecked() != o.skipRunnerEnvVars)
        s.skipRunnerEnvVars = m_ui->skipRunnerEnvCheck->isChecked();
    return s;
}

bool OrgSettingsPage::hasChanges() const
{
    const OrganizationSettings s = changes();
    return s.blockOnPolicyViolation || s.policyAllowedHostnames || s.preventImplicitWorkflowCreation
        || s.restrictContractCreationToOrgAdmins || s.apiTokenMaxDaysInactive || s.enableAiAgentCollector
        || s.blockAttestationsOnReleasedVersions || s.skipRunnerEnvVars;
}

void OrgSettingsPage::updateActions()
{
    QString why;
    const Permission p = m_session.permission(AdminAction::UpdateOrganization);
    if (m_session.state() != models::Session::State::Ready)
        why = tr("Not connected; settings are read-only.");
    else if (!p.allowed)
        why = p.reason;
    else if (!m_org)
        why = tr("The settings of %1 are not known yet (they come with your memberships).")
                  .arg(m_session.organization());
    m_ui->settingsForm->setEnabled(why.isEmpty() || m_org.has_value());
    for (QWidget *w : m_ui->settingsForm->findChildren<QWidget *>())
        w->setEnabled(why.isEmpty());
    m_save->setEnabled(why.isEmpty() && hasChanges());
    m_save->setToolTip(why.isEmpty() ? (hasChanges() ? tr("Send the changed fields") : tr("Nothing changed")) : why);
    m_revert->setEnabled(hasChanges());
    // The status line explains a disabled form; a save result (styled) stays until the next save.
    if (m_ui->statusLabel->styleSheet().isEmpty())
        m_ui->statusLabel->setText(why);
}

void OrgSettingsPage::save()
{
    if (!m_save->isEnabled())
        return;
    m_ui->statusLabel->setStyleSheet({});
    m_ui->statusLabel->setText(tr("Saving…"));
    m_orgs->update(m_session.organization(), changes());
}

void OrgSettingsPage::revert()
{
    load(m_org);
}

} // namespace adm::ui
