// SPDX-License-Identifier: Apache-2.0
// Header values a server controls: grpc-message, grpc-status, -bin metadata, content-type.
#include "FuzzCheck.h"
#include "api/GrpcMetadata.h"

#include <cstddef>
#include <cstdint>

using namespace adm::api;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView value(reinterpret_cast<const char *>(data), qsizetype(size));

    (void)percentDecodeGrpcMessage(value);
    // Whatever text we encode comes back unchanged (fromUtf8 already replaced invalid bytes).
    const QString text = QString::fromUtf8(value);
    const QByteArray encoded = percentEncodeGrpcMessage(text);
    for (const char c : encoded)
        ADM_FUZZ_CHECK(quint8(c) >= 0x20 && quint8(c) <= 0x7e);
    ADM_FUZZ_CHECK(percentDecodeGrpcMessage(encoded) == text);

    if (const auto status = parseGrpcStatus(value))
        ADM_FUZZ_CHECK(*status >= 0);
    (void)decodeBinaryHeader(value);
    (void)isGrpcContentType(value);
    return 0;
}
