// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>

namespace adm::app {

// Start-up work moved off the GUI thread. These load, on pool threads, what the GUI thread
// would otherwise load one after another while it builds and first paints the window. Each
// is a thread-safe, process-wide cache, so the GUI thread finds it filled, or waits on its
// lock for the rest. Nothing happens on a single core, or with ADM_STARTUP_NO_WARMUP=1 (for
// bench_startup's comparison; docs/PERFORMANCE.md has the figures).

// Before QApplication is constructed, while it connects to the display: fontconfig's
// configuration and caches (Linux only).
void warmUpBeforeApplication();

// Right after QApplication is constructed: the font database (font list, the default font's
// fallbacks), then `afterFonts` (the app: its keychain library, the token read's first step),
// the image-format plugins (QMenuBar's first icon makes QImageReader load them all) and, on
// Linux, the session bus connection (QMenuBar's global-menu check).
//
// Qt only, so bench/floor_window starts with the same warm-up as the app.
void warmUpInBackground(std::function<void()> afterFonts = {});

} // namespace adm::app
