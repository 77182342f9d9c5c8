// SPDX-License-Identifier: Apache-2.0
// A bearer token the user pasted: parseJwtClaims reads its payload without verifying it.
#include "FuzzCheck.h"
#include "core/JwtClaims.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString token = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const adm::JwtParseResult result = adm::parseJwtClaims(token);
    // Exactly one of claims and error.
    ADM_FUZZ_CHECK(result.claims.has_value() != !result.error.isEmpty());
    if (result.claims)
        (void)result.claims->kindDescription();
    return 0;
}
