// SPDX-License-Identifier: Apache-2.0
// Shared by the onboarding suites: CSV files of N organizations, and a read-only look into the
// sandbox's own database to check what exists on the server, exactly how many times.
// (The API cannot show it: an instance token may not list invitations.)
#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QUuid>
#include <QVariant>

namespace adm::test {

// Organization names "<prefix>-<i>", each with `invites` invitations ("u<k>@<org>.example",
// roles cycling admin/viewer/member) and an AWS-S3 backend "store" using credential set "aws".
inline QByteArray onboardingCsv(const QString &prefix, int orgs, int invites, bool cas, const QString &settings = {})
{
    QString csv = QStringLiteral("organization,email,role,cas_backend,cas_provider,cas_location,cas_credentials");
    if (!settings.isEmpty())
        csv += QStringLiteral(",block_on_policy_violation");
    csv += u'\n';
    static const char *roles[] = { "admin", "viewer", "member" };
    for (int i = 0; i < orgs; ++i) {
        const QString org = QStringLiteral("%1-%2").arg(prefix).arg(i);
        const QString casCells = cas ? QStringLiteral("store,AWS-S3,%1-bucket,aws").arg(org) : QStringLiteral(",,,");
        const QString extra = settings.isEmpty() ? QString() : u',' + settings;
        if (invites == 0)
            csv += QStringLiteral("%1,,,%2%3\n").arg(org, casCells, extra);
        for (int k = 0; k < invites; ++k) {
            csv += QStringLiteral("%1,u%2@%1.example,%3,%4%5\n")
                       .arg(org)
                       .arg(k)
                       .arg(QLatin1String(roles[k % 3]), casCells, extra);
        }
    }
    return csv.toUtf8();
}

// Counts rows in the sandbox's SQLite file (started with --db FILE).
class SandboxState
{
public:
    explicit SandboxState(const QString &path)
        : m_name(QUuid::createUuid().toString())
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        db.open();
    }
    ~SandboxState()
    {
        QSqlDatabase::database(m_name).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    SandboxState(const SandboxState &) = delete;
    SandboxState &operator=(const SandboxState &) = delete;

    int orgs(const QString &name) const
    {
        return count(QStringLiteral("SELECT COUNT(*) FROM orgs WHERE name = ? AND deleted_at IS NULL"), { name });
    }
    int orgsLike(const QString &prefix) const
    {
        return count(QStringLiteral("SELECT COUNT(*) FROM orgs WHERE name LIKE ? AND deleted_at IS NULL"),
            { prefix + QLatin1Char('%') });
    }
    int invitations(const QString &org, const QString &email = {}) const
    {
        if (email.isEmpty())
            return count(QStringLiteral("SELECT COUNT(*) FROM invitations i JOIN orgs o ON o.id = i.org_id "
                                        "WHERE o.name = ? AND o.deleted_at IS NULL AND i.deleted_at IS NULL"),
                { org });
        return count(QStringLiteral("SELECT COUNT(*) FROM invitations i JOIN orgs o ON o.id = i.org_id "
                                    "WHERE o.name = ? AND o.deleted_at IS NULL AND i.receiver_email = ? "
                                    "AND i.deleted_at IS NULL"),
            { org, email });
    }
    int casBackends(const QString &org, const QString &name) const
    {
        return count(QStringLiteral("SELECT COUNT(*) FROM cas_backends c JOIN orgs o ON o.id = c.org_id "
                                    "WHERE o.name = ? AND o.deleted_at IS NULL AND c.name = ? "
                                    "AND c.deleted_at IS NULL"),
            { org, name });
    }
    int intColumn(const QString &org, const QString &column) const
    {
        return count(QStringLiteral("SELECT %1 FROM orgs WHERE name = ? AND deleted_at IS NULL").arg(column), { org });
    }

private:
    int count(const QString &sql, const QVariantList &args) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        q.prepare(sql);
        for (const QVariant &a : args)
            q.addBindValue(a);
        if (!q.exec() || !q.next())
            return -1;
        return q.value(0).toInt();
    }

    QString m_name;
};

} // namespace adm::test
