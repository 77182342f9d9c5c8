// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Entities.h"

#include <QWidget>

#include <memory>
#include <optional>

class QAction;
class QCheckBox;
class QLabel;
class QSpinBox;

namespace Ui {
class OrgSettingsPage;
}

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
    ~OrgSettingsPage() override;

    QString title() const;
    QList<QAction *> pageActions() const;
    void activate();
    void invalidate() { m_loaded = false; }

    // The changed fields, compared to the settings last loaded.
    OrganizationSettings changes() const;
    bool hasChanges() const;

    QCheckBox *blockOnPolicyViolation() const;
    QSpinBox *maxDaysInactive() const;
    QAction *saveAction() const { return m_save; }
    QLabel *statusLabel() const;

public Q_SLOTS:
    void save();
    void revert();
    void updateActions();

private:
    void load(const std::optional<Organization> &org);

    models::Session &m_session;
    models::OrganizationsController *m_orgs;
    std::optional<Organization> m_org;
    std::unique_ptr<Ui::OrgSettingsPage> m_ui;
    QAction *m_save = nullptr;
    QAction *m_revert = nullptr;
    bool m_loaded = false;
};

} // namespace adm::ui
