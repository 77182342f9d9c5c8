// SPDX-License-Identifier: Apache-2.0
// Shared by the main-window and page GUI tests: an app (in-memory database, memory secret
// store, session) connected to a sandbox with one of its seeded tokens.
#pragma once

#include "models/EnglishPlurals.h"
#include "models/PageController.h"
#include "models/Session.h"
#include "storage/ActivityJournal.h"
#include "storage/Database.h"
#include "storage/MemorySecretStore.h"
#include "storage/ProfileRepository.h"
#include "support/SandboxProcess.h"
#include "ui/TablePage.h"

#include <QJsonObject>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

#include <memory>

namespace adm::test {

struct GuiApp {
    storage::Database db;
    storage::MemorySecretStore secrets;
    std::unique_ptr<models::Session> session;

    // Opens a session as `token` on `sandbox` and waits until it is Ready, in `org`.
    bool connect(const SandboxProcess &sandbox, const QByteArray &token, const QString &org,
        const QString &profileName = QStringLiteral("sandbox"))
    {
        if (!db.isOpen() && !db.open(storage::Database::memoryPath()).ok())
            return false;
        if (!session) {
            session = std::make_unique<models::Session>(db, secrets);
            session->setOfflineRetryInterval(0);
        }
        storage::Profile profile;
        profile.name = profileName;
        profile.address = sandbox.grpcAddress();
        profile.insecure = true;
        profile.protocol = Protocol::Grpc;
        profile.defaultOrganization = org;
        if (const auto claims = parseJwtClaims(QString::fromUtf8(token)).claims)
            profile.tokenKind = claims->kind;
        // A saved profile (no secret stored): listings are cached under its id.
        if (const auto existing = session->profiles().findByName(profileName); existing.ok())
            profile.id = existing.value().id;
        if (!session->profiles().save(profile).ok())
            return false;
        session->openWithToken(profile, token);
        if (!QTest::qWaitFor([this] { return session->state() == models::Session::State::Ready; }, 15000))
            return false;
        if (!org.isEmpty() && session->organization() != org)
            session->setOrganization(org);
        return QTest::qWaitFor([this, org] { return session->organization() == org; }, 5000);
    }
};

inline QByteArray userToken(const SandboxProcess &sandbox, const QString &email)
{
    return sandbox.seededTokens().value(QStringLiteral("user_tokens")).toObject().value(email).toString().toUtf8();
}

// Waits until the page loaded once and nothing is running.
inline bool waitSettled(ui::TablePage *page, int timeoutMs = 15000)
{
    return QTest::qWaitFor([page] { return page->isLoaded() && !page->controller()->isBusy(); }, timeoutMs);
}

// Selects the row whose column-0 text is `text` in the page's view; false when absent.
inline bool selectRow(ui::TablePage *page, const QString &text, int column = 0)
{
    QTableView *view = page->view();
    for (int r = 0; r < view->model()->rowCount(); ++r) {
        if (view->model()->index(r, column).data().toString() == text) {
            view->clearSelection();
            view->selectRow(r);
            view->setCurrentIndex(view->model()->index(r, column));
            return true;
        }
    }
    return false;
}

inline int rowOf(ui::TablePage *page, const QString &text, int column = 0)
{
    QAbstractItemModel *model = page->view()->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, column).data().toString() == text)
            return r;
    }
    return -1;
}

// With ADM_GUI_GRABS=<dir> set, saves a picture of `widget` as <dir>/<name>.png (for looking
// at dialogs after a run; does nothing otherwise).
inline void grabFor(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("ADM_GUI_GRABS");
    if (!dir.isEmpty() && widget)
        widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

} // namespace adm::test
