// SPDX-License-Identifier: Apache-2.0
#include "ui/connect/VerifyPage.h"

#include "ui_ConnectWizardVerifyPage.h"

#include <QLocale>

namespace adm::ui {

VerifyPage::VerifyPage(models::ConnectFlow &flow, QWidget *parent)
    : QWizardPage(parent)
    , ui(std::make_unique<Ui::ConnectWizardVerifyPage>())
    , m_flow(flow)
{
    ui->setupUi(this);
    setObjectName(QStringLiteral("verifyPage"));
    setTitle(tr("Verify"));
    setSubTitle(tr("The server says who the token belongs to."));
    ui->errorLabel->setVisible(false);
    ui->errorLabel->setStyleSheet(
        QStringLiteral("color: white; background: #b3261e; padding: 4px; border-radius: 3px;"));
    ui->retryButton->setVisible(false);
    connect(ui->retryButton, &QPushButton::clicked, this, &VerifyPage::start);
    connect(&m_flow, &models::ConnectFlow::verified, this, &VerifyPage::onVerified);
    connect(&m_flow, &models::ConnectFlow::verifyFailed, this, &VerifyPage::onFailed);
}

VerifyPage::~VerifyPage() = default;

void VerifyPage::initializePage()
{
    start();
}

void VerifyPage::cleanupPage()
{
    if (m_busy)
        m_flow.cancel();
    m_busy = false;
}

bool VerifyPage::isComplete() const
{
    return !m_busy && m_flow.context().has_value();
}

void VerifyPage::start()
{
    clearResult();
    m_busy = true;
    ui->progressLabel->setVisible(true);
    ui->errorLabel->setVisible(false);
    ui->retryButton->setVisible(false);
    Q_EMIT completeChanged();
    m_flow.verify();
}

void VerifyPage::clearResult()
{
    for (QLabel *l : { ui->userLabel, ui->instanceAdminLabel, ui->organizationLabel, ui->roleLabel, ui->casBackendLabel,
             ui->expiryLabel })
        l->clear();
}

void VerifyPage::onVerified(const CurrentContext &context)
{
    if (!m_busy)
        return;
    m_busy = false;
    ui->progressLabel->setVisible(false);
    const auto claims = m_flow.claims();
    const bool apiToken = claims && claims->isApiToken();
    if (apiToken) {
        ui->userLabel->setText(claims->tokenName.isEmpty()
                ? claims->kindDescription()
                : tr("%1 \"%2\"").arg(claims->kindDescription(), claims->tokenName));
    } else {
        const QString name = context.user.displayName();
        ui->userLabel->setText(name.isEmpty() || name == context.user.email
                ? context.user.email
                : tr("%1 <%2>").arg(name, context.user.email));
    }
    ui->instanceAdminLabel->setText(apiToken
            ? (claims->kind == JwtClaims::Kind::InstanceApiToken ? tr("instance token") : tr("no"))
            : (context.user.instanceAdmin ? tr("yes") : tr("no")));
    if (context.membership) {
        ui->organizationLabel->setText(context.membership->org.name);
        ui->roleLabel->setText(roleDisplayName(context.membership->role));
    } else if (claims && !claims->orgName.isEmpty()) {
        ui->organizationLabel->setText(claims->orgName);
        ui->roleLabel->setText(tr("(API tokens have no role; their policies decide)"));
    } else {
        ui->organizationLabel->setText(claims && claims->kind == JwtClaims::Kind::InstanceApiToken
                ? tr("none yet: add organizations by name after connecting")
                : tr("none"));
        ui->roleLabel->setText(tr("—"));
    }
    if (context.defaultCasBackend)
        ui->casBackendLabel->setText(
            tr("%1 (%2)").arg(context.defaultCasBackend->name, context.defaultCasBackend->provider));
    else
        ui->casBackendLabel->setText(tr("none"));
    ui->expiryLabel->setText(claims && claims->expiresAt.isValid()
            ? QLocale().toString(claims->expiresAt.toLocalTime(), QLocale::LongFormat)
            : tr("never"));
    Q_EMIT completeChanged();
}

void VerifyPage::onFailed(const QString &message)
{
    if (!m_busy)
        return;
    m_busy = false;
    ui->progressLabel->setVisible(false);
    ui->errorLabel->setText(tr("Verification failed: %1").arg(message));
    ui->errorLabel->setVisible(true);
    ui->retryButton->setVisible(true);
    Q_EMIT completeChanged();
}

} // namespace adm::ui
