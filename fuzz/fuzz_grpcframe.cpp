// SPDX-License-Identifier: Apache-2.0
// GrpcFrameDecoder on arbitrary bytes. The first byte picks the receive limit and whether trailer
// frames are allowed; the second the read size, so frames get split across feed() calls as they
// do on the network. Fed whole and fed in pieces, the decoder must produce the same frames.
#include "FuzzCheck.h"
#include "api/GrpcFrame.h"

#include <cstddef>
#include <cstdint>

using adm::api::GrpcFrameDecoder;

namespace {
struct Outcome {
    QList<GrpcFrameDecoder::Frame> frames;
    GrpcFrameDecoder::Error error = GrpcFrameDecoder::Error::None;
    qint64 errorLength = 0;
    bool partial = false;
};

Outcome decode(QByteArrayView input, qint64 max, bool trailers, qsizetype chunk)
{
    GrpcFrameDecoder decoder(max, trailers);
    Outcome out;
    for (qsizetype pos = 0; pos < input.size(); pos += chunk) {
        const bool ok = decoder.feed(input.sliced(pos, std::min(chunk, input.size() - pos)));
        ADM_FUZZ_CHECK(ok == (decoder.error() == GrpcFrameDecoder::Error::None));
        while (decoder.hasFrame())
            out.frames.append(decoder.takeFrame());
    }
    out.error = decoder.error();
    out.errorLength = decoder.errorLength();
    out.partial = decoder.hasPartialFrame();
    return out;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    // Small limits so TooLarge is reachable with short inputs; 0 is a legal limit (empty messages).
    static constexpr qint64 limits[] = { 0, 1, 16, 1024, 4 * 1024 * 1024 };
    const qint64 max = limits[(data[0] & 0x7f) % std::size(limits)];
    const bool trailers = data[0] & 0x80;
    const qsizetype chunk = qsizetype(data[1] % 16) + 1;
    const QByteArrayView input(reinterpret_cast<const char *>(data + 2), qsizetype(size - 2));

    const Outcome whole = decode(input, max, trailers, std::max<qsizetype>(input.size(), 1));
    const Outcome pieces = decode(input, max, trailers, chunk);

    for (const auto &frame : whole.frames) {
        ADM_FUZZ_CHECK(frame.data.size() <= max);
        ADM_FUZZ_CHECK(trailers || !frame.trailers);
    }
    if (whole.error == GrpcFrameDecoder::Error::TooLarge)
        ADM_FUZZ_CHECK(whole.errorLength > max);
    // An error drops the buffered bytes: nothing partial remains.
    if (whole.error != GrpcFrameDecoder::Error::None)
        ADM_FUZZ_CHECK(!whole.partial);

    ADM_FUZZ_CHECK(whole.error == pieces.error);
    ADM_FUZZ_CHECK(whole.errorLength == pieces.errorLength);
    ADM_FUZZ_CHECK(whole.partial == pieces.partial);
    ADM_FUZZ_CHECK(whole.frames.size() == pieces.frames.size());
    for (qsizetype i = 0; i < whole.frames.size(); ++i) {
        ADM_FUZZ_CHECK(whole.frames[i].trailers == pieces.frames[i].trailers);
        ADM_FUZZ_CHECK(whole.frames[i].data == pieces.frames[i].data);
    }

    // encodeGrpcFrame round trip: an encoded message decodes to itself.
    if (input.size() <= 4096) {
        GrpcFrameDecoder decoder(4096, false);
        ADM_FUZZ_CHECK(decoder.feed(adm::api::encodeGrpcFrame(input)));
        ADM_FUZZ_CHECK(decoder.hasFrame());
        ADM_FUZZ_CHECK(decoder.takeFrame().data == input);
        ADM_FUZZ_CHECK(!decoder.hasFrame() && !decoder.hasPartialFrame());
    }
    return 0;
}
