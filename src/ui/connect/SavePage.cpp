// SPDX-License-Identifier: Apache-2.0
#include "ui/connect/SavePage.h"

#include "ui_ConnectWizardSavePage.h"

#include "models/Session.h"
#include "storage/SecretStore.h"
#include "ui/session/KeychainUnavailableNotice.h"

#include <QWizard>

namespace adm::ui {

SavePage::SavePage(models::ConnectFlow &flow, models::Session &session, QWidget *parent)
    : QWizardPage(parent)
    , ui(std::make_unique<Ui::ConnectWizardSavePage>())
    , m_flow(flow)
    , m_session(session)
    , m_notice(nullptr)
{
    ui->setupUi(this);
    setObjectName(QStringLiteral("savePage"));
    setTitle(tr("Save"));
    setSubTitle(tr("Name this connection. You can switch between saved connections from the toolbar."));
    m_notice = new KeychainUnavailableNotice(ui->noticeHost);
    ui->noticeLayout->addWidget(m_notice);
    ui->noticeHost->setVisible(false);
    ui->progressLabel->setVisible(false);
    ui->errorLabel->setVisible(false);
    ui->errorLabel->setStyleSheet(
        QStringLiteral("color: white; background: #b3261e; padding: 4px; border-radius: 3px;"));
    connect(ui->nameEdit, &QLineEdit::textChanged, this, [this]() {
        ui->errorLabel->setVisible(false);
        Q_EMIT completeChanged();
    });
    connect(m_notice, &KeychainUnavailableNotice::sessionOnlyChosen, this, &SavePage::useSessionOnly);
    connect(&m_flow, &models::ConnectFlow::saved, this, &SavePage::onSaved);
    connect(&m_flow, &models::ConnectFlow::saveFailed, this, &SavePage::onSaveFailed);
}

SavePage::~SavePage() = default;

void SavePage::initializePage()
{
    if (ui->nameEdit->text().isEmpty())
        ui->nameEdit->setText(m_flow.suggestedProfileName());
    updateStorageText();
    ui->nameEdit->setFocus();
    ui->nameEdit->selectAll();
}

void SavePage::cleanupPage()
{
    if (m_busy)
        m_flow.cancel();
    setBusy(false);
}

bool SavePage::isComplete() const
{
    return !m_busy && !ui->nameEdit->text().trimmed().isEmpty();
}

bool SavePage::validatePage()
{
    if (m_saved)
        return true; // second pass, after the save succeeded
    if (m_busy)
        return false;
    ui->errorLabel->setVisible(false);
    setBusy(true);
    m_flow.save(ui->nameEdit->text());
    return false;
}

void SavePage::onSaved(const storage::Profile &)
{
    if (!m_busy)
        return;
    setBusy(false);
    m_saved = true;
    if (wizard() && wizard()->currentPage() == this)
        wizard()->accept(); // QWizard::done() re-validates this page, which now says yes
}

void SavePage::onSaveFailed(models::ConnectFlow::Field field, const QString &message, bool keychainUnavailable)
{
    if (!m_busy)
        return;
    setBusy(false);
    QString text;
    switch (field) {
    case models::ConnectFlow::Field::ProfileName:
        text = tr("Profile name: %1").arg(message);
        ui->nameEdit->setFocus();
        break;
    case models::ConnectFlow::Field::SecretStore: text = tr("Keychain: %1").arg(message); break;
    default: text = message; break;
    }
    ui->errorLabel->setText(text);
    ui->errorLabel->setVisible(true);
    if (keychainUnavailable && m_session.secretStore().isPersistent()) {
        // The notice says why and what can be done; the red line above names the field.
        ui->errorLabel->setText(tr("Keychain: the token could not be stored."));
        m_notice->setReason(message);
        ui->noticeHost->setVisible(true);
    }
}

void SavePage::useSessionOnly()
{
    m_session.useSessionOnlySecrets();
    ui->noticeHost->setVisible(false);
    ui->errorLabel->setVisible(false);
    updateStorageText();
    validatePage(); // save again, into memory this time
}

void SavePage::setBusy(bool busy)
{
    m_busy = busy;
    ui->progressLabel->setVisible(busy);
    ui->nameEdit->setReadOnly(busy);
    Q_EMIT completeChanged();
}

void SavePage::updateStorageText()
{
    const storage::SecretStore &store = m_session.secretStore();
    if (store.isPersistent())
        ui->storageLabel->setText(tr("The token will be stored in %1, never in a file.").arg(store.displayName()));
    else
        ui->storageLabel->setText(tr("Session-only login: the token stays in memory and is forgotten when the "
                                     "application quits. You will need to sign in again next time."));
}

} // namespace adm::ui
