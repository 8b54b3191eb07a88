// Authentication and authorisation through the real binary: --officer signs in with the user's PIN
// (core's signIn, the same lockout as a station; the booking system with its token file), and
// core's role table decides what that person may do. A refusal exits 2 with a clear message,
// changes nothing and is audited ("auth.sign_in_failed", "authz.denied").
#include <catch2/catch.hpp>

#include <filesystem>

#include <cstdlib>

#include <sqlite3.h>

#include "tests/support/test_support.hpp"

using namespace kiosk::test;

namespace {

long long count(const std::string& db, const std::string& sql) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const long long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

void ok(const std::vector<std::string>& args) {
    const auto r = runKiosk(args);
    INFO("kiosk " << args[0] << " stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
}

// A new database with an admin (boss) and a visits officer (val), both with kTestPin.
std::string bossAndVal(const TempDir& tmp) {
    const std::string db = (tmp / "kiosk.db").string();
    useTestPins();
    ok({"db", "init", "--db", db});
    ok({"user", "add", "boss", "--role", "admin", "--name", "Boss Admin", "--db", db});
    ok({"user", "add", "val", "--role", "visits_officer", "--name", "Val Officer", "--officer", "boss", "--db", db});
    return db;
}

}  // namespace

TEST_CASE("authorisation CLI: a refused operation exits 2, says who may, changes nothing, is audited", "[cli][authz]") {
    TempDir tmp;
    const std::string db = bossAndVal(tmp);  // boss added at setup (no admin yet), val by boss
    const long long users = count(db, "SELECT count(*) FROM users");

    auto r = runKiosk({"user", "add", "sneak", "--role", "admin", "--name", "Sneak", "--officer", "val", "--db", db});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("kiosk user add: not allowed: val is visits_officer: only an administrator may "
                                      "add staff users"));
    CHECK(count(db, "SELECT count(*) FROM users") == users);

    r = runKiosk({"review", "complete", "--id", "1", "--outcome", "unchanged", "--officer", "val", "--db", db});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("only a safeguarding lead may complete a review"));
    r = runKiosk({"incidents", "--officer", "val", "--db", db, "--json"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());  // nothing of the queue printed
    CHECK_THAT(r.err, Catch::Contains("only a safeguarding lead may view the incident queue"));

    CHECK(count(db, "SELECT count(*) FROM audit_log WHERE action = 'authz.denied' AND actor = 'val'") == 3);
    ok({"audit", "verify", "--db", db});
    // The same command by a role that may run it.
    ok({"bookings", "--officer", "val", "--db", db});
}

TEST_CASE("authenticated CLI: no officer, no PIN, a wrong PIN or an unknown user are refused and audited",
          "[cli][authz][auth]") {
    TempDir tmp;
    const std::string db = bossAndVal(tmp);

    auto r = runKiosk({"bookings", "--db", db});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("say who runs this: --officer"));
    CHECK(r.out.empty());

    ::unsetenv("KIOSK_PIN");  // and stdin is not a terminal: nobody to ask
    r = runKiosk({"bookings", "--officer", "val", "--db", db});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("the officer's PIN is needed: put it in $KIOSK_PIN"));

    ::setenv("OTHER_PIN", "111111", 1);
    r = runKiosk({"bookings", "--officer", "val", "--pin-env", "OTHER_PIN", "--db", db, "--json"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains("sign-in refused for 'val': wrong PIN"));
    ::setenv("OTHER_PIN", kTestPin.c_str(), 1);
    ok({"bookings", "--officer", "val", "--pin-env", "OTHER_PIN", "--db", db});

    officerPin(kTestPin);
    r = runKiosk({"bookings", "--officer", "mallory", "--db", db});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("sign-in refused for 'mallory'"));
    // The old default: a user-management command without --officer no longer acts as admin.
    r = runKiosk({"user", "deactivate", "val", "--db", db});
    CHECK(r.exit_code == 2);
    CHECK(count(db, "SELECT active FROM users WHERE username = 'val'") == 1);

    CHECK(count(db, "SELECT count(*) FROM audit_log WHERE action = 'auth.sign_in_failed' AND actor = 'val' AND "
                    "detail LIKE 'station command line: wrong PIN 1 of 5'") == 1);
    CHECK(count(db, "SELECT count(*) FROM audit_log WHERE action = 'auth.sign_in_failed' AND actor = 'mallory' AND "
                    "detail LIKE '%unknown or inactive user'") == 1);
    CHECK(count(db, "SELECT count(*) FROM audit_log WHERE action = 'auth.sign_in' AND actor = 'val'") == 1);
    ok({"audit", "verify", "--db", db});
}

TEST_CASE("authenticated CLI: five wrong PINs lock the officer out of every station, the command line included",
          "[cli][authz][auth][lockout]") {
    TempDir tmp;
    const std::string db = bossAndVal(tmp);
    ::setenv("WRONG_PIN", "111111", 1);
    for (int i = 0; i < 5; ++i)
        CHECK(runKiosk({"bookings", "--officer", "val", "--pin-env", "WRONG_PIN", "--db", db}).exit_code == 2);
    auto r = runKiosk({"bookings", "--officer", "val", "--db", db});  // the right PIN, refused
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("val is locked out after too many wrong PINs: try again at "));
    CHECK(count(db, "SELECT count(*) FROM audit_log WHERE action = 'auth.locked_out' AND actor = 'val'") == 1);
    // The administrator sees it and resets the PIN, which ends the lockout.
    ::setenv("KIOSK_NEW_PIN", "582914", 1);
    ok({"user", "pin", "val", "--officer", "boss", "--db", db});
    officerPin("582914");
    ok({"bookings", "--officer", "val", "--db", db});
}

TEST_CASE("booking system: a service user signs in with its 0600 token file, only to import bookings",
          "[cli][authz][auth][service]") {
    TempDir tmp;
    const std::string db = (tmp / "kiosk.db").string(), token = (tmp / "booksys.token").string();
    useTestPins();
    ok({"db", "init", "--db", db});
    ok({"user", "add", "boss", "--role", "admin", "--name", "Boss Admin", "--db", db});
    ok({"user", "add", "booksys", "--role", "booking_system", "--name", "Booking system", "--token-out", token,
        "--officer", "boss", "--db", db});
    CHECK((std::filesystem::status(token).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    // A second token is never written over the first.
    auto r = runKiosk({"user", "add", "booksys2", "--role", "booking_system", "--name", "Again", "--token-out", token,
                       "--officer", "boss", "--db", db});
    CHECK(r.exit_code == 2);
    CHECK(count(db, "SELECT count(*) FROM users WHERE username = 'booksys2'") == 0);

    writeFile(tmp / "prisoners.csv", "prison_number,first_name,last_name,pprc_status,establishment\nA1234BC,Dan,Smith,pprc,HMP Test\n");
    writeFile(tmp / "bookings.csv", "ref,kind,prison_number,date,time,children\n");
    ok({"import", "prisoners", (tmp / "prisoners.csv").string(), "--officer", "boss", "--db", db});
    ok({"import", "bookings", (tmp / "bookings.csv").string(), "--token-file", token, "--db", db});
    // The service role may add bookings and nothing else.
    r = runKiosk({"import", "prisoners", (tmp / "prisoners.csv").string(), "--token-file", token, "--db", db});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("booksys is booking_system"));
    r = runKiosk({"incidents", "--token-file", token, "--db", db});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("only a safeguarding lead may view the incident queue"));

    // A token file others can read is refused before it is used.
    std::filesystem::permissions(token, std::filesystem::perms::group_read, std::filesystem::perm_options::add);
    r = runKiosk({"import", "bookings", (tmp / "bookings.csv").string(), "--token-file", token, "--db", db});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("can be read by other users"));
    // A copied or guessed token that is not the issued one is a failed sign-in, audited.
    std::filesystem::permissions(token, std::filesystem::perms::group_read, std::filesystem::perm_options::remove);
    std::string forged = readFile(token);
    forged[forged.size() - 2] = forged[forged.size() - 2] == '0' ? '1' : '0';
    writeFile(tmp / "forged.token", forged);
    std::filesystem::permissions(tmp / "forged.token", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace);
    r = runKiosk({"import", "bookings", (tmp / "bookings.csv").string(), "--token-file", (tmp / "forged.token").string(),
                  "--db", db});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("sign-in refused for 'booksys'"));
    CHECK(count(db, "SELECT count(*) FROM audit_log WHERE action = 'auth.sign_in_failed' AND actor = 'booksys'") == 1);
    ok({"audit", "verify", "--db", db});
}
