// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>

#include <memory>

class QLineEdit;

namespace Ui {
class CreateOrganizationDialog;
}

namespace adm::ui {

// The name of a new organization, checked as it is typed (DNS-1123, reserved names). Shows the
// instance's restricted-creation notice (Infoz). Stays open until the server answered.
class CreateOrganizationDialog : public QDialog
{
    Q_OBJECT
public:
    // `restrictedNotice`: empty when anyone may create organizations.
    explicit CreateOrganizationDialog(const QString &restrictedNotice, QWidget *parent = nullptr);
    ~CreateOrganizationDialog() override;

    QString name() const;
    QLineEdit *nameEdit() const;
    void setBusy(bool busy);
    void showServerError(const QString &message);

Q_SIGNALS:
    void submitted(const QString &name);

private:
    void validate();

    std::unique_ptr<Ui::CreateOrganizationDialog> m_ui;
    bool m_busy = false;
};

} // namespace adm::ui
