// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>

#include <memory>

class QLineEdit;

namespace Ui {
class DeleteOrganizationDialog;
}

namespace adm::ui {

// Deleting an organization: the user types its name to confirm.
class DeleteOrganizationDialog : public QDialog
{
    Q_OBJECT
public:
    explicit DeleteOrganizationDialog(const QString &organization, QWidget *parent = nullptr);
    ~DeleteOrganizationDialog() override;

    QLineEdit *confirmEdit() const;
    bool isConfirmed() const;

private:
    QString m_organization;
    std::unique_ptr<Ui::DeleteOrganizationDialog> m_ui;
};

} // namespace adm::ui
