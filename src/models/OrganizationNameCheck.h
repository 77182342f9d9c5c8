// SPDX-License-Identifier: Apache-2.0
// Is an organization name free? Asked as the user types (debounced), answered from what this
// session can know: the rule (core Validation), the organizations of the session (memberships
// of a user, the locally known ones for a token), and for instance tokens the server itself
// (ContextService/Current with the name as organization header: an existing organization has
// a default CAS backend). The API has no "is this name taken" call, so a user's answer for a
// name outside their memberships stays open: the server decides when the run creates it.
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

namespace adm::models {

class Session;

class OrganizationNameCheck : public QObject
{
    Q_OBJECT
public:
    enum class Verdict {
        Empty, // nothing typed
        Invalid, // breaks the naming rule
        Checking, // waiting for the debounce or the server
        Taken, // exists (known to this session or confirmed by the server)
        Available, // the server confirmed no organization has the name
        Unknown, // valid, not known here; the server decides when it is created
    };
    Q_ENUM(Verdict)

    // `session` must outlive the check.
    explicit OrganizationNameCheck(Session &session, QObject *parent = nullptr);

    // Starts a check of `name` after `debounceMs` without further calls; an earlier pending
    // check is dropped.
    void check(const QString &name);
    void setDebounce(int ms) { m_timer.setInterval(ms); }

    QString name() const { return m_name; }
    Verdict verdict() const { return m_verdict; }
    QString message() const { return m_message; } // translated, one or two sentences
    // Whether the wizard may go on with this name (Available or Unknown).
    bool acceptable() const { return m_verdict == Verdict::Available || m_verdict == Verdict::Unknown; }

Q_SIGNALS:
    void changed(); // verdict or message changed

private:
    void run();
    void set(Verdict verdict, const QString &message);

    Session &m_session;
    QTimer m_timer;
    QString m_name;
    Verdict m_verdict = Verdict::Empty;
    QString m_message;
    QPointer<QObject> m_call; // context of the call in flight; deleted to drop its answer
};

} // namespace adm::models
