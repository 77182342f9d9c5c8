// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ui/TablePage.h"

#include <QPointer>

class QProgressBar;

namespace adm::models {
class CasBackendsController;
}

namespace adm::ui {

class AddCasBackendWizard;
class EditCasBackendDialog;

// CAS backends of the selected organization: columns with provider icons, default/fallback and
// inline/managed marks, validation state and last error; add (wizard), edit and rotate, delete
// with the promotion preview, revalidate one or all (polled until the server's check lands).
class CasBackendsPage : public TablePage
{
    Q_OBJECT
public:
    explicit CasBackendsPage(models::Session &session, QWidget *parent = nullptr);

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

public Q_SLOTS:
    void updateActions() override;
    void startAdd();
    void startEdit();
    void deleteSelected();
    void revalidateSelected();
    void revalidateAll();

private:
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
