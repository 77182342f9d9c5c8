// SPDX-License-Identifier: Apache-2.0
#include "ui/dialogs/DeleteOrganizationDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace adm::ui {

DeleteOrganizationDialog::DeleteOrganizationDialog(const QString &organization, QWidget *parent)
    : QDialog(parent)
    , m_organization(organization)
    , m_confirm(new QLineEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("deleteOrganizationDialog"));
    setWindowTitle(tr("Delete Organization %1").arg(organization));
    setAccessibleName(tr("Delete organization"));
    setMinimumWidth(460);

    auto *text = new QLabel(tr("<p><b>This deletes the organization %1</b>: its memberships are removed and its "
                               "name becomes free for others. Workflows, attestations and tokens of the "
                               "organization stop working.</p><p>Only owners can delete an organization.</p>"
                               "<p>Type <b>%1</b> to confirm:</p>")
                                .arg(organization.toHtmlEscaped()),
        this);
    text->setWordWrap(true);
    m_confirm->setObjectName(QStringLiteral("confirmEdit"));
    m_confirm->setAccessibleName(tr("Type the organization name to confirm"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Delete Organization"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("deleteButton"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(m_confirm, &QLineEdit::textChanged, this,
        [this] { m_buttons->button(QDialogButtonBox::Ok)->setEnabled(isConfirmed()); });
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (isConfirmed())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(m_confirm);
    layout->addWidget(m_buttons);
}

bool DeleteOrganizationDialog::isConfirmed() const
{
    return m_confirm->text() == m_organization;
}

} // namespace adm::ui
