// SPDX-License-Identifier: Apache-2.0
#include "ui/MessageBoxes.h"

#include <QAbstractButton>
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
    QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton,
    const QList<QPair<QMessageBox::StandardButton, QString>> &texts = {})
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
    for (const auto &[button, label] : texts) {
        if (QAbstractButton *b = box.button(button))
            b->setText(label);
    }
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

QMessageBox::StandardButton MessageBoxes::choose(QWidget *parent, const QString &title, const QString &text,
    QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton,
    const QList<QPair<QMessageBox::StandardButton, QString>> &texts)
{
    return ask(QMessageBox::Question, parent, title, text, buttons, defaultButton, texts);
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
