// SPDX-License-Identifier: Apache-2.0
// The HTTP request a browser (or anything else on the machine) sends to the loopback login
// listener: parseCallbackRequest sees the bytes received so far.
#include "FuzzCheck.h"
#include "api/LoopbackLoginListener.h"

#include <cstddef>
#include <cstdint>

using adm::api::CallbackRequest;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const CallbackRequest request = adm::api::parseCallbackRequest(bytes);
    using Outcome = CallbackRequest::Outcome;
    if (request.outcome == Outcome::Token) {
        ADM_FUZZ_CHECK(!request.token.isEmpty());
        ADM_FUZZ_CHECK(request.token.size() <= CallbackRequest::MaxTokenBytes);
    } else {
        ADM_FUZZ_CHECK(request.token.isEmpty()); // the token is carried only with Token
    }
    if (request.outcome == Outcome::Incomplete)
        ADM_FUZZ_CHECK(bytes.size() < CallbackRequest::MaxRequestBytes);
    // The listener re-parses the growing buffer on every read: any prefix must parse too.
    if (size > 1)
        (void)adm::api::parseCallbackRequest(bytes.left(qsizetype(data[0]) % bytes.size()));
    return 0;
}
