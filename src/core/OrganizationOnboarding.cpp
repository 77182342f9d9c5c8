// SPDX-License-Identifier: Apache-2.0
#include "core/OrganizationOnboarding.h"

#include "core/Validation.h"

#include <QCoreApplication>

namespace adm {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("adm::OrganizationOnboarding", text);
}

bool isUser(const OnboardingCaller &caller)
{
    return caller.kind == JwtClaims::Kind::User;
}
} // namespace

OnboardingPlan planForOrganization(const OrganizationOnboarding &o)
{
    OnboardingPlan plan;
    OnboardingStep create;
    create.kind = OnboardingStep::Kind::CreateOrganization;
    create.organization = o.name;
    create.rows = { 1 };
    plan.steps << create;
    if (o.settings) {
        OnboardingStep s;
        s.kind = OnboardingStep::Kind::UpdateSettings;
        s.organization = o.name;
        s.settings = *o.settings;
        s.rows = { 1 };
        plan.steps << s;
    }
    if (o.cas) {
        OnboardingStep s;
        s.kind = OnboardingStep::Kind::AddCasBackend;
        s.organization = o.name;
        s.cas = *o.cas;
        s.rows = { 1 };
        plan.steps << s;
    }
    int row = 2;
    for (const OrganizationOnboarding::Invitee &i : o.invitees) {
        OnboardingStep s;
        s.kind = OnboardingStep::Kind::Invite;
        s.organization = o.name;
        s.email = i.email.trimmed().toLower();
        s.role = i.role;
        s.rows = { row++ };
        plan.steps << s;
    }
    return plan;
}

QString settingsUnavailableReason(const OnboardingCaller &caller)
{
    if (isUser(caller))
        return {};
    // Same rule as the CSV's settings columns: OrganizationService/Update is user-only.
    return tr("Settings can be changed only by a signed-in user who owns or administers the organization; API "
              "tokens cannot call OrganizationService/Update. Leave the defaults now and change them later from the "
              "organization's Settings page as its owner or an admin.");
}

QString ownerInvitationUnavailableReason(const OnboardingCaller &caller)
{
    if (isUser(caller))
        return {}; // the creating user becomes the owner, and owners may invite owners
    return tr("API tokens cannot invite owners: the server requires the manage-owners policy, which no token "
              "created through the API carries.");
}

QString ownershipNote(const OnboardingCaller &caller)
{
    if (isUser(caller))
        return tr("You will be the owner of the new organization: the server makes the user who creates an "
                  "organization its owner.");
    return tr("An organization created with an API token has no members and no owner, and no one can be made owner "
              "later (only owners invite or promote owners). Invite at least one admin to manage it. If it needs an "
              "owner, sign in as a user instead (an instance administrator when creation is restricted) and onboard "
              "it from that session: the creating user becomes the owner.");
}

QString inviteeError(
    const OnboardingCaller &caller, const OrganizationOnboarding::Invitee &invitee, const QStringList &otherEmails)
{
    const QString email = invitee.email.trimmed().toLower();
    if (const Validity v = validateEmail(email); !v.ok())
        return v.message;
    if (invitee.role == Role::Unspecified)
        return tr("Choose a role.");
    if (!caller.email.isEmpty() && email == caller.email.trimmed().toLower())
        return tr("%1 is you: the creator of an organization is already its owner.").arg(email);
    for (const QString &other : otherEmails) {
        if (other.trimmed().toLower() == email)
            return tr("%1 is already in the list.").arg(email);
    }
    if (invitee.role == Role::Owner) {
        if (const QString why = ownerInvitationUnavailableReason(caller); !why.isEmpty())
            return why;
    }
    return {};
}

bool hasManager(const QList<OrganizationOnboarding::Invitee> &invitees)
{
    for (const OrganizationOnboarding::Invitee &i : invitees) {
        if (i.role == Role::Admin || i.role == Role::Owner)
            return true;
    }
    return false;
}

} // namespace adm
