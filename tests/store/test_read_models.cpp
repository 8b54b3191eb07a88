// Core's read models (kiosk/core/read_models.hpp) on a real SQLite store: what the screens show,
// each behind the role check its data needs, with names instead of ids; and new PINs the store hashes.
#include <catch2/catch.hpp>

#include "kiosk/core/errors.hpp"
#include "tests/store/store_fixture.hpp"

using namespace kiosk::test;

TEST_CASE("bookingViews lists the day's bookings of one kind with each child's eligibility", "[core][read-models]") {
    RecordsFixture f;
    f.seedPeople();
    const core::Date today{2026, 3, 2};
    const core::Id visit = f.book(core::BookingKind::Visit, today, "10:00");
    f.allowVideoCalls();  // booked while calls were allowed; the arrangement is visits only by the day
    f.book(core::BookingKind::VideoCall, today, "11:00");
    f.repo.setArrangementAllowed(f.repo.arrangementsOfPrisoner(f.prisoner)[0].id, {core::ContactType::Visit});
    const auto views = f.records.bookingViews(f.officer, today, core::BookingKind::Visit);
    REQUIRE(views.size() == 1);
    CHECK(views[0].row.booking.id == visit);
    REQUIRE(views[0].children.size() == 1);
    CHECK(views[0].children[0].child.ref == "CS-1");
    CHECK(views[0].children[0].eligibility.allowed);
    // The video call is not allowed by the arrangement (visits only): core says why.
    const auto calls = f.records.bookingViews(f.officer, today, core::BookingKind::VideoCall);
    REQUIRE(calls.size() == 1);
    CHECK_FALSE(calls[0].children[0].eligibility.allowed);
    const auto ctx = f.records.checkContext(f.officer, calls[0].row.booking.id, f.child);
    CHECK_FALSE(ctx.eligibility.allowed);
    CHECK(ctx.approved.empty());  // nothing else is read for a refused check
}

TEST_CASE("read models refuse the roles their data is not for", "[core][read-models][authz]") {
    RecordsFixture f;
    f.seedPeople();
    CHECK_THROWS_AS(f.records.incidentRows(f.officer, true), core::PermissionError);
    CHECK_THROWS_AS(f.records.incidentDetail(f.officer, 1), core::PermissionError);
    CHECK_THROWS_AS(f.records.review(f.officer, 1), core::PermissionError);
    CHECK_THROWS_AS(f.records.arrangementsOfPrisoner(f.officer, f.prisoner), core::PermissionError);
    CHECK_THROWS_AS(f.records.userDisplayName(f.officer, f.admin.id), core::PermissionError);
    CHECK(f.records.incidentRows(f.lead, true).empty());
    CHECK_FALSE(f.records.incidentDetail(f.lead, 12345));
    CHECK(f.records.childByRef(f.officer, "CS-1")->id == f.child);
    CHECK(f.records.userDisplayName(f.admin, f.officer.id) == "Officer");
    CHECK(f.records.arrangementsOfPrisoner(f.lead, f.prisoner).size() == 1);
}

TEST_CASE("a new PIN is checked by core and hashed by the store", "[core][read-models][pin]") {
    RecordsFixture f;
    f.seedPeople();
    CHECK_THROWS_AS(f.records.createUserWithPin(f.admin, {0, "val", "Val", core::Role::VisitsOfficer, true}, "12"),
                    core::InputError);
    const core::Id val = f.records.createUserWithPin(f.admin, {0, "val", "Val", core::Role::VisitsOfficer, true}, "493817");
    CHECK(f.records.signIn("val", "493817", "hall-1"));
    f.records.resetPinTo(f.admin, val, "582914");
    CHECK_FALSE(f.records.signIn("val", "493817", "hall-1"));
    CHECK(f.records.signIn("val", "582914", "hall-1"));
    CHECK_THROWS_AS(f.records.resetPinTo(f.officer, val, "730164"), core::PermissionError);
}
