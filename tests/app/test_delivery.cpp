// Delivering notifications to a real SMTP server (tests/support/smtp_sink.py, Debian's aiosmtpd on
// 127.0.0.1): a welfare concern reaches the lead's, the duty governor's and the OMU managers'
// mailboxes; a stopped server leaves the reason recorded and the message queued for retry, and
// once it is back the message arrives exactly once; a permanent refusal, a crash between sending
// and recording, authentication with a 0600 password file, a tampered message, the background worker.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "kiosk/app/delivery.hpp"
#include "kiosk/core/errors.hpp"
#include "kiosk/store/audit_chain.hpp"
#include "kiosk/store/errors.hpp"
#include "kiosk/store/sqlite_integrity.hpp"
#include "tests/store/store_fixture.hpp"
#include "tests/support/smtp_sink.hpp"
#include "tests/support/test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;
using core::DeliveryState;
using core::RecipientRole;

namespace {

struct Office : RecordsFixture {
    TempDir tmp;
    Office() {
        seedPeople();  // admin, officer, lead; A1234BC with child Amy Smith (CS-1)
    }
    void mailServer(const std::string& url) {
        records.setSetting(admin, "smtp.url", url);
        records.setSetting(admin, "smtp.from", "kiosk@northgate.example");
    }
    core::Id concern(const std::string& details = "child distressed after the visit") {
        return records.raiseWelfareConcern(officer, prisoner, std::nullopt, child, details, "visits-hall-1");
    }
    std::vector<core::DeliveryView> deliveries() {
        std::vector<core::DeliveryView> out;
        for (auto& v : records.notificationViews(lead, false))
            for (auto& d : v.deliveries) out.push_back(std::move(d));
        return out;
    }
    app::DeliveryCounts flush() { return app::deliverDue(records, std::nullopt); }
};

}  // namespace

TEST_CASE("delivery: a welfare concern reaches all three roles' mailboxes, once", "[app][notify][smtp]") {
    Office o;
    SmtpSink sink(o.tmp / "mail");
    o.mailServer(sink.url());
    o.records.addRecipient(o.admin, RecipientRole::SafeguardingLead, "Sally Lead", "sally.lead@northgate.example");
    o.records.addRecipient(o.admin, RecipientRole::DutyGovernor, "Gill Governor", "gill.governor@northgate.example");
    o.records.addRecipient(o.admin, RecipientRole::DutyGovernor, "Dev Deputy", "dev.deputy@northgate.example");
    o.records.addRecipient(o.admin, RecipientRole::ProbationOmuManager, "Owen Manager", "owen.manager@probation.example");
    const core::Id incident = o.concern();

    const auto c = o.flush();
    CHECK(c.sent == 4);
    CHECK_FALSE(c.anyFailed());
    const auto mail = sink.messages();
    REQUIRE(mail.size() == 4);
    std::set<std::string> to, ids;
    for (const auto& m : mail) {
        INFO(m.raw);
        REQUIRE(m.envelope_to.size() == 1);
        to.insert(m.envelope_to.front());
        CHECK(m.envelope_from == "kiosk@northgate.example");
        CHECK(m.headers.at("subject") == "Safeguarding notification: welfare concern, incident " + std::to_string(incident) +
                                             " (prisoner A1234BC)");
        CHECK_THAT(m.body, Catch::Contains("When: Mon 2 Mar 2026, 10:00"));
        CHECK_THAT(m.body, Catch::Contains("Where: HMP Test, station visits-hall-1"));
        CHECK_THAT(m.body, Catch::Contains("Prisoner number: A1234BC"));
        CHECK_THAT(m.body, Catch::Contains("Incident number: " + std::to_string(incident)));
        // The minimum: no child's name (Amy Smith), no image, not the officer's details text.
        CHECK_THAT(m.raw, !Catch::Contains("Amy"));
        CHECK_THAT(m.raw, !Catch::Contains("distressed"));
        CHECK_THAT(m.raw, !Catch::Contains("Content-Type: image"));
        CHECK_THAT(m.headers.at("message-id"), Catch::StartsWith("<kiosk-outbox-"));
        ids.insert(m.headers.at("message-id"));
    }
    CHECK(to == std::set<std::string>{"sally.lead@northgate.example", "gill.governor@northgate.example",
                                      "dev.deputy@northgate.example", "owen.manager@probation.example"});
    CHECK(ids.size() == 4);
    // Each notice says it went to the lead, the duty governor or the OMU manager.
    CHECK(std::count_if(mail.begin(), mail.end(), [](const ReceivedMail& m) {
              return m.body.find("to the duty governor") != std::string::npos;
          }) == 2);
    for (const auto& d : o.deliveries()) {
        CHECK(d.message.state == DeliveryState::Sent);
        CHECK_THAT(d.message.last_reply, Catch::StartsWith("250 2.0.0 Ok: queued as"));
        CHECK(d.message.attempts == 1);
    }
    // Nothing is due any more: a second run sends nothing.
    CHECK(o.flush().sent == 0);
    CHECK(sink.messages().size() == 4);
    CHECK(store::verifyAuditChain(o.db).intact);

    // The establishment may turn the child's name on; the next message then carries it.
    o.records.setSetting(o.admin, "notify.include_child_name", "on");
    o.concern("second concern");
    CHECK(o.flush().sent == 4);
    const auto later = sink.messages();
    REQUIRE(later.size() == 8);
    CHECK_THAT(later.back().body, Catch::Contains("Child: Amy Smith"));
}

TEST_CASE("delivery: server stopped -> the reason is recorded and it is retried, started again -> delivered exactly once",
          "[app][notify][smtp]") {
    Office o;
    SmtpSink sink(o.tmp / "mail");
    o.mailServer(sink.url());
    o.records.addRecipient(o.admin, RecipientRole::DutyGovernor, "Gill Governor", "gill.governor@northgate.example");
    sink.stop();
    o.concern();

    auto c = o.flush();
    CHECK(c.retrying == 1);
    CHECK(c.sent == 0);
    CHECK(c.anyFailed());
    auto d = o.deliveries();
    REQUIRE(d.size() == 1);
    CHECK(d[0].message.state == DeliveryState::Retrying);
    CHECK(d[0].message.attempts == 1);
    CHECK_THAT(d[0].message.last_reply, Catch::Contains("onnect"));  // "Couldn't connect to server"
    CHECK(d[0].message.next_attempt_at == "2026-03-02T10:01:00");    // one minute later

    // Not due yet: nothing is tried before the backoff ends.
    c = o.flush();
    CHECK(c.sent + c.retrying + c.failed == 0);
    // Still down a minute later: tried again, two minutes to the next.
    o.clock = "2026-03-02T10:01:00";
    CHECK(o.flush().retrying == 1);
    CHECK(o.deliveries()[0].message.attempts == 2);
    CHECK(o.deliveries()[0].message.next_attempt_at == "2026-03-02T10:03:00");

    sink.start();  // back, on the same port
    o.clock = "2026-03-02T10:03:00";
    c = o.flush();
    CHECK(c.sent == 1);
    CHECK_FALSE(c.anyFailed());
    o.clock = "2026-03-02T11:00:00";
    CHECK(o.flush().sent == 0);
    const auto mail = sink.messages();
    REQUIRE(mail.size() == 1);  // exactly once
    CHECK(mail[0].envelope_to == std::vector<std::string>{"gill.governor@northgate.example"});
    d = o.deliveries();
    CHECK(d[0].message.state == DeliveryState::Sent);
    CHECK(d[0].message.attempts == 3);
    CHECK(*d[0].message.sent_at == "2026-03-02T10:03:00");
}

TEST_CASE("delivery: a permanent refusal is recorded with the server's reply and not retried", "[app][notify][smtp]") {
    Office o;
    SmtpSink sink(o.tmp / "mail");
    o.mailServer(sink.url());
    o.records.addRecipient(o.admin, RecipientRole::SafeguardingLead, "Sally Lead", "reject.sally@northgate.example");
    o.records.addRecipient(o.admin, RecipientRole::DutyGovernor, "Gill Governor", "gill.governor@northgate.example");
    o.concern();
    const auto c = o.flush();
    CHECK(c.failed == 1);
    CHECK(c.sent == 1);
    for (const auto& d : o.deliveries()) {
        INFO(d.message.address);
        if (d.message.address.rfind("reject", 0) == 0) {
            CHECK(d.message.state == DeliveryState::Failed);
            CHECK_THAT(d.message.last_reply, Catch::StartsWith("550 5.1.1 <reject.sally@northgate.example>: mailbox unavailable"));
        } else {
            CHECK(d.message.state == DeliveryState::Sent);
        }
    }
    o.clock = "2026-03-02T12:00:00";
    const auto again = o.flush();
    CHECK(again.sent + again.failed + again.retrying == 0);
    CHECK(sink.messages().size() == 1);
}

TEST_CASE("delivery: killed between sending and recording -> never sent again by itself, a person resends it",
          "[app][notify][smtp]") {
    Office o;
    SmtpSink sink(o.tmp / "mail");
    o.mailServer(sink.url());
    o.records.addRecipient(o.admin, RecipientRole::DutyGovernor, "Gill Governor", "gill.governor@northgate.example");
    o.concern();
    // A sender claims the message and hands it to the server, then dies before recording the answer.
    const auto claim = o.records.claimDeliveries(std::nullopt, 10);
    REQUIRE(claim.messages.size() == 1);
    const auto& m = claim.messages[0];
    app::SmtpConfig config;
    config.settings = o.records.mailSettings();
    REQUIRE(app::sendMail(config, {m.address, m.subject, m.body, app::messageIdFor(m.message_key, config.settings.from), ""}).ok);
    REQUIRE(sink.messages().size() == 1);

    // Another sender meanwhile: the claimed message is not due, not sent again.
    CHECK(o.flush().sent == 0);
    CHECK(o.deliveries()[0].message.state == DeliveryState::Sending);
    // After the lease, it is marked failed as interrupted, with why, and still not resent.
    o.clock = core::addSeconds(o.clock, core::kSendingLeaseSeconds + 1);
    const auto c = o.flush();
    CHECK(c.interrupted == 1);
    CHECK(c.sent == 0);
    CHECK(sink.messages().size() == 1);
    auto d = o.deliveries()[0].message;
    CHECK(d.state == DeliveryState::Failed);
    CHECK_THAT(d.last_reply, Catch::StartsWith("interrupted while sending"));
    // The late answer of the dead sender is refused: it cannot mark a failed message sent.
    CHECK_THROWS_AS(o.records.recordSent(std::nullopt, m.id, "250 late"), core::RuleRefusal);

    // The lead asked Gill, who had not got it: resent, with the same Message-ID.
    CHECK_THROWS_AS(o.records.resend(o.officer, m.id), core::PermissionError);
    o.records.resend(o.lead, m.id);
    CHECK(o.flush().sent == 1);
    const auto mail = sink.messages();
    REQUIRE(mail.size() == 2);
    CHECK(mail[0].headers.at("message-id") == mail[1].headers.at("message-id"));
    CHECK_THROWS_AS(o.records.resend(o.lead, m.id), core::InputError);  // sent: nothing to resend
}

TEST_CASE("delivery: authentication with a password file only the kiosk's account may read", "[app][notify][smtp]") {
    Office o;
    SmtpSink sink(o.tmp / "mail", 0, "kiosk:s3cret-pass");
    o.mailServer(sink.url());
    const auto pw = o.tmp / "smtp.password";
    writeFile(pw, "s3cret-pass\n");
    std::filesystem::permissions(pw, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                         std::filesystem::perms::group_read | std::filesystem::perms::others_read);
    o.records.setSetting(o.admin, "smtp.username", "kiosk");
    o.records.setSetting(o.admin, "smtp.password_file", pw.string());
    o.records.addRecipient(o.admin, RecipientRole::DutyGovernor, "Gill Governor", "gill.governor@northgate.example");
    o.concern();
    // Readable by others: refused before anything is claimed, saying what to do.
    auto c = o.flush();
    CHECK_THAT(c.problem, Catch::Contains("chmod 600 " + pw.string()));
    CHECK(c.anyFailed());
    CHECK(o.deliveries()[0].message.state == DeliveryState::Queued);
    CHECK(o.deliveries()[0].message.attempts == 0);

    std::filesystem::permissions(pw, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    c = o.flush();
    CHECK(c.sent == 1);
    REQUIRE(sink.messages().size() == 1);
    // The password never reaches the records.
    auto& st = o.db.prepare("SELECT count(*) FROM kiosk_settings WHERE value LIKE '%s3cret%'");
    REQUIRE(st.step());
    CHECK(st.int64(0) == 0);
    st.reset();

    // A wrong password: not sent, and why is recorded (aiosmtpd's 535, or its stall after it).
    writeFile(pw, "wrong\n");
    o.concern("again");
    c = o.flush();
    CHECK(c.sent == 0);
    bool saw = false;
    for (const auto& d : o.deliveries())
        if (d.message.state != DeliveryState::Sent) {
            saw = true;
            CHECK_FALSE(d.message.last_reply.empty());
        }
    CHECK(saw);
}

TEST_CASE("delivery: a message or address edited outside the kiosk is never sent", "[app][notify][smtp]") {
    Office o;
    SmtpSink sink(o.tmp / "mail");
    o.mailServer(sink.url());
    o.records.addRecipient(o.admin, RecipientRole::DutyGovernor, "Gill Governor", "gill.governor@northgate.example");
    o.concern();
    o.db.exec("UPDATE outbox SET address = 'someone@elsewhere.example'");
    CHECK_THROWS_AS(o.flush(), store::IntegrityError);
    CHECK(sink.messages().empty());
    // Recipients too: a new notice is never composed for an address edited in the file.
    o.db.exec("UPDATE outbox SET address = 'gill.governor@northgate.example'");
    store::sealRow(o.db, "outbox", 1);
    o.db.exec("UPDATE recipients SET email = 'someone@elsewhere.example'");
    CHECK_THROWS_AS(o.concern("another"), store::IntegrityError);
}

TEST_CASE("delivery: the kiosk's background worker delivers on its own thread and connection", "[app][notify][smtp]") {
    TempDir tmp;
    SmtpSink sink(tmp / "mail");
    const std::string db = (tmp / "kiosk.db").string();
    {
        const auto r = runKiosk({"db", "init", "--db", db});
        REQUIRE(r.exit_code == 0);
    }
    {
        store::RecordsStore opened(db, store::keyPathFor(db), store::OpenMode::Existing);
        core::Records records(opened.repo);
        records.createUserAtSetup({0, "admin", "Admin", core::Role::Admin, true}, "x");
        const auto admin = records.requireUser("admin");
        records.createUser(admin, {0, "officer", "Officer", core::Role::VisitsOfficer, true}, "x");
        records.setSetting(admin, "smtp.url", sink.url());
        records.setSetting(admin, "smtp.from", "kiosk@northgate.example");
        records.addRecipient(admin, RecipientRole::ProbationOmuManager, "Owen Manager", "owen.manager@probation.example");
        const auto p = records.addPrisoner(admin, {0, "A1234BC", "Dan", "Smith", "pprc", "HMP Test"});
        records.raiseWelfareConcern(records.requireUser("officer"), p, std::nullopt, std::nullopt, "seen on the wing",
                                    "video-call-1");
    }
    app::DeliveryWorker worker(db, store::keyPathFor(db), 0.2);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (sink.messages().empty() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE(sink.messages().size() == 1);
    CHECK_THAT(sink.messages()[0].body, Catch::Contains("station video-call-1"));
    std::this_thread::sleep_for(std::chrono::milliseconds(600));  // a few more runs: nothing more is sent
    CHECK(sink.messages().size() == 1);
    CHECK(worker.status().error.empty());
    CHECK(worker.status().runs >= 2);
}
