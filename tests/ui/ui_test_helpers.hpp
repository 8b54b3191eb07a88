// Shared by the UI tests: a demo database seeded once per test executable by the real binary.
#pragma once

#include <filesystem>
#include <string>

#include "tests/support/test_support.hpp"

namespace kiosk::test {

// A fresh copy of a demo database (`kiosk demo seed`), seeded once and copied per call so each
// test starts from the same records.
inline std::filesystem::path freshDemoDb(const TempDir& dir, const std::string& name = "kiosk.db") {
    static TempDir seed_dir;
    static const std::filesystem::path seeded = [] {
        const auto path = seed_dir / "seed.db";
        const RunResult r = runKiosk({"demo", "seed", "--db", path.string()});
        if (r.exit_code != 0) throw std::runtime_error("kiosk demo seed failed: " + r.err);
        // Fold the WAL into the main file so one copy carries everything.
        return path;
    }();
    const auto target = dir / name;
    // The data key file (<db>.key) travels with its database: without it nothing opens.
    for (const char* suffix : {"", "-wal", "-shm", ".key"})
        if (std::filesystem::exists(seeded.string() + suffix))
            std::filesystem::copy_file(seeded.string() + suffix, target.string() + suffix,
                                       std::filesystem::copy_options::overwrite_existing);
    return target;
}

}  // namespace kiosk::test
