// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Entities.h"
#include "models/PageController.h"

#include <optional>

namespace adm::models {

class OrganizationTableModel;

// Organizations of this identity (memberships of a user; the locally known ones for tokens),
// and the organization-level writes: create, update settings, delete, leave.
class OrganizationsController : public PageController
{
    Q_OBJECT
public:
    explicit OrganizationsController(Session &session, QObject *parent = nullptr);

    OrganizationTableModel *model() const { return m_model; }

    void refresh() override;
    void create(const QString &name);
    // Sends only the fields set in `changes` for the selected organization `name`.
    void update(const QString &name, const OrganizationSettings &changes);
    void remove(const QString &name);
    void leave(const QString &name);

    // The settings of an organization as last listed (users only: tokens cannot read them).
    std::optional<Organization> organization(const QString &name) const;

Q_SIGNALS:
    void organizationCreated(const QString &name);
    void organizationUpdated(const adm::Organization &org);
    void organizationRemoved(const QString &name);

protected:
    bool showCached() override;
    QString countText() const override;

private:
    bool isUser() const;
    void showKnownOrganizations();
    void storeCache();
    void afterMembershipChange(const QString &name);

    OrganizationTableModel *m_model;
};

} // namespace adm::models
