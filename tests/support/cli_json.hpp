// Runs the real kiosk binary and parses its --json output, failing the test on another exit code.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/test_support.hpp"

namespace kiosk::test {

inline nlohmann::json runJson(const std::vector<std::string>& args, int expected_exit = 0) {
    const auto r = runKiosk(args);
    INFO("kiosk " << args[0] << " stderr: " << r.err);
    REQUIRE(r.exit_code == expected_exit);
    return nlohmann::json::parse(r.out);
}

}  // namespace kiosk::test
