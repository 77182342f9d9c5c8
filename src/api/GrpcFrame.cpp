// SPDX-License-Identifier: Apache-2.0
#include "GrpcFrame.h"

#include <QtEndian>

namespace adm::api {

namespace {
constexpr int HeaderSize = 5;
constexpr quint8 CompressedFlag = 0x01;
constexpr quint8 TrailerFlag = 0x80;
} // namespace

QByteArray encodeGrpcFrame(QByteArrayView message)
{
    QByteArray frame(HeaderSize + message.size(), Qt::Uninitialized);
    frame[0] = 0;
    qToBigEndian<quint32>(quint32(message.size()), frame.data() + 1);
    if (!message.isEmpty())
        memcpy(frame.data() + HeaderSize, message.data(), size_t(message.size()));
    return frame;
}

GrpcFrameDecoder::GrpcFrameDecoder(qint64 maxMessageBytes, bool allowTrailerFrames)
    : m_max(maxMessageBytes)
    , m_allowTrailers(allowTrailerFrames)
{ }

bool GrpcFrameDecoder::feed(QByteArrayView bytes)
{
    if (m_error != Error::None)
        return false;
    m_buffer.append(bytes);
    parse();
    return m_error == Error::None;
}

void GrpcFrameDecoder::parse()
{
    qsizetype pos = 0;
    while (m_buffer.size() - pos >= HeaderSize) {
        const auto flags = quint8(m_buffer.at(pos));
        const quint32 length = qFromBigEndian<quint32>(m_buffer.constData() + pos + 1);
        // Check the header before waiting for the body: a huge length must not make us buffer it.
        if (flags & CompressedFlag) {
            m_error = Error::Compressed;
        } else if ((flags & ~TrailerFlag) != 0 || ((flags & TrailerFlag) && !m_allowTrailers)) {
            m_error = Error::BadFlags;
        } else if (qint64(length) > m_max) {
            m_error = Error::TooLarge;
            m_errorLength = length;
        }
        if (m_error != Error::None) {
            m_buffer.clear();
            return;
        }
        if (m_buffer.size() - pos - HeaderSize < qsizetype(length))
            break;
        m_frames.append({ bool(flags & TrailerFlag), m_buffer.mid(pos + HeaderSize, length) });
        pos += HeaderSize + length;
    }
    m_buffer.remove(0, pos);
}

} // namespace adm::api
