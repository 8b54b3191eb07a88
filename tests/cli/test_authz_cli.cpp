// Authorisation through the real binary: the CLI trusts --officer for who is acting, but core's role
// table decides what that person may do. A refusal exits 2 with a clear message, changes nothing
// and is audited ("authz.denied").
#include <catch2/catch.hpp>

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

}  // namespace

TEST_CASE("authorisation CLI: a refused operation exits 2, says who may, changes nothing, is audited", "[cli][authz]") {
    TempDir tmp;
    const std::string db = (tmp / "kiosk.db").string();
    ok({"db", "init", "--db", db});
    ::setenv("KIOSK_NEW_PIN", "2468", 1);  // the child kiosk process inherits it
    ok({"user", "add", "boss", "--role", "admin", "--name", "Boss Admin", "--db", db});  // setup: no admin yet
    ok({"user", "add", "val", "--role", "visits_officer", "--name", "Val Officer", "--officer", "boss", "--db", db});
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
