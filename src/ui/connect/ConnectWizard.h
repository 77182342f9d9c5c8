// SPDX-License-Identifier: Apache-2.0
// The connect wizard: Server -> Sign in -> Verify -> Save for a new connection (first start and
// File > New connection), or Sign in -> Verify to sign in again to the session's profile.
#pragma once

#include "storage/Profile.h"

#include <QWizard>

#include <functional>

namespace adm::models {
class ConnectFlow;
class Session;
} // namespace adm::models

namespace adm::ui {

class ConnectWizard : public QWizard
{
    Q_OBJECT
public:
    enum class Mode { NewConnection, SignInAgain };
    enum PageId { ServerPageId, SignInPageId, VerifyPageId, SavePageId };
    using UrlOpener = std::function<bool(const QUrl &)>;

    // `session` is not owned and must outlive the wizard. On Finish the result is opened in it
    // (a new profile: Session::openWithToken; sign in again: Session::signInAgain).
    explicit ConnectWizard(models::Session &session, Mode mode = Mode::NewConnection, QWidget *parent = nullptr);
    ~ConnectWizard() override;

    Mode mode() const { return m_mode; }
    models::ConnectFlow &flow() const { return *m_flow; }
    // How the login page reaches the browser; QDesktopServices::openUrl by default.
    void setUrlOpener(UrlOpener opener);

    // Entry points for the main window: window-modal, non-blocking, deleted when closed.
    static ConnectWizard *openNewConnection(models::Session &session, QWidget *parent);
    static ConnectWizard *openSignInAgain(models::Session &session, QWidget *parent);

Q_SIGNALS:
    // After Finish, once the result was handed to the session.
    void connected(const adm::storage::Profile &profile);

private:
    void onAccepted();
    void onRejected();
    // Clears the pasted token and the flow's copy (after the session took it, or on cancel).
    void forgetToken();

    models::Session &m_session;
    Mode m_mode;
    models::ConnectFlow *m_flow;
    UrlOpener m_opener;
};

} // namespace adm::ui
