// SPDX-License-Identifier: Apache-2.0
// grpc-status-details-bin after base64: a serialized google.rpc.Status from the server.
#include "FuzzCheck.h"
#include "api/StatusDetails.h"

#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>

// libprotobuf logs every invalid UTF-8 string field to stderr; at fuzzing speed that output
// is most of the run time. Parse failures are what we test, not the log.
extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    google::protobuf::SetLogHandler(nullptr);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView binary(reinterpret_cast<const char *>(data), qsizetype(size));
    if (const auto details = adm::api::decodeStatusDetails(binary)) {
        // Cheap sanity: everything decoded is reachable without crashing.
        for (const auto &v : details->violations)
            (void)(v.fieldPath.size() + v.message.size() + v.ruleId.size());
        (void)details->metadata.size();
    }
    return 0;
}
