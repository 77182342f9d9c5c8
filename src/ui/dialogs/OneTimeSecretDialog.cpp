// SPDX-License-Identifier: Apache-2.0
#include "ui/dialogs/OneTimeSecretDialog.h"

#include "ui_OneTimeSecretDialog.h"

#include "ui/MessageBoxes.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QPushButton>
#include <QTimer>

namespace adm::ui {

namespace {
int g_clearDelayMs = 60000;
}

int OneTimeSecretDialog::clipboardClearDelayMs()
{
    return g_clearDelayMs;
}

void OneTimeSecretDialog::setClipboardClearDelayMs(int ms)
{
    g_clearDelayMs = ms;
}

OneTimeSecretDialog::OneTimeSecretDialog(const QString &tokenName, const QString &secret, QWidget *parent)
    : QDialog(parent)
    , m_secret(secret)
    , m_ui(std::make_unique<Ui::OneTimeSecretDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("oneTimeSecretDialog"));
    setWindowTitle(tr("Token %1 Created").arg(tokenName));
    m_ui->secretEdit->setText(secret);
    m_ui->secretEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->secretEdit->setCursorPosition(0);
    connect(m_ui->copyButton, &QPushButton::clicked, this, &OneTimeSecretDialog::copyToClipboard);
    m_ui->buttonBox->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closeButton"));
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

OneTimeSecretDialog::~OneTimeSecretDialog()
{
    m_secret.fill(QLatin1Char('0'));
}

void OneTimeSecretDialog::copyToClipboard()
{
    QClipboard *clipboard = QApplication::clipboard();
    clipboard->setText(m_secret);
    m_copied = true;
    const int seconds = g_clearDelayMs / 1000;
    m_ui->copiedLabel->setText(
        tr("Copied. The clipboard is cleared in %n second(s) if it still holds the token.", nullptr, seconds));
    // Owned by the clipboard, not the dialog: the clean-up must happen after the dialog closed.
    QTimer::singleShot(g_clearDelayMs, clipboard, [clipboard, secret = m_secret]() {
        if (clipboard->text() == secret)
            clipboard->clear();
    });
}

void OneTimeSecretDialog::done(int result)
{
    if (!m_copied) {
        const auto answer = MessageBoxes::question(this, tr("Close Without Copying?"),
            tr("You have not copied the token. It cannot be shown again: if you close now you will have to create a "
               "new one. Close anyway?"),
            QMessageBox::Close | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Close)
            return;
    }
    // Shown once: nothing of it stays in the closed dialog (the clipboard clean-up keeps its own copy).
    m_ui->secretEdit->clear();
    m_secret.fill(QLatin1Char('0'));
    m_secret.clear();
    QDialog::done(result);
}

} // namespace adm::ui
