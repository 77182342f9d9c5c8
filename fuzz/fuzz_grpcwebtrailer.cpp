// SPDX-License-Identifier: Apache-2.0
// The body of a gRPC-Web trailer frame (flag 0x80) as the server sent it, then what the channel
// reads from it: grpc-status, grpc-message and grpc-status-details-bin.
#include "FuzzCheck.h"
#include "api/GrpcMetadata.h"
#include "api/StatusDetails.h"

#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>

using namespace adm::api;

// libprotobuf logs every invalid UTF-8 string field to stderr; at fuzzing speed that output
// is most of the run time. Parse failures are what we test, not the log.
extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    google::protobuf::SetLogHandler(nullptr);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView block(reinterpret_cast<const char *>(data), qsizetype(size));
    const HeaderList headers = parseGrpcWebTrailers(block);
    for (const auto &[key, value] : headers) {
        // Keys lower-cased and non-empty, values trimmed, no line breaks left in either.
        ADM_FUZZ_CHECK(!key.isEmpty());
        ADM_FUZZ_CHECK(key == key.toLower());
        ADM_FUZZ_CHECK(value == value.trimmed());
        ADM_FUZZ_CHECK(!key.contains('\n') && !value.contains('\n'));
        ADM_FUZZ_CHECK(findHeader(headers, key).has_value());
    }
    if (const auto status = findHeader(headers, "grpc-status"))
        (void)parseGrpcStatus(*status);
    if (const auto message = findHeader(headers, "grpc-message"))
        (void)percentDecodeGrpcMessage(*message);
    if (const auto details = findHeader(headers, "grpc-status-details-bin"))
        (void)decodeStatusDetails(decodeBinaryHeader(*details));
    return 0;
}
