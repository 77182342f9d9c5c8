// SPDX-License-Identifier: Apache-2.0
// A control-plane address as typed or pasted (also read from config files and --endpoint).
#include "FuzzCheck.h"
#include "core/Endpoint.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const bool insecure = data[0] & 1;
    const QString address = QString::fromUtf8(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const adm::EndpointParseResult result = adm::parseEndpoint(address, insecure);
    ADM_FUZZ_CHECK(result.endpoint.has_value() != !result.error.isEmpty());
    if (const auto &ep = result.endpoint) {
        ADM_FUZZ_CHECK(!ep->host.isEmpty());
        ADM_FUZZ_CHECK(ep->port >= 1 && ep->port <= 65535);
        ADM_FUZZ_CHECK(ep->tls || insecure); // plaintext only with insecure
        ADM_FUZZ_CHECK(ep->baseUrl().isValid());
        (void)ep->display();
        (void)ep->isLoopback();
    }
    (void)adm::protocolFromName(address);
    return 0;
}
