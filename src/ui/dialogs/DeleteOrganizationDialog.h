// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>

class QLineEdit;
class QDialogButtonBox;

namespace adm::ui {

// Deleting an organization: the user types its name to confirm.
class DeleteOrganizationDialog : public QDialog
{
    Q_OBJECT
public:
    explicit DeleteOrganizationDialog(const QString &organization, QWidget *parent = nullptr);

    QLineEdit *confirmEdit() const { return m_confirm; }
    bool isConfirmed() const;

private:
    QString m_organization;
    QLineEdit *m_confirm;
    QDialogButtonBox *m_buttons;
};

} // namespace adm::ui
