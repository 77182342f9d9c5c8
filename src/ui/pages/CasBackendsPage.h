// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ui/TablePage.h"

#include <QPointer>

#include <memory>

class QProgressBar;

namespace adm::models {
class CasBackendsController;
}
namespace adm::storage {
class CredentialSetRepository;
}

namespace adm::ui {

class AddCasBackendWizard;
class EditCasBackendDialog;

// CAS backends of the selected organization: columns with provider icons, default/fallback and
// inline/managed marks, validation state and last error; add (wizard), edit and rotate, delete
// with the promotion preview, revalidate one or all (polled until the server's check lands).
// Warns ahead of the cloud credential expiry the user recorded (a column and one banner).
class CasBackendsPage : public TablePage
{
    Q_OBJECT
public:
    explicit CasBackendsPage(models::Session &session, QWidget *parent = nullptr);
    ~CasBackendsPage() override;

    models::CasBackendsController *backends() const { return m_backends; }
    QAction *addAction() const { return m_add; }
    QAction *editAction() const { return m_edit; }
    QAction *deleteAction() const { return m_delete; }
    QAction *revalidateAction() const { return m_revalidate; }
    QAction *revalidateAllAction() const { return m_revalidateAll; }
    AddCasBackendWizard *addWizard() const;
    EditCasBackendDialog *editDialog() const;
    QProgressBar *revalidateProgress() const { return m_progress; }
    // The text of the delete confirmation for `name` (promotion preview).
    QString deletePreview(const QString &name) const;
    storage::CredentialSetRepository *credentialSets() const { return m_sets.get(); }
    // The banner listing backends whose recorded credentials expire within 14 days.
    QLabel *expiryBanner() const { return noticeLabel(); }

public Q_SLOTS:
    void updateActions() override;
    void startAdd();
    void startEdit();
    void deleteSelected();
    void revalidateSelected();
    void revalidateAll();
    // Re-reads the recorded credential expiry of the organization's backends.
    void updateCredentialExpiry();

private:
    std::unique_ptr<storage::CredentialSetRepository> m_sets;
    models::CasBackendsController *m_backends;
    QAction *m_add = nullptr;
    QAction *m_edit = nullptr;
    QAction *m_delete = nullptr;
    QAction *m_revalidate = nullptr;
    QAction *m_revalidateAll = nullptr;
    QProgressBar *m_progress = nullptr;
    QPointer<AddCasBackendWizard> m_wizard;
    QPointer<EditCasBackendDialog> m_editDialog;
};

} // namespace adm::ui
