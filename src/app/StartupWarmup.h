// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace adm::app {

// Loads, on pool threads, what the GUI thread would otherwise load one after another while
// it builds and first paints the window: the font database (fontconfig's configuration and
// font list), the image-format plugins (QMenuBar's first icon makes QImageReader load them
// all), the keychain library (the token read's first step) and, on Linux, the session bus
// connection (QMenuBar's global-menu check). Each is a thread-safe, process-wide cache, so
// the GUI thread finds it filled, or waits on its lock for the rest.
// Call once, right after QApplication is constructed. docs/PERFORMANCE.md has the figures,
// measured against ADM_STARTUP_NO_WARMUP=1 (which turns this off).
void warmUpInBackground();

} // namespace adm::app
