// SPDX-License-Identifier: Apache-2.0
#include "ui/session/ProfilesDialog.h"

#include "models/Session.h"
#include "storage/ProfileRepository.h"
#include "storage/SecretStore.h"
#include "ui/MessageBoxes.h"
#include "ui/session/ProfilePicker.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace adm::ui {

namespace {
constexpr int IdRole = Qt::UserRole + 1;

QString kindText(JwtClaims::Kind kind)
{
    JwtClaims c;
    c.kind = kind;
    return c.kindDescription();
}

QPushButton *button(const QString &text, const QString &name, const QString &accessible, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setAccessibleName(accessible);
    return b;
}
} // namespace

ProfilesDialog::ProfilesDialog(models::Session &session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_list(new QListWidget(this))
    , m_name(new QLineEdit(this))
    , m_address(new QLineEdit(this))
    , m_protocol(new QComboBox(this))
    , m_insecure(new QCheckBox(tr("Insecure: no TLS (plaintext)"), this))
    , m_caFile(new QLineEdit(this))
    , m_organization(new QLabel(this))
    , m_kind(new QLabel(this))
    , m_expiry(new QLabel(this))
    , m_error(new QLabel(this))
    , m_save(button(tr("&Save changes"), QStringLiteral("saveProfileButton"), tr("Save changes"), this))
    , m_delete(button(tr("&Delete…"), QStringLiteral("deleteProfileButton"), tr("Delete profile"), this))
    , m_signOut(button(tr("Sign &out"), QStringLiteral("signOutButton"), tr("Sign out"), this))
    , m_open(button(tr("O&pen"), QStringLiteral("openProfileButton"), tr("Open profile"), this))
{
    setObjectName(QStringLiteral("profilesDialog"));
    setAccessibleName(tr("Profiles"));
    setWindowTitle(tr("Profiles"));
    resize(720, 420);

    m_list->setObjectName(QStringLiteral("profilesList"));
    m_list->setAccessibleName(tr("Saved profiles"));
    m_name->setObjectName(QStringLiteral("profileNameEdit"));
    m_name->setAccessibleName(tr("Profile name"));
    m_address->setObjectName(QStringLiteral("profileAddressEdit"));
    m_address->setAccessibleName(tr("Control plane address"));
    m_protocol->setObjectName(QStringLiteral("profileProtocolCombo"));
    m_protocol->setAccessibleName(tr("Protocol"));
    m_protocol->addItem(tr("Automatic"), int(Protocol::Auto));
    m_protocol->addItem(tr("gRPC"), int(Protocol::Grpc));
    m_protocol->addItem(tr("gRPC-Web"), int(Protocol::GrpcWeb));
    m_insecure->setObjectName(QStringLiteral("profileInsecureCheck"));
    m_insecure->setAccessibleName(tr("Insecure: no TLS"));
    m_caFile->setObjectName(QStringLiteral("profileCaFileEdit"));
    m_caFile->setAccessibleName(tr("CA file"));
    m_organization->setObjectName(QStringLiteral("profileOrganizationLabel"));
    m_organization->setAccessibleName(tr("Default organization"));
    m_kind->setObjectName(QStringLiteral("profileKindLabel"));
    m_kind->setAccessibleName(tr("Token kind"));
    m_expiry->setObjectName(QStringLiteral("profileExpiryLabel"));
    m_expiry->setAccessibleName(tr("Token expiry"));
    m_error->setObjectName(QStringLiteral("profileErrorLabel"));
    m_error->setAccessibleName(tr("Error"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->setVisible(false);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Address:"), m_address);
    form->addRow(tr("&Protocol:"), m_protocol);
    form->addRow(QString(), m_insecure);
    form->addRow(tr("&CA file:"), m_caFile);
    form->addRow(tr("Organization:"), m_organization);
    form->addRow(tr("Token:"), m_kind);
    form->addRow(tr("Expiry:"), m_expiry);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_save);
    actions->addWidget(m_open);
    actions->addWidget(m_signOut);
    actions->addWidget(m_delete);
    actions->addStretch();
    auto *details = new QVBoxLayout;
    details->addLayout(form);
    details->addWidget(m_error);
    details->addLayout(actions);
    details->addStretch();
    auto *top = new QHBoxLayout;
    top->addWidget(m_list, 1);
    top->addLayout(details, 2);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("profilesDialogButtons"));
    auto *newButton = buttons->addButton(tr("&New connection…"), QDialogButtonBox::ActionRole);
    newButton->setObjectName(QStringLiteral("newConnectionButton"));
    newButton->setAccessibleName(tr("New connection"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);

    connect(m_list, &QListWidget::currentRowChanged, this, &ProfilesDialog::showSelected);
    connect(m_save, &QPushButton::clicked, this, &ProfilesDialog::saveChanges);
    connect(m_delete, &QPushButton::clicked, this, &ProfilesDialog::deleteSelected);
    connect(m_signOut, &QPushButton::clicked, this, &ProfilesDialog::signOutSelected);
    connect(m_open, &QPushButton::clicked, this, &ProfilesDialog::openSelected);
    connect(newButton, &QPushButton::clicked, this, &ProfilesDialog::newConnectionRequested);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&session.profiles(), &storage::ProfileRepository::changed, this, &ProfilesDialog::reload);
    connect(&session, &models::Session::contextChanged, this, &ProfilesDialog::showSelected);
    reload();
}

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
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    const auto profiles = m_session.profiles().list();
    if (profiles) {
        for (const storage::Profile &p : profiles.value()) {
            auto *item = new QListWidgetItem(p.name, m_list);
            item->setData(IdRole, p.id);
            item->setToolTip(p.address);
        }
    }
    selectProfile(keep.isNull() ? m_session.profile().id : keep);
    if (m_list->currentRow() < 0 && m_list->count() > 0)
        m_list->setCurrentRow(0);
    showSelected();
}

void ProfilesDialog::selectProfile(const QUuid &id)
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(IdRole).toUuid() == id) {
            m_list->setCurrentRow(row);
            return;
        }
    }
}

QUuid ProfilesDialog::selectedProfileId() const
{
    const QListWidgetItem *item = m_list->currentItem();
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
    m_error->setVisible(false);
    const auto p = selected();
    for (QWidget *w : std::initializer_list<QWidget *> {
             m_name, m_address, m_protocol, m_insecure, m_caFile, m_save, m_delete, m_signOut, m_open })
        w->setEnabled(p.has_value());
    if (!p) {
        m_name->clear();
        m_address->clear();
        m_caFile->clear();
        m_organization->clear();
        m_kind->clear();
        m_expiry->clear();
        return;
    }
    m_name->setText(p->name);
    m_address->setText(p->address);
    m_protocol->setCurrentIndex(m_protocol->findData(int(p->protocol)));
    m_insecure->setChecked(p->insecure);
    m_caFile->setText(p->caFile);
    const bool isOpen = p->id == m_session.profile().id && m_session.state() != models::Session::State::SignedOut;
    const QString organization = isOpen ? m_session.organization() : p->defaultOrganization;
    m_organization->setText(organization.isEmpty() ? tr("none") : organization);
    m_kind->setText(kindText(p->tokenKind));
    if (isOpen && m_session.claims())
        m_expiry->setText(ProfilePicker::expiryText(m_session.tokenExpiresAt()));
    else
        m_expiry->setText(tr("shown when the profile is open"));
    m_open->setEnabled(!isOpen);
}

void ProfilesDialog::saveChanges()
{
    auto p = selected();
    if (!p)
        return;
    const QString address = m_address->text().trimmed();
    const bool insecure = m_insecure->isChecked();
    const EndpointParseResult parsed = parseEndpoint(address, insecure);
    if (!parsed.endpoint) {
        showError(tr("Address: %1").arg(parsed.error));
        m_address->setFocus();
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
        || p->protocol != Protocol(m_protocol->currentData().toInt()) || p->caFile != m_caFile->text().trimmed();
    p->name = m_name->text().trimmed();
    p->address = address;
    p->insecure = insecure;
    p->protocol = Protocol(m_protocol->currentData().toInt());
    p->caFile = m_caFile->text().trimmed();
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
    m_error->setText(text);
    m_error->setVisible(true);
}

} // namespace adm::ui
