// SPDX-License-Identifier: Apache-2.0
#include "ui/session/SignInPrompt.h"

#include "ui_SignInPrompt.h"

#include "models/Session.h"
#include "ui/connect/ConnectWizard.h"
#include "ui/connect/SignInPage.h"

#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>

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
    , m_ui(std::make_unique<Ui::SignInPrompt>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("signInPrompt"));
    m_ui->signInErrorLabel->setVisible(false);
    QDialogButtonBox *buttons = m_ui->signInPromptButtons;
    auto *wizardButton = buttons->addButton(tr("&Sign in again…"), QDialogButtonBox::AcceptRole);
    wizardButton->setObjectName(QStringLiteral("signInAgainButton"));
    wizardButton->setAccessibleName(tr("Sign in again"));
    auto *later = buttons->addButton(tr("&Later"), QDialogButtonBox::RejectRole);
    later->setObjectName(QStringLiteral("laterButton"));
    later->setAccessibleName(tr("Later"));

    connect(m_ui->signInTokenEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_ui->signInErrorLabel->setVisible(false);
        m_ui->useTokenButton->setEnabled(!text.trimmed().isEmpty());
    });
    connect(m_ui->signInTokenEdit, &QLineEdit::returnPressed, this, &SignInPrompt::usePastedToken);
    connect(m_ui->useTokenButton, &QPushButton::clicked, this, &SignInPrompt::usePastedToken);
    connect(wizardButton, &QPushButton::clicked, this, &SignInPrompt::openWizard);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&session, &models::Session::stateChanged, this, [this](models::Session::State state) {
        if (state == models::Session::State::Ready || state == models::Session::State::SignedOut)
            accept();
    });
}

SignInPrompt::~SignInPrompt() = default;

void SignInPrompt::setReason(const QString &why)
{
    m_ui->signInReasonLabel->setText(why);
}

void SignInPrompt::usePastedToken()
{
    const QString text = m_ui->signInTokenEdit->text().trimmed();
    const JwtParseResult parsed = parseJwtClaims(text);
    if (!parsed.claims) {
        m_ui->signInErrorLabel->setText(tr("Token: %1").arg(parsed.error));
        m_ui->signInErrorLabel->setVisible(true);
        return;
    }
    const QString warning = SignInPage::expiryWarning(*parsed.claims);
    if (parsed.claims->expiresAt.isValid() && parsed.claims->expiresAt <= QDateTime::currentDateTimeUtc()) {
        m_ui->signInErrorLabel->setText(tr("Token: %1").arg(warning));
        m_ui->signInErrorLabel->setVisible(true);
        return;
    }
    m_session.signInAgain(text.toLatin1());
    m_ui->signInTokenEdit->clear();
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
