// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace adm::startup {

// Marks a start-up phase for bench_startup: with ADM_STARTUP_PROBE set, prints
// "startup-phase name=<phase> ns=<steady clock ns>" to stdout (flushed with the probe's line);
// otherwise a test of one flag. `phase` is a literal without spaces.
void mark(const char *phase);

} // namespace adm::startup
