// SPDX-License-Identifier: Apache-2.0
// The plan table of bulk onboarding: one row per CSV row (line, organization, e-mail, role,
// status, error), validated before the run and updated from the runner's plan while it runs.
// A widget puts it in a view with a progress bar; export with onboardingResultsCsv(results()).
#pragma once

#include "core/OnboardingCsv.h"

#include <QAbstractTableModel>
#include <QHash>

namespace adm::models {

class OnboardingRowTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column { Line, Organization, Email, Role, Status, Error, Count };

    explicit OnboardingRowTableModel(QObject *parent = nullptr);

    // The rows of a parsed file (or onboardingRowsFromPlan() of a resumed run) and the plan.
    void setPlan(const QList<OnboardingCsvRow> &rows, const OnboardingPlan &plan);
    // The plan's step states changed (connect to OnboardingRunner::stepFinished).
    void updatePlan(const OnboardingPlan &plan);
    const QList<OnboardingRowResult> &results() const { return m_results; }
    // Problems of the file by line: those rows show "Invalid" and the problems instead of a
    // state, so the whole file can be read and fixed before anything runs.
    void setIssues(const QList<OnboardingCsvIssue> &issues);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<OnboardingCsvRow> m_rows;
    QList<OnboardingRowResult> m_results;
    QHash<int, QStringList> m_issues; // by line: "column: message"
};

} // namespace adm::models
