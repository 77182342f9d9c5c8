// SPDX-License-Identifier: Apache-2.0
#include "models/OrganizationNameCheck.h"

#include "api/ContextClient.h"
#include "core/Validation.h"
#include "models/Session.h"

namespace adm::models {

OrganizationNameCheck::OrganizationNameCheck(Session &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(400);
    connect(&m_timer, &QTimer::timeout, this, &OrganizationNameCheck::run);
}

void OrganizationNameCheck::check(const QString &name)
{
    m_name = name;
    delete m_call; // an answer about the previous text is of no use
    m_timer.stop();
    if (name.isEmpty()) {
        set(Verdict::Empty,
            tr("Lowercase letters, digits and '-', at most 63, starting and ending with a letter or "
               "digit; unique on the instance. \"admin\" and \"default\" are reserved."));
        return;
    }
    if (const Validity v = validateOrganizationName(name); !v.ok()) {
        set(Verdict::Invalid, v.message);
        return;
    }
    set(Verdict::Checking, tr("Checking whether %1 is free…").arg(name));
    m_timer.start();
}

void OrganizationNameCheck::run()
{
    const QString name = m_name;
    if (m_session.organizations().contains(name)) {
        const bool isUser = m_session.claims() && m_session.claims()->kind == JwtClaims::Kind::User;
        set(Verdict::Taken,
            isUser ? tr("%1 already exists: you are a member of it. Choose another name.").arg(name)
                   : tr("%1 already exists: this app knows it for this connection. Choose another name.").arg(name));
        return;
    }
    const bool instanceToken = m_session.claims() && m_session.claims()->kind == JwtClaims::Kind::InstanceApiToken;
    if (!instanceToken || !m_session.channel()) {
        // Users cannot look up organizations they do not belong to (the server answers "not a
        // member" whether or not it exists), so the create call is the check.
        set(Verdict::Unknown,
            tr("✓ Valid name. %1 is not one of your organizations; the server checks that it is free when the run "
               "creates it.")
                .arg(name));
        return;
    }
    auto *context = new QObject(this);
    m_call = context;
    api::CallOptions options;
    options.organization = name;
    options.idempotent = true;
    api::ContextClient(m_session.channel())
        .current(
            context,
            [this, context, name](api::Result<CurrentContext> r) {
                context->deleteLater();
                if (name != m_name)
                    return;
                if (!r) {
                    if (r.error().cause() == api::ApiError::Cause::MissingOrganization)
                        set(Verdict::Available, tr("✓ %1 is free.").arg(name));
                    else
                        set(Verdict::Unknown,
                            tr("✓ Valid name. Could not ask the server whether %1 is free (%2); it checks when the "
                               "run creates it.")
                                .arg(name, r.error().userMessage()));
                    return;
                }
                // Current answers an instance token even for an unknown name; only an existing
                // organization has a default CAS backend (the inline one at least).
                if (r.value().defaultCasBackend)
                    set(Verdict::Taken, tr("%1 already exists on this instance. Choose another name.").arg(name));
                else
                    set(Verdict::Available, tr("✓ %1 is free.").arg(name));
            },
            options);
}

void OrganizationNameCheck::set(Verdict verdict, const QString &message)
{
    if (verdict == m_verdict && message == m_message)
        return;
    m_verdict = verdict;
    m_message = message;
    Q_EMIT changed();
}

} // namespace adm::models
