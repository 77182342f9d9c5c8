// SPDX-License-Identifier: Apache-2.0
#include "app/GuiMain.h"

#include "app/StartupProbe.h"
#include "app/StartupWarmup.h"
#include "core/JwtClaims.h"
#include "core/StartupTrace.h"
#include "models/EnglishPlurals.h"
#include "models/Session.h"
#include "storage/Database.h"
#include "storage/KeychainSecretStore.h"
#include "storage/ProfileRepository.h"
#include "ui/MainWindow.h"
#include "ui/connect/ConnectWizard.h"
#include "ui/session/KeychainUnavailableNotice.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QMessageBox>
#include <QTextStream>
#include <QTimer>

#include <memory>
#include <optional>

namespace adm::app {

namespace {

using ui::MainWindow;

// Visits each page, waits until its rows are in (or it gave up), saves a grab, then quits.
// Timer-driven: no nested event loop.
class ScreenshotTour : public QObject
{
public:
    ScreenshotTour(MainWindow &window, const QString &dir)
        : QObject(&window)
        , m_window(window)
        , m_dir(dir)
    {
        QDir().mkpath(dir);
        m_timer.setInterval(100);
        connect(&m_timer, &QTimer::timeout, this, &ScreenshotTour::tick);
    }

    void start() { m_timer.start(); }

private:
    void tick()
    {
        ++m_ticks;
        if (m_page < 0) {
            m_page = 0;
            show();
            return;
        }
        const auto page = MainWindow::Page(m_page);
        const bool settled = m_window.isPageSettled(page);
        if (settled)
            ++m_settledTicks;
        // Three quiet ticks after loading (lets the view paint), or 15 s at most per page.
        if (m_settledTicks < 3 && m_ticks < 150)
            return;
        const QString path = QDir(m_dir).filePath(
            QStringLiteral("%1-%2.png").arg(m_page + 1, 2, 10, QLatin1Char('0')).arg(MainWindow::pageKey(page)));
        const bool ok = m_window.grab().save(path);
        QTextStream(stderr) << (ok ? "saved " : "could not save ") << path << '\n';
        if (++m_page >= int(MainWindow::Page::Count)) {
            m_timer.stop();
            QTimer::singleShot(0, qApp, &QApplication::quit);
            return;
        }
        show();
    }

    void show()
    {
        m_ticks = 0;
        m_settledTicks = 0;
        m_window.showPage(MainWindow::Page(m_page));
    }

    MainWindow &m_window;
    QString m_dir;
    QTimer m_timer;
    int m_page = -1;
    int m_ticks = 0;
    int m_settledTicks = 0;
};

} // namespace

int runGui(int &argc, char **argv)
{
    warmUpBeforeApplication();
    QApplication app(argc, argv);
    startup::mark("application");
    warmUpInBackground([] {
        storage::KeychainSecretStore::preloadBackend();
        startup::mark("warmup-keychain");
    });
    QApplication::setOrganizationName(QStringLiteral("Chainloop"));
    QApplication::setOrganizationDomain(QStringLiteral("chainloop.dev"));
    QApplication::setApplicationName(QStringLiteral("Chainloop Admin"));
    QApplication::setApplicationVersion(QStringLiteral(ADM_VERSION_STRING));
    QApplication::setDesktopFileName(QStringLiteral("dev.chainloop.ChainloopAdmin"));
    models::EnglishPlurals::install();

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("GuiMain", "Administration of Chainloop instances."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption urlOption(QStringLiteral("url"),
        QApplication::translate("GuiMain", "Control-plane address (host:port); the token comes from CHAINLOOP_TOKEN."),
        QStringLiteral("ADDR"));
    const QCommandLineOption insecureOption(
        QStringLiteral("insecure"), QApplication::translate("GuiMain", "Plaintext connection (no TLS)."));
    const QCommandLineOption protocolOption(QStringLiteral("protocol"),
        QApplication::translate("GuiMain", "auto, grpc or grpc-web."), QStringLiteral("P"), QStringLiteral("auto"));
    const QCommandLineOption profileOption(QStringLiteral("profile-name"),
        QApplication::translate("GuiMain", "Name shown for this session's profile."), QStringLiteral("NAME"),
        QStringLiteral("demo"));
    const QCommandLineOption orgOption(QStringLiteral("org"),
        QApplication::translate("GuiMain", "Organization to select at start."), QStringLiteral("NAME"));
    const QCommandLineOption screenshotsOption(QStringLiteral("screenshots"),
        QApplication::translate("GuiMain", "Save a PNG of every page into DIR once loaded, then quit."),
        QStringLiteral("DIR"));
    parser.addOptions({ urlOption, insecureOption, protocolOption, profileOption, orgOption, screenshotsOption });
    parser.process(app);

    storage::Database db;
    if (const auto status = db.open(storage::Database::defaultPath()); !status.ok()) {
        QMessageBox::critical(nullptr, QApplication::translate("GuiMain", "Chainloop Admin"),
            QApplication::translate("GuiMain", "The app's database cannot be opened: %1").arg(status.message()));
        return 1;
    }
    startup::mark("database");
    storage::KeychainSecretStore keychain;
    models::Session session(db, keychain);
    // Without --url the last used profile opens first: the keychain answers its token read
    // (over D-Bus, in another process) while the window is being built.
    std::optional<storage::Profile> lastProfile;
    if (!parser.isSet(urlOption)) {
        if (const auto profiles = session.profiles().list(); profiles.ok() && !profiles.value().isEmpty()) {
            lastProfile = profiles.value().constFirst();
            session.open(*lastProfile);
        }
    }
    startup::mark("profile");
    MainWindow window(session);
    startup::mark("window");
    installStartupProbeIfRequested(window); // bench_startup only (ADM_STARTUP_PROBE)
    window.show();
    startup::mark("show");

    if (parser.isSet(urlOption)) {
        // Session-only: the token stays in memory and is dropped from the environment.
        const QByteArray token = qgetenv("CHAINLOOP_TOKEN").trimmed();
        qunsetenv("CHAINLOOP_TOKEN");
        if (token.isEmpty()) {
            QTextStream(stderr) << QApplication::translate("GuiMain", "--url needs the token in CHAINLOOP_TOKEN.")
                                << '\n';
            return 2;
        }
        const auto protocol = protocolFromName(parser.value(protocolOption));
        if (!protocol) {
            QTextStream(stderr)
                << QApplication::translate("GuiMain", "Unknown protocol %1.").arg(parser.value(protocolOption)) << '\n';
            return 2;
        }
        storage::Profile profile;
        profile.name = parser.value(profileOption);
        profile.address = parser.value(urlOption);
        profile.insecure = parser.isSet(insecureOption);
        profile.protocol = *protocol;
        profile.defaultOrganization = parser.value(orgOption);
        if (const auto claims = parseJwtClaims(QString::fromUtf8(token)).claims)
            profile.tokenKind = claims->kind;
        // Saved (without its token) so the picker shows it and its listings are cached across
        // runs, as for any profile; a later start without --url asks to sign in again.
        if (const auto existing = session.profiles().findByName(profile.name); existing.ok()) {
            profile.id = existing.value().id;
            profile.createdAt = existing.value().createdAt;
        }
        if (const auto saved = session.profiles().save(profile); !saved.ok())
            QTextStream(stderr) << saved.message() << '\n';
        session.openWithToken(profile, token);
        if (!profile.defaultOrganization.isEmpty())
            session.setOrganization(profile.defaultOrganization);
    } else {
        if (lastProfile) {
            // The keychain notice (and its session-only login) only if the token cannot be read.
            ui::KeychainUnavailableNotice::offerIfTokenUnreadable(session, &window);
        } else {
            // The keychain notice first, then the connect wizard (which saves a token).
            ui::KeychainUnavailableNotice::checkAtStartup(session, &window,
                [&session, &window](bool) { ui::ConnectWizard::openNewConnection(session, &window); });
        }
    }

    if (parser.isSet(screenshotsOption)) {
        auto *tour = new ScreenshotTour(window, parser.value(screenshotsOption));
        // Start once connected (or offline with the cache); give up waiting after 20 s.
        auto started = std::make_shared<bool>(false);
        auto startTour = [tour, started] {
            if (!*started) {
                *started = true;
                tour->start();
            }
        };
        // Offline counts too: the cached view is worth a picture.
        QObject::connect(&session, &models::Session::stateChanged, tour, [tour, startTour](models::Session::State s) {
            if (s == models::Session::State::Ready || s == models::Session::State::Offline)
                QTimer::singleShot(500, tour, startTour);
        });
        QTimer::singleShot(20000, tour, startTour);
    }
    return QApplication::exec();
}

} // namespace adm::app
