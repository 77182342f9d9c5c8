// SPDX-License-Identifier: Apache-2.0
// Shared by the connect-wizard and session GUI tests: an in-memory app (database, memory secret
// store, session), a JWT minter for tokens the sandbox accepts (expired ones too), and the
// "browser" that follows the sandbox's login page back to the app's loopback callback.
#pragma once

#include "models/Session.h"
#include "storage/Database.h"
#include "storage/MemorySecretStore.h"
#include "support/SandboxProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

namespace adm::test {

// The HS256 key the tests give the sandbox (--jwt-secret-file), so they can mint tokens.
inline QByteArray testJwtSecret()
{
    return QByteArrayLiteral("connect-tests-signing-key-not-a-secret");
}

// Writes the key file into `dir` and returns the sandbox options that use it.
inline SandboxProcess::Options sandboxOptionsWithKey(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(QStringLiteral("jwt.key"));
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(testJwtSecret());
    SandboxProcess::Options options;
    options.extraArguments = { QStringLiteral("--jwt-secret-file"), path };
    return options;
}

inline QByteArray mintJwt(const QJsonObject &claims)
{
    constexpr auto b64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
    const QByteArray input = QByteArray(R"({"alg":"HS256","typ":"JWT"})").toBase64(b64) + '.'
        + QJsonDocument(claims).toJson(QJsonDocument::Compact).toBase64(b64);
    return input + '.'
        + QMessageAuthenticationCode::hash(input, testJwtSecret(), QCryptographicHash::Sha256).toBase64(b64);
}

inline QByteArray mintUserToken(const QString &userId, const QDateTime &expiresAt)
{
    return mintJwt({ { QStringLiteral("user_id"), userId }, { QStringLiteral("iss"), QStringLiteral("cp.chainloop") },
        { QStringLiteral("aud"), QJsonArray { QStringLiteral("user-auth.chainloop") } },
        { QStringLiteral("exp"), expiresAt.toSecsSinceEpoch() } });
}

inline QString userIdOf(const QByteArray &token)
{
    const auto parts = token.split('.');
    const auto payload = QByteArray::fromBase64(parts.value(1), QByteArray::Base64UrlEncoding);
    return QJsonDocument::fromJson(payload).object().value(QStringLiteral("user_id")).toString();
}

// One app instance: database (memory unless a path is given), a memory secret store, a session.
struct AppFixture {
    storage::Database db;
    storage::MemorySecretStore secrets;
    std::unique_ptr<models::Session> session;

    bool open(const QString &dbPath = storage::Database::memoryPath())
    {
        if (!db.open(dbPath).ok())
            return false;
        session = std::make_unique<models::Session>(db, secrets);
        session->setOfflineRetryInterval(0); // tests decide when to reconnect
        return true;
    }
};

// A keychain that is there (persistent) but never works: what a missing or locked Secret
// Service looks like to the app.
class BrokenKeychain : public storage::SecretStore
{
public:
    storage::SecretJob *read(const QString &key) override { return fail(storage::SecretJob::Operation::Read, key); }
    storage::SecretJob *write(const QString &key, const QByteArray &) override
    {
        return fail(storage::SecretJob::Operation::Write, key);
    }
    storage::SecretJob *remove(const QString &key) override { return fail(storage::SecretJob::Operation::Remove, key); }
    bool isPersistent() const override { return true; }
    QString displayName() const override { return QStringLiteral("Test keychain"); }

private:
    storage::SecretJob *fail(storage::SecretJob::Operation op, const QString &key)
    {
        auto *job = new storage::SecretJob(op, key, this);
        QTimer::singleShot(0, job, [job]() {
            storage::SecretResult r;
            r.error = storage::SecretResult::Error::NoBackend;
            r.userMessage = QStringLiteral("No Secret Service is running.");
            job->finish(r);
        });
        return job;
    }
};

// Acts as the user's browser: opens the login URL the app asked for, picks the seeded user with
// `email` from the sandbox's login page and follows the redirect back to the app. Returns the
// last page's body (the app's "you can close this tab" page), or an error text starting "ERROR".
class FakeBrowser
{
public:
    QByteArray signIn(const QUrl &loginUrl, const QString &email)
    {
        QNetworkReply *page = get(loginUrl);
        if (!page)
            return "ERROR: login page timed out";
        const QString html = QString::fromUtf8(page->readAll());
        page->deleteLater();
        const QRegularExpression link(
            QStringLiteral("data-email=\"%1\" href=\"([^\"]+)\"").arg(QRegularExpression::escape(email)));
        const auto match = link.match(html);
        if (!match.hasMatch())
            return "ERROR: no link for " + email.toUtf8() + " in " + html.toUtf8().left(400);
        QString href = match.captured(1);
        href.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
        QUrl url = loginUrl.resolved(QUrl(href));
        // Follow redirects as a browser does (the sandbox answers 302 to the app's callback).
        for (int hop = 0; hop < 5; ++hop) {
            QNetworkReply *reply = get(url);
            if (!reply)
                return "ERROR: " + url.toEncoded() + " timed out";
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray body = reply->readAll();
            const QByteArray location = reply->rawHeader("Location");
            reply->deleteLater();
            if (status >= 300 && status < 400 && !location.isEmpty()) {
                url = url.resolved(QUrl::fromEncoded(location));
                continue;
            }
            m_finalUrl = url;
            if (status != 200)
                return "ERROR: status " + QByteArray::number(status) + ' ' + m_lastError.toUtf8() + ' '
                    + url.toEncoded() + ' ' + body.left(300);
            return body;
        }
        return "ERROR: too many redirects";
    }
    QUrl finalUrl() const { return m_finalUrl; }

private:
    QNetworkReply *get(const QUrl &url)
    {
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        QNetworkReply *reply = m_nam.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(10000))
            return nullptr;
        m_lastError = reply->error() == QNetworkReply::NoError ? QString() : reply->errorString();
        return reply;
    }

    QNetworkAccessManager m_nam;
    QUrl m_finalUrl;
    QString m_lastError;
};

} // namespace adm::test
