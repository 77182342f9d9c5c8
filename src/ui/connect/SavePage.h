// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/ConnectFlow.h"

#include <QWizardPage>

#include <memory>

namespace Ui {
class ConnectWizardSavePage;
}

namespace adm::models {
class Session;
}

namespace adm::ui {

class KeychainUnavailableNotice;

// Profile name; Finish saves the profile (database) and the token (keychain). When no keychain
// works the page says why and offers the session-only login.
class SavePage : public QWizardPage
{
    Q_OBJECT
public:
    // Not owned; both must outlive the page.
    SavePage(models::ConnectFlow &flow, models::Session &session, QWidget *parent = nullptr);
    ~SavePage() override;

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    void onSaved(const adm::storage::Profile &profile);
    void onSaveFailed(adm::models::ConnectFlow::Field field, const QString &message, bool keychainUnavailable);
    void useSessionOnly();
    void setBusy(bool busy);
    void updateStorageText();

    std::unique_ptr<Ui::ConnectWizardSavePage> ui;
    models::ConnectFlow &m_flow;
    models::Session &m_session;
    KeychainUnavailableNotice *m_notice;
    bool m_busy = false;
    bool m_saved = false;
};

} // namespace adm::ui
