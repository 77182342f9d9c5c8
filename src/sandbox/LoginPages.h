// SPDX-License-Identifier: Apache-2.0
// The browser-login endpoints (§6.2). The sandbox has no OIDC provider: /auth/login shows the
// seeded users, and picking one goes to /auth/callback, which mints the user's JWT and redirects
// to the client's callback with t=<jwt>. Upstream carries callback and long-lived between the two
// legs in cookies; here they ride in the links' query, and the callback is checked on both legs.
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QUrl>
#include <QUrlQuery>

namespace adm::sandbox {

class ControlPlane;

// An HTTP answer independent of the server library, so pages can be unit-tested.
struct HttpPage {
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
};

class LoginPages
{
public:
    static constexpr int LongLivedSeconds = 7 * 24 * 3600;
    static constexpr int ShortLivedSeconds = 10;

    // Not owned; must outlive this object.
    explicit LoginPages(ControlPlane *controlPlane);

    void setLoginUrl(const QUrl &loginUrl) { m_loginUrl = loginUrl; }

    HttpPage login(const QUrlQuery &query) const;
    HttpPage callback(const QUrlQuery &query);

    // Upstream's rule: empty, a relative path, http(s) on localhost or a loopback IP (any port),
    // or the same origin as the login URL.
    static bool isAcceptedCallback(const QString &callback, const QUrl &loginUrl);

private:
    ControlPlane *m_controlPlane;
    QUrl m_loginUrl;
};

} // namespace adm::sandbox
