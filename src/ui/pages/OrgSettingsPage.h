// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Entities.h"

#include <QWidget>

#include <optional>

class QAction;
class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace adm::models {
class OrganizationsController;
class Session;
} // namespace adm::models

namespace adm::ui {

// Every field of OrganizationService/Update for the selected organization. Only the fields the
// user changed are sent.
class OrgSettingsPage : public QWidget
{
    Q_OBJECT
public:
    // `organizations` (not owned) supplies the current settings and performs the update.
    OrgSettingsPage(
        models::Session &session, models::OrganizationsController *organizations, QWidget *parent = nullptr);

    QString title() const;
    QList<QAction *> pageActions() const;
    void activate();
    void invalidate() { m_loaded = false; }

    // The changed fields, compared to the settings last loaded.
    OrganizationSettings changes() const;
    bool hasChanges() const;

    QCheckBox *blockOnPolicyViolation() const { return m_block; }
    QSpinBox *maxDaysInactive() const { return m_maxDays; }
    QAction *saveAction() const { return m_save; }
    QLabel *statusLabel() const { return m_status; }

public Q_SLOTS:
    void save();
    void revert();
    void updateActions();

private:
    void load(const std::optional<Organization> &org);
    QCheckBox *addCheck(const QString &objectName, const QString &text, const QString &help);

    models::Session &m_session;
    models::OrganizationsController *m_orgs;
    std::optional<Organization> m_org;
    QCheckBox *m_block;
    QPlainTextEdit *m_hostnames;
    QCheckBox *m_preventImplicit;
    QCheckBox *m_restrictContracts;
    QSpinBox *m_maxDays;
    QCheckBox *m_aiCollector;
    QCheckBox *m_blockReleased;
    QCheckBox *m_skipRunnerEnv;
    QLabel *m_heading;
    QLabel *m_status;
    QAction *m_save = nullptr;
    QAction *m_revert = nullptr;
    QWidget *m_form;
    bool m_loaded = false;
};

} // namespace adm::ui
