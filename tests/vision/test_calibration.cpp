// Verification metrics, the calibration fit and its FMR table, and the committed calibration.
#include <catch2/catch.hpp>

#include <fstream>

#include "tests/support/test_support.hpp"
#include "vision/calibration.hpp"
#include "vision/errors.hpp"
#include "vision/eval_metrics.hpp"

using namespace kiosk::test;

TEST_CASE("metrics: perfectly separated samples give EER 0 and full accuracy between them", "[eval]") {
    const auto m = vision::computeMetrics({0.2, 0.3, 0.4}, {0.7, 0.8, 0.9, 1.0}, 0.6);
    CHECK(m.accuracy_at_threshold == Approx(1.0));
    CHECK(m.eer == Approx(0.0));
    CHECK(m.best_accuracy == Approx(1.0));
    CHECK(m.best_accuracy_threshold > 0.4);
    CHECK(m.best_accuracy_threshold < 0.7);
    CHECK_FALSE(m.tar_at_fmr_1e2.has_value());  // 4 impostor pairs cannot resolve FMR 1e-2
}

TEST_CASE("metrics: overlapping samples count errors on both sides of the threshold", "[eval]") {
    // genuine 0.65 is rejected at 0.6; impostor 0.55 is accepted.
    const auto m = vision::computeMetrics({0.3, 0.4, 0.5, 0.65}, {0.55, 0.7, 0.8, 0.9}, 0.6);
    CHECK(m.accuracy_at_threshold == Approx(6.0 / 8.0));
    CHECK(m.tar_at_threshold == Approx(0.75));
    CHECK(m.fmr_at_threshold == Approx(0.25));
    CHECK(m.eer == Approx(0.25));
}

TEST_CASE("thresholdAtFmr accepts at most the target share of impostors", "[eval]") {
    std::vector<double> impostor;
    for (int i = 0; i < 1000; ++i) impostor.push_back(0.5 + i * 0.0005);
    const double t = vision::thresholdAtFmr(impostor, 1e-2);
    const auto accepted = std::count_if(impostor.begin(), impostor.end(), [&](double d) { return d < t; });
    CHECK(accepted == 10);
}

TEST_CASE("calibration: fit, save, load round trip and a monotone FMR estimate", "[calibration]") {
    std::vector<double> genuine, impostor, all;
    for (int i = 0; i < 200; ++i) genuine.push_back(0.25 + 0.3 * i / 200.0);
    for (int i = 0; i < 200; ++i) impostor.push_back(0.62 + 0.4 * i / 200.0);
    for (int i = 0; i < 20000; ++i) all.push_back(0.45 + 0.6 * i / 20000.0);
    auto c = vision::Calibration::fit(genuine, impostor, all, 1e-3);
    CHECK(c.bands.strong_below <= c.bands.possible_below);
    CHECK(c.bands.possible_below > 0.55);
    CHECK(c.bands.possible_below < 0.62);
    CHECK(c.fmrAt(c.bands.strong_below - 1e-6).fmr <= 1.05e-3);
    TempDir tmp;
    c.command = "kiosk eval test";
    c.models = vision::scoringModelDigests();  // load() refuses a calibration not naming its models
    c.save(tmp / "cal.json");
    const auto back = vision::Calibration::load(tmp / "cal.json");
    CHECK(back.bands.strong_below == Approx(c.bands.strong_below));
    CHECK(back.bands.possible_below == Approx(c.bands.possible_below));
    CHECK(back.table_fmr.size() == c.table_fmr.size());
    CHECK(back.command == "kiosk eval test");
    double previous = 0.0;
    for (double d = 0.2; d <= 1.0; d += 0.01) {
        const auto e = back.fmrAt(d);
        CHECK(e.fmr >= previous);
        previous = e.fmr;
    }
    CHECK(back.fmrAt(0.3).upper_bound);  // no impostor scored that close
    CHECK(back.fmrAt(0.3).one_in == 20'001);
    CHECK_FALSE(back.fmrAt(0.75).upper_bound);
    // Band rates and their 95% intervals survive the round trip.
    CHECK(back.strong_fmr.n == 20000);
    CHECK(back.strong_fmr.hi == Approx(c.strong_fmr.hi));
    CHECK(back.strong_fmr.lo <= back.strong_fmr.value);
    CHECK(back.possible_tar.value == Approx(c.possible_tar.value));
}

TEST_CASE("calibration: missing or corrupt files are typed errors naming the file", "[calibration][bad-input]") {
    TempDir tmp;
    CHECK_THROWS_AS(vision::Calibration::load(tmp / "absent.json"), vision::ModelMissingError);
    writeFile(tmp / "corrupt.json", "{ \"strong_below\": ");
    CHECK_THROWS_AS(vision::Calibration::load(tmp / "corrupt.json"), vision::ModelMissingError);
    writeFile(tmp / "inconsistent.json", R"({"strong_below": 0.7, "possible_below": 0.5, "impostor_pairs": 5,
        "table_distance": [0.5], "table_fmr": [0.1]})");
    try {
        vision::Calibration::load(tmp / "inconsistent.json");
        FAIL("accepted inconsistent thresholds");
    } catch (const vision::ModelMissingError& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("inconsistent.json"));
    }
}

TEST_CASE("the committed calibration: strong_match means an estimated FMR <= 1e-3", "[calibration]") {
    const auto c = vision::Calibration::load(vision::Calibration::defaultFile(modelsDir()));
    INFO("dataset: " << c.dataset << "; command: " << c.command);
    CHECK(c.target_strong_fmr <= 1e-3);
    CHECK(c.fmrAt(c.bands.strong_below - 1e-4).fmr <= 1e-3 * 1.05);
    CHECK(c.bands.strong_below < c.bands.possible_below);
    CHECK(c.impostor_pairs > 100000);  // enough pairs behind the table to resolve 1e-3 and beyond
    CHECK_THAT(c.command, Catch::Contains("kiosk eval"));
    CHECK(c.genuine_pairs >= 300);
    CHECK(c.models.size() == 4);              // fitted for named model files (load() checked them)
    CHECK(c.enrol_jitter == 8);               // recalibration kept the enrolment setting
    CHECK(c.fusion.dlib_weight >= 0.4);
    CHECK(c.fusion.dlib_weight <= 0.7);
}

TEST_CASE("metrics: negative (fused, z-unit) scores get the middle of the best-accuracy run", "[eval]") {
    // Best accuracy for every threshold in (-3.0, -1.0]: its middle is about -2.0.
    const auto m = vision::computeMetrics({-6.0, -5.0, -4.0, -3.0}, {-1.0, 0.0, 1.0, 2.0}, -2.0);
    CHECK(m.best_accuracy == Approx(1.0));
    CHECK(m.best_accuracy_threshold > -3.0);
    CHECK(m.best_accuracy_threshold < -1.0);
    CHECK(m.accuracy_at_threshold == Approx(1.0));
}
