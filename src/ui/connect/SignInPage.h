// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/ConnectFlow.h"

#include <QWizardPage>

#include <functional>
#include <memory>

namespace Ui {
class ConnectWizardSignInPage;
}

namespace adm::ui {

// Browser login (loopback callback, cancel, timeout) or a pasted token whose claims are shown.
class SignInPage : public QWizardPage
{
    Q_OBJECT
public:
    using UrlOpener = std::function<bool(const QUrl &)>;

    // `flow` is not owned and must outlive the page. `openUrl` opens the login page in the
    // browser (QDesktopServices by default; tests act as the browser).
    SignInPage(models::ConnectFlow &flow, UrlOpener openUrl, QWidget *parent = nullptr);
    ~SignInPage() override;

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    bool validatePage() override;

    // Describes the claims of a token for people (rich text); used by the profile dialog too.
    static QString describeClaims(const JwtClaims &claims);
    // A warning for no expiry or an expiry already past; empty when fine.
    static QString expiryWarning(const JwtClaims &claims);

private:
    void showServer();
    void updateMode();
    void startBrowser();
    void onTokenEdited();
    void onBrowserSucceeded();
    void onBrowserFailed(const QString &message);
    void onOpenUrlRequested(const QUrl &url);
    void showClaims();
    void showError(const QString &text);

    std::unique_ptr<Ui::ConnectWizardSignInPage> ui;
    models::ConnectFlow &m_flow;
    UrlOpener m_openUrl;
    bool m_fromBrowser = false; // the held token came from the browser, not the paste field
};

} // namespace adm::ui
