// SPDX-License-Identifier: Apache-2.0
#include "models/Formatting.h"

#include <QCoreApplication>

namespace adm::models {

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("Formatting", text, nullptr, n);
}

QString span(qint64 secs)
{
    if (secs < 60)
        return tr("%n second(s)", int(secs));
    if (secs < 3600)
        return tr("%n minute(s)", int(secs / 60));
    if (secs < 86400)
        return tr("%n hour(s)", int(secs / 3600));
    if (secs < 86400 * 60)
        return tr("%n day(s)", int(secs / 86400));
    if (secs < 86400 * 730)
        return tr("%n month(s)", int(secs / (86400 * 30)));
    return tr("%n year(s)", int(secs / (86400 * 365)));
}

} // namespace

QString relativeTime(const QDateTime &when, const QDateTime &now)
{
    if (!when.isValid())
        return {};
    const qint64 secs = now.secsTo(when);
    if (qAbs(secs) < 45)
        return tr("just now");
    if (secs > 0)
        return tr("in %1").arg(span(secs));
    return tr("%1 ago").arg(span(-secs));
}

QString absoluteTime(const QDateTime &when)
{
    if (!when.isValid())
        return {};
    return when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString exportTime(const QDateTime &when)
{
    if (!when.isValid())
        return {};
    return when.toUTC().toString(Qt::ISODate);
}

QString ageText(qint64 seconds)
{
    if (seconds < 45)
        return tr("just now");
    return tr("%1 ago").arg(span(seconds));
}

} // namespace adm::models
