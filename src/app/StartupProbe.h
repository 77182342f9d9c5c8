// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace adm::ui {
class MainWindow;
}

namespace adm::app {

// Start-up benchmark hook (bench/bench_startup.cpp, docs/PERFORMANCE.md). Only when the
// environment variable ADM_STARTUP_PROBE is set: at the first paint of a table page that shows
// rows (the cached rows at start-up), prints one line on stdout and quits the application:
//
//   startup-probe painted-ns=<CLOCK_MONOTONIC ns> rows=<n> cached=<0|1> vmhwm-kb=<peak RSS>
//
// The timestamp is taken once that paint has been flushed (the next event-loop turn), on the
// clock the benchmark reads before it starts the process. Does nothing without the variable.
void installStartupProbeIfRequested(ui::MainWindow &window);

} // namespace adm::app
