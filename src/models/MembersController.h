// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Entities.h"
#include "models/PageController.h"

namespace adm::models {

class MemberTableModel;

// Members of the selected organization: paged model, role changes, removal.
class MembersController : public PageController
{
    Q_OBJECT
public:
    explicit MembersController(Session &session, QObject *parent = nullptr);

    MemberTableModel *model() const { return m_model; }

    void refresh() override;
    void setFilter(const QString &text, Role role);
    void changeRole(const Membership &member, Role role);
    void remove(const QList<Membership> &members);

Q_SIGNALS:
    void removeFinished(int removed, const QStringList &failures);

protected:
    bool showCached() override;
    QString countText() const override;

private:
    MemberTableModel *m_model;
    int m_pendingRemovals = 0;
    int m_removed = 0;
    QStringList m_removeFailures;
};

} // namespace adm::models
