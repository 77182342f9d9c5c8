// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/ClientBase.h"
#include "api/Requests.h"
#include "core/Entities.h"

#include <QList>
#include <QString>

namespace adm::api {

// controlplane.v1.OrganizationService
class OrganizationClient : public ClientBase
{
public:
    using ClientBase::ClientBase;
    UnaryCall *create(
        const QString &name, QObject *context, Callback<Organization> done, const CallOptions &options = {});
    // `name` must be the selected organization (the server checks).
    UnaryCall *update(const QString &name, const OrganizationSettings &settings, QObject *context,
        Callback<Organization> done, const CallOptions &options = {});
    UnaryCall *remove(const QString &name, QObject *context, Callback<void> done, const CallOptions &options = {});
    UnaryCall *listMemberships(const MembershipFilter &filter, QObject *context, Callback<MembershipPage> done,
        const CallOptions &options = {});
    UnaryCall *deleteMembership(
        const QString &membershipId, QObject *context, Callback<void> done, const CallOptions &options = {});
    UnaryCall *updateMembership(const QString &membershipId, Role role, QObject *context, Callback<Membership> done,
        const CallOptions &options = {});
};

} // namespace adm::api
