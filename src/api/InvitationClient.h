// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/ClientBase.h"
#include "api/Requests.h"
#include "core/Entities.h"

#include <QList>
#include <QString>

namespace adm::api {

// controlplane.v1.OrgInvitationService
class InvitationClient : public ClientBase
{
public:
    using ClientBase::ClientBase;
    UnaryCall *create(const QString &receiverEmail, Role role, QObject *context, Callback<Invitation> done,
        const CallOptions &options = {});
    UnaryCall *revoke(
        const QString &invitationId, QObject *context, Callback<void> done, const CallOptions &options = {});
    UnaryCall *listSent(QObject *context, Callback<QList<Invitation>> done, const CallOptions &options = {});
};

} // namespace adm::api
