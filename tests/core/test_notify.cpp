// The rules of notifications that reach people (kiosk/core/notify.hpp), table-tested without a
// database: who acknowledges what, what each notified role sees, the message's minimum, when a
// failed delivery is tried again, the address and settings checks, dates in words.
#include <catch2/catch.hpp>

#include <algorithm>

#include "kiosk/core/errors.hpp"
#include "kiosk/core/notify.hpp"
#include "kiosk/core/permissions.hpp"

using namespace core;

TEST_CASE("notify: each notified role acknowledges only its own notifications", "[core][notify]") {
    struct Row { Role role; bool lead, governor, omu; };
    const Row table[] = {
        {Role::SafeguardingLead, true, false, false}, {Role::DutyGovernor, false, true, false},
        {Role::OmuManager, false, false, true},       {Role::Admin, false, false, false},
        {Role::VisitsOfficer, false, false, false},   {Role::VideoCallOfficer, false, false, false},
    };
    for (const auto& r : table) {
        INFO(name(r.role));
        CHECK(mayAcknowledge(r.role, RecipientRole::SafeguardingLead) == r.lead);
        CHECK(mayAcknowledge(r.role, RecipientRole::DutyGovernor) == r.governor);
        CHECK(mayAcknowledge(r.role, RecipientRole::ProbationOmuManager) == r.omu);
    }
}

TEST_CASE("notify: the role table gives the notified roles their notifications and nothing of the hall", "[core][notify][authz]") {
    // The duty governor and OMU managers: notifications and the incidents notified to them only.
    for (const Role r : {Role::DutyGovernor, Role::OmuManager}) {
        INFO(name(r));
        for (const auto& rule : operationTable()) {
            const bool theirs = rule.op == Operation::ViewNotifications || rule.op == Operation::AcknowledgeNotification ||
                                rule.op == Operation::ViewNotifiedIncidents;
            INFO(rule.name);
            CHECK(allowed(r, rule.op) == theirs);
        }
    }
    CHECK(allowed(Role::SafeguardingLead, Operation::AcknowledgeNotification));
    CHECK(allowed(Role::Admin, Operation::ManageRecipients));
    CHECK_FALSE(allowed(Role::SafeguardingLead, Operation::ManageRecipients));
    CHECK(allowed(Role::SafeguardingLead, Operation::ViewRecipients));
    CHECK(allowed(Role::Admin, Operation::ManageSettings));
    CHECK_FALSE(allowed(Role::SafeguardingLead, Operation::ManageSettings));
    CHECK_FALSE(allowed(Role::VisitsOfficer, Operation::DeliverNotifications));
    CHECK(onlyWho(Operation::ViewNotifiedIncidents) ==
          "only a safeguarding lead, a duty governor or a probation OMU manager may view the incidents notified to them");
    CHECK(name(Role::DutyGovernor) == "duty_governor");
    CHECK(parse<Role>("omu_manager") == Role::OmuManager);
    CHECK(allRoles().size() == 7);
    // The booking system's service user is no one's role at a station (the admin cannot pick it).
    CHECK(staffRoles().size() == 6);
    CHECK(std::find(staffRoles().begin(), staffRoles().end(), Role::BookingSystem) == staffRoles().end());
}

TEST_CASE("notify: evidence each notified role sees", "[core][notify]") {
    const auto lead = evidenceFor(Role::SafeguardingLead);
    CHECK((lead.child_name && lead.check_scores && lead.evidence_crop && lead.approved_images && lead.monitor_snapshot));
    const auto gov = evidenceFor(Role::DutyGovernor);
    CHECK((gov.check_scores && gov.monitor_snapshot));
    CHECK_FALSE(gov.evidence_crop);
    CHECK_FALSE(gov.approved_images);
    const auto omu = evidenceFor(Role::OmuManager);
    CHECK(omu.check_scores);
    CHECK_FALSE((omu.evidence_crop || omu.approved_images || omu.monitor_snapshot));
    const auto officer = evidenceFor(Role::VisitsOfficer);
    CHECK_FALSE((officer.child_name || officer.check_scores || officer.monitor_snapshot));
}

TEST_CASE("notify: the message carries the minimum, the child's name only when turned on", "[core][notify]") {
    NoticeFacts f;
    f.incident_id = 42;
    f.kind = IncidentKind::WelfareConcern;
    f.raised_at = "2026-12-01T10:32:05";
    f.station = "visits-hall-1";
    f.prison_number = "A1234BC";
    f.establishment = "HMP Northgate";
    f.to = RecipientRole::DutyGovernor;
    f.child_name = "Frankie Walsh";
    const auto plain = composeNotice(f, false);
    CHECK(plain.subject == "Safeguarding notification: welfare concern, incident 42 (prisoner A1234BC)");
    CHECK_THAT(plain.body, Catch::Contains("When: Tue 1 Dec 2026, 10:32"));
    CHECK_THAT(plain.body, Catch::Contains("Where: HMP Northgate, station visits-hall-1"));
    CHECK_THAT(plain.body, Catch::Contains("Prisoner number: A1234BC"));
    CHECK_THAT(plain.body, Catch::Contains("Incident number: 42"));
    CHECK_THAT(plain.body, Catch::Contains("to the duty governor"));
    CHECK_THAT(plain.body, !Catch::Contains("Frankie"));
    CHECK_THAT(plain.subject, !Catch::Contains("Frankie"));
    CHECK_THAT(plain.body, !Catch::Contains("2026-12-01"));
    const auto named = composeNotice(f, true);
    CHECK_THAT(named.body, Catch::Contains("Child: Frankie Walsh"));
    CHECK_THAT(named.subject, !Catch::Contains("Frankie"));
    f.kind = IncidentKind::VisitRefused;
    CHECK_THAT(composeNotice(f, false).body, Catch::Contains("A visit was refused"));
}

TEST_CASE("notify: dates in words", "[core][notify]") {
    CHECK(whenWords("2026-12-01T10:32:00") == "Tue 1 Dec 2026, 10:32");
    CHECK(whenWords("2027-01-03T07:05:59") == "Sun 3 Jan 2027, 07:05");
    CHECK(whenWords("not a time") == "not a time");
    CHECK(whenWordsShort("2026-12-01T10:32:00", "2026-12-01T18:00:00") == "today 10:32");
    CHECK(whenWordsShort("2026-11-30T10:32:00", "2026-12-01T18:00:00") == "Mon 30 Nov 2026, 10:32");
}

TEST_CASE("notify: a failed delivery is tried again with backoff, then given up", "[core][notify]") {
    // A permanent reply (5xx) fails at once, whatever the count.
    CHECK(afterFailedAttempt(1, true).state == DeliveryState::Failed);
    CHECK_FALSE(afterFailedAttempt(1, true).retry_in_seconds);
    long previous = 0;
    for (int attempts = 1; attempts < kMaxDeliveryAttempts; ++attempts) {
        const auto d = afterFailedAttempt(attempts, false);
        INFO("after attempt " << attempts);
        REQUIRE(d.state == DeliveryState::Retrying);
        REQUIRE(d.retry_in_seconds);
        CHECK(*d.retry_in_seconds >= previous);
        CHECK(*d.retry_in_seconds <= 3600);
        previous = *d.retry_in_seconds;
    }
    CHECK(afterFailedAttempt(1, false).retry_in_seconds == 60);
    CHECK(afterFailedAttempt(2, false).retry_in_seconds == 120);
    CHECK(afterFailedAttempt(3, false).retry_in_seconds == 240);
    CHECK(afterFailedAttempt(kMaxDeliveryAttempts, false).state == DeliveryState::Failed);
    CHECK(kSendingLeaseSeconds > 60);  // longer than the sender's own timeout
}

TEST_CASE("notify: addresses that could not add a header or a second recipient", "[core][notify]") {
    for (const char* ok : {"gill.governor@northgate.example", "a.b-c+d@probation.gov.uk", "x@y.zz"}) CHECK(validEmail(ok));
    for (const char* bad : {"", "no-at-sign", "two@@example.org", "@example.org", "a@b", "a@.example", "a@example.",
                            "a b@example.org", "a@example.org\r\nBcc: x@evil.example", "a@example.org,b@example.org",
                            "<a@example.org>", "a@exa..mple.org"}) {
        INFO(bad);
        CHECK_FALSE(validEmail(bad));
    }
}

TEST_CASE("notify: settings are checked before they are stored", "[core][notify]") {
    CHECK_NOTHROW(checkSetting("smtp.url", "smtp://127.0.0.1:2525"));
    CHECK_NOTHROW(checkSetting("smtp.url", "smtps://mail.northgate.example"));
    CHECK_NOTHROW(checkSetting("smtp.url", ""));
    CHECK_NOTHROW(checkSetting("smtp.starttls", "on"));
    CHECK_NOTHROW(checkSetting("notify.include_child_name", "off"));
    CHECK_NOTHROW(checkSetting("smtp.password_file", "/etc/kiosk/smtp.password"));
    CHECK_THROWS_AS(checkSetting("smtp.url", "http://127.0.0.1"), InputError);
    CHECK_THROWS_AS(checkSetting("smtp.url", "smtp://user:secret@mail.example"), InputError);
    CHECK_THROWS_AS(checkSetting("smtp.from", "not an address"), InputError);
    CHECK_THROWS_AS(checkSetting("smtp.starttls", "yes"), InputError);
    CHECK_THROWS_AS(checkSetting("smtp.password_file", "relative/file"), InputError);
    CHECK_THROWS_AS(checkSetting("smtp.from", "a@example.org\nBcc: b@example.org"), InputError);
    CHECK_THROWS_WITH(checkSetting("integrity", "v0"), Catch::StartsWith("no setting 'integrity' (settings: smtp.url"));
    CHECK(messageKeyFor(17, 5, "2026-12-01T10:32:05") == "kiosk-outbox-17.n5.20261201103205");
    CHECK(messageKeyFor(18, 5, "2026-12-01T10:32:05") != messageKeyFor(17, 5, "2026-12-01T10:32:05"));
}
