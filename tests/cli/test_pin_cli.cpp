// The PIN and sign-in attacks of issue 11 (item 6), through the real binary on real files: weak PINs
// refused, a copied database that cannot be cracked offline without the key file's pepper, the demo
// PIN confined to demo databases, and a sign-in that survives key rotation.
#include <catch2/catch.hpp>

#include <filesystem>

#include <sqlite3.h>

#include "kiosk/core/pin_policy.hpp"
#include "kiosk/store/pin_hash.hpp"
#include "tests/support/test_support.hpp"

using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

std::string pinHashOf(const std::string& db, const std::string& user) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, "SELECT pin_hash FROM users WHERE username = ?", -1, &st, nullptr) == SQLITE_OK);
    sqlite3_bind_text(st, 1, user.c_str(), -1, SQLITE_TRANSIENT);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    std::string hash(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return hash;
}

void ok(const std::vector<std::string>& args) {
    const auto r = runKiosk(args);
    INFO("kiosk " << args[0] << " stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
}

// A new database whose first administrator, boss, has kTestPin.
std::string withBoss(const TempDir& tmp) {
    const std::string db = (tmp / "kiosk.db").string();
    useTestPins();
    ok({"db", "init", "--db", db});
    ok({"user", "add", "boss", "--role", "admin", "--name", "Boss Admin", "--db", db});
    return db;
}

}  // namespace

TEST_CASE("attack: weak PINs (abcd, 0000, 1234, 123456, a date, the demo PIN) are refused for real users",
          "[cli][tamper][pin]") {
    TempDir tmp;
    const std::string db = (tmp / "kiosk.db").string();
    useTestPins();
    ok({"db", "init", "--db", db});
    for (const std::string pin : {"abcd", "0000", "1234", "123456", "111111", "121212", "250317", "246810"}) {
        INFO(pin);
        ::setenv("KIOSK_NEW_PIN", pin.c_str(), 1);
        const auto r = runKiosk({"user", "add", "boss", "--role", "admin", "--name", "Boss Admin", "--db", db});
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("PIN"));
    }
    useTestPins();
    ok({"user", "add", "boss", "--role", "admin", "--name", "Boss Admin", "--db", db});
    ::setenv("KIOSK_NEW_PIN", "0000", 1);
    const auto r = runKiosk({"user", "pin", "boss", "--officer", "boss", "--db", db});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("6 to 12 digits"));
}

TEST_CASE("attack: a copied database alone cannot be cracked offline: the PIN hash needs the key file's pepper",
          "[cli][tamper][pin]") {
    TempDir tmp;
    const std::string db = withBoss(tmp);
    const std::string hash = pinHashOf(db, "boss");
    CHECK(store::isPeppered(hash));
    // The attacker has the database, knows the scheme, and tries the right PIN: without the pepper
    // (every guess of it, here the all-zero one and a random one) the hash does not verify.
    CHECK_FALSE(store::verifyPin(hash, kTestPin, store::PinPepper{}));
    CHECK_FALSE(store::verifyPin(hash, kTestPin, store::PinPepper::generate()));
    const std::string key = readFile(db + ".key");
    CHECK(key.find("pin-pepper ") != std::string::npos);
    // Key rotation keeps the pepper: the same PIN still signs in afterwards.
    ok({"key", "rotate", "--officer", "boss", "--db", db});
    const std::string rotated = readFile(db + ".key");
    const auto pepperLine = [](const std::string& text) { return text.substr(text.find("pin-pepper "), 75); };
    CHECK(pepperLine(rotated) == pepperLine(key));
    ok({"bookings", "--officer", "boss", "--db", db});
}

TEST_CASE("a demo database: its users sign in with the demo PIN, their hashes peppered too", "[cli][pin][models]") {
    requireModels();
    requireSamples();
    TempDir tmp;
    const std::string db = (tmp / "kiosk.db").string();
    useDemoPin();
    ok({"demo", "seed", "--db", db});
    ok({"bookings", "--officer", "vofficer", "--db", db});
    CHECK(store::isPeppered(pinHashOf(db, "vofficer")));
    // In a demo database an admin may give the demo PIN again; nowhere else.
    ::setenv("KIOSK_NEW_PIN", std::string(core::kDemoPin).c_str(), 1);
    ok({"user", "pin", "vofficer", "--officer", "admin", "--db", db});
}
