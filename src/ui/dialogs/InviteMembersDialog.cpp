// SPDX-License-Identifier: Apache-2.0
#include "ui/dialogs/InviteMembersDialog.h"

#include "ui_InviteMembersDialog.h"

#include "core/Validation.h"

#include <QComboBox>
#include <QHeaderView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>

namespace adm::ui {

InviteMembersDialog::InviteMembersDialog(const QString &organization, bool callerIsOwner, QWidget *parent)
    : QDialog(parent)
    , m_callerIsOwner(callerIsOwner)
    , m_ui(std::make_unique<Ui::InviteMembersDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("inviteMembersDialog"));
    setWindowTitle(tr("Invite Members to %1").arg(organization));

    // No preselected role: the inviter chooses one on purpose.
    m_ui->roleCombo->addItem(tr("Choose a role…"), int(Role::Unspecified));
    for (Role r : assignableRoles())
        m_ui->roleCombo->addItem(roleDisplayName(r), int(r));
    m_ui->resultTable->horizontalHeader()->resizeSection(0, 220);

    QPushButton *send = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    send->setText(tr("Send Invitations"));
    send->setObjectName(QStringLiteral("sendButton"));
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, [this] {
        const QStringList valid = validAddresses();
        if (m_sending || valid.isEmpty() || role() == Role::Unspecified)
            return;
        m_sending = true;
        QTableWidget *results = m_ui->resultTable;
        results->setRowCount(0);
        for (const QString &e : valid) {
            const int row = results->rowCount();
            results->insertRow(row);
            results->setItem(row, 0, new QTableWidgetItem(e));
            results->setItem(row, 1, new QTableWidgetItem(tr("sending…")));
        }
        validate();
        Q_EMIT submitted(valid, role());
    });
    connect(m_ui->addressEdit, &QPlainTextEdit::textChanged, this, &InviteMembersDialog::validate);
    connect(m_ui->roleCombo, &QComboBox::currentIndexChanged, this, &InviteMembersDialog::validate);
    validate();
}

InviteMembersDialog::~InviteMembersDialog() = default;

QPlainTextEdit *InviteMembersDialog::addressEdit() const
{
    return m_ui->addressEdit;
}

QComboBox *InviteMembersDialog::roleCombo() const
{
    return m_ui->roleCombo;
}

QTableWidget *InviteMembersDialog::resultTable() const
{
    return m_ui->resultTable;
}

QStringList InviteMembersDialog::splitAddresses(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    QStringList out;
    for (const QString &part : text.split(separators, Qt::SkipEmptyParts)) {
        const QString address = part.trimmed().toLower();
        if (!out.contains(address))
            out.append(address);
    }
    return out;
}

QStringList InviteMembersDialog::validAddresses() const
{
    QStringList out;
    for (const QString &a : splitAddresses(m_ui->addressEdit->toPlainText())) {
        if (validateEmail(a).ok())
            out.append(a);
    }
    return out;
}

QStringList InviteMembersDialog::invalidAddresses() const
{
    QStringList out;
    for (const QString &a : splitAddresses(m_ui->addressEdit->toPlainText())) {
        if (!validateEmail(a).ok())
            out.append(a);
    }
    return out;
}

Role InviteMembersDialog::role() const
{
    return roleFromWire(m_ui->roleCombo->currentData().toInt());
}

void InviteMembersDialog::validate()
{
    const QStringList valid = validAddresses();
    const QStringList invalid = invalidAddresses();
    QStringList lines;
    lines << tr("%n valid address(es).", nullptr, int(valid.size()));
    if (!invalid.isEmpty())
        lines << tr("Not valid, will not be sent: %1").arg(invalid.join(QStringLiteral(", ")));
    QString why;
    if (role() == Role::Unspecified)
        why = tr("Choose a role.");
    else if (role() == Role::Owner && !m_callerIsOwner)
        why = tr("Only owners can invite owners.");
    if (!why.isEmpty())
        lines << why;
    m_ui->summaryLabel->setText(lines.join(QLatin1Char('\n')));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(!m_sending && !valid.isEmpty() && why.isEmpty());
}

int InviteMembersDialog::rowFor(const QString &email) const
{
    for (int r = 0; r < m_ui->resultTable->rowCount(); ++r) {
        if (m_ui->resultTable->item(r, 0)->text() == email)
            return r;
    }
    return -1;
}

void InviteMembersDialog::showResult(const QString &email, bool ok, const QString &message)
{
    int row = rowFor(email);
    if (row < 0) {
        row = m_ui->resultTable->rowCount();
        m_ui->resultTable->insertRow(row);
        m_ui->resultTable->setItem(row, 0, new QTableWidgetItem(email));
        m_ui->resultTable->setItem(row, 1, new QTableWidgetItem);
    }
    QTableWidgetItem *item = m_ui->resultTable->item(row, 1);
    item->setText((ok ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + message);
    item->setData(Qt::UserRole, ok);
    item->setBackground(ok ? QColor(60, 170, 60, 50) : QColor(220, 50, 50, 60));
}

void InviteMembersDialog::finish(int sent, int failed)
{
    m_sending = false;
    m_ui->summaryLabel->setText(tr("%n invitation(s) sent.", nullptr, sent)
        + (failed ? QLatin1Char(' ') + tr("%n failed; see the list.", nullptr, failed) : QString()));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_ui->buttonBox->button(QDialogButtonBox::Close)->setFocus();
}

} // namespace adm::ui
