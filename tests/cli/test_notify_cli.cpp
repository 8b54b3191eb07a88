// Notifications through the real binary and a real SMTP server (tests/support/smtp_sink.py):
// `kiosk recipient add|list|remove`, `kiosk settings set`, a welfare concern, `kiosk outbox flush`
// (counts, exit 1 when any failed), `kiosk notifications --json` with each e-mail's state, the duty
// governor acknowledging their own notification and the lead refused theirs; bad input exits 2.
#include <catch2/catch.hpp>

#include <map>
#include <tuple>

#include <nlohmann/json.hpp>

#include "tests/support/cli_json.hpp"
#include "tests/support/smtp_sink.hpp"
#include "tests/support/test_support.hpp"

using namespace kiosk::test;
using nlohmann::json;

namespace {

struct NotifyDb {
    TempDir tmp;
    std::string db = (tmp / "kiosk.db").string();
    NotifyDb() {
        useTestPins();
        must({"db", "init", "--db", db});
        must({"user", "add", "admin", "--role", "admin", "--name", "Ann Admin", "--db", db});
        for (const auto& [user, role] : std::vector<std::pair<std::string, std::string>>{
                 {"vofficer", "visits_officer"}, {"slead", "safeguarding_lead"}, {"dgov", "duty_governor"}, {"omu", "omu_manager"}})
            must({"user", "add", user, "--role", role, "--name", user + " Person", "--officer", "admin", "--db", db});
        const auto file = tmp / "prisoners.csv";
        writeFile(file, "prison_number,first_name,last_name,pprc_status,establishment\nA1234BC,Dan,Smith,pprc,HMP Test\n");
        must({"import", "prisoners", file.string(), "--officer", "admin", "--db", db});
    }
    void must(std::vector<std::string> args, const std::function<void()>& in_child = {}) {
        const auto r = runKiosk(args, {}, in_child);
        INFO("kiosk " << args[0] << " " << (args.size() > 1 ? args[1] : "") << ": " << r.err);
        REQUIRE(r.exit_code == 0);
    }
    RunResult kiosk(std::vector<std::string> args) {
        args.insert(args.end(), {"--db", db});
        return runKiosk(args);
    }
    json jsonOf(std::vector<std::string> args, int exit_code = 0) {
        args.insert(args.end(), {"--db", db, "--json"});
        return runJson(args, exit_code);
    }
};

}  // namespace

TEST_CASE("notify cli: recipients, a welfare concern, outbox flush, delivery states, own acknowledgement",
          "[cli][notify][smtp]") {
    NotifyDb d;
    SmtpSink sink(d.tmp / "mail");
    d.must({"settings", "set", "smtp.url", sink.url(), "--officer", "admin", "--db", d.db});
    d.must({"settings", "set", "smtp.from", "kiosk@northgate.example", "--officer", "admin", "--db", d.db});
    for (const auto& [role, who, email] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"safeguarding_lead", "Sally Lead", "sally.lead@northgate.example"},
             {"duty_governor", "Gill Governor", "gill.governor@northgate.example"},
             {"probation_omu_manager", "Owen Manager", "owen.manager@probation.example"},
             {"probation_omu_manager", "Priya Shah", "priya.shah@probation.example"}})
        CHECK(d.jsonOf({"recipient", "add", "--role", role, "--name", who, "--email", email, "--officer", "admin"})
                  .contains("recipient_id"));
    const json listed = d.jsonOf({"recipient", "list", "--officer", "slead"});
    REQUIRE(listed["recipients"].size() == 4);
    CHECK(listed["recipients"][0]["role"] == "safeguarding_lead");
    const auto text = d.kiosk({"recipient", "list", "--officer", "admin"});
    CHECK(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::Contains("the probation OMU managers:"));
    CHECK_THAT(text.out, Catch::Contains("Priya Shah <priya.shah@probation.example>"));

    const json raised = d.jsonOf({"welfare", "--prisoner", "1", "--details", "child said she was frightened",
                                  "--station", "visits-hall-1", "--officer", "vofficer"});
    const long long incident = raised["incident_id"];
    // Before delivery: queued, in --json and in words.
    json notes = d.jsonOf({"notifications", "--officer", "slead"});
    REQUIRE(notes["notifications"].size() == 3);
    for (const auto& n : notes["notifications"])
        for (const auto& e : n["deliveries"]) CHECK(e["state"] == "queued");

    const json flushed = d.jsonOf({"outbox", "flush", "--officer", "admin"});
    CHECK(flushed["sent"] == 4);
    CHECK(flushed["failed"] == 0);
    const auto mail = sink.messages();
    REQUIRE(mail.size() == 4);
    for (const auto& m : mail) {
        CHECK_THAT(m.headers.at("subject"), Catch::Contains("incident " + std::to_string(incident) + " (prisoner A1234BC)"));
        CHECK_THAT(m.body, Catch::Contains("station visits-hall-1"));
        CHECK_THAT(m.body, !Catch::Contains("frightened"));
    }
    notes = d.jsonOf({"notifications", "--officer", "slead"});
    std::map<std::string, long long> by_role;
    int sent = 0;
    for (const auto& n : notes["notifications"]) {
        by_role[n["recipient_role"]] = n["id"];
        for (const auto& e : n["deliveries"]) {
            CHECK(e["state"] == "sent");
            CHECK_THAT(e["last_reply"].get<std::string>(), Catch::StartsWith("250"));
            CHECK(e["sent_at"].is_string());
            ++sent;
        }
    }
    CHECK(sent == 4);
    CHECK(by_role.at("probation_omu_manager") > 0);
    // Text output says it in words.
    const auto words = d.kiosk({"notifications", "--officer", "slead"});
    CHECK_THAT(words.out, Catch::Contains("e-mail to Gill Governor <gill.governor@northgate.example>: sent "));
    CHECK_THAT(words.out, !Catch::Contains("T10:"));
    // A second flush sends nothing more.
    CHECK(d.jsonOf({"outbox", "flush", "--officer", "slead"})["sent"] == 0);
    CHECK(sink.messages().size() == 4);

    // The duty governor sees their one notification and acknowledges it; the lead may not for them.
    const json gov = d.jsonOf({"notifications", "--officer", "dgov"});
    REQUIRE(gov["notifications"].size() == 1);
    CHECK(gov["notifications"][0]["recipient_role"] == "duty_governor");
    const std::string gid = std::to_string(by_role.at("duty_governor"));
    const auto refused = d.kiosk({"notification", "ack", "--id", gid, "--officer", "slead"});
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.err, Catch::Contains("only the duty governor may acknowledge"));
    d.must({"notification", "ack", "--id", gid, "--officer", "dgov", "--db", d.db});
    d.must({"notification", "ack", "--id", std::to_string(by_role.at("probation_omu_manager")), "--officer", "omu", "--db", d.db});
    d.must({"notification", "ack", "--id", std::to_string(by_role.at("safeguarding_lead")), "--officer", "slead", "--db", d.db});
    CHECK(d.jsonOf({"notifications", "--unacknowledged", "--officer", "slead"})["notifications"].empty());
    const json incidents = d.jsonOf({"incidents", "--officer", "slead"});
    CHECK(incidents["incidents"][0]["status"] == "closed");  // every notified person acknowledged

    // Removing a recipient: the record stays, no further e-mails go to them.
    const long long priya = listed["recipients"][3]["id"];
    d.must({"recipient", "remove", "--id", std::to_string(priya), "--officer", "admin", "--db", d.db});
    CHECK(d.jsonOf({"recipient", "list", "--officer", "admin"})["recipients"].size() == 3);
    CHECK(d.jsonOf({"recipient", "list", "--all", "--officer", "admin"})["recipients"].size() == 4);
    CHECK(d.kiosk({"recipient", "remove", "--id", std::to_string(priya), "--officer", "admin"}).exit_code == 2);
    CHECK(runKiosk({"audit", "verify", "--db", d.db}).exit_code == 0);
}

TEST_CASE("notify cli: outbox flush exits 1 with the reason while the server is down, 0 once it is back",
          "[cli][notify][smtp]") {
    NotifyDb d;
    SmtpSink sink(d.tmp / "mail");
    d.must({"settings", "set", "smtp.url", sink.url(), "--officer", "admin", "--db", d.db});
    // Before smtp.from is set the kiosk says what is missing, and sends nothing.
    d.must({"recipient", "add", "--role", "duty_governor", "--name", "Gill Governor", "--email",
            "gill.governor@northgate.example", "--officer", "admin", "--db", d.db});
    d.must({"welfare", "--prisoner", "1", "--details", "seen on the wing", "--officer", "vofficer", "--db", d.db});
    const auto unconfigured = d.kiosk({"outbox", "flush", "--officer", "admin"});
    CHECK(unconfigured.exit_code == 1);
    CHECK_THAT(unconfigured.out, Catch::Contains("no mail server configured"));
    d.must({"settings", "set", "smtp.from", "kiosk@northgate.example", "--officer", "admin", "--db", d.db});

    sink.stop();
    const json down = d.jsonOf({"outbox", "flush", "--officer", "admin"}, 1);
    CHECK(down["retrying"] == 1);
    const json state = d.jsonOf({"notifications", "--officer", "dgov"});
    const auto& e = state["notifications"][0]["deliveries"][0];
    CHECK(e["state"] == "retrying");
    CHECK(e["attempts"] == 1);
    CHECK_THAT(e["last_reply"].get<std::string>(), Catch::Contains("onnect"));
    CHECK(e["next_attempt_at"].is_string());
    const auto words = d.kiosk({"notifications", "--officer", "dgov"});
    CHECK_THAT(words.out, Catch::Contains("not delivered yet, tried 1x, next try "));
    // The retry is due a minute later: `outbox retry` is for failed messages only.
    CHECK(d.kiosk({"outbox", "retry", "--id", std::to_string(e["outbox_id"].get<long long>()), "--officer", "admin"})
              .exit_code == 2);
    sink.start();
    CHECK(sink.messages().empty());
}

TEST_CASE("notify cli: bad input and roles not allowed exit 2 with a clear message", "[cli][notify]") {
    NotifyDb d;
    struct Case { std::vector<std::string> args; const char* says; };
    const Case cases[] = {
        {{"recipient", "add", "--role", "governor", "--name", "X", "--email", "x@y.example", "--officer", "admin"},
         "is not safeguarding_lead, duty_governor or probation_omu_manager"},
        {{"recipient", "add", "--role", "duty_governor", "--name", "X", "--email", "not-an-address", "--officer", "admin"},
         "is not an e-mail address"},
        {{"recipient", "add", "--role", "duty_governor", "--name", "X", "--email", "x@y.example", "--officer", "slead"},
         "only an administrator may manage who is e-mailed about incidents"},
        {{"recipient", "remove", "--id", "99", "--officer", "admin"}, "no recipient 99"},
        {{"settings", "set", "smtp.url", "http://127.0.0.1:25", "--officer", "admin"}, "is not smtp://HOST[:PORT]"},
        {{"settings", "set", "integrity", "v0", "--officer", "admin"}, "no setting 'integrity'"},
        {{"settings", "set", "smtp.url", "smtp://127.0.0.1:2525", "--officer", "slead"},
         "only an administrator may change the establishment's settings"},
        {{"outbox", "flush", "--officer", "vofficer"}, "only a safeguarding lead or an administrator may deliver"},
        {{"notifications", "--officer", "vofficer"}, "may view notifications"},
        {{"outbox", "retry", "--id", "5", "--officer", "admin"}, "no outbox message 5"},
    };
    for (const auto& c : cases) {
        const auto r = d.kiosk(c.args);
        INFO("kiosk " << c.args[0] << " " << c.args[1] << ": " << r.err);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains(c.says));
    }
    // Settings read back as set; the list names every one.
    d.must({"settings", "set", "smtp.starttls", "on", "--officer", "admin", "--db", d.db});
    CHECK(d.kiosk({"settings", "get", "smtp.starttls", "--officer", "admin"}).out == "on\n");
    CHECK(d.jsonOf({"settings", "list", "--officer", "admin"})["settings"].size() == 7);
}
