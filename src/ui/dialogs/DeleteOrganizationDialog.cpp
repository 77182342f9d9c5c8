// SPDX-License-Identifier: Apache-2.0
#include "ui/dialogs/DeleteOrganizationDialog.h"

#include "ui_DeleteOrganizationDialog.h"

#include <QPushButton>

namespace adm::ui {

DeleteOrganizationDialog::DeleteOrganizationDialog(const QString &organization, QWidget *parent)
    : QDialog(parent)
    , m_organization(organization)
    , m_ui(std::make_unique<Ui::DeleteOrganizationDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("deleteOrganizationDialog"));
    setWindowTitle(tr("Delete Organization %1").arg(organization));
    m_ui->explanationLabel->setText(
        tr("<p><b>This deletes the organization %1</b>: its memberships are removed and its "
           "name becomes free for others. Workflows, attestations and tokens of the "
           "organization stop working.</p><p>Only owners can delete an organization.</p>"
           "<p>Type <b>%1</b> to confirm:</p>")
            .arg(organization.toHtmlEscaped()));
    QPushButton *remove = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    remove->setText(tr("Delete Organization"));
    remove->setObjectName(QStringLiteral("deleteButton"));
    remove->setEnabled(false);
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(m_ui->confirmEdit, &QLineEdit::textChanged, this, [this, remove] { remove->setEnabled(isConfirmed()); });
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, [this] {
        if (isConfirmed())
            accept();
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

DeleteOrganizationDialog::~DeleteOrganizationDialog() = default;

QLineEdit *DeleteOrganizationDialog::confirmEdit() const
{
    return m_ui->confirmEdit;
}

bool DeleteOrganizationDialog::isConfirmed() const
{
    return m_ui->confirmEdit->text() == m_organization;
}

} // namespace adm::ui
