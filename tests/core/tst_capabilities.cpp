// SPDX-License-Identifier: Apache-2.0
#include "core/Capabilities.h"

#include <QTest>

using namespace adm;

namespace {
Identity user(std::optional<Role> role, bool instanceAdmin = false)
{
    Identity id;
    id.tokenKind = JwtClaims::Kind::User;
    id.role = role;
    id.instanceAdmin = instanceAdmin;
    id.organizationSelected = true;
    return id;
}
Identity token(JwtClaims::Kind kind)
{
    Identity id;
    id.tokenKind = kind;
    id.organizationSelected = true;
    return id;
}
} // namespace

class TestCapabilities : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Rows of the §4.1 matrix the UI depends on.
    void matrix_data()
    {
        QTest::addColumn<int>("action");
        QTest::addColumn<int>(
            "who"); // 0 viewer 1 member 2 admin 3 owner 4 instance-admin non-member 5 org token 6 instance token
        QTest::addColumn<bool>("allowed");
        const auto row
            = [](const char *name, AdminAction a, int who, bool ok) { QTest::newRow(name) << int(a) << who << ok; };
        row("viewer lists members", AdminAction::ListMembers, 0, true);
        row("member cannot list members", AdminAction::ListMembers, 1, false);
        row("viewer cannot create tokens", AdminAction::CreateToken, 0, false);
        row("admin creates tokens", AdminAction::CreateToken, 2, true);
        row("admin cannot delete org", AdminAction::DeleteOrganization, 2, false);
        row("owner deletes org", AdminAction::DeleteOrganization, 3, true);
        row("instance admin invites", AdminAction::InviteMember, 4, true);
        row("instance admin cannot list invitations", AdminAction::ListInvitations, 4, false);
        row("instance admin lists cas", AdminAction::ListCasBackends, 4, true);
        row("instance admin cannot delete cas", AdminAction::DeleteCasBackend, 4, false);
        row("org token cannot list org tokens", AdminAction::ListTokens, 5, false);
        row("org token cannot update org", AdminAction::UpdateOrganization, 5, false);
        row("instance token creates orgs", AdminAction::CreateOrganization, 6, true);
        row("instance token invites", AdminAction::InviteMember, 6, true);
        row("instance token creates cas", AdminAction::CreateCasBackend, 6, true);
        row("instance token cannot revalidate", AdminAction::RevalidateCasBackend, 6, false);
        row("instance token cannot list members", AdminAction::ListMembers, 6, false);
        row("member cannot update cas", AdminAction::UpdateCasBackend, 1, false);
        row("member may leave", AdminAction::LeaveOrganization, 1, true);
        row("instance admin manages instance tokens", AdminAction::ManageInstanceTokens, 4, true);
        row("owner without instance role cannot", AdminAction::ManageInstanceTokens, 3, false);
    }
    void matrix()
    {
        QFETCH(int, action);
        QFETCH(int, who);
        QFETCH(bool, allowed);
        Identity id;
        switch (who) {
        case 0: id = user(Role::Viewer); break;
        case 1: id = user(Role::Member); break;
        case 2: id = user(Role::Admin); break;
        case 3: id = user(Role::Owner); break;
        case 4: id = user(std::nullopt, true); break;
        case 5: id = token(JwtClaims::Kind::OrgApiToken); break;
        default: id = token(JwtClaims::Kind::InstanceApiToken); break;
        }
        const Permission p = permissionFor(id, AdminAction(action));
        QCOMPARE(p.allowed, allowed);
        // A refusal always says why; an allowance says nothing.
        QCOMPARE(p.reason.isEmpty(), allowed);
    }

    void orgBoundActionsNeedAnOrganization()
    {
        Identity id = user(Role::Owner);
        id.organizationSelected = false;
        const Permission p = permissionFor(id, AdminAction::ListMembers);
        QVERIFY(!p.allowed);
        QVERIFY(p.reason.contains(QLatin1String("Select an organization")));
        QVERIFY(permissionFor(id, AdminAction::CreateOrganization).allowed);
    }

    void restrictedCreation()
    {
        Identity id = user(Role::Owner);
        id.restrictedOrgCreation = true;
        QVERIFY(!permissionFor(id, AdminAction::CreateOrganization).allowed);
        id.instanceAdmin = true;
        QVERIFY(permissionFor(id, AdminAction::CreateOrganization).allowed);
    }

    void reasonNamesTheRole()
    {
        const Permission p = permissionFor(user(Role::Viewer), AdminAction::RemoveMember);
        QVERIFY2(p.reason.contains(QLatin1String("admin or owner")), qPrintable(p.reason));
    }
};

QTEST_GUILESS_MAIN(TestCapabilities)
#include "tst_capabilities.moc"
