// CheckSession on the real database and vision threads: opening a check reads core's check
// context and goes Live; a comparison result takes it to Result; a decision whose write fails
// (core refuses an override without a reason) comes back to Result with the buttons usable and
// the error said, and a decision that is recorded ends in Recorded.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "kiosk/app/capture_thread.hpp"
#include "kiosk/app/check_session.hpp"
#include "kiosk/store/data_key.hpp"
#include "tests/support/cli_json.hpp"
#include "tests/support/test_support.hpp"

using namespace kiosk::test;
using kiosk::app::CheckSession;

namespace {

struct Threads {
    explicit Threads(const std::string& db) : vision(modelsDir(), frames), records(db, store::keyPathFor(db)) {}
    // Runs the database thread's completions (as the UI thread would) until `done`.
    void pumpUntil(const std::function<bool()>& done, const char* what) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (std::chrono::steady_clock::now() < until) {
            for (auto& o : records.drain()) {
                if (o.error) errors.push_back(o.error->message);
                if (o.apply) o.apply();
            }
            if (done()) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        FAIL("timed out waiting for " << what);
    }
    kiosk::app::FrameMailbox frames;
    kiosk::app::VisionWorker vision;
    kiosk::app::DbWorker records;
    std::vector<std::string> errors;
};

}  // namespace

TEST_CASE("a check whose decision cannot be recorded goes back to its result, usable", "[app][check-session][models]") {
    requireModels();
    TempDir dir;
    const std::string db = (dir / "kiosk.db").string();
    runJson({"demo", "seed", "--db", db, "--json"});
    kiosk::app::CheckSubject who;
    core::User officer;
    {
        store::RecordsStore opened(db, store::keyPathFor(db), store::OpenMode::Existing);
        core::Records records(opened.repo);
        officer = records.requireUser("vofficer");
        for (const auto& b : records.bookingViews(officer, records.today(), core::BookingKind::Visit))
            for (const auto& ch : b.children)
                if (ch.child.ref == "CS-1002") {
                    who.booking_id = b.row.booking.id;
                    who.child_id = ch.child.id;
                    who.prisoner_id = b.row.booking.prisoner_id;
                    who.child_name = ch.child.fullName();
                }
    }
    REQUIRE(who.booking_id != 0);
    Threads t(db);
    bool recorded = false;
    auto check = CheckSession::open(who, officer, "test-hall", 7, t.records, t.vision,
                                    [&](const core::CheckResult&, const std::string&) { recorded = true; });
    CHECK(check->state() == CheckSession::State::Loading);
    t.pumpUntil([&] { return check->state() != CheckSession::State::Loading; }, "the check to open");
    REQUIRE(check->state() == CheckSession::State::Live);
    CHECK(check->view().images.size() == 2);

    // The vision thread's comparison of the best frame (made up here: no camera in this test).
    kiosk::app::CheckOutcome outcome;
    outcome.token = 7;
    outcome.evidence.band = core::Band::NoMatch;
    outcome.evidence.faces = 1;
    CHECK_FALSE(check->onVision(kiosk::app::VisionEvent{kiosk::app::CheckOutcome{}}));  // another check's
    CHECK(check->onVision(kiosk::app::VisionEvent{outcome}));
    REQUIRE(check->state() == CheckSession::State::Result);

    check->decide(core::Decision::Override, "");  // core refuses an override without a reason
    CHECK(check->view().recording);
    CHECK(check->state() == CheckSession::State::Recording);
    t.pumpUntil([&] { return check->state() != CheckSession::State::Recording; }, "the refused write to come back");
    CHECK(check->state() == CheckSession::State::Result);
    CHECK_FALSE(check->view().recording);  // the decision buttons work again
    REQUIRE(t.errors.size() == 1);
    CHECK_THAT(t.errors[0], Catch::StartsWith("Could not finish recording the decision"));
    CHECK_FALSE(recorded);

    check->decide(core::Decision::NotConfident, "");
    t.pumpUntil([&] { return check->state() != CheckSession::State::Recording; }, "the decision to be recorded");
    CHECK(check->state() == CheckSession::State::Recorded);
    CHECK(recorded);
    CHECK_THAT(check->view().next_steps, Catch::Contains("The visit is not to go ahead."));
    check->leave();
}
