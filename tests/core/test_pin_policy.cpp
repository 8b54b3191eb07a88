// The PIN policy: what a new PIN may be, and how long wrong PINs lock a user out.
#include <catch2/catch.hpp>

#include "kiosk/core/errors.hpp"
#include "kiosk/core/pin_policy.hpp"

using namespace core;

TEST_CASE("PIN policy: 6 to 12 digits, nothing a guesser tries first", "[core][pin]") {
    for (const char* pin : {"493817", "58291473", "730164925810"}) {
        INFO(pin);
        CHECK_FALSE(pinRefusal(pin, false));
    }
    struct Refused {
        const char* pin;
        const char* why;
    };
    for (const Refused& r : std::initializer_list<Refused>{
             {"", "6 to 12 digits"},
             {"12345", "6 to 12 digits"},
             {"1234567890123", "6 to 12 digits"},
             {"4938a7", "6 to 12 digits"},
             {"49 817", "6 to 12 digits"},
             {"000000", "repeat the same digits"},
             {"121212", "repeat the same digits"},
             {"123123", "repeat the same digits"},
             {"12341234", "repeat the same digits"},
             {"123456", "count up or down"},
             {"987654", "count up or down"},
             {"890123", "count up or down"},
             {"01234567", "count up or down"},
             {"250317", "a date"},       // 25 March 2017, ddmmyy
             {"01042018", "a date"},     // 1 April 2018, ddmmyyyy
             {"19840229", "a date"},     // 29 February 1984, yyyymmdd
             {"246810", "demo PIN"},     // outside a demo database
         }) {
        INFO(r.pin);
        const auto why = pinRefusal(r.pin, false);
        REQUIRE(why);
        CHECK_THAT(*why, Catch::Contains(r.why));
        CHECK_THROWS_AS(checkNewPin(r.pin, false), InputError);
    }
    CHECK_FALSE(pinRefusal(kDemoPin, true));  // the demo database's users
    CHECK_FALSE(pinRefusal("310299", false));  // 31 February is no date
}

TEST_CASE("lockout lengths: 5 minutes, then 30, then until an administrator resets the PIN", "[core][pin]") {
    CHECK(lockoutSeconds(kMaxWrongPins) == 5 * 60);
    CHECK(lockoutSeconds(2 * kMaxWrongPins) == 30 * 60);
    CHECK_FALSE(lockoutSeconds(3 * kMaxWrongPins));
    CHECK_FALSE(lockedUntilReset(3 * kMaxWrongPins - 1));
    CHECK(lockedUntilReset(3 * kMaxWrongPins));
}
