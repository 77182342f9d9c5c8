// SPDX-License-Identifier: Apache-2.0
#include "ui/session/KeychainUnavailableNotice.h"

#include "models/Session.h"
#include "storage/SecretStore.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace adm::ui {

KeychainUnavailableNotice::KeychainUnavailableNotice(QWidget *parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
    , m_button(new QPushButton(tr("Use a &session-only login"), this))
{
    setObjectName(QStringLiteral("keychainUnavailableNotice"));
    setAccessibleName(tr("Keychain unavailable"));
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(QStringLiteral("#keychainUnavailableNotice { background: #fff4e5; border: 1px solid #e0a040; }"));
    m_text->setObjectName(QStringLiteral("keychainReasonLabel"));
    m_text->setAccessibleName(tr("Why the keychain is unavailable"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_button->setObjectName(QStringLiteral("sessionOnlyButton"));
    m_button->setAccessibleName(tr("Use a session-only login"));
    m_button->setToolTip(tr("Keep the token in memory until the application quits. Nothing is written to disk."));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addWidget(m_button, 0, Qt::AlignLeft);
    connect(m_button, &QPushButton::clicked, this, &KeychainUnavailableNotice::sessionOnlyChosen);
    setReason({});
}

void KeychainUnavailableNotice::setReason(const QString &why)
{
    m_reason = why;
    QString text = tr("No keychain can keep your token.");
    if (!why.isEmpty())
        text += QLatin1Char(' ') + why;
    text += QLatin1Char('\n')
        + tr("You can sign in for this session only: the token stays in memory and is forgotten when the "
             "application quits. It is never written to a file.");
    m_text->setText(text);
}

QString KeychainUnavailableNotice::reason() const
{
    return m_reason;
}

void KeychainUnavailableNotice::checkAtStartup(
    models::Session &session, QWidget *parent, std::function<void(bool sessionOnly)> done)
{
    QPointer<QWidget> guard(parent);
    storage::SecretJob *job = session.secretStore().probe();
    QObject::connect(
        job, &storage::SecretJob::finished, &session, [&session, guard, done](const storage::SecretResult &result) {
            if (result.ok() || !session.secretStore().isPersistent()) {
                if (done)
                    done(!session.secretStore().isPersistent());
                return;
            }
            showDialog(session, guard, result.userMessage, done);
        });
}

void KeychainUnavailableNotice::offerIfTokenUnreadable(models::Session &session, QWidget *parent)
{
    QPointer<QWidget> guard(parent);
    // Only the first read. The session leaves Connecting before it reports a store failure, in
    // the same call: deleteLater() keeps the watch until then.
    auto *watch = new QObject(&session);
    QObject::connect(
        &session, &models::Session::secretStoreFailed, watch, [&session, guard, watch](const QString &why) {
            watch->deleteLater();
            if (session.secretStore().isPersistent())
                showDialog(session, guard, why, {});
        });
    QObject::connect(&session, &models::Session::stateChanged, watch, [watch](models::Session::State state) {
        if (state != models::Session::State::Connecting)
            watch->deleteLater();
    });
}

void KeychainUnavailableNotice::showDialog(
    models::Session &session, QWidget *parent, const QString &why, std::function<void(bool sessionOnly)> done)
{
    auto *dialog = new QDialog(parent);
    dialog->setObjectName(QStringLiteral("keychainUnavailableDialog"));
    dialog->setAccessibleName(tr("Keychain unavailable"));
    dialog->setWindowTitle(tr("Keychain unavailable"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto *notice = new KeychainUnavailableNotice(dialog);
    notice->setReason(why);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    buttons->setObjectName(QStringLiteral("keychainDialogButtons"));
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(notice);
    layout->addWidget(buttons);
    auto chosen = std::make_shared<bool>(false);
    QObject::connect(notice, &KeychainUnavailableNotice::sessionOnlyChosen, dialog, [&session, dialog, chosen]() {
        session.useSessionOnlySecrets();
        *chosen = true;
        dialog->accept();
    });
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    QObject::connect(dialog, &QDialog::finished, dialog, [done, chosen]() {
        if (done)
            done(*chosen);
    });
    dialog->open();
}

} // namespace adm::ui
