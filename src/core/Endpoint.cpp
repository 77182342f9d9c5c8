// SPDX-License-Identifier: Apache-2.0
#include "Endpoint.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace adm {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Endpoint", text);
}
} // namespace

QString protocolName(Protocol p)
{
    switch (p) {
    case Protocol::Auto: return QStringLiteral("auto");
    case Protocol::Grpc: return QStringLiteral("grpc");
    case Protocol::GrpcWeb: return QStringLiteral("grpc-web");
    }
    return {};
}

std::optional<Protocol> protocolFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("auto"))
        return Protocol::Auto;
    if (n == QLatin1String("grpc"))
        return Protocol::Grpc;
    if (n == QLatin1String("grpc-web") || n == QLatin1String("grpcweb"))
        return Protocol::GrpcWeb;
    return std::nullopt;
}

QUrl Endpoint::baseUrl() const
{
    QUrl url;
    url.setScheme(tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(host);
    url.setPort(port);
    url.setPath(pathPrefix);
    return url;
}

QString Endpoint::display() const
{
    const QString h = host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    QString s = h + QLatin1Char(':') + QString::number(port) + pathPrefix;
    if (!tls)
        s += tr(" (insecure)");
    return s;
}

bool Endpoint::isLoopback() const
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    // QtCore only here (no QHostAddress): 127.0.0.0/8 and ::1 written in any usual form.
    static const QRegularExpression v4(QStringLiteral("^127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$"));
    static const QRegularExpression v6(QStringLiteral("^(0{0,4}:){2,7}0{0,3}1$"));
    return v4.match(host).hasMatch() || v6.match(host).hasMatch();
}

EndpointParseResult parseEndpoint(const QString &address, bool insecure)
{
    const QString text = address.trimmed();
    if (text.isEmpty())
        return { std::nullopt, tr("Enter the control plane's address, for example api.cp.example.com:443.") };
    if (text.contains(QLatin1Char(' ')))
        return { std::nullopt, tr("The address must not contain spaces.") };

    Endpoint ep;
    const bool hasScheme = text.contains(QLatin1String("://"));
    QUrl url(hasScheme ? text : QStringLiteral("none://") + text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return { std::nullopt, tr("\"%1\" is not an address: expected host:port or a URL.").arg(text) };
    if (!url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment())
        return { std::nullopt, tr("The address must not contain a user name, query or fragment.") };
    ep.host = url.host();

    if (hasScheme) {
        const QString scheme = url.scheme().toLower();
        if (scheme == QLatin1String("https")) {
            if (insecure)
                return { std::nullopt,
                    tr("The address starts with https:// but insecure (no TLS) is selected; "
                       "use http:// or turn insecure off.") };
            ep.tls = true;
        } else if (scheme == QLatin1String("http")) {
            if (!insecure)
                return { std::nullopt,
                    tr("http:// sends the token without encryption; select insecure (no TLS) to "
                       "allow it, or use https://.") };
            ep.tls = false;
        } else {
            return { std::nullopt, tr("Unsupported scheme \"%1\": use https:// or http://.").arg(scheme) };
        }
        ep.port = url.port(ep.tls ? 443 : 80);
        QString path = url.path();
        while (path.endsWith(QLatin1Char('/')))
            path.chop(1);
        ep.pathPrefix = path;
    } else {
        if (!url.path().isEmpty())
            return { std::nullopt, tr("Write the address as host:port, or as a URL when it has a path.") };
        ep.tls = !insecure;
        ep.port = url.port(443);
    }
    if (ep.port <= 0 || ep.port > 65535)
        return { std::nullopt, tr("The port must be between 1 and 65535.") };
    return { ep, {} };
}

} // namespace adm
