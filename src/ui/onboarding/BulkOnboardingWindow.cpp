// SPDX-License-Identifier: Apache-2.0
#include "ui/onboarding/BulkOnboardingWindow.h"

#include "ui_BulkOnboardingWindow.h"

#include "models/OnboardingController.h"
#include "models/OnboardingRowTableModel.h"
#include "models/Session.h"
#include "ui/MessageBoxes.h"

#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLocale>
#include <QSaveFile>
#include <QTimer>

#include <algorithm>

namespace adm::ui {

namespace {

using State = OnboardingStep::State;

QString stepLine(const OnboardingStep &step)
{
    QString line = stepStateDisplayName(step.state) + QStringLiteral(" — ") + stepDescription(step);
    if (!step.error.isEmpty())
        line += QStringLiteral(": ") + step.error;
    return line;
}

QString counts(const OnboardingPlan &plan)
{
    return BulkOnboardingWindow::tr("%1 done, %2 already there, %3 failed, %4 skipped")
        .arg(plan.count(State::Done))
        .arg(plan.count(State::Adopted))
        .arg(plan.count(State::Failed))
        .arg(plan.count(State::Skipped));
}

} // namespace

BulkOnboardingWindow::BulkOnboardingWindow(models::Session &session, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_session(session)
    , m_ui(std::make_unique<Ui::BulkOnboardingWindow>())
    , m_controller(new models::OnboardingController(session, this))
    , m_model(new models::OnboardingRowTableModel(this))
    , m_rowTimer(new QTimer(this))
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("bulkOnboardingWindow"));
    m_ui->planView->setModel(m_model);
    m_ui->planView->verticalHeader()->hide();
    m_ui->planView->verticalHeader()->setDefaultSectionSize(m_ui->planView->fontMetrics().height() + 6);
    m_ui->planView->horizontalHeader()->setStretchLastSection(true);
    m_ui->planView->horizontalHeader()->resizeSection(int(models::OnboardingRowTableModel::Column::Line), 50);
    m_ui->planView->horizontalHeader()->resizeSection(int(models::OnboardingRowTableModel::Column::Organization), 160);
    m_ui->planView->horizontalHeader()->resizeSection(int(models::OnboardingRowTableModel::Column::Email), 200);
    m_ui->planView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_ui->issuesLabel->hide();
    m_ui->issuesList->hide();
    // Room for two wrapped lines with the error padding, so a long message is never cut.
    m_ui->statusLabel->setMinimumHeight(2 * m_ui->statusLabel->fontMetrics().lineSpacing() + 14);
    // Steps finish in bursts of up to the in-flight limit: redraw the rows a few times a
    // second, not once per step.
    m_rowTimer->setSingleShot(true);
    m_rowTimer->setInterval(100);
    connect(m_rowTimer, &QTimer::timeout, this, &BulkOnboardingWindow::flushRows);

    connect(m_ui->openButton, &QPushButton::clicked, this, &BulkOnboardingWindow::chooseFile);
    connect(m_ui->reloadButton, &QPushButton::clicked, this, &BulkOnboardingWindow::reloadFile);
    connect(m_ui->dryRunButton, &QPushButton::clicked, this, &BulkOnboardingWindow::dryRun);
    connect(m_ui->runButton, &QPushButton::clicked, this, &BulkOnboardingWindow::run);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &BulkOnboardingWindow::cancelRun);
    connect(m_ui->exportButton, &QPushButton::clicked, this, &BulkOnboardingWindow::chooseExportFile);
    connect(m_ui->closeButton, &QPushButton::clicked, this, &QWidget::close);

    connect(m_controller, &models::OnboardingController::started, this, &BulkOnboardingWindow::onStarted);
    connect(m_controller, &models::OnboardingController::stepChanged, this, &BulkOnboardingWindow::updateStep);
    connect(m_controller, &models::OnboardingController::progress, this, [this](int finished, int total) {
        m_ui->progressBar->setMaximum(std::max(1, total));
        m_ui->progressBar->setValue(finished);
    });
    connect(m_controller, &models::OnboardingController::finished, this, &BulkOnboardingWindow::onFinished);
    connect(m_controller, &models::OnboardingController::failedToStart, this, &BulkOnboardingWindow::onFailedToStart);
    connect(&m_session, &models::Session::stateChanged, this, &BulkOnboardingWindow::updateButtons);

    m_ui->progressBar->setMaximum(1);
    m_ui->progressBar->setTextVisible(false);
    setStatus(tr("Open a CSV file: one row per invitee, the organization repeated; a row without an e-mail "
                 "creates only the organization."));
    updateButtons();
}

BulkOnboardingWindow::~BulkOnboardingWindow() = default;

OnboardingCsvOptions BulkOnboardingWindow::csvOptions() const
{
    OnboardingCsvOptions o;
    // Settings need a user token (OrganizationService/Update is user-only).
    const auto claims = m_session.claims();
    o.allowSettings = !(claims && claims->isApiToken());
    return o;
}

void BulkOnboardingWindow::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Onboarding File"),
        m_path.isEmpty() ? QDir::homePath() : QFileInfo(m_path).absolutePath(), tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

bool BulkOnboardingWindow::openFile(const QString &path)
{
    if (isRunning())
        return false;
    m_path = path;
    m_storedRunId.clear();
    m_hasResults = false;
    m_ui->fileEdit->setText(QDir::toNativeSeparators(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_csv = {};
        m_csv.issues.append({ 0, {}, tr("The file cannot be read: %1").arg(file.errorString()) });
        showFile(m_csv);
        return false;
    }
    // One more byte than the limit, so the parser can tell the file is too large.
    const OnboardingCsvOptions options = csvOptions();
    m_csv = parseOnboardingCsv(file.read(options.limits.maxBytes + 1), options);
    showFile(m_csv);
    return m_csv.ok();
}

bool BulkOnboardingWindow::reloadFile()
{
    return !m_path.isEmpty() && openFile(m_path);
}

void BulkOnboardingWindow::showFile(const OnboardingCsvResult &result)
{
    m_model->setPlan(result.rows, result.plan);
    m_model->setIssues(result.issues);
    m_ui->issuesList->clear();
    for (const OnboardingCsvIssue &issue : result.issues)
        m_ui->issuesList->addItem(issue.toString());
    const bool clean = result.ok();
    m_ui->issuesLabel->setVisible(!clean);
    m_ui->issuesList->setVisible(!clean);
    m_ui->issuesLabel->setText(tr("%n problem(s) in the file, by line and column. Nothing runs until they are fixed: "
                                  "correct the file, then Reload File.",
        nullptr, int(result.issues.size())));
    m_ui->summaryLabel->setText(clean ? tr("%n row(s), ", nullptr, int(result.rows.size()))
                + tr("%n organization(s), ", nullptr, int(result.plan.organizations().size()))
                + tr("%n step(s).", nullptr, int(result.plan.steps.size()))
                                      : tr("%n row(s) read.", nullptr, int(result.rows.size())));
    showSteps(result.plan);
    m_ui->stepsLabel->setText(clean ? tr("The steps of the plan, in the order they run. Nothing has been sent.")
                                    : tr("No plan: the file has problems."));
    m_ui->progressBar->setMaximum(std::max(1, int(result.plan.steps.size())));
    m_ui->progressBar->setValue(0);
    m_ui->progressBar->setTextVisible(clean);
    m_ui->tabs->setCurrentWidget(m_ui->rowsTab);
    if (clean)
        setStatus(tr("The file is valid. Dry Run lists the steps without sending anything; Run sends them."));
    else
        setStatus(tr("Run is disabled until the file is valid."), true);
    updateButtons();
}

void BulkOnboardingWindow::showSteps(const OnboardingPlan &plan)
{
    m_ui->stepsList->setUpdatesEnabled(false);
    m_ui->stepsList->clear();
    for (const OnboardingStep &s : plan.steps)
        m_ui->stepsList->addItem(stepLine(s));
    m_ui->stepsList->setUpdatesEnabled(true);
}

void BulkOnboardingWindow::resumeRun(const QString &runId)
{
    if (isRunning())
        return;
    QString error;
    const auto plan = m_controller->storedPlan(runId, &error);
    if (!plan) {
        setStatus(tr("The interrupted run cannot be loaded: %1").arg(error), true);
        return;
    }
    QString label = runId;
    for (const storage::OnboardingRun &r : m_controller->unfinishedRuns()) {
        if (r.runId == runId)
            label = tr("%1, started %2")
                        .arg(r.organization, QLocale().toString(r.createdAt.toLocalTime(), QLocale::ShortFormat));
    }
    m_path.clear();
    m_csv = {};
    m_storedRunId = runId;
    m_hasResults = true;
    m_ui->fileEdit->setText(tr("Interrupted run: %1").arg(label));
    m_model->setPlan(onboardingRowsFromPlan(*plan), *plan);
    m_ui->issuesLabel->hide();
    m_ui->issuesList->hide();
    m_ui->summaryLabel->setText(tr("%1 of %2 steps were finished when the run stopped (%3).")
                                    .arg(plan->finishedCount())
                                    .arg(plan->steps.size())
                                    .arg(counts(*plan)));
    showSteps(*plan);
    m_ui->stepsLabel->setText(tr("The steps of the interrupted run and where each one stopped."));
    run();
}

void BulkOnboardingWindow::dryRun()
{
    if (!m_csv.ok() || isRunning())
        return;
    showSteps(m_csv.plan);
    m_ui->stepsLabel->setText(tr("Dry run: %1 rows, %2 organizations, %3 steps. Nothing was sent.")
                                  .arg(m_csv.rows.size())
                                  .arg(m_csv.plan.organizations().size())
                                  .arg(m_csv.plan.steps.size()));
    m_ui->tabs->setCurrentWidget(m_ui->stepsTab);
    setStatus(tr("Dry run shown on the Steps tab; nothing was sent."));
}

void BulkOnboardingWindow::run()
{
    if (isRunning())
        return;
    m_controller->setMaxInFlight(m_ui->inFlightSpin->value());
    if (!m_storedRunId.isEmpty()) {
        setStatus(tr("Resuming the interrupted run…"));
        m_hasResults = true;
        m_controller->resume(m_storedRunId);
        updateButtons();
        return;
    }
    if (!m_csv.ok() || m_csv.plan.steps.isEmpty())
        return;
    m_hasResults = true;
    // An interrupted run of the same file continues where it stopped (as `apply` does):
    // what is done is not sent again.
    for (const storage::OnboardingRun &r : m_controller->unfinishedRuns()) {
        QString error;
        const auto stored = m_controller->storedPlan(r.runId, &error);
        if (stored && stored->sameSteps(m_csv.plan)) {
            setStatus(tr("Resuming the interrupted run of this file: %1 of %2 steps were already done.")
                          .arg(stored->count(State::Done) + stored->count(State::Adopted))
                          .arg(stored->steps.size()));
            m_controller->resume(r.runId);
            updateButtons();
            return;
        }
    }
    setStatus(tr("Starting…"));
    m_controller->start(m_csv.plan, {}, m_ui->inFlightSpin->value());
    updateButtons();
}

void BulkOnboardingWindow::cancelRun()
{
    if (!isRunning())
        return;
    setStatus(tr("Cancelling: no new calls are sent; calls in flight are stopped."));
    m_controller->cancel();
}

bool BulkOnboardingWindow::isRunning() const
{
    return m_controller->isRunning();
}

QStringList BulkOnboardingWindow::issues() const
{
    QStringList out;
    for (int i = 0; i < m_ui->issuesList->count(); ++i)
        out << m_ui->issuesList->item(i)->text();
    return out;
}

void BulkOnboardingWindow::onStarted()
{
    const OnboardingPlan &plan = m_controller->plan();
    m_model->updatePlan(plan);
    showSteps(plan);
    m_ui->stepsLabel->setText(tr("The steps of the run and how each one ended."));
    m_ui->tabs->setCurrentWidget(m_ui->rowsTab); // the run replaces a dry run's list
    m_ui->progressBar->setMaximum(std::max(1, int(plan.steps.size())));
    m_ui->progressBar->setValue(plan.finishedCount());
    m_ui->progressBar->setTextVisible(true);
    if (m_ui->statusLabel->text() == tr("Starting…") || m_ui->statusLabel->text().isEmpty())
        setStatus(tr("Running, at most %n call(s) in flight…", nullptr, m_ui->inFlightSpin->value()));
    updateButtons();
}

void BulkOnboardingWindow::updateStep(int index)
{
    const OnboardingPlan &plan = m_controller->plan();
    if (index >= 0 && index < plan.steps.size()) {
        if (QListWidgetItem *item = m_ui->stepsList->item(index))
            item->setText(stepLine(plan.steps[index]));
    }
    if (!m_rowTimer->isActive())
        m_rowTimer->start();
}

void BulkOnboardingWindow::flushRows()
{
    m_model->updatePlan(m_controller->plan());
}

void BulkOnboardingWindow::onFinished(bool allSucceeded, bool cancelled)
{
    m_rowTimer->stop();
    const OnboardingPlan &plan = m_controller->plan();
    flushRows();
    showSteps(plan);
    if (cancelled) {
        // The run stays open: Run (or the offer at the next start) continues it.
        if (!m_storedRunId.isEmpty())
            m_storedRunId = m_controller->runId();
        setStatus(tr("Cancelled: %1. Run again to resume; what is done is not sent again.").arg(counts(plan)), true);
    } else {
        m_storedRunId.clear();
        if (allSucceeded)
            setStatus(tr("Finished: %1.").arg(counts(plan)));
        else
            setStatus(tr("Finished with problems: %1. The Error column says why; fix and run the file again.")
                          .arg(counts(plan)),
                true);
    }
    updateButtons();
    Q_EMIT runFinished(allSucceeded, cancelled);
}

void BulkOnboardingWindow::onFailedToStart(const QString &message)
{
    setStatus(message, true);
    updateButtons();
}

void BulkOnboardingWindow::chooseExportFile()
{
    const QString base = m_path.isEmpty()
        ? QDir::homePath() + QStringLiteral("/onboarding")
        : QFileInfo(m_path).absolutePath() + u'/' + QFileInfo(m_path).completeBaseName();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Results"), base + QStringLiteral("-results.csv"), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportResults(path, &error))
        setStatus(tr("Results written to %1.").arg(QDir::toNativeSeparators(path)));
    else
        setStatus(error, true);
}

bool BulkOnboardingWindow::exportResults(const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(onboardingResultsCsv(m_model->results()).toUtf8()) < 0
        || !file.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

void BulkOnboardingWindow::setStatus(const QString &text, bool error)
{
    m_ui->statusLabel->setText(text);
    m_ui->statusLabel->setProperty("error", error);
    // Translucent, as the pages' result line: readable in light and dark themes.
    m_ui->statusLabel->setStyleSheet(
        error ? QStringLiteral("QLabel { background: rgba(220,50,50,60); padding: 6px; }") : QString());
}

void BulkOnboardingWindow::updateButtons()
{
    const bool running = isRunning();
    const bool connected = m_session.state() == models::Session::State::Ready;
    const bool hasPlan = m_csv.ok() && !m_csv.plan.steps.isEmpty();
    m_ui->openButton->setEnabled(!running);
    m_ui->reloadButton->setEnabled(!running && !m_path.isEmpty());
    m_ui->dryRunButton->setEnabled(!running && hasPlan);
    m_ui->runButton->setEnabled(!running && connected && (hasPlan || !m_storedRunId.isEmpty()));
    m_ui->runButton->setToolTip(connected ? QString() : tr("Connect to the control plane first."));
    m_ui->cancelButton->setEnabled(running);
    m_ui->inFlightSpin->setEnabled(!running);
    m_ui->exportButton->setEnabled(m_hasResults && m_model->rowCount() > 0);
}

void BulkOnboardingWindow::closeEvent(QCloseEvent *event)
{
    if (isRunning()) {
        const auto answer = MessageBoxes::choose(this, tr("Onboarding Is Running"),
            tr("The run is still sending calls. Keep it running in the background (File ▸ Bulk Onboarding from "
               "File… shows this window again), or cancel it? A cancelled run keeps what is done and can be "
               "resumed later."),
            QMessageBox::Yes | QMessageBox::Abort | QMessageBox::Cancel, QMessageBox::Yes,
            { { QMessageBox::Yes, tr("&Keep Running") }, { QMessageBox::Abort, tr("Cancel the &Run") },
                { QMessageBox::Cancel, tr("&Don't Close") } });
        if (answer == QMessageBox::Cancel) {
            event->ignore();
            return;
        }
        if (answer == QMessageBox::Abort)
            cancelRun();
    }
    event->accept();
}

} // namespace adm::ui
