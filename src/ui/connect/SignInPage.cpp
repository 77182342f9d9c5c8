// SPDX-License-Identifier: Apache-2.0
#include "ui/connect/SignInPage.h"

#include "ui_ConnectWizardSignInPage.h"

#include <QLocale>
#include <QWizard>

namespace adm::ui {

namespace {
QString when(const QDateTime &t)
{
    return QLocale().toString(t.toLocalTime(), QLocale::LongFormat);
}
} // namespace

SignInPage::SignInPage(models::ConnectFlow &flow, UrlOpener openUrl, QWidget *parent)
    : QWizardPage(parent)
    , ui(std::make_unique<Ui::ConnectWizardSignInPage>())
    , m_flow(flow)
    , m_openUrl(std::move(openUrl))
{
    ui->setupUi(this);
    setObjectName(QStringLiteral("signInPage"));
    setTitle(tr("Sign in"));
    ui->errorLabel->setVisible(false);
    ui->errorLabel->setStyleSheet(
        QStringLiteral("color: white; background: #b3261e; padding: 4px; border-radius: 3px;"));
    ui->warningLabel->setVisible(false);
    ui->warningLabel->setStyleSheet(QStringLiteral("color: #8a5300;"));
    ui->cancelBrowserButton->setVisible(false);

    connect(ui->browserRadio, &QRadioButton::toggled, this, &SignInPage::updateMode);
    connect(ui->pasteRadio, &QRadioButton::toggled, this, &SignInPage::updateMode);
    connect(ui->openBrowserButton, &QPushButton::clicked, this, &SignInPage::startBrowser);
    connect(ui->cancelBrowserButton, &QPushButton::clicked, this, [this]() {
        m_flow.cancelBrowserLogin();
        onBrowserFailed(tr("Stopped waiting for the browser."));
    });
    connect(ui->tokenEdit, &QLineEdit::textChanged, this, &SignInPage::onTokenEdited);
    connect(&m_flow, &models::ConnectFlow::openUrlRequested, this, &SignInPage::onOpenUrlRequested);
    connect(&m_flow, &models::ConnectFlow::browserLoginSucceeded, this, &SignInPage::onBrowserSucceeded);
    connect(&m_flow, &models::ConnectFlow::browserLoginFailed, this, &SignInPage::onBrowserFailed);
    connect(&m_flow, &models::ConnectFlow::serverChecked, this, [this]() {
        if (wizard() && wizard()->currentPage() == this)
            showServer();
    });
    connect(&m_flow, &models::ConnectFlow::serverCheckFailed, this,
        [this](models::ConnectFlow::Field, const QString &message) {
            if (wizard() && wizard()->currentPage() == this) {
                showServer();
                showError(tr("Server: %1").arg(message));
            }
        });
    updateMode();
}

SignInPage::~SignInPage() = default;

void SignInPage::initializePage()
{
    if (!m_flow.serverInfo() && m_flow.isSignInAgain() && !m_flow.isBusy()) {
        // The session never reached the server (e.g. its token had expired): ask for the login
        // URL now, so the browser login is offered as soon as it is known.
        m_flow.checkServer(m_flow.server());
    }
    showServer();
}

void SignInPage::showServer()
{
    const auto info = m_flow.serverInfo();
    const auto endpoint = m_flow.endpoint();
    const QString where = endpoint ? endpoint->display() : m_flow.server().address;
    if (info) {
        setSubTitle(tr("%1 runs Chainloop %2.").arg(where, info->version)
            + (info->restrictedOrgCreation ? tr(" Creating organizations is restricted to instance administrators.")
                                           : QString()));
    } else {
        setSubTitle(where);
    }
    const bool canBrowse = info && !info->loginUrl.isEmpty();
    ui->browserRadio->setEnabled(canBrowse);
    if (!canBrowse) {
        ui->pasteRadio->setChecked(true);
        ui->browserStatusLabel->setText(
            m_flow.isBusy() ? tr("Asking the server for its login page…") : tr("This server offers no browser login."));
    } else if (ui->browserStatusLabel->text() == tr("Asking the server for its login page…")) {
        ui->browserStatusLabel->clear();
    }
    updateMode();
}

void SignInPage::cleanupPage()
{
    // Going back keeps the pasted token, but stops a browser login that is still waiting.
    if (m_flow.isWaitingForBrowser()) {
        m_flow.cancelBrowserLogin();
        ui->browserStatusLabel->setText(tr("Stopped waiting for the browser."));
        ui->cancelBrowserButton->setVisible(false);
        ui->openBrowserButton->setEnabled(true);
    }
}

bool SignInPage::isComplete() const
{
    return m_flow.hasToken() && !m_flow.isWaitingForBrowser();
}

bool SignInPage::validatePage()
{
    const auto claims = m_flow.claims();
    if (!claims)
        return false;
    // The server would only answer UNAUTHENTICATED: say it here, next to the token.
    if (claims->expiresAt.isValid() && claims->expiresAt <= QDateTime::currentDateTimeUtc()) {
        showError(tr("Token: it expired on %1. Sign in again or paste a newer token.").arg(when(claims->expiresAt)));
        return false;
    }
    return true;
}

QString SignInPage::describeClaims(const JwtClaims &c)
{
    QStringList rows;
    auto row = [&rows](const QString &label, const QString &value) {
        rows.append(
            QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>").arg(label.toHtmlEscaped(), value.toHtmlEscaped()));
    };
    QString kind;
    switch (c.kind) {
    case JwtClaims::Kind::User: kind = tr("User token"); break;
    case JwtClaims::Kind::OrgApiToken: kind = tr("Organization API token"); break;
    case JwtClaims::Kind::ProjectApiToken: kind = tr("Project API token"); break;
    case JwtClaims::Kind::InstanceApiToken: kind = tr("Instance API token"); break;
    case JwtClaims::Kind::Other: kind = tr("Token of unknown kind"); break;
    }
    row(tr("Kind:"), kind);
    if (c.kind == JwtClaims::Kind::User)
        row(tr("User ID:"), c.userId);
    if (!c.tokenName.isEmpty())
        row(tr("Token name:"), c.tokenName);
    if (!c.orgName.isEmpty())
        row(tr("Organization:"), c.orgName);
    else if (c.kind == JwtClaims::Kind::InstanceApiToken)
        row(tr("Organization:"), tr("any (chosen per call)"));
    if (!c.projectName.isEmpty())
        row(tr("Project:"), c.projectName);
    row(tr("Expires:"), c.expiresAt.isValid() ? when(c.expiresAt) : tr("never"));
    return QStringLiteral("<table>") + rows.join(QString()) + QStringLiteral("</table>");
}

QString SignInPage::expiryWarning(const JwtClaims &c)
{
    if (!c.expiresAt.isValid())
        return tr("This token never expires. Anyone who obtains it keeps access until it is revoked.");
    if (c.expiresAt <= QDateTime::currentDateTimeUtc())
        return tr("This token expired on %1. The server will refuse it.").arg(when(c.expiresAt));
    return {};
}

void SignInPage::updateMode()
{
    const bool browser = ui->browserRadio->isChecked();
    ui->browserBox->setEnabled(browser);
    ui->pasteBox->setEnabled(!browser);
    if (!browser && m_flow.isWaitingForBrowser()) {
        m_flow.cancelBrowserLogin();
        ui->browserStatusLabel->setText(tr("Stopped waiting for the browser."));
        ui->cancelBrowserButton->setVisible(false);
        ui->openBrowserButton->setEnabled(true);
    }
    if (!browser) {
        if (m_fromBrowser) {
            m_flow.clearToken(); // the paste field decides from now on
            m_fromBrowser = false;
        }
        onTokenEdited();
        ui->tokenEdit->setFocus();
    }
    Q_EMIT completeChanged();
}

void SignInPage::startBrowser()
{
    ui->errorLabel->setVisible(false);
    m_flow.clearToken();
    m_fromBrowser = false;
    showClaims();
    ui->openBrowserButton->setEnabled(false);
    ui->cancelBrowserButton->setVisible(true);
    ui->browserStatusLabel->setText(tr("Waiting for the browser… Sign in there; this page continues by itself."));
    m_flow.startBrowserLogin();
    Q_EMIT completeChanged();
}

void SignInPage::onOpenUrlRequested(const QUrl &url)
{
    if (m_openUrl && m_openUrl(url))
        return;
    // No browser could be started: let the user open the address by hand.
    ui->browserStatusLabel->setText(
        tr("No browser could be opened. Open this address yourself, on this computer:\n%1").arg(url.toString()));
}

void SignInPage::onBrowserSucceeded()
{
    m_fromBrowser = true;
    ui->openBrowserButton->setEnabled(true);
    ui->cancelBrowserButton->setVisible(false);
    ui->browserStatusLabel->setText(tr("Signed in with the browser."));
    showClaims();
    Q_EMIT completeChanged();
    if (wizard() && wizard()->currentPage() == this && validatePage())
        wizard()->next();
}

void SignInPage::onBrowserFailed(const QString &message)
{
    ui->openBrowserButton->setEnabled(true);
    ui->cancelBrowserButton->setVisible(false);
    ui->browserStatusLabel->setText(QString());
    showError(tr("Browser sign-in: %1").arg(message));
    Q_EMIT completeChanged();
}

void SignInPage::onTokenEdited()
{
    if (!ui->pasteRadio->isChecked())
        return;
    ui->errorLabel->setVisible(false);
    const QString text = ui->tokenEdit->text().trimmed();
    if (text.isEmpty()) {
        m_flow.clearToken();
    } else {
        const JwtParseResult parsed = m_flow.setToken(text.toLatin1());
        if (!parsed.claims)
            showError(tr("Token: %1").arg(parsed.error));
    }
    showClaims();
    Q_EMIT completeChanged();
}

void SignInPage::showClaims()
{
    const auto claims = m_flow.claims();
    if (!claims) {
        ui->claimsLabel->clear();
        ui->warningLabel->setVisible(false);
        return;
    }
    ui->claimsLabel->setText(describeClaims(*claims));
    const QString warning = expiryWarning(*claims);
    ui->warningLabel->setText(warning);
    ui->warningLabel->setVisible(!warning.isEmpty());
}

void SignInPage::showError(const QString &text)
{
    ui->errorLabel->setText(text);
    ui->errorLabel->setVisible(true);
}

} // namespace adm::ui
