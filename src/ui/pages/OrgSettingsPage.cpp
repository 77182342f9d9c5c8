// SPDX-License-Identifier: Apache-2.0
#include "ui/pages/OrgSettingsPage.h"

#include "models/OrganizationTableModel.h"
#include "models/OrganizationsController.h"
#include "models/Session.h"

#include <QAction>
#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolBar>
#include <QVBoxLayout>

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
    , m_hostnames(new QPlainTextEdit(this))
    , m_maxDays(new QSpinBox(this))
    , m_heading(new QLabel(this))
    , m_status(new QLabel(this))
    , m_form(new QWidget(this))
{
    setObjectName(QStringLiteral("orgSettingsPage"));
    setAccessibleName(title());

    QFont headingFont = m_heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.3);
    headingFont.setBold(true);
    m_heading->setFont(headingFont);
    m_heading->setObjectName(QStringLiteral("pageTitle"));

    m_block = addCheck(QStringLiteral("blockOnPolicyViolationCheck"), tr("Block attestations that violate policies"),
        tr("Off: violations are reported (advisory). On: the attestation is refused."));
    m_preventImplicit = addCheck(QStringLiteral("preventImplicitWorkflowCheck"),
        tr("Prevent implicit workflow creation"), tr("Workflows must exist before an attestation names them."));
    m_restrictContracts
        = addCheck(QStringLiteral("restrictContractsCheck"), tr("Only org admins create workflow contracts"), {});
    m_aiCollector = addCheck(QStringLiteral("aiCollectorCheck"), tr("Enable the AI agent collector"), {});
    m_blockReleased = addCheck(QStringLiteral("blockReleasedCheck"), tr("Block attestations on released versions"), {});
    m_skipRunnerEnv = addCheck(QStringLiteral("skipRunnerEnvCheck"), tr("Skip runner environment variables"), {});

    m_hostnames->setObjectName(QStringLiteral("hostnamesEdit"));
    m_hostnames->setAccessibleName(tr("Hostnames policies may reach, one per line"));
    m_hostnames->setPlaceholderText(tr("one hostname per line"));
    m_hostnames->setTabChangesFocus(true);
    m_hostnames->setMaximumHeight(100);
    m_maxDays->setObjectName(QStringLiteral("maxDaysInactiveSpin"));
    m_maxDays->setAccessibleName(tr("Revoke API tokens unused for this many days"));
    m_maxDays->setRange(0, 365);
    m_maxDays->setSpecialValueText(tr("never (off)"));
    m_maxDays->setSuffix(tr(" days"));

    auto *form = new QFormLayout(m_form);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_hostnames->setMinimumWidth(420);
    form->addRow(tr("Policies:"), m_block);
    form->addRow(tr("Allowed hostnames:"), m_hostnames);
    form->addRow(tr("Workflows:"), m_preventImplicit);
    form->addRow(tr("Contracts:"), m_restrictContracts);
    form->addRow(tr("Revoke inactive API tokens after:"), m_maxDays);
    form->addRow(tr("Collectors:"), m_aiCollector);
    form->addRow(tr("Releases:"), m_blockReleased);
    form->addRow(tr("Runners:"), m_skipRunnerEnv);

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

    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setAccessibleName(tr("Settings status"));
    m_status->setWordWrap(true);

    auto *top = new QHBoxLayout;
    top->addWidget(m_heading);
    top->addSpacing(12);
    top->addWidget(bar, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_form);
    layout->addWidget(m_status);
    layout->addStretch(1);

    for (QCheckBox *c :
        { m_block, m_preventImplicit, m_restrictContracts, m_aiCollector, m_blockReleased, m_skipRunnerEnv })
        connect(c, &QCheckBox::toggled, this, &OrgSettingsPage::updateActions);
    connect(m_hostnames, &QPlainTextEdit::textChanged, this, &OrgSettingsPage::updateActions);
    connect(m_maxDays, &QSpinBox::valueChanged, this, &OrgSettingsPage::updateActions);
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
            m_status->setText(message);
            m_status->setStyleSheet(error.isError()
                    ? QStringLiteral("QLabel { background: rgba(220,50,50,60); padding: 6px; }")
                    : QStringLiteral("QLabel { background: rgba(60,170,60,50); padding: 6px; }"));
        });
    connect(&session, &models::Session::stateChanged, this, &OrgSettingsPage::updateActions);
    connect(&session, &models::Session::contextChanged, this, &OrgSettingsPage::updateActions);
    setFocusProxy(m_block);
    updateActions();
}

QString OrgSettingsPage::title() const
{
    return tr("Settings");
}

QList<QAction *> OrgSettingsPage::pageActions() const
{
    return { m_save, m_revert };
}

QCheckBox *OrgSettingsPage::addCheck(const QString &objectName, const QString &text, const QString &help)
{
    auto *c = new QCheckBox(text, this);
    c->setObjectName(objectName);
    c->setAccessibleName(text);
    c->setToolTip(help);
    return c;
}

void OrgSettingsPage::activate()
{
    m_heading->setText(tr("Settings of %1").arg(m_session.organization()));
    if (m_loaded)
        return;
    m_loaded = true;
    m_status->setStyleSheet({});
    m_status->clear();
    // The settings come with the memberships listing of the Organizations page.
    if (m_orgs->model()->rowCount() == 0 || !m_orgs->isBusy())
        m_orgs->load();
    load(m_orgs->organization(m_session.organization()));
}

void OrgSettingsPage::load(const std::optional<Organization> &org)
{
    m_org = org;
    const Organization o = org.value_or(Organization {});
    const QSignalBlocker b1(m_block), b2(m_hostnames), b3(m_preventImplicit), b4(m_restrictContracts), b5(m_maxDays),
        b6(m_aiCollector), b7(m_blockReleased), b8(m_skipRunnerEnv);
    m_block->setChecked(o.blockOnPolicyViolation);
    m_hostnames->setPlainText(o.policyAllowedHostnames.join(QLatin1Char('\n')));
    m_preventImplicit->setChecked(o.preventImplicitWorkflowCreation);
    m_restrictContracts->setChecked(o.restrictContractCreationToOrgAdmins);
    m_maxDays->setValue(o.apiTokenMaxDaysInactive.value_or(0));
    m_aiCollector->setChecked(o.enableAiAgentCollector);
    m_blockReleased->setChecked(o.blockAttestationsOnReleasedVersions);
    m_skipRunnerEnv->setChecked(o.skipRunnerEnvVars);
    updateActions();
}

OrganizationSettings OrgSettingsPage::changes() const
{
    OrganizationSettings s;
    if (!m_org)
        return s;
    const Organization &o = *m_org;
    if (m_block->isChecked() != o.blockOnPolicyViolation)
        s.blockOnPolicyViolation = m_block->isChecked();
    if (hostnamesOf(m_hostnames) != o.policyAllowedHostnames)
        s.policyAllowedHostnames = hostnamesOf(m_hostnames);
    if (m_preventImplicit->isChecked() != o.preventImplicitWorkflowCreation)
        s.preventImplicitWorkflowCreation = m_preventImplicit->isChecked();
    if (m_restrictContracts->isChecked() != o.restrictContractCreationToOrgAdmins)
        s.restrictContractCreationToOrgAdmins = m_restrictContracts->isChecked();
    if (m_maxDays->value() != o.apiTokenMaxDaysInactive.value_or(0))
        s.apiTokenMaxDaysInactive = m_maxDays->value();
    if (m_aiCollector->isChecked() != o.enableAiAgentCollector)
        s.enableAiAgentCollector = m_aiCollector->isChecked();
    if (m_blockReleased->isChecked() != o.blockAttestationsOnReleasedVersions)
        s.blockAttestationsOnReleasedVersions = m_blockReleased->isChecked();
    if (m_skipRunnerEnv->isChecked() != o.skipRunnerEnvVars)
        s.skipRunnerEnvVars = m_skipRunnerEnv->isChecked();
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
    m_form->setEnabled(why.isEmpty() || m_org.has_value());
    for (QWidget *w : m_form->findChildren<QWidget *>())
        w->setEnabled(why.isEmpty());
    m_save->setEnabled(why.isEmpty() && hasChanges());
    m_save->setToolTip(why.isEmpty() ? (hasChanges() ? tr("Send the changed fields") : tr("Nothing changed")) : why);
    m_revert->setEnabled(hasChanges());
    // The status line explains a disabled form; a save result (styled) stays until the next save.
    if (m_status->styleSheet().isEmpty())
        m_status->setText(why);
}

void OrgSettingsPage::save()
{
    if (!m_save->isEnabled())
        return;
    m_status->setStyleSheet({});
    m_status->setText(tr("Saving…"));
    m_orgs->update(m_session.organization(), changes());
}

void OrgSettingsPage::revert()
{
    load(m_org);
}

} // namespace adm::ui
