// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Entities.h"
#include "models/ListTableModel.h"

#include <optional>

namespace adm::models {

// One organization as this identity sees it: a membership (users) or a name known locally
// (instance tokens, which cannot list organizations).
struct OrganizationRow {
    Organization org;
    QString membershipId; // empty when known only locally
    std::optional<Role> role;
    bool current = false; // the server's "current" membership
    QDateTime joined;

    static OrganizationRow fromMembership(const Membership &m);
    static OrganizationRow known(const QString &name, const QString &id = {});
};

class OrganizationTableModel final : public ListTableModel<OrganizationRow>
{
    Q_OBJECT
public:
    enum class Column { Name, Role, Current, Joined, Count };

    explicit OrganizationTableModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(Column::Count); }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int rowForName(const QString &name) const;
    // The organization the app has selected is shown in bold.
    void setSelectedOrganization(const QString &name);
    QString selectedOrganization() const { return m_selected; }

private:
    QString m_selected;
};

} // namespace adm::models

Q_DECLARE_METATYPE(adm::models::OrganizationRow)
