// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Role.h"

#include <QDialog>

#include <memory>

class QComboBox;
class QPlainTextEdit;
class QTableWidget;

namespace Ui {
class InviteMembersDialog;
}

namespace adm::ui {

// Invites one or many: addresses pasted one per line (or separated by commas, semicolons or
// spaces), one role for all. Each address is checked before sending; the answer for each
// address appears in the list, and the dialog stays open to show them.
class InviteMembersDialog : public QDialog
{
    Q_OBJECT
public:
    // `callerIsOwner`: inviting as owner needs an owner.
    InviteMembersDialog(const QString &organization, bool callerIsOwner, QWidget *parent = nullptr);
    ~InviteMembersDialog() override;

    QStringList validAddresses() const;
    QStringList invalidAddresses() const;
    Role role() const;
    QPlainTextEdit *addressEdit() const;
    QComboBox *roleCombo() const;
    QTableWidget *resultTable() const;

    static QStringList splitAddresses(const QString &text);

public Q_SLOTS:
    void showResult(const QString &email, bool ok, const QString &message);
    void finish(int sent, int failed);

Q_SIGNALS:
    void submitted(const QStringList &emails, adm::Role role);

private:
    void validate();
    int rowFor(const QString &email) const;

    bool m_callerIsOwner;
    std::unique_ptr<Ui::InviteMembersDialog> m_ui;
    bool m_sending = false;
};

} // namespace adm::ui
