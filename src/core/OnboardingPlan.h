// SPDX-License-Identifier: Apache-2.0
// What an onboarding run will do: a list of steps per organization (create it, change its
// settings, add a CAS backend, invite people) with the state of each. The plan is stored as
// JSON with the run (OnboardingRunRepository) so an interrupted run can be resumed; it never
// holds a secret: CAS credentials are named by a credential set whose secret lives in the
// SecretStore under casCredentialSetKey(name) (core/CasBackendForm.h).
#pragma once

#include "core/Entities.h"
#include "core/Role.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace adm {

// A CAS backend to add, with its credentials named, not included.
struct CasTemplate {
    QString name;
    QString provider; // "AWS-S3", "AzureBlob", "OCI"
    QString location;
    QString description;
    QString credentialSet; // SecretStore key casCredentialSetKey(credentialSet), see onboardingCredentials()
    bool isDefault = true;
    std::optional<qint64> maxBytes;

    friend bool operator==(const CasTemplate &, const CasTemplate &) = default;
};

struct OnboardingStep {
    enum class Kind { CreateOrganization, UpdateSettings, AddCasBackend, Invite };
    enum class State {
        Pending,
        Running,
        Done, // this run made the change
        Adopted, // the change was already there (an earlier attempt or someone else) and matches the plan
        Failed, // reported: error says why
        Skipped, // not attempted: its organization failed, or the run was cancelled
    };

    Kind kind = Kind::CreateOrganization;
    QString organization;
    QString email; // Invite
    Role role = Role::Unspecified; // Invite
    OrganizationSettings settings; // UpdateSettings
    CasTemplate cas; // AddCasBackend
    QList<int> rows; // CSV lines this step comes from (several rows share an org's steps)

    State state = State::Pending;
    QString error; // why it failed or was skipped; a note for Adopted ("already a member")
    int attempts = 0; // calls sent for it in this process (not persisted)

    // Unique within a plan: "org:acme", "settings:acme", "cas:acme/s3", "invite:acme/bob@example.com".
    QString key() const;
    // What the step acts on, for the journal and tables: the org, backend name or e-mail.
    QString target() const;
    bool isFinished() const { return state != State::Pending && state != State::Running; }
    bool succeeded() const { return state == State::Done || state == State::Adopted; }
};

QString stepKindName(OnboardingStep::Kind kind); // "org.create", "org.settings", "cas.create", "invite"
std::optional<OnboardingStep::Kind> stepKindFromName(const QString &name);
QString stepStateName(OnboardingStep::State state); // "pending", "running", "done", "adopted", "failed", "skipped"
std::optional<OnboardingStep::State> stepStateFromName(const QString &name);
QString stepStateDisplayName(OnboardingStep::State state); // translated
QString stepDescription(const OnboardingStep &step); // "Invite bob@example.com as admin to acme" (translated)
// The journal verb: "onboard.org.create", "onboard.invite.create", ... ("adopt" instead of
// "create" when adopted).
QString journalAction(const OnboardingStep &step);
// Parses journalAction() back: the kind and whether it says "adopt".
std::optional<OnboardingStep::Kind> stepKindFromJournalAction(const QString &action, bool *adopted = nullptr);

struct OnboardingPlan {
    QList<OnboardingStep> steps;

    // Organizations in plan order, each once.
    QStringList organizations() const;
    // Index of the organization's create step, -1 if none.
    int createStepOf(const QString &organization) const;
    int indexOfKey(const QString &key) const;
    int count(OnboardingStep::State state) const;
    int finishedCount() const;
    bool allSucceeded() const;
    // Same steps in the same order, whatever their states: a file that matches a stored run.
    bool sameSteps(const OnboardingPlan &other) const;
    // Back to Pending what a new attempt should run again (Running, Failed, Skipped); Done and
    // Adopted stay.
    void resetUnfinished();

    // Steps only (states included so a stored plan can show where it stopped); no secrets.
    QJsonObject toJson() const;
    static std::optional<OnboardingPlan> fromJson(const QJsonObject &json, QString *error = nullptr);
};

// The credential keys the runner sends for the backends of `plan` that name the remembered set
// `setName`, from the set as the CAS wizard keeps it in the SecretStore
// (casCredentialSetToJson: {"provider": "AWS-S3", "keys": {...}}). The set's provider must be
// the provider of every such backend. Empty, with *error naming the set (and both providers),
// when it is not a credential set or is for another provider. Used by the GUI and by `apply`.
std::optional<QJsonObject> onboardingCredentials(
    const OnboardingPlan &plan, const QString &setName, const QByteArray &secret, QString *error);

} // namespace adm
