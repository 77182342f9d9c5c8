// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/ClientBase.h"
#include "api/Requests.h"
#include "core/Entities.h"

#include <QList>
#include <QString>

namespace adm::api {

// controlplane.v1.UserService (user tokens only)
class UserClient : public ClientBase
{
public:
    using ClientBase::ClientBase;
    UnaryCall *listMemberships(QObject *context, Callback<QList<Membership>> done, const CallOptions &options = {});
    // Leave an organization.
    UnaryCall *deleteMembership(
        const QString &membershipId, QObject *context, Callback<void> done, const CallOptions &options = {});
    UnaryCall *setCurrentMembership(
        const QString &membershipId, QObject *context, Callback<Membership> done, const CallOptions &options = {});
};

} // namespace adm::api
