// SPDX-License-Identifier: Apache-2.0
#include "ui/session/OrganizationPicker.h"

#include "models/Session.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace adm::ui {

namespace {
constexpr int AddItemRole = Qt::UserRole + 1;
}

AddOrganizationDialog::AddOrganizationDialog(models::Session &session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_name(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_progress(new QLabel(tr("Asking the server…"), this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("addOrganizationDialog"));
    setAccessibleName(tr("Add organization by name"));
    setWindowTitle(tr("Add organization by name"));
    setMinimumWidth(440);
    auto *label = new QLabel(tr("An instance token cannot list organizations. Enter the name of one; the "
                                "server confirms it before it is added to the list."),
        this);
    label->setObjectName(QStringLiteral("addOrganizationIntro"));
    label->setWordWrap(true);
    m_name->setObjectName(QStringLiteral("organizationNameEdit"));
    m_name->setAccessibleName(tr("Organization name"));
    m_name->setPlaceholderText(tr("e.g. acme-prod"));
    m_error->setObjectName(QStringLiteral("addOrganizationError"));
    m_error->setAccessibleName(tr("Error"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->setVisible(false);
    m_progress->setObjectName(QStringLiteral("addOrganizationProgress"));
    m_progress->setVisible(false);
    m_buttons->setObjectName(QStringLiteral("addOrganizationButtons"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_name);
    layout->addWidget(m_error);
    layout->addWidget(m_progress);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddOrganizationDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_error->setVisible(false);
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.trimmed().isEmpty() && m_pending.isEmpty());
    });
    connect(&session, &models::Session::organizationAdded, this, [this](const QString &name) {
        if (name != m_pending)
            return;
        m_pending.clear();
        accept();
    });
    connect(&session, &models::Session::addOrganizationFailed, this, [this](const QString &name, const QString &why) {
        if (name != m_pending)
            return;
        setBusy(false);
        m_error->setText(tr("Organization name: %1").arg(why));
        m_error->setVisible(true);
        m_name->setFocus();
    });
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
}

void AddOrganizationDialog::submit()
{
    const QString name = m_name->text().trimmed();
    if (name.isEmpty() || !m_pending.isEmpty())
        return;
    m_pending = name;
    setBusy(true);
    m_session.addOrganizationByName(name);
}

void AddOrganizationDialog::setBusy(bool busy)
{
    if (!busy)
        m_pending.clear();
    m_progress->setVisible(busy);
    m_name->setReadOnly(busy);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy && !m_name->text().trimmed().isEmpty());
}

OrganizationPicker::OrganizationPicker(models::Session &session, QWidget *parent)
    : QComboBox(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("organizationPicker"));
    setAccessibleName(tr("Organization"));
    setToolTip(tr("The organization you work in"));
    // A set width, not the longest name's: an instance admin may have thousands of
    // organizations, and measuring every name on each change cost the window its start-up
    // (docs/PERFORMANCE.md). The list that opens is still as wide as its longest name.
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(20);
    connect(this, &QComboBox::activated, this, &OrganizationPicker::onActivated);
    connect(&session, &models::Session::organizationsChanged, this, &OrganizationPicker::reload);
    connect(&session, &models::Session::organizationChanged, this, &OrganizationPicker::reload);
    connect(&session, &models::Session::contextChanged, this, &OrganizationPicker::reload);
    connect(&session, &models::Session::stateChanged, this, &OrganizationPicker::reload);
    reload();
}

void OrganizationPicker::reload()
{
    const QSignalBlocker blocker(this);
    const QStringList names = m_session.organizations();
    const auto claims = m_session.claims();
    const bool instanceToken = claims ? claims->kind == JwtClaims::Kind::InstanceApiToken
                                      : m_session.profile().tokenKind == JwtClaims::Kind::InstanceApiToken;
    const bool offerAdd = instanceToken && m_session.state() != models::Session::State::SignedOut;
    // Four session signals call this, often with the same list: rebuild only on a change.
    if (names != m_names || offerAdd != m_offersAdd || count() == 0) {
        clear();
        addItems(names); // one insertion, not one per name
        if (offerAdd) {
            if (count() > 0)
                insertSeparator(count());
            addItem(tr("Add organization by name…"));
            setItemData(count() - 1, true, AddItemRole);
        }
        m_names = names;
        m_offersAdd = offerAdd;
    }
    setCurrentIndex(names.indexOf(m_session.organization()));
    setPlaceholderText(
        m_session.state() == models::Session::State::SignedOut ? tr("Not connected") : tr("No organization"));
    setEnabled(m_session.state() != models::Session::State::SignedOut && count() > 0);
}

AddOrganizationDialog *OrganizationPicker::openAddOrganizationDialog()
{
    if (m_addDialog) {
        m_addDialog->raise();
        m_addDialog->activateWindow();
        return m_addDialog;
    }
    m_addDialog = new AddOrganizationDialog(m_session, window());
    m_addDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_addDialog->open();
    return m_addDialog;
}

void OrganizationPicker::onActivated(int index)
{
    if (itemData(index, AddItemRole).toBool()) {
        reload(); // back to the current organization until the new one is confirmed
        openAddOrganizationDialog();
        return;
    }
    const QString name = itemText(index);
    if (!name.isEmpty())
        m_session.setOrganization(name);
}

} // namespace adm::ui
