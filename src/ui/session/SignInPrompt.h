// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>
#include <QPointer>

#include <memory>

namespace Ui {
class SignInPrompt;
}

namespace adm::models {
class Session;
}

namespace adm::ui {

// The one prompt shown when the session needs a new sign-in (expired or revoked token): why,
// then "Sign in again…" (the connect wizard's sign-in page) or a token pasted right here.
// Non-modal; a second signInRequired while it is open updates it instead of stacking prompts.
class SignInPrompt : public QDialog
{
    Q_OBJECT
public:
    // `session` is not owned and must outlive the prompt.
    SignInPrompt(models::Session &session, QWidget *parent = nullptr);
    ~SignInPrompt() override;

    void setReason(const QString &why);

    // For the main window: shows the prompt whenever the session asks for a sign-in (one at a
    // time) and closes it when the session is ready again. Returns the helper's owner object.
    static QObject *attach(models::Session &session, QWidget *window);
    // The prompt that attach() has open, if any (tests, the main window's status bar link).
    static SignInPrompt *current();

Q_SIGNALS:
    void signInWizardRequested(); // emitted before the wizard opens (e.g. for a status message)

private:
    void usePastedToken();
    void openWizard();

    models::Session &m_session;
    std::unique_ptr<Ui::SignInPrompt> m_ui;
};

} // namespace adm::ui
