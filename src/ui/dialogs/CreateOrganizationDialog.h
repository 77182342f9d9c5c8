// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QDialogButtonBox;

namespace adm::ui {

// The name of a new organization, checked as it is typed (DNS-1123, reserved names). Shows the
// instance's restricted-creation notice (Infoz). Stays open until the server answered.
class CreateOrganizationDialog : public QDialog
{
    Q_OBJECT
public:
    // `restrictedNotice`: empty when anyone may create organizations.
    explicit CreateOrganizationDialog(const QString &restrictedNotice, QWidget *parent = nullptr);

    QString name() const;
    QLineEdit *nameEdit() const { return m_name; }
    void setBusy(bool busy);
    void showServerError(const QString &message);

Q_SIGNALS:
    void submitted(const QString &name);

private:
    void validate();

    QLineEdit *m_name;
    QLabel *m_hint;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    bool m_busy = false;
};

} // namespace adm::ui
