// SPDX-License-Identifier: Apache-2.0
#include "sandbox/LoginPages.h"

#include "sandbox/ControlPlane.h"

#include <QHostAddress>

namespace adm::sandbox {

namespace {

const QByteArray htmlType = QByteArrayLiteral("text/html; charset=utf-8");

QString param(const QUrlQuery &query, const QString &key)
{
    return query.queryItemValue(key, QUrl::FullyDecoded);
}

bool isLongLived(const QUrlQuery &query)
{
    return param(query, QStringLiteral("long-lived")) == QLatin1String("true");
}

QByteArray page(const QString &title, const QString &bodyHtml)
{
    return QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1</title>"
                          "<style>body{font-family:sans-serif;max-width:40em;margin:2em auto}"
                          "a.user{display:block;padding:.6em;margin:.4em 0;border:1px solid #888;border-radius:4px;"
                          "text-decoration:none;color:inherit}textarea{width:100%;height:8em}</style></head>\n"
                          "<body><h1>%1</h1>\n%2</body></html>\n")
        .arg(title.toHtmlEscaped(), bodyHtml)
        .toUtf8();
}

HttpPage errorPage(int status, const QString &message)
{
    return { status, htmlType,
        page(QStringLiteral("Chainloop sandbox login"), QStringLiteral("<p>%1</p>").arg(message.toHtmlEscaped())), {} };
}

// Token-bearing answers must not be cached or leak through the Referer header.
void addNoStore(HttpPage &p)
{
    p.headers.append({ QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store") });
    p.headers.append({ QByteArrayLiteral("Referrer-Policy"), QByteArrayLiteral("no-referrer") });
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && a.port(a.scheme() == QLatin1String("https") ? 443 : 80)
        == b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}

} // namespace

LoginPages::LoginPages(ControlPlane *controlPlane)
    : m_controlPlane(controlPlane)
{ }

bool LoginPages::isAcceptedCallback(const QString &callback, const QUrl &loginUrl)
{
    if (callback.isEmpty())
        return true;
    const QUrl url(callback, QUrl::StrictMode);
    if (!url.isValid())
        return false;
    if (url.scheme().isEmpty() && url.authority().isEmpty() && !callback.startsWith(QLatin1String("//")))
        return true; // relative path
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return false;
    const QString host = url.host();
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    if (!address.isNull() && address.isLoopback())
        return true;
    return loginUrl.isValid() && sameOrigin(url, loginUrl);
}

HttpPage LoginPages::login(const QUrlQuery &query) const
{
    const QString callback = param(query, QStringLiteral("callback"));
    if (!isAcceptedCallback(callback, m_loginUrl))
        return errorPage(400, QStringLiteral("callback URL not allowed: %1").arg(callback));
    const bool longLived = isLongLived(query);

    QString links;
    const QList<LoginUser> users = m_controlPlane->loginUsers();
    for (const LoginUser &user : users) {
        QUrlQuery next;
        next.addQueryItem(QStringLiteral("user"), QString::fromLatin1(QUrl::toPercentEncoding(user.id)));
        next.addQueryItem(QStringLiteral("callback"), QString::fromLatin1(QUrl::toPercentEncoding(callback)));
        if (longLived)
            next.addQueryItem(QStringLiteral("long-lived"), QStringLiteral("true"));
        const QString href = QStringLiteral("/auth/callback?") + next.query(QUrl::FullyEncoded);
        links += QStringLiteral(
            "<a class=\"user\" data-user-id=\"%1\" data-email=\"%2\" href=\"%3\"><b>%4</b> &lt;%2&gt;%5</a>\n")
                     .arg(user.id.toHtmlEscaped(), user.email.toHtmlEscaped(), href.toHtmlEscaped(),
                         user.displayName.toHtmlEscaped(),
                         user.instanceAdmin ? QStringLiteral(" (instance admin)") : QString());
    }
    if (users.isEmpty())
        links = QStringLiteral("<p>No users. Start the sandbox with <code>--seed demo</code>.</p>");
    const QString intro = QStringLiteral("<p>This sandbox has no identity provider. Sign in as:</p>\n");
    HttpPage p { 200, htmlType, page(QStringLiteral("Chainloop sandbox login"), intro + links), {} };
    addNoStore(p);
    return p;
}

HttpPage LoginPages::callback(const QUrlQuery &query)
{
    const QString callback = param(query, QStringLiteral("callback"));
    // Checked again: this leg can be reached directly, and an open redirect would leak the token.
    if (!isAcceptedCallback(callback, m_loginUrl))
        return errorPage(400, QStringLiteral("callback URL not allowed: %1").arg(callback));
    const QString userId = param(query, QStringLiteral("user"));
    if (userId.isEmpty())
        return errorPage(401, QStringLiteral("no user chosen"));
    const auto lifetime = std::chrono::seconds(isLongLived(query) ? LongLivedSeconds : ShortLivedSeconds);
    const QString token = m_controlPlane->loginAs(userId, lifetime);
    if (token.isEmpty())
        return errorPage(401, QStringLiteral("unknown user"));

    if (callback.isEmpty()) {
        // Headless login: the user copies the token into the client.
        const QString body = QStringLiteral("<p>Copy this token into the client:</p>\n"
                                            "<textarea id=\"token\" readonly>%1</textarea>\n"
                                            "<p><button onclick=\"navigator.clipboard.writeText("
                                            "document.getElementById('token').value)\">Copy</button></p>\n")
                                 .arg(token.toHtmlEscaped());
        HttpPage p { 200, htmlType, page(QStringLiteral("Chainloop sandbox login"), body), {} };
        addNoStore(p);
        return p;
    }

    QUrl target(callback);
    QUrlQuery targetQuery(target);
    targetQuery.addQueryItem(QStringLiteral("t"), token);
    target.setQuery(targetQuery);
    HttpPage p { 302, htmlType, QByteArray(), { { QByteArrayLiteral("Location"), target.toEncoded() } } };
    addNoStore(p);
    return p;
}

} // namespace adm::sandbox
