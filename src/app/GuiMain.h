// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace adm::app {

// The desktop app: database, keychain, session, main window. Options for the demo:
//   --url ADDR [--insecure] [--protocol auto|grpc|grpc-web] [--profile-name NAME] [--org NAME]
//       connects at once with the token from the environment variable CHAINLOOP_TOKEN, held in
//       memory for this session only;
//   --screenshots DIR   visits every main page once its data loaded, saves <page>.png, quits.
// Returns the process exit status.
int runGui(int &argc, char **argv);

} // namespace adm::app
