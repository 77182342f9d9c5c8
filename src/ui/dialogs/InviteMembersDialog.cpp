// SPDX-License-Identifier: Apache-2.0
#include "ui/dialogs/InviteMembersDialog.h"

#include "core/Validation.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

namespace adm::ui {

InviteMembersDialog::InviteMembersDialog(const QString &organization, bool callerIsOwner, QWidget *parent)
    : QDialog(parent)
    , m_callerIsOwner(callerIsOwner)
    , m_addresses(new QPlainTextEdit(this))
    , m_role(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_results(new QTableWidget(0, 2, this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Close, this))
{
    setObjectName(QStringLiteral("inviteMembersDialog"));
    setWindowTitle(tr("Invite Members to %1").arg(organization));
    setAccessibleName(tr("Invite members"));
    resize(560, 480);

    m_addresses->setObjectName(QStringLiteral("addressEdit"));
    m_addresses->setAccessibleName(tr("E-mail addresses, one per line"));
    m_addresses->setPlaceholderText(tr("one address per line, or separated by commas"));
    m_addresses->setTabChangesFocus(true);

    // No preselected role: the inviter chooses one on purpose.
    m_role->setObjectName(QStringLiteral("roleCombo"));
    m_role->setAccessibleName(tr("Role for everyone invited"));
    m_role->addItem(tr("Choose a role…"), int(Role::Unspecified));
    for (Role r : assignableRoles())
        m_role->addItem(roleDisplayName(r), int(r));

    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_summary->setAccessibleName(tr("Address check"));
    m_summary->setWordWrap(true);

    m_results->setObjectName(QStringLiteral("resultTable"));
    m_results->setAccessibleName(tr("Result per address"));
    m_results->setHorizontalHeaderLabels({ tr("Address"), tr("Result") });
    m_results->horizontalHeader()->setStretchLastSection(true);
    m_results->horizontalHeader()->resizeSection(0, 220);
    m_results->verticalHeader()->hide();
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);

    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Send Invitations"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("sendButton"));
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        const QStringList valid = validAddresses();
        if (m_sending || valid.isEmpty() || role() == Role::Unspecified)
            return;
        m_sending = true;
        m_results->setRowCount(0);
        for (const QString &e : valid) {
            const int row = m_results->rowCount();
            m_results->insertRow(row);
            m_results->setItem(row, 0, new QTableWidgetItem(e));
            m_results->setItem(row, 1, new QTableWidgetItem(tr("sending…")));
        }
        validate();
        Q_EMIT submitted(valid, role());
    });
    connect(m_addresses, &QPlainTextEdit::textChanged, this, &InviteMembersDialog::validate);
    connect(m_role, &QComboBox::currentIndexChanged, this, &InviteMembersDialog::validate);

    auto *form = new QFormLayout;
    auto *addrLabel = new QLabel(tr("&Addresses:"), this);
    addrLabel->setBuddy(m_addresses);
    form->addRow(addrLabel, m_addresses);
    auto *roleLabel = new QLabel(tr("&Role:"), this);
    roleLabel->setBuddy(m_role);
    form->addRow(roleLabel, m_role);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_results, 1);
    layout->addWidget(m_buttons);
    validate();
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
    for (const QString &a : splitAddresses(m_addresses->toPlainText())) {
        if (validateEmail(a).ok())
            out.append(a);
    }
    return out;
}

QStringList InviteMembersDialog::invalidAddresses() const
{
    QStringList out;
    for (const QString &a : splitAddresses(m_addresses->toPlainText())) {
        if (!validateEmail(a).ok())
            out.append(a);
    }
    return out;
}

Role InviteMembersDialog::role() const
{
    return roleFromWire(m_role->currentData().toInt());
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
    m_summary->setText(lines.join(QLatin1Char('\n')));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_sending && !valid.isEmpty() && why.isEmpty());
}

int InviteMembersDialog::rowFor(const QString &email) const
{
    for (int r = 0; r < m_results->rowCount(); ++r) {
        if (m_results->item(r, 0)->text() == email)
            return r;
    }
    return -1;
}

void InviteMembersDialog::showResult(const QString &email, bool ok, const QString &message)
{
    int row = rowFor(email);
    if (row < 0) {
        row = m_results->rowCount();
        m_results->insertRow(row);
        m_results->setItem(row, 0, new QTableWidgetItem(email));
        m_results->setItem(row, 1, new QTableWidgetItem);
    }
    QTableWidgetItem *item = m_results->item(row, 1);
    item->setText((ok ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + message);
    item->setData(Qt::UserRole, ok);
    item->setBackground(ok ? QColor(60, 170, 60, 50) : QColor(220, 50, 50, 60));
}

void InviteMembersDialog::finish(int sent, int failed)
{
    m_sending = false;
    m_summary->setText(tr("%n invitation(s) sent.", nullptr, sent)
        + (failed ? QLatin1Char(' ') + tr("%n failed; see the list.", nullptr, failed) : QString()));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_buttons->button(QDialogButtonBox::Close)->setFocus();
}

} // namespace adm::ui
