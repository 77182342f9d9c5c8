// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/ConnectFlow.h"

#include <QWizardPage>

#include <memory>

namespace Ui {
class ConnectWizardServerPage;
}

namespace adm::ui {

// Address, protocol, CA file and the explicit "insecure" choice. Next runs the Infoz check
// asynchronously and advances when it succeeds; a failure is shown on the page, naming the field.
class ServerPage : public QWizardPage
{
    Q_OBJECT
public:
    // `flow` is not owned and must outlive the page.
    explicit ServerPage(models::ConnectFlow &flow, QWidget *parent = nullptr);
    ~ServerPage() override;

    void initializePage() override;
    void cleanupPage() override; // keeps what was typed (the default would reset fields)
    bool isComplete() const override;
    bool validatePage() override;

    models::ConnectFlow::ServerSettings settings() const;

private:
    void onInsecureToggled(bool on);
    void onChecked(const adm::ServerInfo &info);
    void onCheckFailed(adm::models::ConnectFlow::Field field, const QString &message);
    void setBusy(bool busy);
    void chooseCaFile();
    void showError(const QString &text);

    std::unique_ptr<Ui::ConnectWizardServerPage> ui;
    models::ConnectFlow &m_flow;
    bool m_busy = false;
    std::optional<models::ConnectFlow::ServerSettings> m_verified; // settings the last check accepted
    QString m_confirmedInsecureHost; // non-loopback host the user confirmed plaintext for
};

} // namespace adm::ui
