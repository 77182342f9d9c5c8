// SPDX-License-Identifier: Apache-2.0
#include "ui_OnboardWizardRunPage.h"

#include "models/OnboardingController.h"
#include "ui/onboarding/OnboardWizard.h"
#include "ui/onboarding/OnboardWizardPages.h"

#include <QHeaderView>
#include <QStyle>

namespace adm::ui {

namespace {
using State = OnboardingStep::State;

QIcon stateIcon(const QStyle *style, State state)
{
    switch (state) {
    case State::Pending: return {};
    case State::Running: return style->standardIcon(QStyle::SP_BrowserReload);
    case State::Done:
    case State::Adopted: return style->standardIcon(QStyle::SP_DialogApplyButton);
    case State::Failed: return style->standardIcon(QStyle::SP_MessageBoxCritical);
    case State::Skipped: return style->standardIcon(QStyle::SP_MessageBoxWarning);
    }
    return {};
}
} // namespace

OnboardRunPage::OnboardRunPage(OnboardWizard &wizard)
    : QWizardPage(&wizard)
    , ui(std::make_unique<Ui::OnboardWizardRunPage>())
    , m_wizard(wizard)
{
    ui->setupUi(this);
    setObjectName(QStringLiteral("onboardRunPage"));
    setTitle(tr("Run"));
    setSubTitle(tr("Each step is recorded before it is sent and after its answer. Retry runs again only what did not "
                   "succeed; a step that already took effect is recognised, never repeated."));
    ui->stepTree->header()->resizeSection(0, 400);
    ui->stepTree->header()->resizeSection(1, 80);
    ui->stepTree->setIndentation(24);
    ui->stepTree->setItemsExpandable(false);
    ui->stepTree->header()->setStretchLastSection(true);
    ui->retryButton->setEnabled(false);
    ui->stopButton->setEnabled(false);

    models::OnboardingController &c = wizard.controller();
    connect(&c, &models::OnboardingController::started, this, [this] {
        m_runId = m_wizard.controller().runId();
        fillSteps(m_wizard.controller().plan());
    });
    connect(&c, &models::OnboardingController::stepChanged, this, &OnboardRunPage::updateStep);
    connect(&c, &models::OnboardingController::progress, this, [this](int finished, int total) {
        ui->progressBar->setRange(0, total);
        ui->progressBar->setValue(finished);
    });
    connect(&c, &models::OnboardingController::finished, this, &OnboardRunPage::onFinished);
    connect(&c, &models::OnboardingController::failedToStart, this, &OnboardRunPage::onFailedToStart);
    connect(ui->stopButton, &QPushButton::clicked, this, &OnboardRunPage::stop);
    connect(ui->retryButton, &QPushButton::clicked, this, &OnboardRunPage::retry);
}

OnboardRunPage::~OnboardRunPage() = default;

void OnboardRunPage::initializePage()
{
    if (m_started)
        return;
    m_started = true;
    const OnboardingPlan plan = m_wizard.plan();
    fillSteps(plan);
    setRunning(true);
    ui->statusLabel->setText(tr("Starting…"));
    m_wizard.controller().start(plan, m_wizard.typedCredentials());
}

bool OnboardRunPage::isComplete() const
{
    // Finish is offered once nothing runs: after success, or after a failure the user leaves
    // for later (the run stays recorded and is offered again at the next start).
    return m_finished && !m_running;
}

void OnboardRunPage::retry()
{
    if (m_running)
        return;
    m_finished = false;
    setRunning(true);
    ui->statusLabel->setText(tr("Retrying what did not succeed…"));
    if (m_runId.isEmpty())
        m_wizard.controller().start(m_wizard.plan(), m_wizard.typedCredentials()); // never recorded
    else
        m_wizard.controller().resume(m_runId, m_wizard.typedCredentials());
}

void OnboardRunPage::stop()
{
    if (!m_running)
        return;
    ui->statusLabel->setText(tr("Stopping: no new calls; calls in flight are cancelled…"));
    m_wizard.controller().cancel();
}

QTreeWidget *OnboardRunPage::stepTree() const
{
    return ui->stepTree;
}

QProgressBar *OnboardRunPage::progressBar() const
{
    return ui->progressBar;
}

QLabel *OnboardRunPage::statusLabel() const
{
    return ui->statusLabel;
}

QPushButton *OnboardRunPage::retryButton() const
{
    return ui->retryButton;
}

QPushButton *OnboardRunPage::stopButton() const
{
    return ui->stopButton;
}

void OnboardRunPage::fillSteps(const OnboardingPlan &plan)
{
    ui->stepTree->clear();
    for (int i = 0; i < plan.steps.size(); ++i) {
        auto *item = new QTreeWidgetItem(ui->stepTree);
        item->setText(0, stepDescription(plan.steps[i]));
        item->setToolTip(0, item->text(0));
    }
    for (int i = 0; i < plan.steps.size(); ++i)
        updateStep(i);
    ui->progressBar->setRange(0, int(plan.steps.size()));
    ui->progressBar->setValue(plan.finishedCount());
}

void OnboardRunPage::updateStep(int index)
{
    const OnboardingPlan &plan = m_wizard.controller().plan();
    QTreeWidgetItem *item = ui->stepTree->topLevelItem(index);
    if (!item || index < 0 || index >= plan.steps.size())
        return;
    const OnboardingStep &s = plan.steps[index];
    item->setIcon(0, stateIcon(style(), s.state));
    item->setText(1, stepStateDisplayName(s.state));
    item->setText(2, s.error);
    item->setToolTip(2, s.error);
    item->setData(1, Qt::UserRole, stepStateName(s.state));
    item->setForeground(2, s.state == State::Failed ? QBrush(QColor(0xb3, 0x26, 0x1e)) : QBrush());
    // The whole error on its own line under a failed step (the column is too narrow for it).
    const bool explain = s.state == State::Failed && !s.error.isEmpty();
    QTreeWidgetItem *detail = item->childCount() > 0 ? item->child(0) : nullptr;
    if (!explain) {
        delete detail;
        return;
    }
    if (!detail) {
        detail = new QTreeWidgetItem(item);
        detail->setFirstColumnSpanned(true);
        detail->setFlags(Qt::ItemIsEnabled);
    }
    detail->setText(0, s.error);
    detail->setToolTip(0, s.error);
    detail->setForeground(0, QBrush(QColor(0xb3, 0x26, 0x1e)));
    item->setExpanded(true);
}

void OnboardRunPage::onFinished(bool allSucceeded, bool cancelled)
{
    const OnboardingPlan &plan = m_wizard.controller().plan();
    for (int i = 0; i < plan.steps.size(); ++i)
        updateStep(i);
    ui->progressBar->setRange(0, int(plan.steps.size()));
    ui->progressBar->setValue(plan.finishedCount());
    m_allSucceeded = allSucceeded;
    m_finished = true;
    setRunning(false);
    ui->retryButton->setEnabled(!allSucceeded);
    const int done = plan.count(State::Done) + plan.count(State::Adopted);
    if (allSucceeded) {
        ui->statusLabel->setText(tr("✓ Done: all %n step(s) succeeded. Finish closes the wizard; the organization is "
                                    "in the organizations list.",
            nullptr, int(plan.steps.size())));
        ui->statusLabel->setStyleSheet(QStringLiteral("QLabel { background: rgba(60,170,60,50); padding: 6px; }"));
    } else {
        QString text = cancelled ? tr("Stopped: %1 of %2 steps succeeded.") : tr("%1 of %2 steps succeeded.");
        text = text.arg(done).arg(plan.steps.size());
        bool casFailed = false;
        for (const OnboardingStep &s : plan.steps)
            casFailed = casFailed || (s.kind == OnboardingStep::Kind::AddCasBackend && s.state == State::Failed);
        if (casFailed)
            text += QLatin1Char(' ')
                + tr("The storage step failed: fix the credential set (remember correct credentials under the same "
                     "name in the CAS backend wizard) or the location's access, then Retry.");
        text += QLatin1Char(' ')
            + tr("Retry runs the same plan again and skips what is done. Finish leaves the run recorded; the app "
                 "offers to resume it at its next start.");
        ui->statusLabel->setText(text);
        ui->statusLabel->setStyleSheet(QStringLiteral("QLabel { background: rgba(220,50,50,60); padding: 6px; }"));
    }
    Q_EMIT completeChanged();
}

void OnboardRunPage::onFailedToStart(const QString &message)
{
    if (!m_running)
        return;
    m_finished = true;
    setRunning(false);
    ui->retryButton->setEnabled(true);
    ui->statusLabel->setText(tr("Nothing was sent: %1").arg(message));
    ui->statusLabel->setStyleSheet(QStringLiteral("QLabel { background: rgba(220,50,50,60); padding: 6px; }"));
    Q_EMIT completeChanged();
}

void OnboardRunPage::setRunning(bool running)
{
    m_running = running;
    ui->stopButton->setEnabled(running);
    if (running) {
        ui->retryButton->setEnabled(false);
        ui->statusLabel->setStyleSheet(QString());
    }
    Q_EMIT completeChanged();
}

} // namespace adm::ui
