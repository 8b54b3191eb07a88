// Core operations added for the kiosk screens: signing in with a PIN, the staff list, and which
// decisions the result screen may offer for a band.
#include <catch2/catch.hpp>

#include "kiosk/core/errors.hpp"
#include "kiosk/core/rules.hpp"
#include "kiosk/store/pin_hash.hpp"
#include "tests/store/store_fixture.hpp"

using namespace kiosk::test;

TEST_CASE("signIn checks the PIN through the store and audits both outcomes", "[core][sign-in]") {
    RecordsFixture f;
    f.records.createUserAtSetup({0, "val", "Val Officer", core::Role::VisitsOfficer, true},
                                f.repo.hashPin("2468"));
    f.records.createUserAtSetup({0, "old", "Old User", core::Role::VisitsOfficer, false},
                                f.repo.hashPin("2468"));
    const auto ok = f.records.signIn("val", "2468", "hall-1");
    REQUIRE(ok);
    CHECK(ok.user->display_name == "Val Officer");
    CHECK_FALSE(f.records.signIn("val", "1111", "hall-1"));
    CHECK_FALSE(f.records.signIn("nobody", "2468", "hall-1"));
    CHECK_FALSE(f.records.signIn("old", "2468", "hall-1"));  // inactive users cannot sign in
    const auto users = f.records.activeUsers();
    REQUIRE(users.size() == 1);
    CHECK(users[0].username == "val");
}

TEST_CASE("decisionFits offers exactly what consequencesOf accepts", "[core][rules]") {
    using core::Band;
    using core::Decision;
    for (Band b : {Band::StrongMatch, Band::PossibleMatch, Band::NoMatch, Band::CannotAssess})
        for (Decision d : {Decision::Confirmed, Decision::NotConfident, Decision::Override}) {
            bool accepted = true;
            try {
                core::consequencesOf(core::BookingKind::Visit, b, d, "a reason");
            } catch (const core::InputError&) {
                accepted = false;
            }
            CHECK(core::decisionFits(b, d) == accepted);
        }
}
