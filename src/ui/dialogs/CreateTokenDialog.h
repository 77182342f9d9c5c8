// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/Requests.h"

#include <QDialog>

#include <memory>

namespace Ui {
class CreateTokenDialog;
}

namespace adm::ui {

// Name (live DNS-1123 check), description and expiry of a new API token. The dialog stays open
// while the server answers, so a refusal (name taken, permission) shows next to the fields.
class CreateTokenDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Kind { Organization, Instance };
    enum Preset { OneDay, SevenDays, ThirtyDays, NinetyDays, Custom, Never };

    explicit CreateTokenDialog(Kind kind, const QString &scopeName, QWidget *parent = nullptr);
    ~CreateTokenDialog() override;

    api::NewApiToken token() const;
    bool isInputValid() const;

    void setBusy(bool busy);
    void showServerError(const QString &message);

Q_SIGNALS:
    void submitted(const adm::api::NewApiToken &token);

private:
    void validate();
    std::optional<std::chrono::seconds> expiry(bool *valid) const;

    std::unique_ptr<Ui::CreateTokenDialog> m_ui;
    bool m_busy = false;
};

} // namespace adm::ui
