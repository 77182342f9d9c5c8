// SPDX-License-Identifier: Apache-2.0
#include "ui/onboarding/ResumeOnboardingOffer.h"

#include "models/OnboardingController.h"

#include <QLocale>
#include <QPushButton>

namespace adm::ui {

ResumeOnboardingOffer::ResumeOnboardingOffer(models::OnboardingController &controller, QWidget *parent)
    : QMessageBox(parent)
    , m_controller(controller)
{ }

ResumeOnboardingOffer *ResumeOnboardingOffer::offer(models::OnboardingController &controller, QWidget *parent)
{
    const QList<storage::OnboardingRun> runs = controller.unfinishedRuns();
    if (runs.isEmpty())
        return nullptr;
    const storage::OnboardingRun &run = runs.first(); // newest first
    QString error;
    const auto plan = controller.storedPlan(run.runId, &error);

    auto *box = new ResumeOnboardingOffer(controller, parent);
    box->m_runId = run.runId;
    box->setObjectName(QStringLiteral("resumeOnboardingOffer"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::NonModal);
    box->setIcon(QMessageBox::Question);
    box->setWindowTitle(tr("Interrupted Onboarding"));
    box->setAccessibleName(tr("Resume interrupted onboarding"));
    box->setText(tr("An onboarding run stopped before it finished: %1, started %2.")
                     .arg(run.organization, QLocale().toString(run.createdAt.toLocalTime(), QLocale::ShortFormat)));
    QString info = plan
        ? tr("%1 of %2 steps are finished. Resume sends only the rest; what already exists on the "
             "server is recognised, never created twice.")
              .arg(plan->count(OnboardingStep::State::Done) + plan->count(OnboardingStep::State::Adopted))
              .arg(plan->steps.size())
        : tr("Its plan cannot be read: %1").arg(error);
    if (runs.size() > 1)
        info += u' ' + tr("%n more interrupted run(s) will be offered next time.", nullptr, int(runs.size() - 1));
    box->setInformativeText(info);
    box->m_resume = box->addButton(tr("&Resume"), QMessageBox::AcceptRole);
    box->m_resume->setObjectName(QStringLiteral("resumeButton"));
    box->m_resume->setEnabled(plan.has_value());
    box->m_discard = box->addButton(tr("&Discard"), QMessageBox::DestructiveRole);
    box->m_discard->setObjectName(QStringLiteral("discardButton"));
    box->m_discard->setToolTip(tr("Forget this run; nothing on the server is undone"));
    box->m_later = box->addButton(tr("&Later"), QMessageBox::RejectRole);
    box->m_later->setObjectName(QStringLiteral("laterButton"));
    box->setDefaultButton(qobject_cast<QPushButton *>(plan ? box->m_resume : box->m_later));
    box->setEscapeButton(box->m_later);
    connect(box, &QMessageBox::buttonClicked, box, &ResumeOnboardingOffer::answer);
    box->show(); // not exec(): the main window stays usable
    return box;
}

void ResumeOnboardingOffer::answer(QAbstractButton *button)
{
    if (button == m_resume)
        Q_EMIT resumeRequested(m_runId);
    else if (button == m_discard)
        m_controller.discard(m_runId);
    // Later: the run stays open and is offered at the next start.
}

} // namespace adm::ui
