// SPDX-License-Identifier: Apache-2.0
#include "GrpcMetadata.h"

namespace adm::api {

namespace {
int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
} // namespace

QString percentDecodeGrpcMessage(QByteArrayView value)
{
    QByteArray out;
    out.reserve(value.size());
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (c == '%' && i + 2 < value.size()) {
            const int hi = hexValue(value[i + 1]);
            const int lo = hexValue(value[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.append(char(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.append(c);
    }
    return QString::fromUtf8(out);
}

QByteArray percentEncodeGrpcMessage(const QString &message)
{
    // The spec: bytes outside 0x20..0x7E, and '%', are escaped.
    const QByteArray utf8 = message.toUtf8();
    QByteArray out;
    for (const char ch : utf8) {
        const auto c = quint8(ch);
        if (c >= 0x20 && c <= 0x7e && c != '%') {
            out.append(ch);
        } else {
            static const char hex[] = "0123456789ABCDEF";
            out.append('%');
            out.append(hex[c >> 4]);
            out.append(hex[c & 0xf]);
        }
    }
    return out;
}

QByteArray formatGrpcTimeout(std::chrono::milliseconds timeout)
{
    constexpr qint64 maxValue = 99'999'999; // 8 digits
    qint64 ms = std::max<qint64>(timeout.count(), 1);
    if (ms <= maxValue)
        return QByteArray::number(ms) + 'm';
    const qint64 s = (ms + 999) / 1000;
    if (s <= maxValue)
        return QByteArray::number(s) + 'S';
    const qint64 m = (s + 59) / 60;
    if (m <= maxValue)
        return QByteArray::number(m) + 'M';
    return QByteArray::number(std::min<qint64>((m + 59) / 60, maxValue)) + 'H';
}

HeaderList parseGrpcWebTrailers(QByteArrayView block)
{
    HeaderList out;
    const QList<QByteArray> lines = block.toByteArray().split('\n');
    for (QByteArray line : lines) {
        line = line.trimmed(); // also drops the '\r'
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        out.append({ line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed() });
    }
    return out;
}

std::optional<QByteArray> findHeader(const HeaderList &headers, QByteArrayView name)
{
    std::optional<QByteArray> found;
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            found = value;
    }
    return found;
}

std::optional<int> parseGrpcStatus(QByteArrayView value)
{
    QByteArrayView v = value.trimmed();
    const qsizetype comma = v.indexOf(',');
    if (comma >= 0)
        v = v.first(comma).trimmed();
    if (v.isEmpty() || v.size() > 3)
        return std::nullopt;
    int n = 0;
    for (const char c : v) {
        if (c < '0' || c > '9')
            return std::nullopt;
        n = n * 10 + (c - '0');
    }
    return n;
}

QByteArray decodeBinaryHeader(QByteArrayView value)
{
    QByteArrayView v = value.trimmed();
    const qsizetype comma = v.indexOf(',');
    if (comma >= 0)
        v = v.first(comma).trimmed();
    auto decoded = QByteArray::fromBase64Encoding(v.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    if (decoded)
        return *decoded;
    // Unpadded base64 is allowed by the gRPC spec; Qt's strict mode wants padding.
    QByteArray padded = v.toByteArray();
    while (padded.size() % 4 != 0)
        padded.append('=');
    decoded = QByteArray::fromBase64Encoding(padded, QByteArray::AbortOnBase64DecodingErrors);
    return decoded ? *decoded : QByteArray();
}

bool isGrpcContentType(QByteArrayView contentType)
{
    return contentType.trimmed().startsWith("application/grpc");
}

} // namespace adm::api
