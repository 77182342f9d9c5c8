// SPDX-License-Identifier: Apache-2.0
#include "sandbox/RequestValidator.h"

#include "buf/validate/violations.pb.h"
#include "controlplane/v1/api_token.pb.h"
#include "controlplane/v1/cas_backends.pb.h"
#include "controlplane/v1/org_invitation.pb.h"
#include "controlplane/v1/organization.pb.h"
#include "controlplane/v1/user.pb.h"
#include "core/Validation.h"

#include <QHash>
#include <QRegularExpression>

#include <functional>
#include <initializer_list>

namespace adm::sandbox {

namespace {
namespace v1 = controlplane::v1;

// google.protobuf.FieldDescriptorProto.Type values used in field paths.
enum FieldType { TInt64 = 3, TUint64 = 4, TInt32 = 5, TBool = 8, TString = 9, TMessage = 11, TEnum = 14 };

struct Elem {
    int number;
    const char *name;
    int type;
    int index = -1; // subscript for repeated rule fields (cel[0])
};

class Violations
{
public:
    void add(
        std::initializer_list<Elem> field, std::initializer_list<Elem> rule, const char *ruleId, const QString &message)
    {
        auto *v = m_violations.add_violations();
        v->set_rule_id(ruleId);
        v->set_message(message.toStdString());
        fill(v->mutable_field(), field);
        fill(v->mutable_rule(), rule);
    }
    bool empty() const { return m_violations.violations_size() == 0; }
    const buf::validate::Violations &result() const { return m_violations; }

private:
    static void fill(buf::validate::FieldPath *path, std::initializer_list<Elem> elems)
    {
        for (const Elem &e : elems) {
            auto *p = path->add_elements();
            p->set_field_number(e.number);
            p->set_field_name(e.name);
            p->set_field_type(e.type);
            if (e.index >= 0)
                p->set_index(quint64(e.index));
        }
    }
    buf::validate::Violations m_violations;
};

// FieldRules members holding the per-type rules.
constexpr Elem kStringRules { 14, "string", TMessage };
constexpr Elem kInt32Rules { 3, "int32", TMessage };
constexpr Elem kEnumRules { 16, "enum", TMessage };

void minLen(Violations &out, Elem field, const std::string &value)
{
    if (value.empty())
        out.add({ field }, { kStringRules, { 2, "min_len", TUint64 } }, "string.min_len",
            QStringLiteral("value length must be at least 1 characters"));
}

void uuid(Violations &out, std::initializer_list<Elem> field, const std::string &value)
{
    const QString text = QString::fromStdString(value);
    if (text.isEmpty()) {
        out.add(field, { kStringRules, { 22, "uuid", TBool } }, "string.uuid_empty",
            QStringLiteral("value is empty, which is not a valid UUID"));
    } else if (!RequestValidator::isUuid(text)) {
        out.add(field, { kStringRules, { 22, "uuid", TBool } }, "string.uuid",
            QStringLiteral("value must be a valid UUID"));
    }
}

void definedRole(Violations &out, Elem field, int value, bool notZero)
{
    if (value < 0 || value > 5) {
        out.add({ field }, { kEnumRules, { 2, "defined_only", TBool } }, "enum.defined_only",
            QStringLiteral("value must be one of the defined enum values"));
    } else if (notZero && value == 0) {
        out.add({ field }, { kEnumRules, { 4, "not_in", TInt32 } }, "enum.not_in",
            QStringLiteral("value must not be in list [0]"));
    }
}

void dnsName(Violations &out, Elem field, const std::string &value)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    if (!pattern.match(QString::fromStdString(value)).hasMatch()) {
        out.add({ field }, { { 23, "cel", TMessage, 0 } }, "name.dns-1123",
            QStringLiteral("must contain only lowercase alphanumeric characters or '-', and must start and end "
                           "with an alphanumeric character"));
    }
}

void identityReference(Violations &out, Elem field, const v1::IdentityReference &ref)
{
    if (!ref.id().empty() && !RequestValidator::isUuid(QString::fromStdString(ref.id())))
        out.add({ field, { 1, "id", TString } }, { kStringRules, { 22, "uuid", TBool } }, "string.uuid",
            QStringLiteral("value must be a valid UUID"));
    if (ref.id().empty() == ref.name().empty())
        out.add({ field }, { { 3, "cel", TMessage, 0 } }, "id_or_name_required",
            QStringLiteral("either id or name must be provided, but not both"));
}

void pagination(Violations &out, Elem field, const v1::OffsetPaginationRequest &p)
{
    if (p.page() < 1)
        out.add({ field, { 1, "page", TInt32 } }, { kInt32Rules, { 5, "gte", TInt32 } }, "int32.gte",
            QStringLiteral("value must be greater than or equal to 1"));
    if (p.page_size() <= 0)
        out.add({ field, { 2, "page_size", TInt32 } }, { kInt32Rules, { 4, "gt", TInt32 } }, "int32.gt",
            QStringLiteral("value must be greater than 0"));
    else if (p.page_size() > 100)
        out.add({ field, { 2, "page_size", TInt32 } }, { kInt32Rules, { 3, "lte", TInt32 } }, "int32.lte",
            QStringLiteral("value must be less than or equal to 100"));
}

using Check = std::function<void(const google::protobuf::Message &, Violations &)>;

template<typename T> Check check(void (*fn)(const T &, Violations &))
{
    return [fn](const google::protobuf::Message &m, Violations &out) { fn(static_cast<const T &>(m), out); };
}

void tokenCreate(const v1::APITokenServiceCreateRequest &r, Violations &out)
{
    minLen(out, { 3, "name", TString }, r.name());
    if (r.has_project_reference())
        identityReference(out, { 4, "project_reference", TMessage }, r.project_reference());
}
void tokenList(const v1::APITokenServiceListRequest &r, Violations &out)
{
    if (r.has_project())
        identityReference(out, { 4, "project", TMessage }, r.project());
}
void tokenRevoke(const v1::APITokenServiceRevokeRequest &r, Violations &out)
{
    uuid(out, { { 1, "id", TString } }, r.id());
}
void orgCreate(const v1::OrganizationServiceCreateRequest &r, Violations &out)
{
    minLen(out, { 1, "name", TString }, r.name());
}
void orgUpdate(const v1::OrganizationServiceUpdateRequest &r, Violations &out)
{
    minLen(out, { 1, "name", TString }, r.name());
}
void orgDelete(const v1::OrganizationServiceDeleteRequest &r, Violations &out)
{
    minLen(out, { 1, "name", TString }, r.name());
}
void listMemberships(const v1::OrganizationServiceListMembershipsRequest &r, Violations &out)
{
    if (r.has_membership_id())
        uuid(out, { { 1, "membership_id", TString } }, r.membership_id());
    if (r.has_role())
        definedRole(out, { 4, "role", TEnum }, r.role(), true);
    if (r.has_pagination())
        pagination(out, { 5, "pagination", TMessage }, r.pagination());
}
void orgDeleteMembership(const v1::OrganizationServiceDeleteMembershipRequest &r, Violations &out)
{
    uuid(out, { { 1, "membership_id", TString } }, r.membership_id());
}
void orgUpdateMembership(const v1::OrganizationServiceUpdateMembershipRequest &r, Violations &out)
{
    uuid(out, { { 1, "membership_id", TString } }, r.membership_id());
    definedRole(out, { 2, "role", TEnum }, r.role(), false);
}
void invitationCreate(const v1::OrgInvitationServiceCreateRequest &r, Violations &out)
{
    const QString email = QString::fromStdString(r.receiver_email());
    if (email.isEmpty())
        out.add({ { 2, "receiver_email", TString } }, { kStringRules, { 12, "email", TBool } }, "string.email_empty",
            QStringLiteral("value is empty, which is not a valid email address"));
    else if (!validateEmail(email).ok())
        out.add({ { 2, "receiver_email", TString } }, { kStringRules, { 12, "email", TBool } }, "string.email",
            QStringLiteral("value must be a valid email address"));
    definedRole(out, { 3, "role", TEnum }, r.role(), false);
}
void invitationRevoke(const v1::OrgInvitationServiceRevokeRequest &r, Violations &out)
{
    uuid(out, { { 1, "id", TString } }, r.id());
}
void casCreate(const v1::CASBackendServiceCreateRequest &r, Violations &out)
{
    minLen(out, { 1, "location", TString }, r.location());
    minLen(out, { 2, "provider", TString }, r.provider());
    if (!r.has_credentials())
        out.add({ { 5, "credentials", TMessage } }, { { 25, "required", TBool } }, "required",
            QStringLiteral("value is required"));
    minLen(out, { 6, "name", TString }, r.name());
}
void casUpdate(const v1::CASBackendServiceUpdateRequest &r, Violations &out)
{
    dnsName(out, { 1, "name", TString }, r.name());
}
void casDelete(const v1::CASBackendServiceDeleteRequest &r, Violations &out)
{
    dnsName(out, { 1, "name", TString }, r.name());
}
void casRevalidate(const v1::CASBackendServiceRevalidateRequest &r, Violations &out)
{
    dnsName(out, { 1, "name", TString }, r.name());
}
void userDeleteMembership(const v1::DeleteMembershipRequest &r, Violations &out)
{
    uuid(out, { { 1, "membership_id", TString } }, r.membership_id());
}
void userSetCurrent(const v1::SetCurrentMembershipRequest &r, Violations &out)
{
    uuid(out, { { 1, "membership_id", TString } }, r.membership_id());
}

const QHash<QByteArray, Check> &checks()
{
    static const QHash<QByteArray, Check> table {
        { "/controlplane.v1.APITokenService/Create", check(&tokenCreate) },
        { "/controlplane.v1.APITokenService/List", check(&tokenList) },
        { "/controlplane.v1.APITokenService/Revoke", check(&tokenRevoke) },
        { "/controlplane.v1.InstanceAPITokenService/Create", check(&tokenCreate) },
        { "/controlplane.v1.InstanceAPITokenService/List", check(&tokenList) },
        { "/controlplane.v1.InstanceAPITokenService/Revoke", check(&tokenRevoke) },
        { "/controlplane.v1.OrganizationService/Create", check(&orgCreate) },
        { "/controlplane.v1.OrganizationService/Update", check(&orgUpdate) },
        { "/controlplane.v1.OrganizationService/Delete", check(&orgDelete) },
        { "/controlplane.v1.OrganizationService/ListMemberships", check(&listMemberships) },
        { "/controlplane.v1.OrganizationService/DeleteMembership", check(&orgDeleteMembership) },
        { "/controlplane.v1.OrganizationService/UpdateMembership", check(&orgUpdateMembership) },
        { "/controlplane.v1.OrgInvitationService/Create", check(&invitationCreate) },
        { "/controlplane.v1.OrgInvitationService/Revoke", check(&invitationRevoke) },
        { "/controlplane.v1.CASBackendService/Create", check(&casCreate) },
        { "/controlplane.v1.CASBackendService/Update", check(&casUpdate) },
        { "/controlplane.v1.CASBackendService/Delete", check(&casDelete) },
        { "/controlplane.v1.CASBackendService/Revalidate", check(&casRevalidate) },
        { "/controlplane.v1.UserService/DeleteMembership", check(&userDeleteMembership) },
        { "/controlplane.v1.UserService/SetCurrentMembership", check(&userSetCurrent) },
    };
    return table;
}
} // namespace

bool RequestValidator::isUuid(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    return pattern.match(text).hasMatch();
}

std::optional<RpcError> RequestValidator::validate(const QByteArray &method, const google::protobuf::Message &request)
{
    const auto it = checks().constFind(method);
    if (it == checks().constEnd())
        return std::nullopt;
    Violations out;
    (*it)(request, out);
    if (out.empty())
        return std::nullopt;
    return RpcError::violations(out.result());
}

} // namespace adm::sandbox
