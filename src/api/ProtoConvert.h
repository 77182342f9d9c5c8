// SPDX-License-Identifier: Apache-2.0
// Internal to src/api: controlplane.v1 messages <-> core values. Nothing outside the api layer
// sees protobuf types.
#pragma once

#include "controlplane/v1/org_invitation.pb.h"
#include "controlplane/v1/response_messages.pb.h"
#include "controlplane/v1/status.pb.h"
#include "core/Entities.h"

#include <QJsonObject>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/timestamp.pb.h>

namespace adm::api::convert {

QString str(const std::string &s);
std::string str(const QString &s);
QDateTime time(const google::protobuf::Timestamp &ts, bool present);

User user(const controlplane::v1::User &u);
Organization organization(const controlplane::v1::OrgItem &o);
Membership membership(const controlplane::v1::OrgMembershipItem &m);
ApiToken apiToken(const controlplane::v1::APITokenItem &t);
Invitation invitation(const controlplane::v1::OrgInvitationItem &i);
CasBackend casBackend(const controlplane::v1::CASBackendItem &b);
ServerInfo serverInfo(const controlplane::v1::InfozResponse &r);

controlplane::v1::MembershipRole role(Role r);
// CAS credentials: JSON values to a protobuf Struct (strings stay strings).
void toStruct(const QJsonObject &json, google::protobuf::Struct *out);

} // namespace adm::api::convert
