// SPDX-License-Identifier: Apache-2.0
#include "ui/pages/CasBackendsPage.h"

#include "core/CasBackendForm.h"
#include "models/CasBackendTableModel.h"
#include "models/CasBackendsController.h"
#include "models/Session.h"
#include "storage/CredentialSetRepository.h"
#include "ui/MessageBoxes.h"
#include "ui/cas/AddCasBackendWizard.h"
#include "ui/cas/CasIcons.h"
#include "ui/cas/EditCasBackendDialog.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QTableView>

#include <algorithm>

namespace adm::ui {

using models::CasBackendTableModel;

CasBackendsPage::CasBackendsPage(models::Session &session, QWidget *parent)
    : TablePage(session, QStringLiteral("casBackendsPage"), tr("CAS Backends"), parent)
    , m_sets(std::make_unique<storage::CredentialSetRepository>(session.database()))
    , m_backends(new models::CasBackendsController(session, this))
{
    setController(m_backends);
    m_backends->model()->setProviderIcons({
        { QStringLiteral("AWS-S3"), casProviderIcon(QStringLiteral("AWS-S3")) },
        { QStringLiteral("AzureBlob"), casProviderIcon(QStringLiteral("AzureBlob")) },
        { QStringLiteral("OCI"), casProviderIcon(QStringLiteral("OCI")) },
        { QString(), casProviderIcon(QString()) },
    });
    setSourceModel(m_backends->model());

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("casRevalidateProgress"));
    m_progress->setAccessibleName(tr("Revalidation progress"));
    m_progress->setMaximumWidth(180);
    m_progress->setFormat(tr("Revalidating %v/%m"));
    m_progress->setVisible(false);
    filterRow()->insertWidget(filterRow()->count() - 1, m_progress);

    m_add = addPageAction(QStringLiteral("addCasBackendAction"), tr("&Add Backend…"),
        QKeySequence(Qt::CTRL | Qt::Key_N), tr("Add a CAS backend (S3, Azure Blob or OCI registry)"));
    m_edit = addPageAction(QStringLiteral("editCasBackendAction"), tr("&Edit…"), QKeySequence(Qt::Key_F2),
        tr("Change description, role or limit, or rotate the credentials"));
    m_delete = addPageAction(QStringLiteral("deleteCasBackendAction"), tr("&Delete…"), QKeySequence::Delete,
        tr("Delete the selected CAS backend"));
    m_revalidate = addPageAction(QStringLiteral("revalidateCasBackendAction"), tr("Re&validate"),
        QKeySequence(Qt::CTRL | Qt::Key_R), tr("Ask the server to check the selected backends again"));
    m_revalidateAll = addPageAction(QStringLiteral("revalidateAllCasBackendsAction"), tr("Revalidate A&ll"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), tr("Ask the server to check every backend again"));
    connect(m_add, &QAction::triggered, this, &CasBackendsPage::startAdd);
    connect(m_edit, &QAction::triggered, this, &CasBackendsPage::startEdit);
    connect(m_delete, &QAction::triggered, this, &CasBackendsPage::deleteSelected);
    connect(m_revalidate, &QAction::triggered, this, &CasBackendsPage::revalidateSelected);
    connect(m_revalidateAll, &QAction::triggered, this, &CasBackendsPage::revalidateAll);

    connect(m_backends, &models::CasBackendsController::revalidationProgress, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
        m_progress->setVisible(true);
    });
    connect(m_backends, &models::CasBackendsController::revalidationFinished, this, [this](const QStringList &summary) {
        m_progress->setVisible(false);
        showActionResult(tr("Revalidated: %1").arg(summary.join(QStringLiteral("; "))),
            std::any_of(
                summary.begin(), summary.end(), [](const QString &line) { return !line.endsWith(tr(": valid")); }));
        updateActions();
    });
    connect(m_backends, &models::CasBackendsController::removeFailed, this,
        [this](const QString &name, const QString &message) {
            showActionResult(tr("Could not delete %1: %2").arg(name, message), true);
        });
    connect(m_backends, &models::CasBackendsController::removed, this, [this](const QString &name) {
        showActionResult(tr("Deleted %1.").arg(name), false);
        m_sets->forgetBackend(this->session().profile().id, this->session().organization(), name);
    });

    // The expiry warning follows the rows; the wizard and the edit dialog record a new date
    // right after their own "created"/"updated" slots, hence queued.
    models::CasBackendTableModel *model = m_backends->model();
    connect(model, &QAbstractItemModel::modelReset, this, &CasBackendsPage::updateCredentialExpiry);
    connect(model, &QAbstractItemModel::rowsInserted, this, &CasBackendsPage::updateCredentialExpiry);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &CasBackendsPage::updateCredentialExpiry);
    for (auto signal : { &models::CasBackendsController::created, &models::CasBackendsController::updated })
        connect(m_backends, signal, this, &CasBackendsPage::updateCredentialExpiry, Qt::QueuedConnection);

    view()->sortByColumn(int(CasBackendTableModel::Column::Name), Qt::AscendingOrder);
    view()->horizontalHeader()->resizeSection(int(CasBackendTableModel::Column::Location), 240);
    view()->horizontalHeader()->resizeSection(int(CasBackendTableModel::Column::LastError), 220);
    // The credential expiry is health, like the validation: shown next to it (the model keeps
    // it last so exports keep their column order).
    QHeaderView *header = view()->horizontalHeader();
    // Short values: narrow columns, so the health columns are in view without scrolling.
    header->resizeSection(int(CasBackendTableModel::Column::Provider), 115);
    header->resizeSection(int(CasBackendTableModel::Column::Role), 90);
    header->resizeSection(int(CasBackendTableModel::Column::MaxSize), 105);
    header->resizeSection(int(CasBackendTableModel::Column::Validation), 85);
    header->resizeSection(int(CasBackendTableModel::Column::Credentials), 150);
    header->moveSection(header->visualIndex(int(CasBackendTableModel::Column::Credentials)),
        header->visualIndex(int(CasBackendTableModel::Column::Validation)) + 1);
    updateActions();
}

CasBackendsPage::~CasBackendsPage() = default;

void CasBackendsPage::updateCredentialExpiry()
{
    const auto rows = m_sets->backends(session().profile().id, session().organization());
    QHash<QString, QDateTime> expiry;
    for (const storage::BackendCredentialInfo &info : rows.valueOr({})) {
        if (info.expiresAt.isValid())
            expiry.insert(info.backend, info.expiresAt);
    }
    CasBackendTableModel *model = m_backends->model();
    model->setCredentialExpiry(expiry);
    const QStringList soon = model->expiringSoon();
    if (soon.isEmpty()) {
        setNotice({});
        return;
    }
    QStringList items;
    for (const QString &name : soon)
        items << tr("%1: %2").arg(name.toHtmlEscaped(),
            CasBackendTableModel::expiryText(model->credentialExpiry(name), model->now()).toHtmlEscaped());
    setNotice(tr("<b>Cloud credentials expire soon.</b> The credentials recorded for these backends expire within "
                 "%n day(s); rotate them (Edit → Rotate credentials) before the storage stops accepting writes: %1",
        nullptr, CasBackendTableModel::kExpiryWarningDays)
                  .arg(items.join(QStringLiteral("; "))));
}

AddCasBackendWizard *CasBackendsPage::addWizard() const
{
    return m_wizard;
}

EditCasBackendDialog *CasBackendsPage::editDialog() const
{
    return m_editDialog;
}

void CasBackendsPage::updateActions()
{
    if (!m_revalidateAll)
        return; // still constructing
    TablePage::updateActions();
    applyPermission(m_add, AdminAction::CreateCasBackend, false);
    applyPermission(m_edit, AdminAction::UpdateCasBackend, true);
    applyPermission(m_delete, AdminAction::DeleteCasBackend, true);
    applyPermission(m_revalidate, AdminAction::RevalidateCasBackend, true);
    applyPermission(m_revalidateAll, AdminAction::RevalidateCasBackend, false);
    const QList<int> rows = selectedSourceRows();
    // Inline and managed backends belong to the instance: no edit, delete or revalidate.
    bool protectedRow = false;
    for (int row : rows) {
        const CasBackend &b = m_backends->model()->at(row);
        protectedRow = protectedRow || b.isInline || b.isManaged;
    }
    for (QAction *action : { m_edit, m_delete, m_revalidate }) {
        if (action->isEnabled() && protectedRow) {
            action->setEnabled(false);
            action->setToolTip(tr("Inline and managed backends are provided by the instance and cannot be changed."));
        }
    }
    for (QAction *action : { m_edit, m_delete }) {
        if (action->isEnabled() && rows.size() != 1) {
            action->setEnabled(false);
            action->setToolTip(tr("Select one backend."));
        }
    }
    if (m_backends->isRevalidating()) {
        for (QAction *action : { m_revalidate, m_revalidateAll }) {
            action->setEnabled(false);
            action->setToolTip(tr("A revalidation is running."));
        }
    }
}

void CasBackendsPage::startAdd()
{
    if (!m_add->isEnabled())
        return;
    if (m_wizard && m_wizard->isVisible()) {
        m_wizard->raise();
        return;
    }
    delete m_wizard.data();
    auto *wizard = new AddCasBackendWizard(*m_backends, session().secretStore(), m_sets.get(), this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    // Closing the wizard mid-check drops the answer instead of acting on a closed window.
    connect(wizard, &QWizard::rejected, this, [wizard] { wizard->cancelCommit(); });
    m_wizard = wizard;
    wizard->open();
}

void CasBackendsPage::startEdit()
{
    if (!m_edit->isEnabled())
        return;
    const QList<int> rows = selectedSourceRows();
    if (rows.size() != 1)
        return;
    delete m_editDialog.data();
    auto *dialog = new EditCasBackendDialog(
        *m_backends, session().secretStore(), m_sets.get(), m_backends->model()->at(rows.first()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_editDialog = dialog;
    dialog->open();
}

QString CasBackendsPage::deletePreview(const QString &name) const
{
    const QList<CasBackend> all = m_backends->backends();
    QString text = tr("Delete the CAS backend %1? Artifacts already stored there stay in the storage but the "
                      "organization stops using it.")
                       .arg(name);
    bool wasDefault = false;
    for (const CasBackend &b : all)
        wasDefault = wasDefault || (b.name == name && b.isDefault);
    if (wasDefault) {
        const QString next = casDefaultAfterRemoval(all, name);
        text += QStringLiteral("\n\n")
            + (next.isEmpty() ? tr("It is the default and no other backend can take over.")
                              : tr("It is the default: %1 becomes the default.").arg(next));
    }
    return text;
}

void CasBackendsPage::deleteSelected()
{
    if (!m_delete->isEnabled())
        return;
    const QList<int> rows = selectedSourceRows();
    if (rows.size() != 1)
        return;
    const QString name = m_backends->model()->at(rows.first()).name;
    if (MessageBoxes::question(this, tr("Delete CAS Backend"), deletePreview(name),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        != QMessageBox::Yes)
        return;
    m_backends->remove(name);
}

void CasBackendsPage::revalidateSelected()
{
    if (!m_revalidate->isEnabled())
        return;
    QStringList names;
    for (int row : selectedSourceRows())
        names << m_backends->model()->at(row).name;
    m_backends->revalidate(names);
    updateActions();
}

void CasBackendsPage::revalidateAll()
{
    if (!m_revalidateAll->isEnabled())
        return;
    QStringList names;
    for (const CasBackend &b : m_backends->backends()) {
        if (!b.isInline && !b.isManaged)
            names << b.name;
    }
    m_backends->revalidate(names);
    updateActions();
}

} // namespace adm::ui
