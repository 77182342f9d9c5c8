// SPDX-License-Identifier: Apache-2.0
#include "Logging.h"

#include <QRegularExpression>
#include <QString>

#include <mutex>

namespace adm::api {

// Warnings by default; QT_LOGGING_RULES="adm.api.debug=true" shows every call (never headers or tokens).
Q_LOGGING_CATEGORY(lcApi, "adm.api", QtWarningMsg)

namespace {
QtMessageHandler g_previous = nullptr;

void filterHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    // Measured on Qt 6.4.2 (PLATFORM_NOTES): QNAM prints these when HTTP/2 trailers arrive
    // ("setCachingEnabled: <n> bytesDownloaded" first, the longer text in some builds). Harmless,
    // but they would flood the output.
    if (message.contains(QLatin1String("caching was enabled after some bytes had been written"))
        || (message.startsWith(QLatin1String("setCachingEnabled:"))
            && message.contains(QLatin1String("bytesDownloaded"))))
        return;
    if (g_previous)
        g_previous(type, context, message);
}
} // namespace

void installQtMessageFilter()
{
    static std::once_flag once;
    std::call_once(once, [] { g_previous = qInstallMessageHandler(filterHandler); });
}

QByteArray redactSecrets(const QByteArray &text)
{
    static const QRegularExpression bearer(QStringLiteral("(?i)bearer\\s+\\S+"));
    static const QRegularExpression jwt(QStringLiteral("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"));
    QString s = QString::fromUtf8(text);
    s.replace(bearer, QStringLiteral("Bearer <redacted>"));
    s.replace(jwt, QStringLiteral("<redacted>"));
    return s.toUtf8();
}

} // namespace adm::api
