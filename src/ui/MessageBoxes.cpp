// SPDX-License-Identifier: Apache-2.0
#include "ui/MessageBoxes.h"

#include <QList>

namespace adm::ui {

namespace {
struct SeamState {
    QList<QMessageBox::StandardButton> answers;
    int asked = 0;
    QString lastText;
};

SeamState &seam()
{
    static SeamState state;
    return state;
}

QMessageBox::StandardButton ask(QMessageBox::Icon icon, QWidget *parent, const QString &title, const QString &text,
    QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton)
{
    SeamState &s = seam();
    ++s.asked;
    s.lastText = text;
    if (!s.answers.isEmpty())
        return s.answers.takeFirst();
    QMessageBox box(icon, title, text, buttons, parent);
    box.setObjectName(QStringLiteral("confirmationBox"));
    box.setAccessibleName(title);
    box.setDefaultButton(defaultButton);
    // A confirmation is the one place a modal exec() is fine: it waits for the user, not for I/O.
    return QMessageBox::StandardButton(box.exec());
}
} // namespace

QMessageBox::StandardButton MessageBoxes::question(QWidget *parent, const QString &title, const QString &text,
    QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton)
{
    return ask(QMessageBox::Question, parent, title, text, buttons, defaultButton);
}

QMessageBox::StandardButton MessageBoxes::warning(QWidget *parent, const QString &title, const QString &text,
    QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton)
{
    return ask(QMessageBox::Warning, parent, title, text, buttons, defaultButton);
}

void MessageBoxes::setNextAnswer(QMessageBox::StandardButton answer)
{
    seam().answers.append(answer);
}

int MessageBoxes::pendingAnswers()
{
    return int(seam().answers.size());
}

void MessageBoxes::clearAnswers()
{
    seam().answers.clear();
    seam().asked = 0;
    seam().lastText.clear();
}

int MessageBoxes::askedCount()
{
    return seam().asked;
}

QString MessageBoxes::lastText()
{
    return seam().lastText;
}

} // namespace adm::ui
