// SPDX-License-Identifier: Apache-2.0
#include "ui/session/ProfilesDialog.h"

#include "ui_ProfilesDialog.h"

#include "models/Session.h"
#include "storage/ProfileRepository.h"
#include "storage/SecretStore.h"
#include "ui/MessageBoxes.h"
#include "ui/session/ProfilePicker.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>

namespace adm::ui {

namespace {
constexpr int IdRole = Qt::UserRole + 1;

QString kindText(JwtClaims::Kind kind)
{
    JwtClaims c;
    c.kind = kind;
    return c.kindDescription();
}

} // namespace

ProfilesDialog::ProfilesDialog(models::Session &session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_ui(std::make_unique<Ui::ProfilesDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("profilesDialog"));
    m_ui->profileProtocolCombo->addItem(tr("Automatic"), int(Protocol::Auto));
    m_ui->profileProtocolCombo->addItem(tr("gRPC"), int(Protocol::Grpc));
    m_ui->profileProtocolCombo->addItem(tr("gRPC-Web"), int(Protocol::GrpcWeb));
    m_ui->profileErrorLabel->setVisible(false);
    QDialogButtonBox *buttons = m_ui->profilesDialogButtons;
    auto *newButton = buttons->addButton(tr("&New connection…"), QDialogButtonBox::ActionRole);
    newButton->setObjectName(QStringLiteral("newConnectionButton"));
    newButton->setAccessibleName(tr("New connection"));

    connect(m_ui->profilesList, &QListWidget::currentRowChanged, this, &ProfilesDialog::showSelected);
    connect(m_ui->saveProfileButton, &QPushButton::clicked, this, &ProfilesDialog::saveChanges);
    connect(m_ui->deleteProfileButton, &QPushButton::clicked, this, &ProfilesDialog::deleteSelected);
    connect(m_ui->signOutButton, &QPushButton::clicked, this, &ProfilesDialog::signOutSelected);
    connect(m_ui->openProfileButton, &QPushButton::clicked, this, &ProfilesDialog::openSelected);
    connect(newButton, &QPushButton::clicked, this, &ProfilesDialog::newConnectionRequested);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&session.profiles(), &storage::ProfileRepository::changed, this, &ProfilesDialog::reload);
    connect(&session, &models::Session::contextChanged, this, &ProfilesDialog::showSelected);
    reload();
}

ProfilesDialog::~ProfilesDialog() = default;

ProfilesDialog *ProfilesDialog::openFor(models::Session &session, QWidget *parent)
{
    auto *dialog = new ProfilesDialog(session, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->selectProfile(session.profile().id);
    dialog->open();
    return dialog;
}

void ProfilesDialog::reload()
{
    const QUuid keep = selectedProfileId();
    const QSignalBlocker blocker(m_ui->profilesList);
    m_ui->profilesList->clear();
    const auto profiles = m_session.profiles().list();
    if (profiles) {
        for (const storage::Profile &p : profiles.value()) {
            auto *item = new QListWidgetItem(p.name, m_ui->profilesList);
            item->setData(IdRole, p.id);
            item->setToolTip(p.address);
        }
    }
    selectProfile(keep.isNull() ? m_session.profile().id : keep);
    if (m_ui->profilesList->currentRow() < 0 && m_ui->profilesList->count() > 0)
        m_ui->profilesList->setCurrentRow(0);
    showSelected();
}

void ProfilesDialog::selectProfile(const QUuid &id)
{
    for (int row = 0; row < m_ui->profilesList->count(); ++row) {
        if (m_ui->profilesList->item(row)->data(IdRole).toUuid() == id) {
            m_ui->profilesList->setCurrentRow(row);
            return;
        }
    }
}

QUuid ProfilesDialog::selectedProfileId() const
{
    const QListWidgetItem *item = m_ui->profilesList->currentItem();
    return item ? item->data(IdRole).toUuid() : QUuid();
}

std::optional<storage::Profile> ProfilesDialog::selected() const
{
    const QUuid id = selectedProfileId();
    if (id.isNull())
        return std::nullopt;
    const auto found = m_session.profiles().find(id);
    if (!found)
        return std::nullopt;
    return found.value();
}

void ProfilesDialog::showSelected()
{
    m_ui->profileErrorLabel->setVisible(false);
    const auto p = selected();
    for (QWidget *w : std::initializer_list<QWidget *> { m_ui->profileNameEdit, m_ui->profileAddressEdit,
             m_ui->profileProtocolCombo, m_ui->profileInsecureCheck, m_ui->profileCaFileEdit, m_ui->saveProfileButton,
             m_ui->deleteProfileButton, m_ui->signOutButton, m_ui->openProfileButton })
        w->setEnabled(p.has_value());
    if (!p) {
        m_ui->profileNameEdit->clear();
        m_ui->profileAddressEdit->clear();
        m_ui->profileCaFileEdit->clear();
        m_ui->profileOrganizationLabel->clear();
        m_ui->profileKindLabel->clear();
        m_ui->profileExpiryLabel->clear();
        return;
    }
    m_ui->profileNameEdit->setText(p->name);
    m_ui->profileAddressEdit->setText(p->address);
    m_ui->profileProtocolCombo->setCurrentIndex(m_ui->profileProtocolCombo->findData(int(p->protocol)));
    m_ui->profileInsecureCheck->setChecked(p->insecure);
    m_ui->profileCaFileEdit->setText(p->caFile);
    const bool isOpen = p->id == m_session.profile().id && m_session.state() != models::Session::State::SignedOut;
    const QString organization = isOpen ? m_session.organization() : p->defaultOrganization;
    m_ui->profileOrganizationLabel->setText(organization.isEmpty() ? tr("none") : organization);
    m_ui->profileKindLabel->setText(kindText(p->tokenKind));
    if (isOpen && m_session.claims())
        m_ui->profileExpiryLabel->setText(ProfilePicker::expiryText(m_session.tokenExpiresAt()));
    else
        m_ui->profileExpiryLabel->setText(tr("shown when the profile is open"));
    m_ui->openProfileButton->setEnabled(!isOpen);
}

void ProfilesDialog::saveChanges()
{
    auto p = selected();
    if (!p)
        return;
    const QString address = m_ui->profileAddressEdit->text().trimmed();
    const bool insecure = m_ui->profileInsecureCheck->isChecked();
    const EndpointParseResult parsed = parseEndpoint(address, insecure);
    if (!parsed.endpoint) {
        showError(tr("Address: %1").arg(parsed.error));
        m_ui->profileAddressEdit->setFocus();
        return;
    }
    if (insecure && !p->insecure && !parsed.endpoint->isLoopback()) {
        const auto answer = MessageBoxes::question(this, tr("Connect without TLS?"),
            tr("%1 is not this computer. Without TLS, your token and every request travel unencrypted.\n\n"
               "Use this profile without TLS anyway?")
                .arg(parsed.endpoint->host));
        if (answer != QMessageBox::Yes)
            return;
    }
    const bool connectionChanged = p->address != address || p->insecure != insecure
        || p->protocol != Protocol(m_ui->profileProtocolCombo->currentData().toInt())
        || p->caFile != m_ui->profileCaFileEdit->text().trimmed();
    p->name = m_ui->profileNameEdit->text().trimmed();
    p->address = address;
    p->insecure = insecure;
    p->protocol = Protocol(m_ui->profileProtocolCombo->currentData().toInt());
    p->caFile = m_ui->profileCaFileEdit->text().trimmed();
    const storage::Status status = m_session.profiles().save(*p);
    if (!status) {
        showError(status.code() == storage::Status::Code::DuplicateName ? tr("Name: %1").arg(status.message())
                                                                        : status.message());
        return;
    }
    // The open profile reconnects with its new settings.
    if (p->id == m_session.profile().id && m_session.state() != models::Session::State::SignedOut && connectionChanged)
        m_session.open(*p);
}

void ProfilesDialog::deleteSelected()
{
    const auto p = selected();
    if (!p)
        return;
    const auto answer = MessageBoxes::question(this, tr("Delete profile?"),
        tr("Delete the profile %1? Its token is removed from %2, and its cached data from this computer. "
           "Nothing changes on the server.")
            .arg(p->name, m_session.secretStore().displayName()));
    if (answer != QMessageBox::Yes)
        return;
    if (p->id == m_session.profile().id)
        m_session.close();
    m_session.secretStore().remove(p->secretKey());
    const storage::Status status = m_session.profiles().remove(p->id);
    if (!status)
        showError(status.message());
}

void ProfilesDialog::signOutSelected()
{
    const auto p = selected();
    if (!p)
        return;
    const auto answer = MessageBoxes::question(this, tr("Sign out?"),
        tr("Sign out of %1? Its token is removed from %2; the profile stays, and you sign in again to use it.")
            .arg(p->name, m_session.secretStore().displayName()));
    if (answer != QMessageBox::Yes)
        return;
    if (p->id == m_session.profile().id && m_session.state() != models::Session::State::SignedOut)
        m_session.signOut();
    else
        m_session.secretStore().remove(p->secretKey());
    showSelected();
}

void ProfilesDialog::openSelected()
{
    if (const auto p = selected())
        m_session.open(*p);
    showSelected();
}

void ProfilesDialog::showError(const QString &text)
{
    m_ui->profileErrorLabel->setText(text);
    m_ui->profileErrorLabel->setVisible(true);
}

} // namespace adm::ui
