// Contact sessions on a real SQLite database: a visit or call starts only once every child is
// confirmed, a refusal or suspension is final and blocks every contact type, every attempt is
// recorded (abandoned ones too), review outcomes change arrangements and bookings at once, appeals
// are records, and bookings the arrangements do not allow are refused.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "kiosk/core/errors.hpp"
#include "tests/store/store_fixture.hpp"
#include "tests/support/test_support.hpp"

using namespace core;
using kiosk::test::evidence;
using kiosk::test::RecordsFixture;

namespace {

const Date kDay{2026, 3, 2};

// The fixture's prisoner with a second child (Ben), both allowed visits and video calls, and a
// video-call officer.
struct Family : RecordsFixture {
    explicit Family(const std::string& path = ":memory:", const store::DataKey& key = store::DataKey::generate())
        : RecordsFixture(path, "2026-03-02T10:00:00", {key}) {
        seedPeople();
        records.createUser(admin, {0, "caller", "Call Officer", Role::VideoCallOfficer, true}, "x");
        caller = records.requireUser("caller");
        ben = records.addChild(admin, {0, "CS-2", "Ben", "Smith", {2016, 6, 1}, "Jo Smith"});
        Arrangement a = kiosk::test::visitsArrangement(prisoner, ben);
        a.allowed = {ContactType::Visit, ContactType::VideoCall, ContactType::Phone, ContactType::Letter};
        records.addArrangement(admin, a);
        // Amy's arrangement (visits only in the fixture) gains video calls too.
        repo.setArrangementAllowed(repo.arrangementsOfPrisoner(prisoner)[0].id,
                                   {ContactType::Visit, ContactType::VideoCall, ContactType::Letter});
    }
    Id bookBoth(BookingKind kind, const std::string& time) {
        return records.addBooking(admin, {0, "", kind, prisoner, kDay, time, BookingStatus::Scheduled, {child, ben}});
    }
    CheckResult decide(Id booking, Id who, Decision d, Band band = Band::StrongMatch, const User* by = nullptr) {
        const std::string reason = d == Decision::Override ? "carer and documents confirm" : "";
        return records.recordCheck(by ? *by : officer, {booking, who, "", "hall-1", d, reason},
                                   evidence(band, band == Band::StrongMatch ? 0.3 : 0.8));
    }
    ContactStatus contact(Id child_id, ContactType t) {
        for (const auto& row : records.contactArrangements(lead, prisoner))
            if (row.child.id == child_id) return row.status.at(t);
        FAIL("no arrangement for the child");
        return ContactStatus::NotAllowed;
    }
    User caller;
    Id ben = 0;
};

}  // namespace

TEST_CASE("sessions: a visit starts only once every child is confirmed or overridden", "[store][session]") {
    Family f;
    const Id visit = f.bookBoth(BookingKind::Visit, "10:00");
    CHECK(f.records.session(f.officer, visit).state == SessionState::Booked);
    CHECK_THROWS_WITH(f.records.startSession(f.officer, visit),
                      "the visit cannot start: Amy Smith and Ben Smith have not been confirmed");
    const auto first = f.decide(visit, f.child, Decision::Confirmed);
    CHECK(first.session == SessionState::Checking);
    CHECK_THROWS_WITH(f.records.startSession(f.officer, visit), "the visit cannot start: Ben Smith has not been confirmed");
    const auto second = f.decide(visit, f.ben, Decision::Override, Band::NoMatch);
    CHECK(second.session == SessionState::Cleared);
    REQUIRE(second.incident_id);  // an override is an incident for the lead, but clears the child
    CHECK_THROWS_AS(f.records.startSession(f.caller, visit), PermissionError);  // a visit is the visits officer's
    const auto started = f.records.startSession(f.officer, visit);
    CHECK(started.state == SessionState::InProgress);
    REQUIRE(started.record);
    // Under way: no more checks; ending it completes the booking; it cannot start again.
    CHECK(f.decide(visit, f.child, Decision::Confirmed).refused);
    CHECK(f.records.endSession(f.officer, visit).state == SessionState::Ended);
    CHECK(f.repo.booking(visit)->status == BookingStatus::Completed);
    CHECK_THROWS_WITH(f.records.startSession(f.officer, visit), "the visit has ended");
    CHECK_THROWS_AS(f.records.endSession(f.officer, visit), RuleRefusal);
}

TEST_CASE("sessions: a suspended call is final and blocks visits, calls, phone and letters", "[store][session]") {
    Family f;
    const Id call = f.bookBoth(BookingKind::VideoCall, "11:00");
    const Id visit = f.bookBoth(BookingKind::Visit, "15:00");
    f.decide(call, f.child, Decision::Confirmed, Band::StrongMatch, &f.caller);
    f.decide(call, f.ben, Decision::Confirmed, Band::StrongMatch, &f.caller);
    f.records.startSession(f.caller, call);
    CHECK(f.contact(f.ben, ContactType::Phone) == ContactStatus::Allowed);

    const auto s = f.records.suspendCall(f.caller, call, "video-call-1", "an unknown adult joined the call");
    REQUIRE_FALSE(s.refused);
    REQUIRE(s.incident_id);
    REQUIRE(s.review_id);
    const auto inc = f.repo.incident(*s.incident_id);
    CHECK(inc->kind == IncidentKind::CallSuspended);
    CHECK_FALSE(inc->check_id);  // no check was made up for the suspension
    CHECK_THAT(inc->details, Catch::Contains("an unknown adult joined the call"));
    CHECK(f.records.session(f.caller, call).state == SessionState::Suspended);
    CHECK_THROWS_WITH(f.records.startSession(f.caller, call), Catch::Contains("suspended: it cannot be restarted"));
    CHECK(f.records.suspendCall(f.caller, call, "video-call-1", "again").refused);

    for (const auto t : {ContactType::Visit, ContactType::VideoCall, ContactType::Phone, ContactType::Letter})
        CHECK(f.contact(f.ben, t) == ContactStatus::BlockedPendingReview);
    CHECK(f.records.bookingsOn(f.officer, kDay)[1].shown_status == BookingStatus::BlockedPendingReview);
    CHECK(f.decide(visit, f.child, Decision::Confirmed).refused);
    // Only one incident and one review came of it.
    CHECK(f.repo.incidents(false).size() == 1);
    CHECK(f.repo.reviews(false).size() == 1);
}

TEST_CASE("sessions: an abandoned check is an attempt, and attempts are numbered per child", "[store][session]") {
    Family f;
    const Id visit = f.bookBoth(BookingKind::Visit, "10:00");
    CheckRequest req{visit, f.child, "", "hall-1", Decision::NotConfident, ""};
    f.records.recordAbandonedAttempt(f.officer, req, evidence(Band::NoMatch, 0.71));
    f.records.recordAbandonedAttempt(f.officer, req, evidence(Band::PossibleMatch, 0.52));
    CHECK(f.records.session(f.officer, visit).state == SessionState::Checking);
    const auto third = f.decide(visit, f.child, Decision::Confirmed);
    CHECK(third.attempt == 3);
    const auto attempts = f.records.attempts(f.lead, visit);
    REQUIRE(attempts.size() == 3);
    CHECK(attempts[0].abandoned);
    CHECK(attempts[0].evidence.band == Band::NoMatch);
    CHECK(attempts[0].evidence.best_distance == Approx(0.71));
    CHECK_FALSE(attempts[0].decision);
    CHECK(attempts[1].evidence.band == Band::PossibleMatch);
    CHECK_FALSE(attempts[2].abandoned);
    CHECK(attempts[2].decision == Decision::Confirmed);
    const auto view = f.records.session(f.officer, visit);
    CHECK(view.children[0].attempts == 3);
    CHECK(view.children[1].attempts == 0);
    CHECK_THROWS_AS(f.records.attempts(f.admin, visit), PermissionError);
}

TEST_CASE("sessions: two stations refusing one booking at once raise one incident and one review",
          "[store][session][race]") {
    kiosk::test::TempDir dir;
    const std::string path = (dir / "race.db").string();
    const auto key = store::DataKey::generate();
    std::vector<Id> visits;
    Id amy = 0;
    {
        Family f(path, key);
        amy = f.child;
        for (int i = 0; i < 20; ++i) visits.push_back(f.bookBoth(BookingKind::Visit, "10:00"));
    }
    // Each station has its own connection; both decide "not confident" for the same booking at once.
    for (const Id visit : visits) {
        std::atomic<int> refused{0}, recorded{0};
        std::vector<std::thread> stations;
        for (int s = 0; s < 2; ++s)
            stations.emplace_back([&, s] {
                RecordsFixture st(path, "2026-03-02T10:00:00", {key});
                const auto r = st.records.recordCheck(st.records.requireUser("officer"),
                                                      {visit, amy, "", "hall-" + std::to_string(s), Decision::NotConfident, ""},
                                                      evidence(Band::NoMatch, 0.8));
                (r.refused ? refused : recorded)++;
            });
        for (auto& t : stations) t.join();
        CHECK(recorded == 1);
        CHECK(refused == 1);
        // The lead completes the review, so the next round's booking may be checked again.
        RecordsFixture lead(path, "2026-03-02T10:00:00", {key});
        const auto open = lead.repo.openReviewOf(lead.repo.booking(visit)->prisoner_id);
        REQUIRE(open);
        lead.records.completeReview(lead.records.requireUser("lead"), open->id, ReviewOutcome::Unchanged, "");
    }
    RecordsFixture after(path, "2026-03-02T10:00:00", {key});
    CHECK(after.repo.incidents(false).size() == visits.size());
    CHECK(after.repo.reviews(false).size() == visits.size());
}

TEST_CASE("reviews: each outcome changes arrangements and bookings at once", "[store][session][review]") {
    Family f;
    const Id refused_visit = f.bookBoth(BookingKind::Visit, "09:00");
    const Id call = f.bookBoth(BookingKind::VideoCall, "15:00");
    const auto refusal = f.decide(refused_visit, f.child, Decision::NotConfident, Band::NoMatch);
    const Id review = *refusal.review_id;

    SECTION("unchanged restores contact") {
        f.records.completeReview(f.lead, review, ReviewOutcome::Unchanged, "");
        CHECK(f.contact(f.ben, ContactType::Phone) == ContactStatus::Allowed);
        CHECK(f.records.bookingsOn(f.officer, kDay)[1].shown_status == BookingStatus::Scheduled);
    }
    SECTION("varied changes the contact types the lead chose, and a booking of a removed type follows") {
        CHECK_THROWS_AS(f.records.completeReview(f.lead, review, ReviewOutcome::Varied, ""), InputError);
        ReviewVariation v;
        v.allowed[f.ben] = {ContactType::Visit, ContactType::Letter};
        const auto done = f.records.completeReview(f.lead, review, ReviewOutcome::Varied, "no calls", v);
        CHECK(done.variation == "Ben Smith: visits, letters");
        CHECK(f.contact(f.ben, ContactType::VideoCall) == ContactStatus::NotAllowed);
        CHECK(f.contact(f.ben, ContactType::Letter) == ContactStatus::Allowed);
        CHECK(f.contact(f.child, ContactType::VideoCall) == ContactStatus::Allowed);  // Amy unchanged
        CHECK(f.records.bookingsOn(f.officer, kDay)[1].shown_status == BookingStatus::NotAllowed);
        CHECK(f.decide(call, f.ben, Decision::Confirmed, Band::StrongMatch, &f.caller).refused);
    }
    SECTION("suspended keeps contact suspended until a new review completes") {
        f.records.completeReview(f.lead, review, ReviewOutcome::Suspended, "");
        CHECK(f.contact(f.ben, ContactType::Visit) == ContactStatus::Suspended);
        CHECK(f.records.bookingsOn(f.officer, kDay)[1].shown_status == BookingStatus::ContactSuspended);
        CHECK(f.decide(call, f.ben, Decision::Confirmed, Band::StrongMatch, &f.caller).refused);
        CHECK_THROWS_AS(f.bookBoth(BookingKind::Visit, "16:00"), InputError);
        const Id again = f.records.openArrangementReview(f.lead, f.repo.arrangementsOfPrisoner(f.prisoner)[1].id,
                                                         ReviewTrigger::NewInformation, "carer's new address");
        CHECK_FALSE(f.repo.review(again)->blocks_contact);
        f.records.completeReview(f.lead, again, ReviewOutcome::Unchanged, "");
        CHECK(f.contact(f.ben, ContactType::Visit) == ContactStatus::Allowed);
        CHECK(f.records.bookingsOn(f.officer, kDay)[1].shown_status == BookingStatus::Scheduled);
    }
    SECTION("ended ends contact") {
        f.records.completeReview(f.lead, review, ReviewOutcome::Ended, "");
        CHECK(f.contact(f.child, ContactType::Letter) == ContactStatus::Ended);
        CHECK(f.records.bookingsOn(f.officer, kDay)[1].shown_status == BookingStatus::ContactEnded);
    }
}

TEST_CASE("reviews: a scheduled review does not block, until a refusal joins it", "[store][session][review]") {
    Family f;
    const Id visit = f.bookBoth(BookingKind::Visit, "10:00");
    const Id later = f.bookBoth(BookingKind::Visit, "14:00");
    const Id arrangement = f.repo.arrangementsOfPrisoner(f.prisoner)[0].id;
    CHECK_THROWS_AS(f.records.openArrangementReview(f.officer, arrangement, ReviewTrigger::Schedule, ""), PermissionError);
    const Id scheduled = f.records.openArrangementReview(f.lead, arrangement, ReviewTrigger::Schedule, "three-yearly");
    CHECK(f.repo.review(scheduled)->arrangement_id == arrangement);
    CHECK(f.records.bookingsOn(f.officer, kDay)[0].shown_status == BookingStatus::Scheduled);
    CHECK_FALSE(f.decide(visit, f.child, Decision::Confirmed).refused);
    const auto refusal = f.decide(visit, f.ben, Decision::NotConfident, Band::NoMatch);
    CHECK(refusal.review_id == scheduled);
    CHECK(f.repo.review(scheduled)->blocks_contact);
    CHECK(f.records.bookingsOn(f.officer, kDay)[1].shown_status == BookingStatus::BlockedPendingReview);
    CHECK(f.decide(later, f.child, Decision::Confirmed).refused);
    CHECK_THROWS_AS(f.records.openArrangementReview(f.lead, arrangement, ReviewTrigger::Schedule, ""), InputError);
}

TEST_CASE("appeals: lodged and decided as records of their own", "[store][session][appeal]") {
    Family f;
    const Id visit = f.bookBoth(BookingKind::Visit, "10:00");
    const Id review = *f.decide(visit, f.child, Decision::NotConfident, Band::NoMatch).review_id;
    CHECK_THROWS_AS(f.records.lodgeAppeal(f.lead, review, kDay, "not me"), InputError);  // not decided yet
    f.records.completeReview(f.lead, review, ReviewOutcome::Suspended, "");
    CHECK_THROWS_AS(f.records.lodgeAppeal(f.lead, review, kDay, "  "), InputError);
    CHECK_THROWS_AS(f.records.lodgeAppeal(f.lead, review, kDay.plusDays(1), "grounds"), InputError);  // future
    CHECK_THROWS_AS(f.records.lodgeAppeal(f.officer, review, kDay, "grounds"), PermissionError);
    const Appeal a = f.records.lodgeAppeal(f.lead, review, kDay, "the child was unwell, not someone else");
    CHECK_THROWS_AS(f.records.lodgeAppeal(f.lead, review, kDay, "again"), InputError);  // one open at a time
    const Appeal d = f.records.decideAppeal(f.lead, a.id, AppealOutcome::Dismissed, "images checked again");
    CHECK(d.outcome == AppealOutcome::Dismissed);
    CHECK(d.decided_on == kDay);
    CHECK_THROWS_AS(f.records.decideAppeal(f.lead, a.id, AppealOutcome::Upheld, ""), InputError);
    const auto listed = f.records.appeals(f.lead, review);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].grounds == "the child was unwell, not someone else");
    CHECK(listed[0].notes == "images checked again");
}

TEST_CASE("bookings the arrangements do not allow are refused", "[store][session][import]") {
    RecordsFixture f;
    f.seedPeople();  // Amy: visits only
    CHECK_THROWS_WITH(f.book(BookingKind::VideoCall, kDay, "11:00"),
                      "the contact arrangement with Amy Smith does not allow video_calls (not_allowed)");
    const Id visit = f.book(BookingKind::Visit, kDay, "10:00");
    f.records.recordCheck(f.officer, {visit, f.child, "", "hall-1", Decision::NotConfident, ""},
                          evidence(Band::NoMatch, 0.8));
    CHECK_THROWS_WITH(f.book(BookingKind::Visit, kDay.plusDays(7), "10:00"),
                      Catch::StartsWith("the prisoner is blocked pending review"));
}
