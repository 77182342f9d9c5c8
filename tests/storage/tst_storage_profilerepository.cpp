// SPDX-License-Identifier: Apache-2.0
#include "StorageTestSupport.h"
#include "core/Entities.h"
#include "storage/ActivityJournal.h"
#include "storage/Database.h"
#include "storage/KnownOrganizationRepository.h"
#include "storage/ListingCache.h"
#include "storage/ProfileRepository.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace adm;
using namespace adm::storage;
using namespace adm::storage::test;

class TestProfileRepository : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_db = std::make_unique<Database>();
        QVERIFY(m_db->open(Database::memoryPath()).ok());
        m_repo = std::make_unique<ProfileRepository>(*m_db);
    }
    void cleanup()
    {
        m_repo.reset();
        m_db.reset();
    }

    void insertAssignsIdAndRoundTrips()
    {
        QSignalSpy changed(m_repo.get(), &ProfileRepository::changed);
        Profile p = sampleProfile();
        p.insecure = false;
        const Status s = m_repo->save(p);
        QVERIFY2(s.ok(), qPrintable(s.message()));
        QVERIFY(!p.id.isNull());
        QVERIFY(p.createdAt.isValid());
        QVERIFY(!p.lastUsed.isValid());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(p.secretKey(), QStringLiteral("profile/%1/token").arg(p.id.toString(QUuid::WithoutBraces)));

        const auto found = m_repo->find(p.id);
        QVERIFY(found.ok());
        // Stored with millisecond precision.
        Profile expected = p;
        expected.createdAt = QDateTime::fromMSecsSinceEpoch(p.createdAt.toMSecsSinceEpoch(), Qt::UTC);
        QCOMPARE(found.value(), expected);
        QCOMPARE(m_repo->findByName(QStringLiteral("ACME-PROD")).value().id, p.id);
    }

    void updateChangesFields()
    {
        Profile p = sampleProfile();
        QVERIFY(m_repo->save(p).ok());
        const QUuid id = p.id;
        p.name = QStringLiteral("acme-staging");
        p.address = QStringLiteral("http://127.0.0.1:9000");
        p.insecure = true;
        p.protocol = Protocol::GrpcWeb;
        p.caFile.clear();
        p.defaultOrganization = QStringLiteral("acme-qa");
        p.tokenKind = JwtClaims::Kind::User;
        QVERIFY(m_repo->save(p).ok());
        QCOMPARE(p.id, id);
        const Profile back = m_repo->find(id).value();
        QCOMPARE(back.name, QStringLiteral("acme-staging"));
        QCOMPARE(back.address, QStringLiteral("http://127.0.0.1:9000"));
        QVERIFY(back.insecure);
        QCOMPARE(back.protocol, Protocol::GrpcWeb);
        QVERIFY(back.caFile.isEmpty());
        QCOMPARE(back.defaultOrganization, QStringLiteral("acme-qa"));
        QCOMPARE(back.tokenKind, JwtClaims::Kind::User);
        QCOMPARE(m_repo->list().value().size(), 1);
    }

    void namesAreUniqueCaseInsensitive()
    {
        Profile a = sampleProfile(QStringLiteral("Production"));
        QVERIFY(m_repo->save(a).ok());
        Profile b = sampleProfile(QStringLiteral("  production "));
        const Status s = m_repo->save(b);
        QCOMPARE(s.code(), Status::Code::DuplicateName);
        QVERIFY2(s.message().contains(QLatin1String("\"production\" already exists")), qPrintable(s.message()));
        QVERIFY(b.id.isNull()); // untouched on failure

        // Renaming onto a taken name fails too; changing the case of one's own name does not.
        Profile c = sampleProfile(QStringLiteral("staging"));
        QVERIFY(m_repo->save(c).ok());
        c.name = QStringLiteral("PRODUCTION");
        QCOMPARE(m_repo->save(c).code(), Status::Code::DuplicateName);
        a.name = QStringLiteral("PRODUCTION");
        QVERIFY(m_repo->save(a).ok());
        QCOMPARE(m_repo->list().value().size(), 2);
    }

    void validates_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("insecure");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("empty name") << "  "
                                    << "api.example.com:443" << false << "name";
        QTest::newRow("empty address") << "x"
                                       << "" << false << "Enter";
        QTest::newRow("http without insecure") << "x"
                                               << "http://api.example.com" << false << "insecure";
    }
    void validates()
    {
        QFETCH(QString, name);
        QFETCH(QString, address);
        QFETCH(bool, insecure);
        QFETCH(QString, messagePart);
        Profile p;
        p.name = name;
        p.address = address;
        p.insecure = insecure;
        const Status s = m_repo->save(p);
        QCOMPARE(s.code(), Status::Code::Invalid);
        QVERIFY2(s.message().contains(messagePart), qPrintable(s.message()));
        QCOMPARE(m_repo->list().value().size(), 0);
    }

    void listIsMostRecentlyUsedFirst()
    {
        Profile a = sampleProfile(QStringLiteral("b-never"));
        Profile b = sampleProfile(QStringLiteral("a-never"));
        Profile c = sampleProfile(QStringLiteral("old"));
        Profile d = sampleProfile(QStringLiteral("recent"));
        for (Profile *p : { &a, &b, &c, &d })
            QVERIFY(m_repo->save(*p).ok());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY(m_repo->touch(c.id, now.addDays(-3)).ok());
        QVERIFY(m_repo->touch(d.id, now.addSecs(-5)).ok());
        QStringList names;
        for (const auto &p : m_repo->list().value())
            names << p.name;
        QCOMPARE(names,
            (QStringList { QStringLiteral("recent"), QStringLiteral("old"), QStringLiteral("a-never"),
                QStringLiteral("b-never") }));
        QVERIFY(m_repo->touch(b.id).ok());
        QCOMPARE(m_repo->list().value().first().name, QStringLiteral("a-never"));
        QCOMPARE(m_repo->touch(QUuid::createUuid()).code(), Status::Code::NotFound);
    }

    void removeCascadesButKeepsJournal()
    {
        Profile p = sampleProfile();
        QVERIFY(m_repo->save(p).ok());
        KnownOrganizationRepository orgs(*m_db);
        QVERIFY(orgs.remember({ p.id, QStringLiteral("acme"), {}, KnownOrganization::Source::Seen, {}, {} }).ok());
        ListingCache cache(*m_db);
        QVERIFY(cache.put(p.id, QStringLiteral("acme"), ListingKind::Members, QList { Membership {} }).ok());
        ActivityJournal journal(*m_db);
        ActivityEntry e;
        e.profileId = p.id;
        e.profileName = p.name;
        e.action = QStringLiteral("profile.create");
        QVERIFY(journal.append(e).ok());

        QSignalSpy changed(m_repo.get(), &ProfileRepository::changed);
        QVERIFY(m_repo->remove(p.id).ok());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(m_repo->find(p.id).status().code(), Status::Code::NotFound);
        QCOMPARE(orgs.list(p.id).value().size(), 0);
        QVERIFY(!cache.get<Membership>(p.id, QStringLiteral("acme"), ListingKind::Members));
        QCOMPARE(journal.latestForProfile(p.id, 10).value().size(), 1);
        QCOMPARE(m_repo->remove(p.id).code(), Status::Code::NotFound);
    }

private:
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ProfileRepository> m_repo;
};

QTEST_GUILESS_MAIN(TestProfileRepository)
#include "tst_storage_profilerepository.moc"
