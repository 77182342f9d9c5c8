// SPDX-License-Identifier: Apache-2.0
// Rows to the controlplane.v1 item messages (CHAINLOOP_API.md §3.8), in one place so every
// method renders an entity the same way.
#pragma once

#include "sandbox/ControlPlane.h"
#include "sandbox/SandboxStore.h"

#include <QByteArray>

namespace google::protobuf {
class Message;
class Timestamp;
} // namespace google::protobuf

namespace controlplane::v1 {
class User;
class OrgItem;
class OrgMembershipItem;
class APITokenItem;
class OrgInvitationItem;
class CASBackendItem;
} // namespace controlplane::v1

namespace adm::sandbox {

// What instance tokens report as their organization id (§7: the all-zero UUID).
inline const QString kNoOrgId = QStringLiteral("00000000-0000-0000-0000-000000000000");

namespace items {
void timestamp(const QDateTime &t, google::protobuf::Timestamp *out);
void user(const UserRow &u, controlplane::v1::User *out);
void org(const OrgRow &o, controlplane::v1::OrgItem *out);
void membership(const MembershipRow &m, const OrgRow &o, const UserRow *u, controlplane::v1::OrgMembershipItem *out);
void token(const TokenRow &t, controlplane::v1::APITokenItem *out);
void invitation(
    const InvitationRow &i, const OrgRow &o, const UserRow *sender, controlplane::v1::OrgInvitationItem *out);
void casBackend(const CasRow &c, controlplane::v1::CASBackendItem *out);
QByteArray serialize(const google::protobuf::Message &message);
// An OK reply carrying `message`.
RpcReply ok(const google::protobuf::Message &message);
} // namespace items

} // namespace adm::sandbox
