// SPDX-License-Identifier: Apache-2.0
// The 5-byte length-prefixed message framing shared by gRPC and gRPC-Web: pure functions, no I/O.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace adm::api {

// flag byte (0 = uncompressed message) + 4-byte big-endian length + message.
QByteArray encodeGrpcFrame(QByteArrayView message);

// Incremental decoder: feed it whatever each read returned; frames may be split across reads or
// several frames may arrive in one read.
class GrpcFrameDecoder
{
public:
    enum class Error {
        None,
        Compressed, // flag bit 0: we never offer grpc-encoding, so the server must not compress
        TooLarge, // declared length above the receive limit; the bytes are not buffered
        BadFlags, // unknown flag bits, or a trailer frame where the protocol has none
    };
    struct Frame {
        bool trailers = false; // gRPC-Web trailer frame (flag 0x80): body is "key: value\r\n" lines
        QByteArray data;
    };

    // allowTrailerFrames: true for gRPC-Web. maxMessageBytes bounds each frame's declared length.
    GrpcFrameDecoder(qint64 maxMessageBytes, bool allowTrailerFrames);

    // Returns false once an error is seen; later input is ignored.
    bool feed(QByteArrayView bytes);
    bool hasFrame() const { return !m_frames.isEmpty(); }
    Frame takeFrame() { return m_frames.takeFirst(); }

    Error error() const { return m_error; }
    qint64 errorLength() const { return m_errorLength; } // declared length for TooLarge
    // Bytes of an incomplete frame are pending; at end of stream that means the body was cut short.
    bool hasPartialFrame() const { return !m_buffer.isEmpty(); }

private:
    void parse();

    qint64 m_max;
    bool m_allowTrailers;
    QByteArray m_buffer;
    QList<Frame> m_frames;
    Error m_error = Error::None;
    qint64 m_errorLength = 0;
};

} // namespace adm::api
