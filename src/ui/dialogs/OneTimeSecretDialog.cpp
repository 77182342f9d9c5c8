// SPDX-License-Identifier: Apache-2.0
#include "ui/dialogs/OneTimeSecretDialog.h"

#include "ui/MessageBoxes.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

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
    , m_secretEdit(new QLineEdit(this))
    , m_copyButton(new QPushButton(tr("&Copy"), this))
    , m_copiedLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("oneTimeSecretDialog"));
    setWindowTitle(tr("Token %1 Created").arg(tokenName));
    setAccessibleName(tr("New token secret"));
    setMinimumWidth(560);

    auto *intro = new QLabel(tr("<b>Copy the token now.</b> This is the only time it is shown: Chainloop does not "
                                "keep it, and neither does this app. Store it where it will be used (for example a "
                                "CI secret)."),
        this);
    intro->setObjectName(QStringLiteral("introLabel"));
    intro->setWordWrap(true);

    m_secretEdit->setObjectName(QStringLiteral("secretEdit"));
    m_secretEdit->setAccessibleName(tr("Token secret"));
    m_secretEdit->setReadOnly(true);
    m_secretEdit->setText(secret);
    m_secretEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_secretEdit->setCursorPosition(0);

    m_copyButton->setObjectName(QStringLiteral("copyButton"));
    m_copyButton->setAccessibleName(tr("Copy token"));
    m_copyButton->setDefault(true);
    connect(m_copyButton, &QPushButton::clicked, this, &OneTimeSecretDialog::copyToClipboard);

    m_copiedLabel->setObjectName(QStringLiteral("copiedLabel"));
    m_copiedLabel->setAccessibleName(tr("Clipboard state"));
    m_copiedLabel->setWordWrap(true);

    auto *row = new QHBoxLayout;
    row->addWidget(m_secretEdit, 1);
    row->addWidget(m_copyButton);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closeButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(row);
    layout->addWidget(m_copiedLabel);
    layout->addWidget(buttons);
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
    m_copiedLabel->setText(
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
    m_secretEdit->clear();
    m_secret.fill(QLatin1Char('0'));
    m_secret.clear();
    QDialog::done(result);
}

} // namespace adm::ui
