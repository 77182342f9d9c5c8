// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/ConnectFlow.h"

#include <QWizardPage>

#include <memory>

namespace Ui {
class ConnectWizardVerifyPage;
}

namespace adm::ui {

// Asks ContextService/Current with the token and shows who the server says we are.
class VerifyPage : public QWizardPage
{
    Q_OBJECT
public:
    // `flow` is not owned and must outlive the page.
    explicit VerifyPage(models::ConnectFlow &flow, QWidget *parent = nullptr);
    ~VerifyPage() override;

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;

private:
    void start();
    void onVerified(const adm::CurrentContext &context);
    void onFailed(const QString &message);
    void clearResult();

    std::unique_ptr<Ui::ConnectWizardVerifyPage> ui;
    models::ConnectFlow &m_flow;
    bool m_busy = false;
};

} // namespace adm::ui
