// Contact sessions through the real binary: `kiosk session start` refuses an unchecked booking and
// a suspended one; two processes suspending the same call at once record one incident and one
// review (50 times); blocks reach phone and letters in `kiosk arrangements`; scheduled reviews and
// appeals from the command line.
#include <catch2/catch.hpp>

#include <thread>

#include <nlohmann/json.hpp>

#include "tests/support/cli_json.hpp"
#include "kiosk/core/records.hpp"
#include "kiosk/store/data_key.hpp"
#include "tests/support/test_support.hpp"

using namespace kiosk::test;
using nlohmann::json;

namespace {

constexpr int kCalls = 50;

// A database with staff, one prisoner (A1234BC) and child (CS-1, every contact type allowed),
// one visit and kCalls video calls today.
struct SessionDb {
    TempDir tmp;
    std::string db = (tmp / "kiosk.db").string();

    SessionDb() {
        useTestPins();
        must({"db", "init", "--db", db});
        {
            // The staff, with PIN hashes at libsodium's minimum cost (the same peppered scheme), so
            // the hundred processes of the race below sign in quickly.
            store::RecordsStore s(db, store::keyPathFor(db), store::OpenMode::Existing);
            s.repo.usePinHashCost(store::PinHashCost::Minimum);
            core::Records rec(s.repo);
            rec.createUserAtSetupWithPin({0, "admin", "Ann Admin", core::Role::Admin, true}, kTestPin);
            const core::User admin = rec.requireUser("admin");
            for (const auto& [user, role] : std::vector<std::pair<std::string, core::Role>>{
                     {"vofficer", core::Role::VisitsOfficer},
                     {"vcofficer", core::Role::VideoCallOfficer},
                     {"slead", core::Role::SafeguardingLead}})
                rec.createUserWithPin(admin, {0, user, user + " Person", role, true}, kTestPin);
        }
        const std::string today = runJson({"bookings", "--officer", "admin", "--db", db, "--json"})["date"];
        importCsv("prisoners", "prison_number,first_name,last_name,pprc_status,establishment\n"
                               "A1234BC,Dan,Smith,pprc,HMP Test\n");
        importCsv("children", "ref,first_name,last_name,date_of_birth,carer_name\nCS-1,Mia,Smith,2018-04-01,Jo Smith\n");
        importCsv("arrangements", "prison_number,child_ref,contact_types,decision_date,next_review_due,status,conditions\n"
                                  "A1234BC,CS-1,visits;video_calls;phone;letters,2025-01-10,,active,\n");
        std::string bookings = "ref,kind,prison_number,date,time,children\nV-1,visit,A1234BC," + today + ",09:00,CS-1\n";
        for (int i = 0; i < kCalls; ++i)
            bookings += "C-" + std::to_string(i) + ",video_call,A1234BC," + today + ",10:00,CS-1\n";
        importCsv("bookings", bookings);
        const json listed = runJson({"bookings", "--officer", "admin", "--db", db, "--json"});
        for (const auto& b : listed["bookings"])
            (b["kind"] == "visit" ? visit : calls.emplace_back()) = b["id"].get<long long>();
    }
    void must(const std::vector<std::string>& args, const std::function<void()>& in_child = {}) {
        const auto r = runKiosk(args, {}, in_child);
        INFO("kiosk " << args[0] << ": " << r.err);
        REQUIRE(r.exit_code == 0);
    }
    void importCsv(const std::string& kind, const std::string& csv) {
        const auto file = tmp / (kind + ".csv");
        writeFile(file, csv);
        must({"import", kind, file.string(), "--officer", "admin", "--db", db});
    }
    RunResult kiosk(std::vector<std::string> args) {
        args.insert(args.end(), {"--db", db});
        return runKiosk(args);
    }
    long long visit = 0;
    std::vector<long long> calls;
};

}  // namespace

TEST_CASE("session start refuses an unchecked booking and a suspended one, with the reason", "[cli][session]") {
    SessionDb s;
    const std::string call = std::to_string(s.calls.at(0));
    auto r = s.kiosk({"session", "start", "--booking", call, "--officer", "vcofficer"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("the video call cannot start: Mia Smith has not been confirmed"));
    // The visit belongs to the visits officer: the video-call officer may not start it.
    CHECK(s.kiosk({"session", "start", "--booking", std::to_string(s.visit), "--officer", "vcofficer"}).exit_code == 2);

    const json status = runJson({"session", "status", "--booking", call, "--officer", "vcofficer", "--db", s.db, "--json"});
    CHECK(status["state"] == "booked");
    CHECK(status["children"][0]["status"] == "unchecked");

    const json suspended = runJson({"session", "suspend", "--booking", call, "--reason", "a second adult came into view",
                                    "--officer", "vcofficer", "--db", s.db, "--json"});
    CHECK(suspended["refused"] == false);
    CHECK(suspended["incident_id"].is_number());
    r = s.kiosk({"session", "start", "--booking", call, "--officer", "vcofficer"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("suspended: it cannot be restarted"));
    CHECK(runJson({"session", "status", "--booking", call, "--officer", "vcofficer", "--db", s.db, "--json"})["state"] ==
          "suspended");

    // The block reaches every contact type, phone and letters included, and every other booking.
    const json arr = runJson({"arrangements", "--prisoner", "A1234BC", "--officer", "vofficer", "--db", s.db, "--json"});
    REQUIRE(arr["arrangements"].size() == 1);
    for (const char* type : {"visits", "video_calls", "phone", "letters"})
        CHECK(arr["arrangements"][0]["contact"][type] == "blocked_pending_review");
    r = s.kiosk({"session", "start", "--booking", std::to_string(s.calls.at(1)), "--officer", "vcofficer"});
    CHECK(r.exit_code == 1);
    const json incidents = runJson({"incidents", "--officer", "slead", "--db", s.db, "--json"});
    REQUIRE(incidents["incidents"].size() == 1);
    CHECK(incidents["incidents"][0]["kind"] == "call_suspended");
    CHECK(incidents["incidents"][0]["check_id"].is_null());
}

TEST_CASE("two processes suspending the same call at once record one incident and one review, 50 times",
          "[cli][session][race]") {
    SessionDb s;
    int single_outcome = 0;
    for (const long long call : s.calls) {
        RunResult results[2];
        std::thread a([&] { results[0] = s.kiosk({"session", "suspend", "--booking", std::to_string(call), "--reason",
                                                  "station 1: unknown adult", "--officer", "vcofficer", "--json"}); });
        std::thread b([&] { results[1] = s.kiosk({"session", "suspend", "--booking", std::to_string(call), "--reason",
                                                  "station 2: unknown adult", "--officer", "vcofficer", "--json"}); });
        a.join();
        b.join();
        const int ok = (results[0].exit_code == 0) + (results[1].exit_code == 0);
        const int refused = (results[0].exit_code == 1) + (results[1].exit_code == 1);
        INFO("call " << call << ": " << results[0].err << " | " << results[1].err);
        CHECK(ok == 1);
        CHECK(refused == 1);
        if (ok == 1 && refused == 1) ++single_outcome;
        const json done = json::parse(results[0].exit_code == 0 ? results[0].out : results[1].out);
        // The lead completes the review so the next call may be suspended in its turn.
        runJson({"review", "complete", "--id", std::to_string(done["review_id"].get<long long>()), "--outcome",
                 "unchanged", "--officer", "slead", "--db", s.db, "--json"});
    }
    CHECK(single_outcome == kCalls);
    CHECK(runJson({"incidents", "--officer", "slead", "--db", s.db, "--json"})["incidents"].size() == kCalls);
    CHECK(runJson({"reviews", "--officer", "slead", "--db", s.db, "--json"})["reviews"].size() == kCalls);
    CHECK(s.kiosk({"audit", "verify"}).exit_code == 0);
}

TEST_CASE("scheduled reviews and appeals from the command line", "[cli][session][review]") {
    SessionDb s;
    const json arr = runJson({"arrangements", "--prisoner", "A1234BC", "--officer", "slead", "--db", s.db, "--json"});
    const std::string arrangement = std::to_string(arr["arrangements"][0]["arrangement_id"].get<long long>());
    const json opened = runJson({"review", "open", "--arrangement", arrangement, "--trigger", "schedule", "--notes",
                                 "three-yearly", "--officer", "slead", "--db", s.db, "--json"});
    CHECK(opened["blocks_contact"] == false);
    CHECK(opened["opened_by"] == "schedule");
    // Contact goes on while it is reviewed.
    CHECK(runJson({"arrangements", "--prisoner", "A1234BC", "--officer", "slead", "--db", s.db, "--json"})
              ["arrangements"][0]["contact"]["phone"] == "allowed");
    const std::string review = std::to_string(opened["id"].get<long long>());
    const json varied = runJson({"review", "complete", "--id", review, "--outcome", "varied", "--vary", "CS-1=letters,phone",
                                 "--officer", "slead", "--db", s.db, "--json"});
    CHECK(varied["variation"] == "Mia Smith: phone, letters");
    const json after = runJson({"arrangements", "--prisoner", "A1234BC", "--officer", "slead", "--db", s.db, "--json"});
    CHECK(after["arrangements"][0]["contact"]["visits"] == "not_allowed");
    CHECK(after["arrangements"][0]["contact"]["letters"] == "allowed");
    CHECK(runJson({"bookings", "--officer", "vofficer", "--db", s.db, "--json"})["bookings"][0]["status"] == "not_allowed");

    const json appeal = runJson({"appeal", "lodge", "--review", review, "--grounds", "visits matter to the child",
                                 "--officer", "slead", "--db", s.db, "--json"});
    CHECK(appeal["outcome"].is_null());
    auto r = s.kiosk({"appeal", "decide", "--id", std::to_string(appeal["id"].get<long long>()), "--outcome", "maybe",
                      "--officer", "slead"});
    CHECK(r.exit_code == 2);
    const json decided = runJson({"appeal", "decide", "--id", std::to_string(appeal["id"].get<long long>()), "--outcome",
                                  "upheld", "--officer", "slead", "--db", s.db, "--json"});
    CHECK(decided["outcome"] == "upheld");
    CHECK(decided["decided_on"].is_string());
    const json listed = runJson({"appeals", "--review", review, "--officer", "slead", "--db", s.db, "--json"});
    CHECK(listed["appeals"].size() == 1);
    // The visits officer records no appeal.
    CHECK(s.kiosk({"appeal", "lodge", "--review", review, "--grounds", "x", "--officer", "vofficer"}).exit_code == 2);
}
