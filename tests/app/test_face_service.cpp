// One probe gets one band on every path (issue 10, item 6): FaceService directly, `kiosk check`
// (the real binary on a real demo database) and `kiosk verify` compare the same probe with the
// same approved images through the same calibration, enrolment path and look-alike search, and
// give the same band and distances. Among the children on file is a look-alike: another crop of
// the checked child's face enrolled as a different child (a sister enrolled as another child), so
// the check is never a strong match while that image is on file.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "kiosk/app/face_service.hpp"
#include "kiosk/core/records.hpp"
#include "kiosk/store/data_key.hpp"
#include "tests/support/cli_json.hpp"
#include "tests/support/test_support.hpp"

using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> photosOf(const std::string& person) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(samplesDir() / "johns" / person)) out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

double distanceOr(const nlohmann::json& v) { return v.is_null() ? -1.0 : v.get<double>(); }

}  // namespace

TEST_CASE("one probe gets one band and the same distances through FaceService, kiosk check and kiosk verify",
          "[app][face-service][models]") {
    requireModels();
    requireSamples();
    TempDir dir;
    const std::string db = (dir / "kiosk.db").string();
    useDemoPin();
    const auto seeded = runJson({"demo", "seed", "--db", db, "--json"});

    // Sam Okafor (CS-1002) is played by John_Salley; two of his crops are Sam's approved images.
    std::vector<std::string> sam_approved;
    for (const auto& c : seeded["children"])
        if (c["ref"] == "CS-1002") sam_approved = c["approved_images"].get<std::vector<std::string>>();
    REQUIRE(sam_approved.size() == 2);
    std::vector<std::string> unused;
    for (const auto& p : photosOf("John_Salley"))
        if (std::find(sam_approved.begin(), sam_approved.end(), p) == sam_approved.end()) unused.push_back(p);
    REQUIRE(unused.size() >= 2);
    const std::string lookalike = unused.back();  // enrolled as Noah Patel (CS-1006)
    const std::string probe = unused.front();     // the child at the kiosk: Sam
    runJson({"enrol", "--db", db, "--child", "CS-1006", lookalike, "--date-taken", seeded["date"].get<std::string>(),
             "--provided-by", "carer", "--verified-by", "children's services SW", "--carer-consent", "--officer", "admin",
             "--waive-quality", "test: a tightly cropped sample frame",
             // The wrong-child check at enrolment names Sam; the admin confirms, as for a real twin.
             "--confirm-not", "Sam Okafor", "--json"});

    // What core holds: Sam's approved descriptors, every other child's, and today's visit for Sam.
    std::vector<core::StoredDescriptor> approved;
    std::vector<core::OtherChildDescriptor> others;
    std::vector<std::string> other_files;
    core::Id sam = 0, booking = 0;
    {
        store::RecordsStore opened(db, store::keyPathFor(db), store::OpenMode::Existing);
        core::Records records(opened.repo);
        const core::User officer = records.requireUser("vofficer");
        for (const auto& b : records.bookingViews(officer, records.today(), core::BookingKind::Visit))
            for (const auto& ch : b.children)
                if (ch.child.ref == "CS-1002") sam = ch.child.id, booking = b.row.booking.id;
        REQUIRE(booking != 0);
        const core::CheckContext ctx = records.checkContext(officer, booking, sam);
        REQUIRE(ctx.eligibility.allowed);
        approved = ctx.approved;
        others = ctx.others;
        for (const auto& e : records.allActiveImages(officer))
            if (e.child.id != sam) other_files.push_back(e.image.source_name);
    }
    REQUIRE(approved.size() == 2);
    REQUIRE(others.size() == other_files.size());

    // 1. FaceService itself.
    kiosk::app::FaceServiceOptions options;
    options.models_dir = modelsDir();
    kiosk::app::FaceService faces(options);
    const core::FaceEvidence direct = faces.compare(probe, approved, others);
    INFO("direct band " << core::name(direct.band));
    CHECK(direct.band != core::Band::StrongMatch);  // Noah's image of the same face is on file
    REQUIRE(direct.best_distance);
    REQUIRE(direct.distances.size() == 2);

    // 2. kiosk verify: the approved images and the other children's, as files.
    std::vector<std::string> verify_args = {"verify", probe, "--json"};
    for (const auto& f : sam_approved) verify_args.insert(verify_args.end(), {"--ref", f});
    for (const auto& f : other_files) verify_args.insert(verify_args.end(), {"--other", f});
    const auto verified = runJson(verify_args);
    CHECK(verified["band"] == std::string(core::name(direct.band)));
    CHECK(verified["best_distance"].get<double>() == Approx(*direct.best_distance).margin(1e-6));
    CHECK_FALSE(verified["lookalikes"].empty());
    REQUIRE(verified["refs"].size() == 2);
    for (std::size_t i = 0; i < 2; ++i)
        CHECK(distanceOr(verified["refs"][i]["distance"]) == Approx(direct.distances[i].distance.value_or(-1)).margin(1e-6));

    // 3. kiosk check on the demo database, recorded as the officer's decision.
    const auto checked = runJson({"check", "--db", db, "--booking", std::to_string(booking), "--child", "CS-1002",
                                  "--probe", probe, "--officer", "vofficer", "--decision", "not_confident", "--json"});
    CHECK(checked["band"] == std::string(core::name(direct.band)));
    CHECK(checked["best_distance"].get<double>() == Approx(*direct.best_distance).margin(1e-6));
    REQUIRE(checked["distances"].size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        CHECK(checked["distances"][i]["image_id"] == direct.distances[i].image_id);
        CHECK(distanceOr(checked["distances"][i]["distance"]) == Approx(direct.distances[i].distance.value_or(-1)).margin(1e-6));
    }
}

// The wrong-child check at enrolment compares dlib descriptors, so it must hold them to dlib's own
// match threshold: against the fused score's (negative) bands no photo was ever "within match" and
// a new child's photo of a face already on file as another child went through unremarked.
TEST_CASE("the wrong-child check at enrolment names the child already on file with the same face",
          "[app][face-service][models]") {
    requireModels();
    requireSamples();
    kiosk::app::FaceServiceOptions options;
    options.models_dir = modelsDir();
    kiosk::app::FaceService faces(options);
    const auto photos = photosOf("John_Salley");
    REQUIRE(photos.size() >= 2);
    const core::EnrolmentEvidence sams = faces.enrol(photos[0]);
    REQUIRE_FALSE(sams.descriptor.empty());

    // A different photo of the same face offered for a new child (no approved image of their own).
    core::EnrolmentEvidence offered = faces.enrol(photos[1]);
    REQUIRE_FALSE(offered.descriptor.empty());
    faces.onFileComparer().compare(offered, {}, {core::OtherChildDescriptor{"Sam Okafor", sams.descriptor}});
    REQUIRE(offered.on_file.compared);
    REQUIRE(offered.on_file.closest_other_distance);
    INFO("dlib distance to Sam's photo " << *offered.on_file.closest_other_distance);
    CHECK(offered.on_file.other_within_match);
    CHECK(core::wrongChildSuspect(offered.on_file) == std::optional<std::string>("Sam Okafor"));

    // Someone else's face is not named.
    const auto others = photosOf("John_Simm");
    REQUIRE_FALSE(others.empty());
    core::EnrolmentEvidence stranger = faces.enrol(others.front());
    REQUIRE_FALSE(stranger.descriptor.empty());
    faces.onFileComparer().compare(stranger, {}, {core::OtherChildDescriptor{"Sam Okafor", sams.descriptor}});
    CHECK_FALSE(stranger.on_file.other_within_match);
    CHECK_FALSE(core::wrongChildSuspect(stranger.on_file));
}
