// SPDX-License-Identifier: Apache-2.0
// Invariant checks for the fuzz targets: a broken invariant aborts, so libFuzzer records the input
// as a crash just like a sanitizer report.
#pragma once

#include <cstdio>
#include <cstdlib>

#define ADM_FUZZ_CHECK(cond)                                                                                           \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            std::fprintf(stderr, "invariant broken: %s (%s:%d)\n", #cond, __FILE__, __LINE__);                         \
            std::abort();                                                                                              \
        }                                                                                                              \
    } while (false)
