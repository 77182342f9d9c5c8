// SPDX-License-Identifier: Apache-2.0
// Bulk onboarding from a CSV file (docs/ONBOARDING_CSV.md): the whole file in a plan table
// with its problems by line and column before anything runs, a dry run that lists the steps,
// a run with a bounded number of calls in flight, progress, cancel, per-row status and error,
// and the results as CSV. The run itself is models::OnboardingController's; closing the window
// during a run asks whether to cancel it or let it go on in the background.
#pragma once

#include "core/OnboardingCsv.h"

#include <QWidget>

#include <memory>

class QCloseEvent;
class QTimer;

namespace Ui {
class BulkOnboardingWindow;
}

namespace adm::models {
class OnboardingController;
class OnboardingRowTableModel;
class Session;
} // namespace adm::models

namespace adm::ui {

class BulkOnboardingWindow : public QWidget
{
    Q_OBJECT
public:
    // A top-level window; `session` must outlive it.
    explicit BulkOnboardingWindow(models::Session &session, QWidget *parent = nullptr);
    ~BulkOnboardingWindow() override;

    // Reads and validates `path` (the Open button asks for it). True when the file is clean.
    bool openFile(const QString &path);
    // The same file again, after fixing it; the window and its settings stay.
    bool reloadFile();
    // Shows a stored interrupted run (its plan, where it stopped) and continues it.
    void resumeRun(const QString &runId);
    void dryRun();
    void run();
    void cancelRun();
    // onboardingResultsCsv() of the table; false with *error when the file cannot be written.
    bool exportResults(const QString &path, QString *error = nullptr);

    bool isRunning() const;
    QString fileName() const { return m_path; }
    QStringList issues() const; // "line 4, column role: ..." as listed
    models::OnboardingController *controller() const { return m_controller; }
    models::OnboardingRowTableModel *model() const { return m_model; }

Q_SIGNALS:
    // A run ended (also when cancelled); the main window refreshes what it changed.
    void runFinished(bool allSucceeded, bool cancelled);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void chooseFile();
    void chooseExportFile();
    void showFile(const OnboardingCsvResult &result);
    void showSteps(const OnboardingPlan &plan);
    void updateStep(int index);
    void flushRows();
    void onStarted();
    void onFinished(bool allSucceeded, bool cancelled);
    void onFailedToStart(const QString &message);
    void setStatus(const QString &text, bool error = false);
    void updateButtons();
    OnboardingCsvOptions csvOptions() const;

    models::Session &m_session;
    std::unique_ptr<Ui::BulkOnboardingWindow> m_ui;
    models::OnboardingController *m_controller;
    models::OnboardingRowTableModel *m_model;
    QTimer *m_rowTimer; // coalesces table updates while steps finish
    QString m_path;
    OnboardingCsvResult m_csv; // the file as read; plan empty when it has problems
    QString m_storedRunId; // a stored run shown by resumeRun(), continued by run()
    bool m_hasResults = false; // a run started since the plan was loaded
};

} // namespace adm::ui
