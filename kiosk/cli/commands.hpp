// Every headless subcommand, registered on the one CLI::App in main.cpp.
#pragma once

#include "kiosk/cli/common.hpp"

namespace kiosk::cli {

void registerVerify(CLI::App& app, GlobalOptions& global, int& exit_code);
void registerBench(CLI::App& app, GlobalOptions& global, int& exit_code);

}  // namespace kiosk::cli
