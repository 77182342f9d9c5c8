// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class OneTimeSecretDialog;
}

namespace adm::ui {

// Shows a freshly created token once. Copy puts it on the clipboard and clears the clipboard
// again after clipboardClearDelayMs() if it still holds the token; closing without having
// copied asks first, because the token can never be shown again.
class OneTimeSecretDialog : public QDialog
{
    Q_OBJECT
public:
    OneTimeSecretDialog(const QString &tokenName, const QString &secret, QWidget *parent = nullptr);
    ~OneTimeSecretDialog() override;

    bool wasCopied() const { return m_copied; }

    static int clipboardClearDelayMs();
    static void setClipboardClearDelayMs(int ms); // tests shorten it

public Q_SLOTS:
    void copyToClipboard();
    void done(int result) override;

private:
    QString m_secret;
    std::unique_ptr<Ui::OneTimeSecretDialog> m_ui;
    bool m_copied = false;
};

} // namespace adm::ui
