// SPDX-License-Identifier: Apache-2.0
#include "ui/session/SignInPrompt.h"

#include "models/Session.h"
#include "ui/connect/ConnectWizard.h"
#include "ui/connect/SignInPage.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace adm::ui {

namespace {
QPointer<SignInPrompt> &currentPrompt()
{
    static QPointer<SignInPrompt> prompt;
    return prompt;
}
} // namespace

SignInPrompt::SignInPrompt(models::Session &session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_reason(new QLabel(this))
    , m_token(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_useToken(new QPushButton(tr("&Use this token"), this))
{
    setObjectName(QStringLiteral("signInPrompt"));
    setAccessibleName(tr("Sign-in required"));
    setWindowTitle(tr("Sign-in required"));
    setMinimumWidth(480);
    m_reason->setObjectName(QStringLiteral("signInReasonLabel"));
    m_reason->setAccessibleName(tr("Why a sign-in is needed"));
    m_reason->setWordWrap(true);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_token->setObjectName(QStringLiteral("signInTokenEdit"));
    m_token->setAccessibleName(tr("New token"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("Paste a new token"));
    m_error->setObjectName(QStringLiteral("signInErrorLabel"));
    m_error->setAccessibleName(tr("Error"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->setVisible(false);
    m_useToken->setObjectName(QStringLiteral("useTokenButton"));
    m_useToken->setAccessibleName(tr("Use the pasted token"));
    m_useToken->setEnabled(false);

    auto *buttons = new QDialogButtonBox(this);
    buttons->setObjectName(QStringLiteral("signInPromptButtons"));
    auto *wizardButton = buttons->addButton(tr("&Sign in again…"), QDialogButtonBox::AcceptRole);
    wizardButton->setObjectName(QStringLiteral("signInAgainButton"));
    wizardButton->setAccessibleName(tr("Sign in again"));
    auto *later = buttons->addButton(tr("&Later"), QDialogButtonBox::RejectRole);
    later->setObjectName(QStringLiteral("laterButton"));
    later->setAccessibleName(tr("Later"));

    auto *pasteRow = new QHBoxLayout;
    pasteRow->addWidget(m_token, 1);
    pasteRow->addWidget(m_useToken);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_reason);
    layout->addLayout(pasteRow);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    connect(m_token, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_error->setVisible(false);
        m_useToken->setEnabled(!text.trimmed().isEmpty());
    });
    connect(m_token, &QLineEdit::returnPressed, this, &SignInPrompt::usePastedToken);
    connect(m_useToken, &QPushButton::clicked, this, &SignInPrompt::usePastedToken);
    connect(wizardButton, &QPushButton::clicked, this, &SignInPrompt::openWizard);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&session, &models::Session::stateChanged, this, [this](models::Session::State state) {
        if (state == models::Session::State::Ready || state == models::Session::State::SignedOut)
            accept();
    });
}

void SignInPrompt::setReason(const QString &why)
{
    m_reason->setText(why);
}

void SignInPrompt::usePastedToken()
{
    const QString text = m_token->text().trimmed();
    const JwtParseResult parsed = parseJwtClaims(text);
    if (!parsed.claims) {
        m_error->setText(tr("Token: %1").arg(parsed.error));
        m_error->setVisible(true);
        return;
    }
    const QString warning = SignInPage::expiryWarning(*parsed.claims);
    if (parsed.claims->expiresAt.isValid() && parsed.claims->expiresAt <= QDateTime::currentDateTimeUtc()) {
        m_error->setText(tr("Token: %1").arg(warning));
        m_error->setVisible(true);
        return;
    }
    m_session.signInAgain(text.toLatin1());
    m_token->clear();
}

void SignInPrompt::openWizard()
{
    Q_EMIT signInWizardRequested();
    ConnectWizard::openSignInAgain(m_session, parentWidget());
    accept();
}

QObject *SignInPrompt::attach(models::Session &session, QWidget *window)
{
    auto *owner = new QObject(window);
    owner->setObjectName(QStringLiteral("signInPromptAttachment"));
    QObject::connect(&session, &models::Session::signInRequired, owner, [&session, window](const QString &why) {
        QPointer<SignInPrompt> &prompt = currentPrompt();
        if (!prompt) {
            prompt = new SignInPrompt(session, window);
            prompt->setAttribute(Qt::WA_DeleteOnClose);
        }
        prompt->setReason(why);
        prompt->show();
        prompt->raise();
    });
    return owner;
}

SignInPrompt *SignInPrompt::current()
{
    return currentPrompt();
}

} // namespace adm::ui
