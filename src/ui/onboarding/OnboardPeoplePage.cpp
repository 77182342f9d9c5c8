// SPDX-License-Identifier: Apache-2.0
#include "ui_OnboardWizardPeoplePage.h"

#include "ui/onboarding/OnboardWizard.h"
#include "ui/onboarding/OnboardWizardPages.h"

#include <QHeaderView>
#include <QStandardItemModel>

#include <algorithm>
#include <functional>

namespace adm::ui {

namespace {
QString errorStyle()
{
    return QStringLiteral("QLabel { color: #b3261e; }");
}
} // namespace

OnboardPeoplePage::OnboardPeoplePage(OnboardWizard &wizard)
    : QWizardPage(&wizard)
    , ui(std::make_unique<Ui::OnboardWizardPeoplePage>())
    , m_wizard(wizard)
{
    ui->setupUi(this);
    setObjectName(QStringLiteral("onboardPeoplePage"));
    setTitle(tr("People"));
    setSubTitle(tr("Who to invite, with the role each gets on accepting. Invitations are accepted at the person's "
                   "next sign-in; the server sends no e-mail."));

    const QString ownerBlocked = ownerInvitationUnavailableReason(wizard.caller());
    for (Role r : assignableRoles()) {
        ui->roleCombo->addItem(roleDisplayName(r), int(r));
        if (r == Role::Owner && !ownerBlocked.isEmpty()) {
            auto *model = qobject_cast<QStandardItemModel *>(ui->roleCombo->model());
            if (QStandardItem *item = model ? model->item(ui->roleCombo->count() - 1) : nullptr) {
                item->setEnabled(false);
                item->setToolTip(ownerBlocked);
            }
        }
    }
    ui->roleCombo->setCurrentIndex(ui->roleCombo->findData(int(Role::Admin)));
    ui->entryError->setStyleSheet(errorStyle());
    ui->entryError->hide();
    ui->peopleTable->horizontalHeader()->setStretchLastSection(true);
    ui->peopleTable->horizontalHeader()->resizeSection(0, 360);
    ui->peopleTable->verticalHeader()->hide();

    connect(ui->addButton, &QPushButton::clicked, this, &OnboardPeoplePage::addFromEntry);
    connect(ui->emailEdit, &QLineEdit::returnPressed, this, &OnboardPeoplePage::addFromEntry);
    connect(ui->emailEdit, &QLineEdit::textChanged, this, [this] { ui->entryError->hide(); });
    connect(ui->removeButton, &QPushButton::clicked, this, [this] {
        QList<int> rows;
        for (const QModelIndex &i : ui->peopleTable->selectionModel()->selectedRows())
            rows << i.row();
        std::sort(rows.begin(), rows.end(), std::greater<>());
        for (int r : rows)
            removeInvitee(r);
    });
    connect(ui->peopleTable, &QTableWidget::itemSelectionChanged, this,
        [this] { ui->removeButton->setEnabled(!ui->peopleTable->selectedItems().isEmpty()); });
    ui->removeButton->setEnabled(false);
    updateNote();
}

OnboardPeoplePage::~OnboardPeoplePage() = default;

void OnboardPeoplePage::initializePage()
{
    ui->emailEdit->setFocus();
}

bool OnboardPeoplePage::validatePage()
{
    // An address typed but not added yet is meant to be invited; a bad one stops here.
    if (ui->emailEdit->text().trimmed().isEmpty())
        return true;
    return addInvitee(ui->emailEdit->text(), Role(ui->roleCombo->currentData().toInt()));
}

bool OnboardPeoplePage::addInvitee(const QString &email, Role role)
{
    QStringList others;
    for (const OrganizationOnboarding::Invitee &i : std::as_const(m_invitees))
        others << i.email;
    const OrganizationOnboarding::Invitee invitee { email.trimmed().toLower(), role };
    const QString error = inviteeError(m_wizard.caller(), invitee, others);
    if (!error.isEmpty()) {
        showError(error);
        return false;
    }
    m_invitees << invitee;
    ui->entryError->hide();
    if (ui->emailEdit->text().trimmed().toLower() == invitee.email)
        ui->emailEdit->clear();
    refreshTable();
    return true;
}

void OnboardPeoplePage::removeInvitee(int row)
{
    if (row < 0 || row >= m_invitees.size())
        return;
    m_invitees.removeAt(row);
    refreshTable();
}

QLineEdit *OnboardPeoplePage::emailEdit() const
{
    return ui->emailEdit;
}

QLabel *OnboardPeoplePage::entryError() const
{
    return ui->entryError;
}

QLabel *OnboardPeoplePage::ownerNote() const
{
    return ui->ownerNote;
}

QPushButton *OnboardPeoplePage::addButton() const
{
    return ui->addButton;
}

bool OnboardPeoplePage::ownerRoleEnabled() const
{
    auto *model = qobject_cast<QStandardItemModel *>(ui->roleCombo->model());
    const int i = ui->roleCombo->findData(int(Role::Owner));
    return model && i >= 0 && model->item(i)->isEnabled();
}

void OnboardPeoplePage::addFromEntry()
{
    if (ui->emailEdit->text().trimmed().isEmpty()) {
        showError(tr("Enter an e-mail address."));
        return;
    }
    if (addInvitee(ui->emailEdit->text(), Role(ui->roleCombo->currentData().toInt())))
        ui->emailEdit->setFocus();
}

void OnboardPeoplePage::showError(const QString &message)
{
    ui->entryError->setText(message);
    ui->entryError->show();
}

void OnboardPeoplePage::refreshTable()
{
    ui->peopleTable->setRowCount(int(m_invitees.size()));
    for (int r = 0; r < m_invitees.size(); ++r) {
        ui->peopleTable->setItem(r, 0, new QTableWidgetItem(m_invitees[r].email));
        ui->peopleTable->setItem(r, 1, new QTableWidgetItem(roleDisplayName(m_invitees[r].role)));
    }
    updateNote();
}

void OnboardPeoplePage::updateNote()
{
    const OnboardingCaller caller = m_wizard.caller();
    QStringList lines;
    if (caller.kind == JwtClaims::Kind::User) {
        lines << tr("You become the owner when the organization is created, so you need not invite yourself; you may "
                    "invite other owners.");
    } else {
        lines << ownerInvitationUnavailableReason(caller);
        lines << ownershipNote(caller);
        if (!hasManager(m_invitees))
            lines << tr("⚠ Nobody in the list can manage the organization yet: add at least one admin.");
    }
    ui->ownerNote->setText(lines.join(QLatin1Char('\n')));
    const bool warn = caller.kind != JwtClaims::Kind::User && !hasManager(m_invitees);
    ui->ownerNote->setStyleSheet(
        warn ? QStringLiteral("QLabel { background: rgba(240,170,0,60); padding: 6px; }") : QString());
}

} // namespace adm::ui
