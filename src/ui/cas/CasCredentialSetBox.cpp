// SPDX-License-Identifier: Apache-2.0
#include "ui/cas/CasCredentialSetBox.h"

#include "ui_CasCredentialSetBox.h"

#include "core/Validation.h"
#include "storage/CredentialSetRepository.h"
#include "storage/SecretStore.h"
#include "ui/MessageBoxes.h"

#include <QPointer>

namespace adm::ui {

namespace {

QDateTime startOfDayUtc(const QDate &date)
{
    return QDateTime(date, QTime(0, 0), Qt::UTC);
}

QString capitalized(const QString &name)
{
    return name.left(1).toUpper() + name.mid(1);
}

} // namespace

CasCredentialSetBox::CasCredentialSetBox(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::CasCredentialSetBox>())
{
    m_ui->setupUi(this);
    // A credential usually lives a quarter; the user picks the real date.
    m_ui->expiresEdit->setDate(QDate::currentDate().addDays(90));
    m_ui->expiresEdit->setMinimumDate(QDate(2000, 1, 1));
    QFont small = m_ui->expiryRule->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_ui->expiryRule->setFont(small);
    m_ui->expiryRule->setStyleSheet(QStringLiteral("color: #5f6368;"));

    connect(m_ui->rememberCheck, &QCheckBox::toggled, m_ui->rememberNameEdit, &QWidget::setEnabled);
    connect(m_ui->rememberCheck, &QCheckBox::toggled, this, &CasCredentialSetBox::rememberChanged);
    connect(m_ui->rememberNameEdit, &QLineEdit::textChanged, this, &CasCredentialSetBox::rememberChanged);
    connect(m_ui->expiresCheck, &QCheckBox::toggled, m_ui->expiresEdit, &QWidget::setEnabled);
    connect(m_ui->setCombo, &QComboBox::currentIndexChanged, this, &CasCredentialSetBox::updateButtons);
    connect(m_ui->loadButton, &QPushButton::clicked, this, &CasCredentialSetBox::loadSelected);
    connect(m_ui->forgetButton, &QPushButton::clicked, this, &CasCredentialSetBox::forgetSelected);
    updateButtons();
}

CasCredentialSetBox::~CasCredentialSetBox() = default;

void CasCredentialSetBox::setup(CasProvider provider, storage::SecretStore &secrets,
    storage::CredentialSetRepository *sets, const QString &namePrefix)
{
    m_provider = provider;
    m_secrets = &secrets;
    m_sets = sets;
    setObjectName(namePrefix + QStringLiteral("CredentialSetBox"));
    for (QWidget *w : std::initializer_list<QWidget *> { m_ui->setCombo, m_ui->loadButton, m_ui->forgetButton,
             m_ui->rememberCheck, m_ui->rememberNameEdit, m_ui->expiresCheck, m_ui->expiresEdit })
        w->setObjectName(namePrefix + capitalized(w->objectName()));
    // The name the first version of the wizard gave it; tests and screen readers know it.
    m_ui->statusLabel->setObjectName(namePrefix + QStringLiteral("RememberStatusLabel"));
    // Without the repository there is no list to pick from (the keychain cannot be listed).
    for (QWidget *w :
        std::initializer_list<QWidget *> { m_ui->setLabel, m_ui->setCombo, m_ui->loadButton, m_ui->forgetButton })
        w->setVisible(m_sets != nullptr);
    reload();
}

void CasCredentialSetBox::reload()
{
    const QString current = m_ui->setCombo->currentData().toString();
    m_filling = true;
    m_ui->setCombo->clear();
    if (m_sets) {
        const auto sets = m_sets->list();
        if (!sets.ok())
            showStatus(sets.message(), true);
        for (const storage::CredentialSetInfo &s : sets.valueOr({})) {
            if (casProviderFromId(s.provider) != m_provider)
                continue;
            const QString text = s.expiresAt.isValid()
                ? tr("%1 (expires %2)").arg(s.name, s.expiresAt.date().toString(Qt::ISODate))
                : s.name;
            m_ui->setCombo->addItem(text, s.name);
        }
    }
    if (m_ui->setCombo->count() == 0)
        m_ui->setCombo->setPlaceholderText(tr("No remembered sets for %1").arg(casProviderTitle(m_provider)));
    const int keep = m_ui->setCombo->findData(current);
    m_ui->setCombo->setCurrentIndex(keep >= 0 ? keep : (m_ui->setCombo->count() > 0 ? 0 : -1));
    m_filling = false;
    updateButtons();
}

void CasCredentialSetBox::updateButtons()
{
    const bool any = m_ui->setCombo->currentIndex() >= 0;
    m_ui->setCombo->setEnabled(m_ui->setCombo->count() > 0);
    m_ui->loadButton->setEnabled(any && m_secrets);
    m_ui->forgetButton->setEnabled(any && m_secrets);
}

QComboBox *CasCredentialSetBox::setCombo() const
{
    return m_ui->setCombo;
}
QPushButton *CasCredentialSetBox::loadButton() const
{
    return m_ui->loadButton;
}
QPushButton *CasCredentialSetBox::forgetButton() const
{
    return m_ui->forgetButton;
}
QCheckBox *CasCredentialSetBox::rememberCheck() const
{
    return m_ui->rememberCheck;
}
QLineEdit *CasCredentialSetBox::rememberNameEdit() const
{
    return m_ui->rememberNameEdit;
}
QCheckBox *CasCredentialSetBox::expiresCheck() const
{
    return m_ui->expiresCheck;
}
QDateEdit *CasCredentialSetBox::expiresEdit() const
{
    return m_ui->expiresEdit;
}
QLabel *CasCredentialSetBox::statusLabel() const
{
    return m_ui->statusLabel;
}

bool CasCredentialSetBox::wantsRemember() const
{
    return m_ui->rememberCheck->isChecked();
}

QString CasCredentialSetBox::rememberName() const
{
    return m_ui->rememberNameEdit->text().trimmed();
}

bool CasCredentialSetBox::isRememberValid() const
{
    return !wantsRemember() || validateDnsLabel(rememberName()).ok();
}

QDateTime CasCredentialSetBox::expiresAt() const
{
    return m_ui->expiresCheck->isChecked() ? startOfDayUtc(m_ui->expiresEdit->date()) : QDateTime();
}

void CasCredentialSetBox::setExpiresAt(const QDateTime &when)
{
    m_ui->expiresCheck->setChecked(when.isValid());
    if (when.isValid())
        m_ui->expiresEdit->setDate(when.toUTC().date());
}

QString CasCredentialSetBox::credentialSetName() const
{
    if (wantsRemember() && isRememberValid())
        return rememberName();
    return m_loadedSet;
}

void CasCredentialSetBox::credentialsEdited()
{
    if (m_filling)
        return;
    m_loadedSet.clear();
}

void CasCredentialSetBox::showStatus(const QString &text, bool problem)
{
    m_ui->statusLabel->setText(text);
    m_ui->statusLabel->setStyleSheet(problem ? QStringLiteral("color: #c0392b;") : QString());
}

void CasCredentialSetBox::loadSelected()
{
    const QString name = m_ui->setCombo->currentData().toString();
    if (name.isEmpty() || !m_secrets)
        return;
    showStatus(tr("Reading %1 from the keychain…").arg(name), false);
    storage::SecretJob *job = m_secrets->read(casCredentialSetKey(name));
    connect(job, &storage::SecretJob::finished, this, [this, name](const storage::SecretResult &result) {
        if (!result.ok()) {
            showStatus(result.error == storage::SecretResult::Error::NotFound
                    ? tr("The keychain has no entry for %1 any more; forget it here or remember it again.").arg(name)
                    : result.userMessage,
                true);
            return;
        }
        const auto set = casCredentialSetFromJson(result.secret);
        if (!set || set->first != m_provider) {
            showStatus(tr("%1 holds credentials for another provider.").arg(name), true);
            return;
        }
        m_filling = true;
        Q_EMIT loaded(set->second);
        m_filling = false;
        m_loadedSet = name;
        m_loadedExpiry = {};
        if (m_sets) {
            if (const auto info = m_sets->find(name); info.ok() && info.value()) {
                m_loadedExpiry = info.value()->expiresAt;
                setExpiresAt(m_loadedExpiry);
            }
        }
        showStatus(tr("Loaded %1 from the keychain.").arg(name), false);
    });
}

void CasCredentialSetBox::forgetSelected()
{
    const QString name = m_ui->setCombo->currentData().toString();
    if (name.isEmpty() || !m_secrets)
        return;
    if (MessageBoxes::question(this, tr("Forget Credential Set"),
            tr("Delete the credential set %1 from the keychain? Backends created with it keep working; only "
               "this app forgets the credentials.")
                .arg(name),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        != QMessageBox::Yes)
        return;
    showStatus(tr("Removing %1 from the keychain…").arg(name), false);
    storage::SecretJob *job = m_secrets->remove(casCredentialSetKey(name));
    connect(job, &storage::SecretJob::finished, this, [this, name](const storage::SecretResult &result) {
        // A missing entry is already forgotten; the row goes too.
        if (!result.ok() && result.error != storage::SecretResult::Error::NotFound) {
            showStatus(tr("%1 could not be removed from the keychain: %2").arg(name, result.userMessage), true);
            return;
        }
        if (m_sets) {
            if (const storage::Status s = m_sets->forget(name); !s.ok()) {
                showStatus(s.message(), true);
                return;
            }
        }
        if (m_loadedSet.compare(name, Qt::CaseInsensitive) == 0)
            m_loadedSet.clear();
        showStatus(tr("Forgot %1.").arg(name), false);
        reload();
        Q_EMIT setsChanged();
    });
}

void CasCredentialSetBox::remember(const CasFields &credentials, const std::function<void(bool, const QString &)> &done)
{
    const QString name = rememberName();
    if (!m_secrets || !validateDnsLabel(name).ok()) {
        done(false, tr("The credential set needs a name of lowercase letters, digits and '-'."));
        return;
    }
    const QDateTime expires = expiresAt();
    storage::SecretJob *job
        = m_secrets->write(casCredentialSetKey(name), casCredentialSetToJson(m_provider, credentials));
    QPointer<CasCredentialSetBox> self(this);
    connect(job, &storage::SecretJob::finished, this, [self, name, expires, done](const storage::SecretResult &result) {
        if (!result.ok()) {
            done(false, tr("The credentials could not be remembered: %1").arg(result.userMessage));
            return;
        }
        if (self && self->m_sets) {
            storage::CredentialSetInfo info;
            info.name = name;
            info.provider = casProviderId(self->m_provider);
            info.expiresAt = expires;
            if (const storage::Status s = self->m_sets->remember(info); !s.ok()) {
                done(false,
                    tr("The credentials are in the keychain as %1, but the list of sets could not be updated: %2")
                        .arg(name, s.message()));
                return;
            }
            self->m_loadedSet = name;
            self->reload();
            Q_EMIT self->setsChanged();
        }
        done(true, tr("The credentials are remembered in the keychain as %1.").arg(name));
    });
}

void CasCredentialSetBox::updateLoadedSetExpiry()
{
    if (!m_sets || m_loadedSet.isEmpty() || wantsRemember() || expiresAt() == m_loadedExpiry)
        return;
    const auto found = m_sets->find(m_loadedSet);
    if (!found.ok() || !found.value())
        return;
    storage::CredentialSetInfo info = *found.value();
    info.expiresAt = expiresAt();
    info.updatedAt = {};
    if (m_sets->remember(info).ok()) {
        m_loadedExpiry = info.expiresAt;
        reload();
        Q_EMIT setsChanged();
    }
}

} // namespace adm::ui
