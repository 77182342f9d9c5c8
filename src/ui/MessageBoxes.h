// SPDX-License-Identifier: Apache-2.0
// The one way this app asks a yes/no question in a message box, with a seam for tests: a queued
// answer is returned at once and the box is never shown, so a GUI test never blocks on a modal.
#pragma once

#include <QList>
#include <QMessageBox>
#include <QPair>
#include <QString>

namespace adm::ui {

class MessageBoxes
{
public:
    // Shows a modal question (QMessageBox::exec) unless a test queued an answer.
    static QMessageBox::StandardButton question(QWidget *parent, const QString &title, const QString &text,
        QMessageBox::StandardButtons buttons = QMessageBox::Yes | QMessageBox::No,
        QMessageBox::StandardButton defaultButton = QMessageBox::No);
    static QMessageBox::StandardButton warning(QWidget *parent, const QString &title, const QString &text,
        QMessageBox::StandardButtons buttons = QMessageBox::Ok,
        QMessageBox::StandardButton defaultButton = QMessageBox::NoButton);

    // A question whose buttons say what they do: `texts` names some of `buttons` ("Keep
    // Running" instead of "Yes"). The same seam as question().
    static QMessageBox::StandardButton choose(QWidget *parent, const QString &title, const QString &text,
        QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton,
        const QList<QPair<QMessageBox::StandardButton, QString>> &texts);

    // --- test seam ---
    // The next question() (or warning()) returns `answer` without showing anything. Several
    // calls queue several answers, used in order.
    static void setNextAnswer(QMessageBox::StandardButton answer);
    static int pendingAnswers();
    static void clearAnswers();
    // How many boxes were asked (shown or answered from the queue), and the last text.
    static int askedCount();
    static QString lastText();
};

} // namespace adm::ui
