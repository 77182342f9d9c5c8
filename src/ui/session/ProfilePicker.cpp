// SPDX-License-Identifier: Apache-2.0
#include "ui/session/ProfilePicker.h"

#include "models/Session.h"
#include "storage/ProfileRepository.h"

#include <QLocale>

namespace adm::ui {

namespace {
enum ItemKind { ProfileItem, NewConnectionItem, ManageItem };
constexpr int KindRole = Qt::UserRole + 1;
constexpr int IdRole = Qt::UserRole + 2;
} // namespace

ProfilePicker::ProfilePicker(models::Session &session, QWidget *parent)
    : QComboBox(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("profilePicker"));
    setAccessibleName(tr("Profile"));
    setToolTip(tr("The Chainloop instance you work with"));
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(this, &QComboBox::activated, this, &ProfilePicker::onActivated);
    connect(&session.profiles(), &storage::ProfileRepository::changed, this, &ProfilePicker::reload);
    connect(&session, &models::Session::stateChanged, this, &ProfilePicker::reload);
    connect(&session, &models::Session::contextChanged, this, &ProfilePicker::reload);
    reload();
}

QString ProfilePicker::expiryText(const QDateTime &expiresAt)
{
    if (!expiresAt.isValid())
        return tr("never expires");
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (expiresAt <= now)
        return tr("expired on %1").arg(QLocale().toString(expiresAt.toLocalTime(), QLocale::ShortFormat));
    const qint64 secs = now.secsTo(expiresAt);
    if (secs < 3600)
        return tr("expires in %n minute(s)", nullptr, int(std::max<qint64>(1, secs / 60)));
    if (secs < 2 * 86400)
        return tr("expires in %n hour(s)", nullptr, int(secs / 3600));
    return tr("expires in %n day(s)", nullptr, int(secs / 86400));
}

void ProfilePicker::reload()
{
    if (m_reloading)
        return;
    m_reloading = true;
    const QSignalBlocker blocker(this);
    clear();
    const auto profiles = m_session.profiles().list();
    const QUuid openId = m_session.profile().id;
    int current = -1;
    if (profiles) {
        for (const storage::Profile &p : profiles.value()) {
            QString text = p.name;
            QString tip = tr("%1 at %2").arg(p.name, p.address);
            if (p.id == openId && m_session.state() != models::Session::State::SignedOut) {
                QStringList notes;
                if (m_session.claims())
                    notes.append(expiryText(m_session.tokenExpiresAt()));
                if (m_session.isSessionOnly())
                    notes.append(tr("session only"));
                if (m_session.state() == models::Session::State::NeedsSignIn)
                    notes.append(tr("sign-in needed"));
                if (!notes.isEmpty()) {
                    text += QStringLiteral(" (%1)").arg(notes.join(QStringLiteral(", ")));
                    tip += QLatin1Char('\n') + notes.join(QLatin1Char('\n'));
                }
                current = count();
            }
            addItem(text);
            setItemData(count() - 1, ProfileItem, KindRole);
            setItemData(count() - 1, p.id, IdRole);
            setItemData(count() - 1, tip, Qt::ToolTipRole);
        }
    }
    if (count() > 0)
        insertSeparator(count());
    addItem(tr("New connection…"));
    setItemData(count() - 1, NewConnectionItem, KindRole);
    addItem(tr("Manage profiles…"));
    setItemData(count() - 1, ManageItem, KindRole);
    setCurrentIndex(current);
    if (current < 0)
        setPlaceholderText(tr("No profile"));
    m_reloading = false;
}

void ProfilePicker::onActivated(int index)
{
    const int kind = itemData(index, KindRole).toInt();
    if (kind == NewConnectionItem || kind == ManageItem) {
        reload(); // puts the selection back on the open profile
        if (kind == NewConnectionItem)
            Q_EMIT newConnectionRequested();
        else
            Q_EMIT manageProfilesRequested();
        return;
    }
    const QUuid id = itemData(index, IdRole).toUuid();
    if (id == m_session.profile().id && m_session.state() != models::Session::State::SignedOut)
        return;
    const auto profile = m_session.profiles().find(id);
    if (profile)
        m_session.open(profile.value());
}

} // namespace adm::ui
