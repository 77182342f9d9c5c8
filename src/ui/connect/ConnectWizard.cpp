// SPDX-License-Identifier: Apache-2.0
#include "ui/connect/ConnectWizard.h"

#include "models/ConnectFlow.h"
#include "models/Session.h"
#include "ui/connect/SavePage.h"
#include "ui/connect/ServerPage.h"
#include "ui/connect/SignInPage.h"
#include "ui/connect/VerifyPage.h"

#include <QDesktopServices>
#include <QLineEdit>

namespace adm::ui {

ConnectWizard::ConnectWizard(models::Session &session, Mode mode, QWidget *parent)
    : QWizard(parent)
    , m_session(session)
    , m_mode(mode)
    , m_flow(new models::ConnectFlow(session, this))
    , m_opener([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
    setObjectName(QStringLiteral("connectWizard"));
    setAccessibleName(tr("Connect to a Chainloop control plane"));
    setWindowTitle(mode == Mode::SignInAgain ? tr("Sign in again") : tr("New connection"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage, true);
    setMinimumSize(640, 480);

    // The page calls through the wizard so tests can swap the opener after construction.
    auto opener = [this](const QUrl &url) { return m_opener && m_opener(url); };
    if (mode == Mode::SignInAgain) {
        m_flow->startFromSessionProfile();
        setPage(SignInPageId, new SignInPage(*m_flow, opener, this));
        setPage(VerifyPageId, new VerifyPage(*m_flow, this));
        setStartId(SignInPageId);
    } else {
        setPage(ServerPageId, new ServerPage(*m_flow, this));
        setPage(SignInPageId, new SignInPage(*m_flow, opener, this));
        setPage(VerifyPageId, new VerifyPage(*m_flow, this));
        setPage(SavePageId, new SavePage(*m_flow, session, this));
        setStartId(ServerPageId);
    }
    connect(this, &QDialog::accepted, this, &ConnectWizard::onAccepted);
    connect(this, &QDialog::rejected, this, &ConnectWizard::onRejected);
}

ConnectWizard::~ConnectWizard() = default;

void ConnectWizard::setUrlOpener(UrlOpener opener)
{
    m_opener = std::move(opener);
}

ConnectWizard *ConnectWizard::openNewConnection(models::Session &session, QWidget *parent)
{
    auto *wizard = new ConnectWizard(session, Mode::NewConnection, parent);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->open();
    return wizard;
}

ConnectWizard *ConnectWizard::openSignInAgain(models::Session &session, QWidget *parent)
{
    auto *wizard = new ConnectWizard(session, Mode::SignInAgain, parent);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->open();
    return wizard;
}

void ConnectWizard::onAccepted()
{
    m_flow->finishInSession();
    // The session holds its own copy now: a wizard that lingers (deferred deletion, a caller
    // that keeps it) must not keep the token in the flow or in the pasted text.
    forgetToken();
    Q_EMIT connected(m_session.profile());
}

void ConnectWizard::forgetToken()
{
    if (auto *edit = findChild<QLineEdit *>(QStringLiteral("tokenEdit")))
        edit->clear();
    m_flow->clearToken();
}

void ConnectWizard::onRejected()
{
    // Cancel halfway: stop the listener and any call; nothing was saved unless Save finished.
    m_flow->cancelBrowserLogin();
    m_flow->cancel();
    forgetToken();
}

} // namespace adm::ui
