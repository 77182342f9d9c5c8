// SPDX-License-Identifier: Apache-2.0
// Bulk onboarding from a CSV file (columns in docs/ONBOARDING_CSV.md): every row is checked
// before anything runs, and the rows become an OnboardingPlan. After a run, the plan's step
// states are folded back into one result per row for the table and the CSV export.
#pragma once

#include "core/CsvReader.h"
#include "core/OnboardingPlan.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace adm {

// One problem with the input, named by line and column so the user can fix the file.
struct OnboardingCsvIssue {
    int line = 0; // 1-based line in the file; 0 = the file as a whole
    QString column; // header name; empty when about the whole row or file
    QString message; // translated

    QString toString() const; // "line 4, column role: ..."
};

struct OnboardingCsvOptions {
    // Settings columns need a user token that owns or administers the organization
    // (OrganizationService/Update is user-only): off for API tokens.
    bool allowSettings = true;
    CsvLimits limits;
};

// One data row as read (for the plan table before the run).
struct OnboardingCsvRow {
    int line = 0;
    QString organization;
    QString email; // empty = organization only
    Role role = Role::Unspecified;
};

struct OnboardingCsvResult {
    OnboardingPlan plan; // empty when issues is not empty
    // Every data row read, those with issues too (empty when the header itself is wrong), so
    // the plan table can show the whole file with each line's problems.
    QList<OnboardingCsvRow> rows;
    QList<OnboardingCsvIssue> issues;
    bool ok() const { return issues.isEmpty(); }
};

// Known columns, in the order the documentation lists them.
QStringList onboardingCsvColumns();

// Parses and validates. The plan orders each organization's steps: create, settings, CAS
// backend, then invitations, organizations in order of first appearance.
OnboardingCsvResult parseOnboardingCsv(const QByteArray &data, const OnboardingCsvOptions &options = {});

// The outcome of one row after (or during) a run: the worst state of the steps the row feeds.
struct OnboardingRowResult {
    int line = 0;
    QString organization;
    QString email;
    Role role = Role::Unspecified;
    OnboardingStep::State state = OnboardingStep::State::Pending;
    QString error; // of the first failed step, prefixed by what it was
};

QList<OnboardingRowResult> onboardingRowResults(const OnboardingPlan &plan, const QList<OnboardingCsvRow> &rows);
// Rows without the original file (a resumed run): rebuilt from the steps' rows.
QList<OnboardingCsvRow> onboardingRowsFromPlan(const OnboardingPlan &plan);

// "line,organization,email,role,status,error" with a header, CRLF line ends. Cells that a
// spreadsheet would run as a formula are prefixed with a quote.
QString onboardingResultsCsv(const QList<OnboardingRowResult> &results);

} // namespace adm
