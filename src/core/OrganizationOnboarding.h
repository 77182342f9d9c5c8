// SPDX-License-Identifier: Apache-2.0
// One organization to onboard as the wizard collects it (name, optional settings, people,
// optional CAS backend), the plan it becomes, and the rules the wizard shows before anything
// is sent: who may change settings, who may invite owners, who ends up owning the
// organization (CHAINLOOP_API.md §4.3, §4.5, §4.8). Pure: no I/O.
#pragma once

#include "core/JwtClaims.h"
#include "core/OnboardingPlan.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace adm {

struct OrganizationOnboarding {
    struct Invitee {
        QString email;
        Role role = Role::Unspecified;
    };

    QString name;
    std::optional<OrganizationSettings> settings; // unset: keep the server's defaults
    QList<Invitee> invitees;
    std::optional<CasTemplate> cas; // unset: keep default-inline
};

// create, settings, CAS backend, then one invitation per invitee (the CSV's order). E-mails
// are lower-cased as the server stores them. Each step's `rows` numbers the wizard's inputs:
// 1 for the organization, 2.. for the invitees in order.
OnboardingPlan planForOrganization(const OrganizationOnboarding &onboarding);

// Who runs the plan, as the session knows it.
struct OnboardingCaller {
    JwtClaims::Kind kind = JwtClaims::Kind::Other;
    QString email; // users: their own address (an invitation to oneself is refused)
};

// Empty when the caller may set the OrganizationService/Update fields on the new organization;
// otherwise why not (translated). Users become owners of what they create; tokens cannot call
// Update at all.
QString settingsUnavailableReason(const OnboardingCaller &caller);
// Empty when the caller may invite owners to the organization it creates; otherwise why not.
QString ownerInvitationUnavailableReason(const OnboardingCaller &caller);
// What the organization's ownership will be after the run and what to do about it (translated).
QString ownershipNote(const OnboardingCaller &caller);

// The problem with one invitee, or empty: e-mail format, a role, not the caller, not twice
// (`otherEmails`: the other rows, any case), owner only when the caller may invite owners.
QString inviteeError(
    const OnboardingCaller &caller, const OrganizationOnboarding::Invitee &invitee, const QStringList &otherEmails);
// True when the invitees include an admin or owner (someone who can manage the organization).
bool hasManager(const QList<OrganizationOnboarding::Invitee> &invitees);

} // namespace adm
