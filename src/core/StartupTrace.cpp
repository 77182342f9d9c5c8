// SPDX-License-Identifier: Apache-2.0
#include "core/StartupTrace.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace adm::startup {

void mark(const char *phase)
{
    static const bool enabled = [] {
        const char *probe = std::getenv("ADM_STARTUP_PROBE");
        return probe && *probe;
    }();
    if (!enabled)
        return;
    const auto ns
        = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
              .count();
    std::printf("startup-phase name=%s ns=%lld\n", phase, static_cast<long long>(ns));
}

} // namespace adm::startup
