// SPDX-License-Identifier: Apache-2.0
#include "ui/connect/ServerPage.h"

#include "ui_ConnectWizardServerPage.h"

#include "ui/MessageBoxes.h"

#include <QFileDialog>
#include <QWizard>

namespace adm::ui {

namespace {
bool sameSettings(const models::ConnectFlow::ServerSettings &a, const models::ConnectFlow::ServerSettings &b)
{
    return a.address.trimmed() == b.address.trimmed() && a.protocol == b.protocol && a.insecure == b.insecure
        && a.caFile == b.caFile;
}

QString errorStyle()
{
    return QStringLiteral("color: palette(highlighted-text); background: #b3261e; padding: 4px; border-radius: 3px;");
}
} // namespace

ServerPage::ServerPage(models::ConnectFlow &flow, QWidget *parent)
    : QWizardPage(parent)
    , ui(std::make_unique<Ui::ConnectWizardServerPage>())
    , m_flow(flow)
{
    ui->setupUi(this);
    setObjectName(QStringLiteral("serverPage"));
    setTitle(tr("Control plane"));
    setSubTitle(tr("Where is the Chainloop control plane? Use the address the CLI uses (host:port), or a URL."));

    ui->protocolCombo->addItem(tr("Automatic (gRPC, falling back to gRPC-Web)"), int(Protocol::Auto));
    ui->protocolCombo->addItem(tr("gRPC (HTTP/2)"), int(Protocol::Grpc));
    ui->protocolCombo->addItem(tr("gRPC-Web (HTTP/1.1 or HTTP/2)"), int(Protocol::GrpcWeb));
    ui->insecureWarning->setStyleSheet(QStringLiteral("color: #b3261e;"));
    ui->insecureWarning->setVisible(false);
    ui->progressLabel->setVisible(false);
    ui->errorLabel->setVisible(false);
    ui->errorLabel->setStyleSheet(errorStyle());

    connect(ui->addressEdit, &QLineEdit::textChanged, this, [this]() {
        ui->errorLabel->setVisible(false);
        Q_EMIT completeChanged();
    });
    connect(ui->insecureCheck, &QCheckBox::toggled, this, &ServerPage::onInsecureToggled);
    connect(ui->caFileBrowseButton, &QToolButton::clicked, this, &ServerPage::chooseCaFile);
    connect(&m_flow, &models::ConnectFlow::serverChecked, this, &ServerPage::onChecked);
    connect(&m_flow, &models::ConnectFlow::serverCheckFailed, this, &ServerPage::onCheckFailed);
}

ServerPage::~ServerPage() = default;

void ServerPage::initializePage()
{
    if (ui->addressEdit->text().isEmpty() && !m_flow.server().address.isEmpty()) {
        const auto s = m_flow.server();
        ui->addressEdit->setText(s.address);
        ui->insecureCheck->setChecked(s.insecure);
        ui->caFileEdit->setText(s.caFile);
        ui->protocolCombo->setCurrentIndex(ui->protocolCombo->findData(int(s.protocol)));
    }
    ui->addressEdit->setFocus();
}

void ServerPage::cleanupPage()
{
    // Intentionally empty: going back must not erase what the user typed.
}

models::ConnectFlow::ServerSettings ServerPage::settings() const
{
    models::ConnectFlow::ServerSettings s;
    s.address = ui->addressEdit->text().trimmed();
    s.protocol = Protocol(ui->protocolCombo->currentData().toInt());
    s.insecure = ui->insecureCheck->isChecked();
    s.caFile = ui->caFileEdit->text().trimmed();
    return s;
}

bool ServerPage::isComplete() const
{
    return !m_busy && !ui->addressEdit->text().trimmed().isEmpty();
}

bool ServerPage::validatePage()
{
    const auto current = settings();
    if (m_verified && sameSettings(*m_verified, current) && m_flow.serverInfo())
        return true; // second pass, after the check succeeded
    if (m_busy)
        return false;

    if (current.insecure) {
        const EndpointParseResult parsed = parseEndpoint(current.address, true);
        // Plaintext to a machine other than this one exposes the token on the network: ask once more.
        if (parsed.endpoint && !parsed.endpoint->isLoopback() && m_confirmedInsecureHost != parsed.endpoint->host) {
            const auto answer = MessageBoxes::question(this, tr("Connect without TLS?"),
                tr("%1 is not this computer. Without TLS, your token and every request travel unencrypted "
                   "and can be read or changed by anyone on the network path.\n\nConnect without TLS anyway?")
                    .arg(parsed.endpoint->host),
                QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
            if (answer != QMessageBox::Yes) {
                showError(tr("Insecure: not confirmed. Clear \"Insecure\" to use TLS."));
                ui->insecureCheck->setFocus();
                return false;
            }
            m_confirmedInsecureHost = parsed.endpoint->host;
        }
    }

    m_verified.reset();
    ui->errorLabel->setVisible(false);
    ui->serverInfoLabel->clear();
    setBusy(true);
    m_flow.checkServer(current);
    return false;
}

void ServerPage::onInsecureToggled(bool on)
{
    ui->insecureWarning->setVisible(on);
    ui->caFileEdit->setEnabled(!on);
    ui->caFileBrowseButton->setEnabled(!on);
    ui->errorLabel->setVisible(false);
}

void ServerPage::onChecked(const ServerInfo &info)
{
    if (!m_busy)
        return; // a check this page did not start (or already abandoned)
    setBusy(false);
    m_verified = settings();
    QString text
        = tr("Chainloop control plane %1.").arg(info.version.isEmpty() ? tr("(version not reported)") : info.version);
    text += QLatin1Char(' ');
    text += info.restrictedOrgCreation ? tr("Creating organizations is restricted to instance administrators.")
                                       : tr("Any user may create organizations.");
    ui->serverInfoLabel->setText(text);
    if (wizard() && wizard()->currentPage() == this)
        wizard()->next(); // re-enters validatePage(), which now returns true
}

void ServerPage::onCheckFailed(models::ConnectFlow::Field field, const QString &message)
{
    if (!m_busy)
        return;
    setBusy(false);
    switch (field) {
    case models::ConnectFlow::Field::CaFile:
        showError(tr("CA file: %1").arg(message));
        ui->caFileEdit->setFocus();
        break;
    default:
        showError(tr("Address: %1").arg(message));
        ui->addressEdit->setFocus();
        break;
    }
}

void ServerPage::setBusy(bool busy)
{
    m_busy = busy;
    ui->progressLabel->setVisible(busy);
    // Editing while a check runs would make its answer describe other settings.
    ui->addressEdit->setReadOnly(busy);
    ui->protocolCombo->setEnabled(!busy);
    ui->insecureCheck->setEnabled(!busy);
    Q_EMIT completeChanged();
}

void ServerPage::chooseCaFile()
{
    // Non-blocking: the dialog reports through a signal.
    auto *dialog
        = new QFileDialog(this, tr("Choose a CA file"), {}, tr("PEM certificates (*.pem *.crt);;All files (*)"));
    dialog->setObjectName(QStringLiteral("caFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &file) { ui->caFileEdit->setText(file); });
    dialog->open();
}

void ServerPage::showError(const QString &text)
{
    ui->errorLabel->setText(text);
    ui->errorLabel->setVisible(true);
}

} // namespace adm::ui
