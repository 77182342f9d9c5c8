// SPDX-License-Identifier: Apache-2.0
// Looking for leaked secrets: every file below a folder, the byte patterns that would betray a
// secret, and where they occur. Shared by the leak and hygiene suites.
#pragma once

#include <QByteArray>
#include <QDirIterator>
#include <QFile>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <algorithm>

namespace adm::test {

using FileContents = QList<QPair<QString, QByteArray>>;

// Every file below `root`, read whole.
inline FileContents filesBelow(const QString &root)
{
    FileContents files;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            files.append({ path, f.readAll() });
    }
    return files;
}

// A secret as the bytes that would betray it: whole, as UTF-16 (SQLite may store text so),
// and each long part of a JWT on its own (a leaked signature is a leaked token; the header is
// the same for every token and is no secret).
inline QList<QByteArray> needlesFor(const QByteArray &secret)
{
    QList<QByteArray> needles { secret };
    if (secret.count('.') == 2) {
        for (const QByteArray &part : secret.split('.')) {
            if (part.size() >= 16 && !part.startsWith("eyJhbGciOi"))
                needles.append(part);
        }
    }
    const QString wide = QString::fromLatin1(secret);
    needles.append(QByteArray(reinterpret_cast<const char *>(wide.utf16()), wide.size() * 2));
    return needles;
}

// Where `needle` occurs: "<file>" or "log: ...context...", empty when nowhere.
inline QStringList hits(const QByteArray &needle, const FileContents &files, const QByteArray &log)
{
    QStringList found;
    for (const auto &f : files) {
        if (f.second.contains(needle))
            found << f.first;
    }
    if (const qsizetype at = log.indexOf(needle); at >= 0)
        found << QStringLiteral("log: ") + QString::fromUtf8(log.mid(std::max<qsizetype>(0, at - 200), 300));
    return found;
}

} // namespace adm::test
