// `kiosk bench` as the real binary: it measures every stage on real frames and reports OpenBLAS.
// (No timing is asserted here: figures are measured with `kiosk bench`, recorded in docs/PERFORMANCE.md.)
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/support/test_support.hpp"

using namespace kiosk::test;

TEST_CASE("bench: reports every stage on the sample video and finds the face", "[cli][models]") {
    requireModels();
    requireSamples();
    const auto r = runKiosk({"bench", "--frames", "5", "--json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["frames"] == 5);
    CHECK(j["frames_with_face"] == 5);
    for (const char* stage : {"decode", "detect", "landmarks", "chip", "embed", "total"}) {
        INFO(stage);
        CHECK(j["median_ms"][stage].get<double>() > 0.0);
    }
    // dlib must run on OpenBLAS: the reference BLAS is ~10x slower (scripts/setup.sh pins it).
    CHECK_THAT(j["blas"].get<std::string>(), Catch::Contains("openblas"));
}

TEST_CASE("bench: an unreadable video exits 2 naming it", "[cli][bad-input]") {
    requireModels();
    const auto r = runKiosk({"bench", "--video", "/nonexistent/clip.mp4", "--frames", "3"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("/nonexistent/clip.mp4"));
}

TEST_CASE("bench-records: records checks as a visits officer, imports and verifies, and reports each figure",
          "[cli][records]") {
    const auto r = runKiosk({"bench-records", "--runs", "1", "--json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["bookings_day_rows"] == 2000);
    CHECK(j["audit_entries"].get<long long>() >= 100000);  // the bench's 100,000 plus its setup's
    for (const char* key : {"record_check_median_ms", "import_10000_bookings_ms", "bookings_day_2000_median_ms",
                            "audit_verify_100000_ms"}) {
        INFO(key);
        CHECK(j[key].get<double>() > 0.0);
    }
}
