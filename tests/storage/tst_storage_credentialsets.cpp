// SPDX-License-Identifier: Apache-2.0
// Remembered CAS credential sets: names, provider and expiry in SQLite, never the secret.
#include "StorageTestSupport.h"
#include "storage/CredentialSetRepository.h"
#include "storage/Database.h"
#include "storage/ProfileRepository.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace adm;
using namespace adm::storage;
using namespace adm::storage::test;

namespace {

const QDateTime T0 = QDateTime(QDate(2026, 11, 27), QTime(10, 0, 0), Qt::UTC);

CredentialSetInfo s3Set(const QString &name = QStringLiteral("aws-prod"))
{
    CredentialSetInfo s;
    s.name = name;
    s.provider = QStringLiteral("AWS-S3");
    s.expiresAt = T0.addDays(90);
    s.createdAt = T0;
    s.updatedAt = T0;
    return s;
}

QStringList columns(const Database &db, const QString &table)
{
    QSqlQuery q(db.connection());
    QStringList names;
    if (!q.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table)))
        return names;
    while (q.next())
        names.append(q.value(1).toString());
    return names;
}

} // namespace

class TestCredentialSets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_db = std::make_unique<Database>();
        QVERIFY(m_db->open(Database::memoryPath()).ok());
        m_profile = sampleProfile();
        QVERIFY(ProfileRepository(*m_db).save(m_profile).ok());
    }
    void cleanup() { m_db.reset(); }

    void roundTrip()
    {
        CredentialSetRepository repo(*m_db);
        QVERIFY(repo.list().value().isEmpty());
        const CredentialSetInfo set = s3Set();
        const Status s = repo.remember(set);
        QVERIFY2(s.ok(), qPrintable(s.message()));
        CredentialSetInfo azure;
        azure.name = QStringLiteral("azure-dev");
        azure.provider = QStringLiteral("AzureBlob");
        QVERIFY(repo.remember(azure).ok());

        const auto all = repo.list();
        QVERIFY(all.ok());
        QCOMPARE(all.value().size(), 2);
        QCOMPARE(all.value().at(0), set);
        QCOMPARE(all.value().at(1).name, QStringLiteral("azure-dev"));
        QCOMPARE(all.value().at(1).provider, QStringLiteral("AzureBlob"));
        QVERIFY(!all.value().at(1).expiresAt.isValid()); // not recorded stays "not recorded"
        QVERIFY(all.value().at(1).createdAt.isValid());

        const auto found = repo.find(QStringLiteral("aws-prod"));
        QVERIFY(found.ok());
        QVERIFY(found.value().has_value());
        QCOMPARE(*found.value(), set);
        QVERIFY(!repo.find(QStringLiteral("nope")).value().has_value());

        // Update keeps createdAt, takes the new provider and date.
        CredentialSetInfo changed = set;
        changed.provider = QStringLiteral("OCI");
        changed.expiresAt = T0.addDays(10);
        changed.createdAt = T0.addDays(5);
        changed.updatedAt = T0.addDays(5);
        QVERIFY(repo.remember(changed).ok());
        const auto after = repo.find(QStringLiteral("aws-prod")).value();
        QCOMPARE(after->provider, QStringLiteral("OCI"));
        QCOMPARE(after->expiresAt, T0.addDays(10));
        QCOMPARE(after->createdAt, T0);
        QCOMPARE(after->updatedAt, T0.addDays(5));
        QCOMPARE(repo.list().value().size(), 2);

        QVERIFY(repo.forget(QStringLiteral("aws-prod")).ok());
        QVERIFY(!repo.find(QStringLiteral("aws-prod")).value().has_value());
        QCOMPARE(repo.list().value().size(), 1);
        // Forgetting what is not there is fine.
        QVERIFY(repo.forget(QStringLiteral("aws-prod")).ok());
    }

    // Names are DNS-1123 labels (lower case, as the keychain key is case-sensitive); every
    // lookup ignores case, and ordering is case-insensitive.
    void namesAreCaseInsensitive()
    {
        CredentialSetRepository repo(*m_db);
        QVERIFY(repo.remember(s3Set(QStringLiteral("zeta"))).ok());
        QVERIFY(repo.remember(s3Set(QStringLiteral("alpha"))).ok());
        QVERIFY(repo.remember(s3Set(QStringLiteral("beta"))).ok());
        QStringList names;
        for (const auto &s : repo.list().value())
            names.append(s.name);
        QCOMPARE(names, (QStringList { QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("zeta") }));

        const auto found = repo.find(QStringLiteral("ZETA")).value();
        QVERIFY(found.has_value());
        QCOMPARE(found->name, QStringLiteral("zeta"));

        // Another spelling cannot become a second set next to "zeta".
        const Status upper = repo.remember(s3Set(QStringLiteral("ZeTa")));
        QCOMPARE(upper.code(), Status::Code::Invalid);
        QCOMPARE(repo.list().value().size(), 3);

        QVERIFY(repo.forget(QStringLiteral("ALPHA")).ok());
        QCOMPARE(repo.list().value().size(), 2);
        QVERIFY(!repo.find(QStringLiteral("alpha")).value().has_value());
    }

    void refusesInvalidSets()
    {
        CredentialSetRepository repo(*m_db);
        QCOMPARE(repo.remember(s3Set(QString())).code(), Status::Code::Invalid);
        QCOMPARE(repo.remember(s3Set(QStringLiteral("has space"))).code(), Status::Code::Invalid);
        CredentialSetInfo wrong = s3Set();
        wrong.provider = QStringLiteral("GCS");
        const Status s = repo.remember(wrong);
        QCOMPARE(s.code(), Status::Code::Invalid);
        QVERIFY2(s.message().contains(QLatin1String("GCS")), qPrintable(s.message()));
        QVERIFY(repo.list().value().isEmpty());

        BackendCredentialInfo b;
        b.profileId = m_profile.id;
        b.organization = QStringLiteral("acme");
        QCOMPARE(repo.recordBackend(b).code(), Status::Code::Invalid); // no backend name
    }

    // The backend follows its set's date (also a later change); without a set, its own date.
    void backendExpiryFollowsTheSet()
    {
        CredentialSetRepository repo(*m_db);
        QVERIFY(repo.remember(s3Set()).ok());

        BackendCredentialInfo withSet;
        withSet.profileId = m_profile.id;
        withSet.organization = QStringLiteral("acme");
        withSet.backend = QStringLiteral("s3-main");
        withSet.credentialSet = QStringLiteral("AWS-Prod"); // case-insensitive reference
        withSet.expiresAt = T0.addDays(90);
        withSet.updatedAt = T0;
        QVERIFY(repo.recordBackend(withSet).ok());

        BackendCredentialInfo typed;
        typed.profileId = m_profile.id;
        typed.organization = QStringLiteral("acme");
        typed.backend = QStringLiteral("oci-cache");
        typed.expiresAt = T0.addDays(3);
        typed.updatedAt = T0;
        QVERIFY(repo.recordBackend(typed).ok());

        // Another organization's backend is not listed.
        BackendCredentialInfo other = typed;
        other.organization = QStringLiteral("globex");
        QVERIFY(repo.recordBackend(other).ok());

        auto rows = repo.backends(m_profile.id, QStringLiteral("acme")).value();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0).backend, QStringLiteral("oci-cache"));
        QCOMPARE(rows.at(0).expiresAt, T0.addDays(3));
        QVERIFY(rows.at(0).credentialSet.isEmpty());
        QCOMPARE(rows.at(1).backend, QStringLiteral("s3-main"));
        QCOMPARE(rows.at(1).credentialSet, QStringLiteral("AWS-Prod"));
        QCOMPARE(rows.at(1).expiresAt, T0.addDays(90));

        // The user renews the set's credential: the backend's warning date moves with it.
        CredentialSetInfo renewed = s3Set();
        renewed.expiresAt = T0.addDays(400);
        QVERIFY(repo.remember(renewed).ok());
        rows = repo.backends(m_profile.id, QStringLiteral("acme")).value();
        QCOMPARE(rows.at(1).expiresAt, T0.addDays(400));
        // Cleared on the set: no date for the backend either.
        renewed.expiresAt = {};
        QVERIFY(repo.remember(renewed).ok());
        QVERIFY(!repo.backends(m_profile.id, QStringLiteral("acme")).value().at(1).expiresAt.isValid());

        // Forgetting the set leaves the date recorded with the backend.
        QVERIFY(repo.forget(QStringLiteral("aws-prod")).ok());
        rows = repo.backends(m_profile.id, QStringLiteral("acme")).value();
        QCOMPARE(rows.at(1).expiresAt, T0.addDays(90));

        // Re-recording (credentials rotated) replaces the row.
        typed.expiresAt = {};
        typed.credentialSet = QStringLiteral("oci-robot");
        QVERIFY(repo.recordBackend(typed).ok());
        rows = repo.backends(m_profile.id, QStringLiteral("acme")).value();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0).credentialSet, QStringLiteral("oci-robot"));
        QVERIFY(!rows.at(0).expiresAt.isValid());

        QVERIFY(repo.forgetBackend(m_profile.id, QStringLiteral("acme"), QStringLiteral("s3-main")).ok());
        QCOMPARE(repo.backends(m_profile.id, QStringLiteral("acme")).value().size(), 1);
    }

    void removingTheProfileRemovesItsBackends()
    {
        CredentialSetRepository repo(*m_db);
        QVERIFY(repo.remember(s3Set()).ok());
        BackendCredentialInfo b;
        b.profileId = m_profile.id;
        b.organization = QStringLiteral("acme");
        b.backend = QStringLiteral("s3-main");
        b.credentialSet = QStringLiteral("aws-prod");
        QVERIFY(repo.recordBackend(b).ok());
        QVERIFY(ProfileRepository(*m_db).remove(m_profile.id).ok());
        QVERIFY(repo.backends(m_profile.id, QStringLiteral("acme")).value().isEmpty());
        // The set is not per profile (its keychain entry is shared): it stays.
        QCOMPARE(repo.list().value().size(), 1);
    }

    // No column could hold a secret, and a file with remembered sets contains none of the
    // secret's bytes (the repository never receives them; this guards the schema).
    void neverASecretColumn()
    {
        for (const QString &table : { QStringLiteral("credential_sets"), QStringLiteral("backend_credentials") }) {
            const QStringList cols = columns(*m_db, table);
            QVERIFY2(!cols.isEmpty(), qPrintable(table));
            for (const QString &c : cols) {
                const QString lower = c.toLower();
                for (const char *word : { "secret", "password", "key", "token", "json", "value", "blob" })
                    QVERIFY2(!lower.contains(QLatin1String(word)), qPrintable(table + QLatin1Char('.') + c));
            }
        }
        QCOMPARE(columns(*m_db, QStringLiteral("credential_sets")),
            (QStringList { QStringLiteral("name"), QStringLiteral("provider"), QStringLiteral("expires_at"),
                QStringLiteral("created_at"), QStringLiteral("updated_at") }));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sets.sqlite"));
        {
            Database db;
            QVERIFY(db.open(path).ok());
            QVERIFY(CredentialSetRepository(db).remember(s3Set(QStringLiteral("distinctive-set-name"))).ok());
        }
        const QByteArray bytes = databaseBytes(path);
        QVERIFY(bytes.contains("distinctive-set-name"));
        QVERIFY(!bytes.contains("secretAccessKey"));
    }

    void closedDatabaseAnswersNotOpen()
    {
        Database closed;
        CredentialSetRepository repo(closed);
        QCOMPARE(repo.list().status().code(), Status::Code::NotOpen);
        QCOMPARE(repo.remember(s3Set()).code(), Status::Code::NotOpen);
        QCOMPARE(repo.backends(m_profile.id, QStringLiteral("acme")).status().code(), Status::Code::NotOpen);
    }

private:
    std::unique_ptr<Database> m_db;
    Profile m_profile;
};

QTEST_GUILESS_MAIN(TestCredentialSets)
#include "tst_storage_credentialsets.moc"
