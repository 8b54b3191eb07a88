// PIN lockout on a real database file: five consecutive wrong PINs lock the user for five minutes
// (even the right PIN is refused), five more for thirty, five more until an administrator resets
// the PIN; success resets the count, the count survives closing and re-opening the database, the
// lockout runs on a UTC clock that neither daylight saving nor a clock set back can stretch, and
// every failure, the lockout and each refused attempt are audited.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <vector>

#include "kiosk/store/pin_hash.hpp"
#include "tests/store/store_fixture.hpp"
#include "tests/support/stations.hpp"
#include "tests/support/test_support.hpp"

using namespace core;
using kiosk::test::RecordsFixture;
using kiosk::test::TempDir;

namespace {

const std::string kPin = "2468";
const std::string kWrong = "1111";

std::unique_ptr<RecordsFixture> openDb(const std::string& path, const std::string& now) {
    static const std::vector<store::DataKey> ring{store::DataKey::generate()};  // one key: databases are re-opened
    auto f = std::make_unique<RecordsFixture>(path, now, ring);
    if (!f->repo.userByName("val")) {
        f->records.createUserAtSetup({0, "val", "Val Officer", Role::VisitsOfficer, true},
                                     f->repo.hashPin(kPin));
        f->records.createUserAtSetup({0, "sam", "Sam Officer", Role::VisitsOfficer, true}, f->repo.hashPin(kPin));
    }
    return f;
}

// "action detail" of each audit row about sign-in, oldest first.
std::vector<std::string> authAudit(RecordsFixture& f) {
    std::vector<std::string> out;
    auto& st = f.db.prepare("SELECT action || ' ' || detail FROM audit_log WHERE action LIKE 'auth.%' ORDER BY seq");
    while (st.step()) out.push_back(st.text(0));
    return out;
}

}  // namespace

TEST_CASE("lockout: four wrong PINs then the right one signs in, and success resets the count", "[store][lockout]") {
    TempDir dir;
    auto f = openDb((dir / "k.db").string(), "2026-03-02T14:00:00");
    for (int i = 0; i < 4; ++i) CHECK_FALSE(f->records.signIn("val", kWrong, "hall-1"));
    CHECK(f->records.signIn("val", kPin, "hall-1"));
    // Had the count not been reset, the next wrong PIN would be the fifth and lock.
    for (int i = 0; i < 4; ++i) {
        const auto r = f->records.signIn("val", kWrong, "hall-1");
        CHECK_FALSE(r);
        CHECK_FALSE(r.locked_until);
    }
    CHECK(f->records.signIn("val", kPin, "hall-1"));
}

TEST_CASE("lockout: five wrong PINs lock for five minutes, the right PIN is refused until then", "[store][lockout]") {
    TempDir dir;
    auto f = openDb((dir / "k.db").string(), "2026-03-02T14:00:00");
    for (int i = 0; i < 4; ++i) CHECK_FALSE(f->records.signIn("val", kWrong, "hall-1").locked_until);
    const auto fifth = f->records.signIn("val", kWrong, "hall-1");
    CHECK_FALSE(fifth);
    REQUIRE(fifth.locked_until);
    CHECK(*fifth.locked_until == "2026-03-02T14:05:00");
    CHECK(fifth.try_again_at == "14:05");

    f->clock = "2026-03-02T14:04:59";
    const auto refused = f->records.signIn("val", kPin, "hall-2");
    CHECK_FALSE(refused);
    CHECK(refused.try_again_at == "14:05");
    CHECK(f->records.signIn("sam", kPin, "hall-2"));  // the lockout is per user

    f->clock = "2026-03-02T14:05:00";
    const auto after = f->records.signIn("val", kPin, "hall-1");
    REQUIRE(after);
    CHECK(after.user->username == "val");

    const auto audit = authAudit(*f);
    const std::vector<std::string> expected = {
        "auth.sign_in_failed station hall-1: wrong PIN 1 of 5",
        "auth.sign_in_failed station hall-1: wrong PIN 2 of 5",
        "auth.sign_in_failed station hall-1: wrong PIN 3 of 5",
        "auth.sign_in_failed station hall-1: wrong PIN 4 of 5",
        "auth.sign_in_failed station hall-1: wrong PIN 5 of 5",
        "auth.locked_out station hall-1: 5 wrong PINs, locked until 2026-03-02T14:05:00",
        "auth.sign_in_refused_locked station hall-2: locked out until 2026-03-02T14:05:00",
        "auth.sign_in station hall-2",  // sam
        "auth.sign_in station hall-1",
    };
    CHECK(audit == expected);
}

TEST_CASE("lockout: a lock part-way through a minute says the next whole minute", "[store][lockout]") {
    TempDir dir;
    auto f = openDb((dir / "k.db").string(), "2026-03-02T23:58:30");
    for (int i = 0; i < 4; ++i) f->records.signIn("val", kWrong, "hall-1");
    const auto r = f->records.signIn("val", kWrong, "hall-1");
    REQUIRE(r.locked_until);
    CHECK(*r.locked_until == "2026-03-03T00:03:30");  // across midnight
    CHECK(r.try_again_at == "00:04");
}

TEST_CASE("lockout: the count and the lock survive closing and re-opening the database", "[store][lockout]") {
    TempDir dir;
    const std::string path = (dir / "k.db").string();
    {
        auto f = openDb(path, "2026-03-02T14:00:00");
        for (int i = 0; i < 3; ++i) CHECK_FALSE(f->records.signIn("val", kWrong, "hall-1"));
    }
    {
        auto f = openDb(path, "2026-03-02T14:01:00");  // a restarted kiosk
        CHECK_FALSE(f->records.signIn("val", kWrong, "hall-1").locked_until);
        const auto fifth = f->records.signIn("val", kWrong, "hall-1");
        REQUIRE(fifth.locked_until);
        CHECK(*fifth.locked_until == "2026-03-02T14:06:00");
    }
    {
        auto f = openDb(path, "2026-03-02T14:02:00");  // restarted again, still locked
        CHECK_FALSE(f->records.signIn("val", kPin, "hall-1"));
        f->clock = "2026-03-02T14:06:00";
        CHECK(f->records.signIn("val", kPin, "hall-1"));
    }
}

TEST_CASE("lockout: unknown and inactive users are refused and audited without a lock", "[store][lockout]") {
    RecordsFixture f;
    f.records.createUserAtSetup({0, "old", "Old User", Role::VisitsOfficer, false},
                                f.repo.hashPin(kPin));
    for (int i = 0; i < 6; ++i) {
        const auto r = f.records.signIn(i % 2 ? "nobody" : "old", kPin, "hall-1");
        CHECK_FALSE(r);
        CHECK_FALSE(r.locked_until);
    }
    const auto audit = authAudit(f);
    REQUIRE(audit.size() == 6);
    CHECK(audit[0] == "auth.sign_in_failed station hall-1: unknown or inactive user");
}

TEST_CASE("lockout: each lockout is longer: 5 minutes, 30 minutes, then until an administrator resets the PIN",
          "[store][lockout]") {
    TempDir dir;
    auto f = openDb((dir / "k.db").string(), "2026-03-02T14:00:00");
    const auto fiveWrong = [&] {
        SignInResult r;
        for (int i = 0; i < kMaxWrongPins; ++i) r = f->records.signIn("val", kWrong, "hall-1");
        return r;
    };
    auto r = fiveWrong();
    REQUIRE(r.locked_until);
    CHECK(*r.locked_until == "2026-03-02T14:05:00");
    f->clock = "2026-03-02T14:05:00";
    r = fiveWrong();  // five more, no success between: 30 minutes
    REQUIRE(r.locked_until);
    CHECK(*r.locked_until == "2026-03-02T14:35:00");
    CHECK(r.try_again_at == "14:35");
    f->clock = "2026-03-02T14:35:00";
    r = fiveWrong();  // and again: held until an administrator resets the PIN
    CHECK(r.until_reset);
    CHECK_FALSE(r.locked_until);
    f->clock = "2026-03-09T09:00:00";  // a week later, the right PIN is still refused
    r = f->records.signIn("val", kPin, "hall-1");
    CHECK_FALSE(r);
    CHECK(r.until_reset);
    const User admin{0, "admin", "Admin", Role::Admin, true};
    f->records.createUserAtSetup(admin, f->repo.hashPin(kPin));
    const User a = f->records.requireUser("admin");
    const auto locked = f->records.lockedOutUsers(a);
    REQUIRE(locked.size() == 1);
    CHECK(locked[0].user.username == "val");
    CHECK(locked[0].until_reset);
    f->records.resetPinTo(a, f->records.requireUser("val").id, "582914");
    CHECK(f->records.signIn("val", "582914", "hall-1"));
    CHECK(f->records.lockedOutUsers(a).empty());
    const auto audit = authAudit(*f);
    CHECK(std::count(audit.begin(), audit.end(),
                     "auth.locked_out station hall-1: 15 wrong PINs, locked until an administrator resets the PIN") == 1);
}

TEST_CASE("lockout: a success between rounds starts the count again at a 5-minute lockout", "[store][lockout]") {
    TempDir dir;
    auto f = openDb((dir / "k.db").string(), "2026-03-02T14:00:00");
    for (int i = 0; i < kMaxWrongPins; ++i) f->records.signIn("val", kWrong, "hall-1");
    f->clock = "2026-03-02T14:05:00";
    REQUIRE(f->records.signIn("val", kPin, "hall-1"));
    SignInResult r;
    for (int i = 0; i < kMaxWrongPins; ++i) r = f->records.signIn("val", kWrong, "hall-1");
    REQUIRE(r.locked_until);
    CHECK(*r.locked_until == "2026-03-02T14:10:00");
}

TEST_CASE("lockout: a clock set back cannot stretch a lockout beyond its length", "[store][lockout]") {
    TempDir dir;
    // The clock ran a year fast when val was locked out, then was put right.
    auto f = openDb((dir / "k.db").string(), "2027-03-02T14:00:00");
    for (int i = 0; i < kMaxWrongPins; ++i) f->records.signIn("val", kWrong, "hall-1");
    f->clock = "2026-03-02T14:00:00";
    auto r = f->records.signIn("val", kPin, "hall-1");
    CHECK_FALSE(r);  // still locked (the lockout is not simply dropped) ...
    REQUIRE(r.locked_until);
    CHECK(*r.locked_until == "2026-03-02T14:05:00");  // ... but for five minutes from now, not a year
    f->clock = "2026-03-02T14:05:00";
    CHECK(f->records.signIn("val", kPin, "hall-1"));
    const auto audit = authAudit(*f);
    CHECK(std::any_of(audit.begin(), audit.end(), [](const std::string& a) {
        return a.rfind("auth.lockout_clock station hall-1: ", 0) == 0 && a.find("the clock went back") != std::string::npos;
    }));
}

TEST_CASE("lockout: times are kept in UTC, so a daylight-saving change neither ends nor stretches one",
          "[store][lockout]") {
    // 25 Oct 2026, 01:58 BST: the clocks go back at 02:00 BST (01:00 GMT). With local time, a lockout
    // until 02:03 BST would then last until 02:03 GMT, an hour longer. On the UTC clock it ends five
    // minutes after it started whatever the local clock shows.
    TempDir dir;
    std::string utc = "2026-10-25T00:58:00", local = "2026-10-25T01:58:00";
    store::RecordsStore opened((dir / "k.db").string(), {store::DataKey::generate()});
    opened.repo.usePinHashCost(store::PinHashCost::Minimum);
    Records kiosk(opened.repo, [&] { return local; }, [&] { return utc; });
    kiosk.createUserAtSetup({0, "val", "Val Officer", Role::VisitsOfficer, true}, opened.repo.hashPin(kPin));
    SignInResult r;
    for (int i = 0; i < kMaxWrongPins; ++i) r = kiosk.signIn("val", kWrong, "hall-1");
    REQUIRE(r.locked_until);
    CHECK(*r.locked_until == "2026-10-25T01:03:00");  // UTC
    CHECK(r.try_again_at == "02:03");                 // as the officer's clock (BST) shows it
    local = "2026-10-25T01:03:00";                    // the clocks went back: 01:03 GMT, five minutes on
    utc = "2026-10-25T01:03:00";
    CHECK(kiosk.signIn("val", kPin, "hall-1"));
}

TEST_CASE("lockout: two stations guessing at once get five wrong PINs between them, not five each",
          "[store][lockout][race]") {
    TempDir dir;
    const std::string path = (dir / "k.db").string();
    { openDb(path, "2026-03-02T14:00:00"); }  // val and sam, on file
    // Two processes (two stations, two connections) each try six wrong PINs for val as fast as they can.
    for (const int status : kiosk::test::runStations(2, "station", [&](int p) {
             auto f = openDb(path, "2026-03-02T14:00:00");
             for (int i = 0; i < 6; ++i) f->records.signIn("val", kWrong, "hall-" + std::to_string(p));
         })) {
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    auto f = openDb(path, "2026-03-02T14:01:00");
    const auto audit = authAudit(*f);
    const auto count = [&](const std::string& prefix) {
        return std::count_if(audit.begin(), audit.end(), [&](const std::string& a) { return a.rfind(prefix, 0) == 0; });
    };
    // Every try was counted once, in one order: exactly five wrong PINs, one lockout, and the other
    // seven tries refused as locked (the right PIN among them would have been refused too).
    CHECK(count("auth.sign_in_failed") == 5);
    CHECK(count("auth.locked_out") == 1);
    CHECK(count("auth.sign_in_refused_locked") == 7);
    CHECK_FALSE(f->records.signIn("val", kPin, "hall-0"));
    CHECK(f->records.signIn("sam", kPin, "hall-0"));
}
