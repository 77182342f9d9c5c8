// SPDX-License-Identifier: Apache-2.0
// The offer at start-up to continue an interrupted onboarding run (a crash, a closed laptop, a
// cancelled run): one non-modal box per profile and session, however many runs are open, with
// Resume, Discard and Later. It never blocks the window behind it.
#pragma once

#include <QMessageBox>

namespace adm::models {
class OnboardingController;
}

namespace adm::ui {

class ResumeOnboardingOffer : public QMessageBox
{
    Q_OBJECT
public:
    // Shows the offer for the newest unfinished run of the session's profile; null (nothing
    // shown) when there is none. Deletes itself when answered.
    static ResumeOnboardingOffer *offer(models::OnboardingController &controller, QWidget *parent);

    QString runId() const { return m_runId; }
    QAbstractButton *resumeButton() const { return m_resume; }
    QAbstractButton *discardButton() const { return m_discard; }
    QAbstractButton *laterButton() const { return m_later; }

Q_SIGNALS:
    void resumeRequested(const QString &runId);

private:
    ResumeOnboardingOffer(models::OnboardingController &controller, QWidget *parent);
    void answer(QAbstractButton *button);

    models::OnboardingController &m_controller;
    QString m_runId;
    QAbstractButton *m_resume = nullptr;
    QAbstractButton *m_discard = nullptr;
    QAbstractButton *m_later = nullptr;
};

} // namespace adm::ui
