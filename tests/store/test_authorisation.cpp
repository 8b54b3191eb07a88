// Every role (and an inactive user) against every operation in core's role table, on a real SQLite
// database: allowed ones succeed; refused ones throw PermissionError, change no row anywhere and
// leave exactly one "authz.denied" audit row. New operations are picked up from the table itself:
// one without an exercise below fails the test.
#include <catch2/catch.hpp>

#include <functional>
#include <map>

#include "kiosk/core/errors.hpp"
#include "kiosk/core/importer.hpp"
#include "kiosk/core/permissions.hpp"
#include "kiosk/store/audit_chain.hpp"
#include "kiosk/store/sqlite_integrity.hpp"
#include "tests/store/store_fixture.hpp"

using namespace core;
using kiosk::test::evidence;
using kiosk::test::RecordsFixture;

namespace {

// A day in the kiosk with something for every operation to act on.
struct World : RecordsFixture {
    User video, inactive, governor, omu;
    Id welfare1 = 0, recipient1 = 0, p2 = 0, c2 = 0, p3 = 0, visit2 = 0, call2 = 0, check1 = 0, incident1 = 0, open_review = 0,
       done_review = 0, notification1 = 0, cleared_visit = 0, cleared_call = 0, appeal1 = 0;

    World() {
        seedPeople();  // admin, officer, lead; prisoner A1234BC with child CS-1 (visits)
        records.createUser(admin, {0, "vco", "Video Officer", Role::VideoCallOfficer, true}, "x");
        video = records.requireUser("vco");
        // Even an administrator's role counts for nothing once the account is deactivated.
        records.createUser(admin, {0, "gone", "Former Admin", Role::Admin, false}, "x");
        inactive = *repo.userByName("gone");
        // The people an incident notifies sign in too (issue 13), and are e-mailed.
        records.createUser(admin, {0, "gov", "Gill Governor", Role::DutyGovernor, true}, "x");
        records.createUser(admin, {0, "omu", "Owen Manager", Role::OmuManager, true}, "x");
        governor = records.requireUser("gov");
        omu = records.requireUser("omu");
        recipient1 = records.addRecipient(admin, RecipientRole::DutyGovernor, "Gill Governor", "gill@northgate.example");

        p2 = records.addPrisoner(admin, {0, "B2345CD", "Ben", "Jones", "pprc", "HMP Test"});
        c2 = records.addChild(admin, {0, "CS-2", "Cal", "Jones", {2017, 6, 1}, "Kim Jones"});
        arrange(p2, c2, {ContactType::Visit, ContactType::VideoCall});
        p3 = records.addPrisoner(admin, {0, "C3456DE", "Cy", "Brown", "pprc", "HMP Test"});
        const Id c3 = records.addChild(admin, {0, "CS-3", "Dee", "Brown", {2016, 2, 1}, "Lee Brown"});
        arrange(p3, c3, {ContactType::Visit});
        records.enrolImage(admin, c2, "cal.jpg", enrolment(), {{2026, 1, 5}, "carer", "social worker", true});

        const Date today{2026, 3, 2};
        const Id visit1 = book(BookingKind::Visit, today, "09:00");
        visit2 = records.addBooking(admin, {0, "", BookingKind::Visit, p2, today, "10:00", BookingStatus::Scheduled, {c2}});
        call2 = records.addBooking(admin, {0, "", BookingKind::VideoCall, p2, today, "11:00", BookingStatus::Scheduled, {c2}});
        const Id visit3 = records.addBooking(admin, {0, "", BookingKind::Visit, p3, today, "12:00", BookingStatus::Scheduled, {c3}});

        const auto refused = records.recordCheck(officer, {visit1, child, "", "hall-1", Decision::NotConfident, ""},
                                                 evidence(Band::NoMatch, 0.9));
        check1 = refused.check_id;
        incident1 = *refused.incident_id;
        open_review = *refused.review_id;
        notification1 = refused.notification_ids.at(0);
        const auto second = records.recordCheck(officer, {visit3, c3, "", "hall-1", Decision::NotConfident, ""},
                                                evidence(Band::NoMatch, 0.9));
        done_review = *second.review_id;
        records.completeReview(lead, done_review, ReviewOutcome::Unchanged, "");

        // A visit and a call whose children are confirmed, ready to start.
        cleared_visit = records.addBooking(admin, {0, "", BookingKind::Visit, p2, today, "13:00", BookingStatus::Scheduled, {c2}});
        cleared_call = records.addBooking(admin, {0, "", BookingKind::VideoCall, p2, today, "14:00", BookingStatus::Scheduled, {c2}});
        records.recordCheck(officer, {cleared_visit, c2, "", "hall-1", Decision::Confirmed, ""}, evidence(Band::StrongMatch, 0.3));
        records.recordCheck(video, {cleared_call, c2, "", "vc-1", Decision::Confirmed, ""}, evidence(Band::StrongMatch, 0.3));

        // A fourth prisoner's refusal, reviewed and appealed: an appeal waiting for its outcome.
        const Id p4 = records.addPrisoner(admin, {0, "D4567EF", "Di", "Green", "pprc", "HMP Test"});
        const Id c4 = records.addChild(admin, {0, "CS-4", "Eli", "Green", {2015, 2, 1}, "Max Green"});
        arrange(p4, c4, {ContactType::Visit});
        const Id visit4 = records.addBooking(admin, {0, "", BookingKind::Visit, p4, today, "15:00", BookingStatus::Scheduled, {c4}});
        const auto third = records.recordCheck(officer, {visit4, c4, "", "hall-1", Decision::NotConfident, ""},
                                               evidence(Band::NoMatch, 0.9));
        records.completeReview(lead, *third.review_id, ReviewOutcome::Suspended, "");
        appeal1 = records.lodgeAppeal(lead, *third.review_id, today, "it was the child").id;
        // A welfare concern notifies all three roles: the lead, the duty governor and OMU.
        welfare1 = records.raiseWelfareConcern(officer, p3, std::nullopt, std::nullopt, "child upset", "hall-1");
    }
    // The welfare concern's notification to `by`'s own role (the lead's for roles it notifies none).
    Id welfareNotificationFor(const User& by) {
        const auto mine = recipientRoleOf(by.role).value_or(RecipientRole::SafeguardingLead);
        for (const auto& n : repo.notificationsOf(welfare1))
            if (n.recipient == mine) return n.id;
        FAIL("no welfare notification to " << name(mine));
        return 0;
    }

    void arrange(Id prisoner_id, Id child_id, std::set<ContactType> allowed) {
        Arrangement a;
        a.prisoner_id = prisoner_id;
        a.child_id = child_id;
        a.allowed = std::move(allowed);
        a.decision_date = {2025, 1, 10};
        a.next_review_due = {2028, 1, 10};
        records.addArrangement(admin, a);
    }

    static EnrolmentEvidence enrolment() {
        EnrolmentEvidence ev;
        ev.faces = 1;
        ev.descriptor.assign(128, 0.25f);
        ev.on_file.compared = true;  // nobody else on file resembles it
        ev.image_bytes = {1, 2, 3};
        return ev;
    }

    // Rows in every table but the audit log, by table.
    std::map<std::string, long long> rowCounts() {
        std::vector<std::string> tables;
        auto& list = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'audit_log'");
        while (list.step()) tables.push_back(list.text(0));
        std::map<std::string, long long> counts;
        for (const auto& t : tables) {
            auto& st = db.prepare("SELECT count(*) FROM \"" + t + "\"");
            REQUIRE(st.step());
            counts[t] = st.int64(0);
        }
        return counts;
    }
    long long auditRows() {
        auto& st = db.prepare("SELECT count(*) FROM audit_log");
        REQUIRE(st.step());
        return st.int64(0);
    }
    std::string lastAudit() {
        auto& st = db.prepare("SELECT actor || ' ' || action || ' ' || detail FROM audit_log ORDER BY seq DESC LIMIT 1");
        REQUIRE(st.step());
        return st.text(0);
    }
    // What users, prisoners and reviews look like, beyond counting them.
    std::string fingerprint() {
        auto& st = db.prepare(
            "SELECT (SELECT group_concat(status || coalesce(outcome, '') || coalesce(informed_at, '') || "
            "coalesce(appeal_lodged_at, ''), ',') FROM reviews) || '|' || "
            "(SELECT group_concat(coalesce(acknowledged_at, '-'), ',') FROM notifications) || '|' || "
            "(SELECT group_concat(status, ',') FROM bookings) || '|' || "
            "(SELECT group_concat(status, ',') FROM incidents) || '|' || "
            "(SELECT group_concat(coalesce(outcome, '-'), ',') FROM appeals) || '|' || "
            "(SELECT count(*) FROM contact_sessions) || '|' || "
            "coalesce((SELECT group_concat(state || attempts, ',') FROM outbox), '') || '|' || "
            "coalesce((SELECT group_concat(coalesce(removed_at, '-'), ',') FROM recipients), '') || '|' || "
            "coalesce((SELECT group_concat(name || '=' || value, ',') FROM kiosk_settings), '')");
        REQUIRE(st.step());
        return st.text(0);
    }
};

using Exercise = std::function<void(World&, const User&)>;

// The operation runs first, then its result is checked: a CHECK around the call itself would
// swallow the PermissionError the test is looking for.
void expectCount(std::size_t got, std::size_t want) { CHECK(got == want); }
void expectTrue(bool got) { CHECK(got); }

// One exercise per operation: what a user of an allowed role would do, and must be able to.
const std::map<Operation, Exercise>& exercises() {
    static const std::map<Operation, Exercise> table = {
        {Operation::ManageUsers,
         [](World& w, const User& by) { w.records.createUser(by, {0, "newbie", "New Person", Role::VisitsOfficer, true}, "x"); }},
        {Operation::AddPrisoner,
         [](World& w, const User& by) { w.records.addPrisoner(by, {0, "E5678FG", "Eve", "White", "pprc", "HMP Test"}); }},
        {Operation::AddChild,
         [](World& w, const User& by) { w.records.addChild(by, {0, "CS-9", "Zoe", "White", {2019, 1, 1}, "Ann White"}); }},
        {Operation::AddBooking,
         [](World& w, const User& by) {
             w.records.addBooking(by, {0, "", BookingKind::Visit, w.p2, {2026, 3, 9}, "14:00", BookingStatus::Scheduled, {w.c2}});
         }},
        {Operation::AddArrangement,
         [](World& w, const User& by) {
             Arrangement a;
             a.prisoner_id = w.prisoner;
             a.child_id = w.c2;
             a.allowed = {ContactType::Letter};
             a.decision_date = {2026, 1, 10};
             a.next_review_due = {2029, 1, 10};
             w.records.addArrangement(by, a);
         }},
        {Operation::EnrolImage,
         [](World& w, const User& by) {
             w.records.enrolImage(by, w.child, "amy.jpg", World::enrolment(), {{2026, 1, 5}, "carer", "social worker", true});
         }},
        {Operation::RetireImage,
         [](World& w, const User& by) {
             const auto images = w.records.repository().approvedImages(w.c2, false);
             REQUIRE_FALSE(images.empty());
             w.records.retireImage(by, images.front().id, "replaced by a newer photo");
         }},
        {Operation::ViewBookings,
         [](World& w, const User& by) {
             expectCount(w.records.bookingsOn(by, w.records.today()).size(), 7);
             expectTrue(w.records.eligibility(by, w.visit2, w.c2).allowed);
         }},
        {Operation::ViewReferences,
         [](World& w, const User& by) {
             expectCount(w.records.viewReferences(by, w.c2).size(), 1);
             expectCount(w.records.approvedImages(by, w.c2, true).size(), 1);
             expectCount(w.records.allActiveImages(by).size(), 1);
         }},
        {Operation::CheckVisit,
         [](World& w, const User& by) {
             const auto r = w.records.recordCheck(by, {w.visit2, w.c2, "", "hall-1", Decision::Confirmed, ""},
                                                  evidence(Band::StrongMatch, 0.3));
             CHECK_FALSE(r.refused);
         }},
        {Operation::CheckVideoCall,
         [](World& w, const User& by) {
             const auto r = w.records.recordCheck(by, {w.call2, w.c2, "", "vc-1", Decision::Confirmed, ""},
                                                  evidence(Band::StrongMatch, 0.3));
             CHECK_FALSE(r.refused);
         }},
        {Operation::RaiseWelfareConcern,
         [](World& w, const User& by) { w.records.raiseWelfareConcern(by, w.p2, std::nullopt, w.c2, "child distressed"); }},
        {Operation::ViewIncidents,
         [](World& w, const User& by) {
             expectCount(w.records.incidents(by, false).size(), 4);
             expectTrue(w.records.recordedCheck(by, w.check1).has_value());
         }},
        {Operation::ViewNotifications,
         [](World& w, const User& by) {
             // The lead sees all six (three refusals, the welfare concern's three); the duty
             // governor and OMU the one sent to their role.
             const bool lead = by.role == Role::SafeguardingLead;
             expectCount(w.records.notifications(by, false).size(), lead ? 6 : 1);
             expectCount(w.records.notificationsOf(by, w.incident1).size(), lead ? 1 : 0);
             expectCount(w.records.notificationViews(by, true).size(), lead ? 6 : 1);
         }},
        {Operation::AcknowledgeNotification,
         [](World& w, const User& by) { w.records.acknowledge(by, w.welfareNotificationFor(by)); }},
        {Operation::ViewNotifiedIncidents,
         [](World& w, const User& by) {
             const auto list = w.records.notifiedIncidents(by);
             expectCount(list.size(), by.role == Role::SafeguardingLead ? 4 : 1);
             expectTrue(w.records.notifiedIncidentDetail(by, w.welfare1).has_value());
         }},
        {Operation::ManageRecipients,
         [](World& w, const User& by) {
             w.records.addRecipient(by, RecipientRole::ProbationOmuManager, "Priya Shah", "priya@probation.example");
             w.records.removeRecipient(by, w.recipient1);
         }},
        {Operation::ViewRecipients, [](World& w, const User& by) { expectCount(w.records.recipients(by).size(), 1); }},
        {Operation::ManageSettings,
         [](World& w, const User& by) {
             w.records.setSetting(by, "notify.include_child_name", "on");
             expectCount(w.records.settings(by).size(), settingRules().size());
         }},
        {Operation::DeliverNotifications,
         [](World& w, const User& by) {
             // The welfare concern's e-mail to the duty governor is due: claimed, then answered.
             const auto claim = w.records.claimDeliveries(by, 10);
             expectCount(claim.messages.size(), 1);
             w.records.recordSent(by, claim.messages.at(0).id, "250 2.0.0 Ok");
         }},
        {Operation::ViewReviews,
         [](World& w, const User& by) {
             expectCount(w.records.reviews(by, false).size(), 3);
             expectCount(w.records.appeals(by).size(), 1);
         }},
        {Operation::OpenReview,
         [](World& w, const User& by) { w.records.openReview(by, w.p2, ReviewTrigger::NewInformation, "new information"); }},
        {Operation::CompleteReview,
         [](World& w, const User& by) { w.records.completeReview(by, w.open_review, ReviewOutcome::Unchanged, ""); }},
        {Operation::RecordPrisonerInformed, [](World& w, const User& by) { w.records.recordPrisonerInformed(by, w.done_review); }},
        {Operation::LodgeAppeal,
         [](World& w, const User& by) { w.records.lodgeAppeal(by, w.done_review, w.records.today(), "grounds"); }},
        {Operation::DecideAppeal,
         [](World& w, const User& by) { w.records.decideAppeal(by, w.appeal1, AppealOutcome::Dismissed, "reasons"); }},
        {Operation::RunVisit,
         [](World& w, const User& by) { expectTrue(w.records.startSession(by, w.cleared_visit).state == SessionState::InProgress); }},
        {Operation::RunVideoCall,
         [](World& w, const User& by) { expectTrue(w.records.startSession(by, w.cleared_call).state == SessionState::InProgress); }},
        {Operation::ViewAttempts,
         [](World& w, const User& by) { expectCount(w.records.attempts(by, w.cleared_visit).size(), 1); }},
        {Operation::ViewArrangements,
         [](World& w, const User& by) { expectCount(w.records.contactArrangements(by, w.p2).size(), 1); }},
        {Operation::ViewOverdue, [](World& w, const User& by) { expectCount(w.records.overdue(by).open_reviews.size(), 1); }},
        {Operation::PurgeEvidence, [](World& w, const User& by) { w.records.purgeEvidence(by, 30, true); }},
        // Rotation itself runs in kiosk/store (it re-keys the file); the CLI asks core first.
        {Operation::RotateDataKey, [](World& w, const User& by) { w.records.authorise(by, Operation::RotateDataKey); }},
    };
    return table;
}

}  // namespace

TEST_CASE("authorisation: every role against every operation", "[store][authz]") {
    for (const OperationRule& rule : operationTable()) {
        const std::string op(rule.name);
        const auto ex = exercises().find(rule.op);
        INFO("operation " << op);
        REQUIRE(ex != exercises().end());  // a new operation needs an exercise above
        for (const std::string who : {"admin", "officer", "vco", "lead", "gov", "omu", "gone"}) {
            World w;
            const User by = who == "gone" ? w.inactive : w.records.requireUser(who);
            INFO("as " << who << " (" << name(by.role) << (by.active ? "" : ", inactive") << ")");
            const bool expect = by.active && allowed(by.role, rule.op);
            const auto counts = w.rowCounts();
            const auto look = w.fingerprint();
            const auto audits = w.auditRows();
            if (expect) {
                CHECK_NOTHROW(ex->second(w, by));
            } else {
                CHECK_THROWS_AS(ex->second(w, by), PermissionError);
                CHECK(w.rowCounts() == counts);
                CHECK(w.fingerprint() == look);
                CHECK(w.auditRows() == audits + 1);
                CHECK_THAT(w.lastAudit(), Catch::StartsWith(who + " authz.denied " + op + ": "));
            }
            CHECK(store::verifyAuditChain(w.db).intact);
        }
    }
}

TEST_CASE("authorisation: each person notified acknowledges their own notification, nobody another's",
          "[store][authz][notify]") {
    World w;
    const Id to_governor = w.welfareNotificationFor(w.governor);
    const Id to_omu = w.welfareNotificationFor(w.omu);
    const Id to_lead = w.welfareNotificationFor(w.lead);
    const auto audits = w.auditRows();
    // The lead no longer acknowledges on the duty governor's behalf: refused, audited, nothing changed.
    CHECK_THROWS_WITH(w.records.acknowledge(w.lead, to_governor),
                      "lead is safeguarding_lead: only the duty governor may acknowledge a notification sent to the "
                      "duty governor");
    CHECK(w.auditRows() == audits + 1);
    CHECK_THAT(w.lastAudit(), Catch::StartsWith("lead authz.denied AcknowledgeNotification: "));
    CHECK_THROWS_AS(w.records.acknowledge(w.governor, to_omu), PermissionError);
    CHECK_THROWS_AS(w.records.acknowledge(w.omu, to_lead), PermissionError);
    CHECK_FALSE(w.repo.notification(to_governor)->acknowledged_at);
    // Each at their own sign-in; the welfare concern closes once all three have.
    w.records.acknowledge(w.governor, to_governor);
    w.records.acknowledge(w.omu, to_omu);
    CHECK(w.repo.incident(w.welfare1)->open);
    w.records.acknowledge(w.lead, to_lead);
    CHECK_FALSE(w.repo.incident(w.welfare1)->open);
    CHECK(w.repo.notification(to_governor)->acknowledged_by == w.governor.id);
    CHECK_THROWS_WITH(w.records.acknowledge(w.governor, to_governor),
                      "notification " + std::to_string(to_governor) + " was already acknowledged on Mon 2 Mar 2026, 10:00");
    // What the lead's dashboard shows: who acknowledged, and Acknowledge only for the lead's own.
    for (const auto& v : w.records.notificationViews(w.lead, false))
        CHECK(v.may_acknowledge == (!v.notification.acknowledged_at && v.notification.recipient == RecipientRole::SafeguardingLead));
    CHECK(store::verifyAuditChain(w.db).intact);
}

TEST_CASE("authorisation: the notified roles see the evidence their role allows", "[store][authz][notify]") {
    World w;
    // A refusal with a check and its crop notifies only the lead: not the duty governor's to see.
    CHECK_FALSE(w.records.notifiedIncidentDetail(w.governor, w.incident1));
    CHECK(w.records.notifiedIncidentDetail(w.lead, w.incident1));
    // The welfare concern: the governor and OMU see what happened, never the child's pictures.
    const auto gov = w.records.notifiedIncidentDetail(w.governor, w.welfare1);
    REQUIRE(gov);
    CHECK(gov->images.empty());
    CHECK(gov->snapshot_jpeg.empty());
    CHECK(gov->notices.size() == 1);
    CHECK(gov->notices.front().notification.recipient == RecipientRole::DutyGovernor);
    CHECK(gov->notices.front().may_acknowledge);
    CHECK(gov->notices.front().deliveries.size() == 1);  // Gill Governor's e-mail, queued
    CHECK(gov->notices.front().deliveries.front().message.state == DeliveryState::Queued);
    const auto omu = w.records.notifiedIncidentDetail(w.omu, w.welfare1);
    REQUIRE(omu);
    CHECK(omu->notices.front().deliveries.empty());  // no OMU manager on the list: nobody e-mailed
    CHECK_FALSE(omu->access.monitor_snapshot);
    CHECK_THROWS_AS(w.records.incidentDetail(w.governor, w.welfare1), PermissionError);  // the lead's queue
    CHECK_THROWS_AS(w.records.notifiedIncidents(w.officer), PermissionError);
}

TEST_CASE("authorisation: the refusal says who may", "[store][authz]") {
    World w;
    CHECK_THROWS_WITH(w.records.completeReview(w.officer, w.open_review, ReviewOutcome::Unchanged, ""),
                      "officer is visits_officer: only a safeguarding lead may complete a review");
    CHECK_THROWS_WITH(w.records.overdue(w.officer),
                      "officer is visits_officer: only a safeguarding lead or an administrator may view overdue "
                      "deadlines and stale images");
    CHECK_THROWS_WITH(w.records.bookingsOn(w.inactive, w.records.today()),
                      "gone is not an active user: an inactive user may do nothing");
    // Every operation is allowed to someone, and its why is written down.
    for (const auto& rule : operationTable()) {
        CHECK(rule.roles != 0);
        CHECK_FALSE(rule.why.empty());
    }
}

TEST_CASE("authorisation: a user deactivated after signing in is refused with the old User value", "[store][authz]") {
    World w;
    const User signed_in = w.lead;  // held by the kiosk since sign-in
    // Deactivated by another station (a write the store MACs, as every write it makes).
    w.db.exec("UPDATE users SET active = 0 WHERE username = 'lead'");
    store::sealRow(w.db, "users", w.lead.id);
    CHECK_THROWS_AS(w.records.reviews(signed_in, true), PermissionError);
    // A User value claiming a role it does not have on file gets the stored role's rights.
    User forged = w.officer;
    forged.role = Role::SafeguardingLead;
    CHECK_THROWS_AS(w.records.completeReview(forged, w.open_review, ReviewOutcome::Unchanged, ""), PermissionError);
}

TEST_CASE("authorisation: a refusal inside a batch is still audited when the batch rolls back", "[store][authz]") {
    World w;
    const auto audits = w.auditRows();
    const auto counts = w.rowCounts();
    CHECK_THROWS_AS(w.records.inTransaction([&] {
        w.records.addPrisoner(w.admin, {0, "E5678FG", "Eve", "White", "pprc", "HMP Test"});  // allowed, rolled back
        w.records.addPrisoner(w.officer, {0, "F6789GH", "Fay", "Black", "pprc", "HMP Test"});
    }),
                    PermissionError);
    CHECK(w.rowCounts() == counts);
    CHECK(w.auditRows() == audits + 1);
    CHECK_THAT(w.lastAudit(), Catch::StartsWith("officer authz.denied AddPrisoner: "));
    // An import by a refused role is refused before any row is read, and audited the same way.
    CHECK_THROWS_AS(importCsv(w.records, w.lead, ImportKind::Prisoners,
                              "prison_number,first_name,last_name,pprc_status,establishment\n"
                              "E5678FG,Eve,White,pprc,HMP Test\n"),
                    PermissionError);
    CHECK(w.rowCounts() == counts);
    CHECK(w.auditRows() == audits + 2);
    CHECK(store::verifyAuditChain(w.db).intact);
}

TEST_CASE("authorisation: users are set up once, then only an admin adds them", "[store][authz]") {
    RecordsFixture f;
    f.records.createUserAtSetup({0, "first", "First Officer", Role::VisitsOfficer, true}, "x");
    f.records.createUserAtSetup({0, "boss", "Boss", Role::Admin, true}, "x");
    CHECK_THROWS_AS(f.records.createUserAtSetup({0, "sneak", "Sneak", Role::Admin, true}, "x"), PermissionError);
    CHECK_THROWS_AS(f.records.createUser(f.records.requireUser("first"), {0, "sneak", "Sneak", Role::Admin, true}, "x"),
                    PermissionError);
    CHECK(f.records.createUser(f.records.requireUser("boss"), {0, "new", "New", Role::SafeguardingLead, true}, "x") > 0);
    CHECK_FALSE(f.repo.userByName("sneak"));
}
