// Records on SQLite: the check -> incident -> review -> block -> complete flow, notifications,
// the audit chain and its tamper detection, and all-or-nothing imports with line numbers.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include "kiosk/core/errors.hpp"
#include "kiosk/core/importer.hpp"
#include "kiosk/store/audit_chain.hpp"
#include "kiosk/store/blob_codec.hpp"
#include "kiosk/store/errors.hpp"
#include "tests/store/store_fixture.hpp"
#include "tests/support/test_support.hpp"

using namespace core;
using kiosk::test::evidence;
using kiosk::test::RecordsFixture;

TEST_CASE("records: not_confident on a visit refuses it, opens a review and blocks every later contact",
          "[store][records]") {
    RecordsFixture f;
    f.seedPeople();
    const Date day{2026, 3, 2};
    const Id first = f.book(BookingKind::Visit, day, "09:00");
    const Id later_visit = f.book(BookingKind::Visit, day, "14:00");
    const Id next_week = f.book(BookingKind::Visit, day.plusDays(7), "10:00");

    CheckRequest req{first, f.child, "", "hall-1", Decision::NotConfident, ""};
    const auto r = f.records.recordCheck(f.officer, req, evidence(Band::NoMatch, 0.82));
    REQUIRE_FALSE(r.refused);
    REQUIRE(r.incident_id);
    REQUIRE(r.review_id);
    const auto inc = f.repo.incident(*r.incident_id);
    CHECK(inc->kind == IncidentKind::VisitRefused);
    CHECK(inc->check_id == r.check_id);
    CHECK(inc->review_id == r.review_id);
    const auto stored = f.repo.check(r.check_id);
    REQUIRE(stored);
    CHECK(stored->evidence.band == Band::NoMatch);
    CHECK(stored->evidence.best_distance == Approx(0.82));
    CHECK(stored->evidence.evidence_jpeg == std::vector<std::uint8_t>{0xff, 0xd8, 0xff, 0xd9});
    CHECK(stored->officer_id == f.officer.id);
    CHECK(f.repo.notificationsOf(*r.incident_id).size() == 1);

    const auto rows = f.records.bookingsOn(f.officer, day);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].shown_status == BookingStatus::Refused);
    CHECK(rows[1].shown_status == BookingStatus::BlockedPendingReview);
    CHECK(f.records.bookingsOn(f.officer, day.plusDays(7))[0].shown_status == BookingStatus::BlockedPendingReview);
    const auto blocked = f.records.recordCheck(f.officer, {later_visit, f.child, "", "hall-1", Decision::Confirmed, ""},
                                               evidence(Band::StrongMatch, 0.3));
    CHECK(blocked.refused);
    CHECK(blocked.blocking_review == r.review_id);

    CHECK_THROWS_AS(f.records.completeReview(f.officer, *r.review_id, ReviewOutcome::Unchanged, ""), PermissionError);
    const auto done = f.records.completeReview(f.lead, *r.review_id, ReviewOutcome::Unchanged, "carer attended");
    CHECK(done.inform_by == Date{2026, 3, 3});
    CHECK(f.records.bookingsOn(f.officer, day)[1].shown_status == BookingStatus::Scheduled);
    CHECK(f.repo.arrangementsOfPrisoner(f.prisoner)[0].next_review_due == Date{2029, 3, 2});
    CHECK_FALSE(f.repo.incident(*r.incident_id)->open);
    const auto ok = f.records.recordCheck(f.officer, {next_week, f.child, "", "hall-1", Decision::Confirmed, ""},
                                          evidence(Band::StrongMatch, 0.3));
    CHECK_FALSE(ok.refused);
    CHECK_FALSE(ok.incident_id);
    CHECK(store::verifyAuditChain(f.db).intact);
}

TEST_CASE("records: a video call is not eligible under a visits-only arrangement, and override needs a reason",
          "[store][records]") {
    RecordsFixture f;
    f.seedPeople();
    // Booked while video calls were allowed; the arrangement allows visits only by the day of the call.
    const Id arrangement = f.repo.arrangementsOfPrisoner(f.prisoner)[0].id;
    f.repo.setArrangementAllowed(arrangement, {ContactType::Visit, ContactType::VideoCall});
    f.allowVideoCalls();
    const Id call = f.book(BookingKind::VideoCall, {2026, 3, 2}, "11:00");
    f.repo.setArrangementAllowed(arrangement, {ContactType::Visit});
    f.records.createUser(f.admin, {0, "vco", "Video Officer", Role::VideoCallOfficer, true}, "x");
    const auto r = f.records.recordCheck(f.records.requireUser("vco"), {call, f.child, "", "vc-1", Decision::Confirmed, ""},
                                         evidence(Band::StrongMatch, 0.3));
    CHECK(r.refused);
    CHECK_THAT(r.refusal, Catch::Contains("does not allow video_calls"));
    const Id visit = f.book(BookingKind::Visit, {2026, 3, 2}, "12:00");
    CHECK_THROWS_AS(f.records.recordCheck(f.officer, {visit, f.child, "", "h", Decision::Override, ""},
                                          evidence(Band::CannotAssess, 0.0)),
                    InputError);
    const auto o = f.records.recordCheck(f.officer, {visit, f.child, "", "h", Decision::Override, "passport seen"},
                                         evidence(Band::NoMatch, 0.7));
    REQUIRE(o.incident_id);
    CHECK(f.repo.incident(*o.incident_id)->kind == IncidentKind::Override);
    CHECK_FALSE(o.review_id);
    const auto notes = f.repo.notificationsOf(*o.incident_id);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].recipient == RecipientRole::SafeguardingLead);
}

TEST_CASE("records: welfare concerns notify three roles and acknowledgements close the incident", "[store][records]") {
    RecordsFixture f;
    f.seedPeople();
    const Id inc = f.records.raiseWelfareConcern(f.officer, f.prisoner, std::nullopt, f.child, "child distressed");
    auto notes = f.repo.notificationsOf(inc);
    REQUIRE(notes.size() == 3);
    CHECK(f.repo.notifications(true).size() == 3);
    f.records.acknowledge(f.lead, notes[0].id);
    CHECK_THROWS_AS(f.records.acknowledge(f.lead, notes[0].id), InputError);
    CHECK(f.repo.notifications(true).size() == 2);
    CHECK(f.repo.incident(inc)->open);
    // The duty governor and the OMU manager acknowledge their own (the lead may not for them).
    CHECK_THROWS_AS(f.records.acknowledge(f.lead, notes[1].id), PermissionError);
    f.records.createUser(f.admin, {0, "gov", "Gill Governor", Role::DutyGovernor, true}, "x");
    f.records.createUser(f.admin, {0, "omu", "Owen Manager", Role::OmuManager, true}, "x");
    f.records.acknowledge(f.records.requireUser("gov"), notes[1].id);
    f.records.acknowledge(f.records.requireUser("omu"), notes[2].id);
    CHECK(f.repo.notifications(true).empty());
    CHECK_FALSE(f.repo.incident(inc)->open);
    CHECK(f.repo.notification(notes[0].id)->acknowledged_by == f.lead.id);
    CHECK_THROWS_AS(f.records.raiseWelfareConcern(f.officer, f.prisoner, std::nullopt, std::nullopt, "  "), InputError);
}

TEST_CASE("records: a review opened for an incident is linked to it, and completing it closes the incident",
          "[store][records]") {
    RecordsFixture f;
    f.seedPeople();
    const Id inc = f.records.raiseWelfareConcern(f.officer, f.prisoner, std::nullopt, f.child, "child distressed");
    CHECK_THROWS_AS(f.records.openReviewForIncident(f.lead, 999, ""), NotFoundError);
    const Id rv = f.records.openReviewForIncident(f.lead, inc, "concern raised in the visits hall");
    CHECK(f.repo.incident(inc)->review_id == rv);
    CHECK(f.repo.review(rv)->opened_incident_id == inc);
    CHECK(f.repo.openReviewOf(f.prisoner)->id == rv);
    CHECK_THROWS_AS(f.records.openReviewForIncident(f.lead, inc, ""), InputError);  // already has one
    core::ReviewVariation fewer;
    fewer.allowed[f.child] = {core::ContactType::Visit, core::ContactType::Letter};
    const auto done = f.records.completeReview(f.lead, rv, core::ReviewOutcome::Varied, "letters too", fewer);
    REQUIRE(done.inform_by);
    CHECK_FALSE(f.repo.incident(inc)->open);
    CHECK_FALSE(f.repo.openReviewOf(f.prisoner));
}

TEST_CASE("records: an unknown face on a video call is a welfare concern on the call, notified and audited",
          "[store][records]") {
    RecordsFixture f;
    f.seedPeople();
    const Id visit = f.book(core::BookingKind::Visit, {2026, 3, 2}, "10:00");
    f.allowVideoCalls();
    const Id call = f.book(core::BookingKind::VideoCall, {2026, 3, 2}, "11:00");
    const std::vector<std::uint8_t> jpeg = {0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9};
    CHECK_THROWS_AS(f.records.recordUnknownFaceOnCall(f.officer, visit, "vc-1", "a face", jpeg), InputError);
    CHECK_THROWS_AS(f.records.recordUnknownFaceOnCall(f.officer, call, "vc-1", " ", jpeg), InputError);
    CHECK_THROWS_AS(f.records.recordUnknownFaceOnCall(f.officer, 999, "vc-1", "a face", jpeg), NotFoundError);
    // A snapshot that is not a JPEG (here a PNG signature) is refused, and nothing is recorded.
    CHECK_THROWS_AS(f.records.recordUnknownFaceOnCall(f.officer, call, "vc-1", "a face", {0x89, 0x50, 0x4E, 0x47}),
                    InputError);
    CHECK(f.repo.incidents(false).empty());
    const Id inc = f.records.recordUnknownFaceOnCall(f.officer, call, "vc-1", "an unknown face appeared, frame 57", jpeg);
    const auto i = f.repo.incident(inc);
    REQUIRE(i);
    CHECK(i->snapshot_bytes > static_cast<std::int64_t>(jpeg.size()));  // sealed: nonce, header and tag added
    CHECK(f.records.incidentSnapshot(f.lead, inc) == jpeg);
    CHECK_THROWS_AS(f.records.incidentSnapshot(f.lead, 999), NotFoundError);
    CHECK_THROWS_AS(f.records.incidentSnapshot(f.officer, inc), core::PermissionError);  // the lead's evidence
    CHECK(i->kind == core::IncidentKind::WelfareConcern);
    CHECK(i->booking_id == call);
    CHECK(i->prisoner_id == f.prisoner);
    CHECK(i->details.find("vc-1") != std::string::npos);
    CHECK(i->details.find("frame 57") != std::string::npos);
    CHECK(f.repo.notificationsOf(inc).size() == 3);
    // The call itself is not suspended: that stays the officer's decision.
    CHECK(f.repo.booking(call)->status == core::BookingStatus::Scheduled);
    CHECK_FALSE(f.repo.openReviewOf(f.prisoner));
    // A monitor that had no snapshot still records the concern, without one.
    const Id bare = f.records.recordUnknownFaceOnCall(f.officer, call, "vc-1", "a face, frame 90", {});
    CHECK(f.repo.incident(bare)->snapshot_bytes == 0);
    CHECK(f.records.incidentSnapshot(f.lead, bare).empty());
}

TEST_CASE("records: overdue notices and stale images are listed", "[store][records]") {
    RecordsFixture f;
    f.seedPeople();
    const Id booking = f.book(BookingKind::Visit, {2026, 3, 2}, "09:00");
    const auto r = f.records.recordCheck(f.officer, {booking, f.child, "", "h", Decision::NotConfident, ""},
                                         evidence(Band::NoMatch, 0.9));
    f.records.completeReview(f.lead, *r.review_id, ReviewOutcome::Unchanged, "");
    CHECK(f.records.overdue(f.lead).notices.empty());
    f.clock = "2026-03-05T09:00:00";  // two working days later, prisoner never told
    CHECK(f.records.overdue(f.lead).notices.size() == 1);
    f.records.recordPrisonerInformed(f.lead, *r.review_id);
    CHECK(f.records.overdue(f.lead).notices.empty());

    ApprovedImage img;
    EnrolmentEvidence ev;
    ev.faces = 1;
    ev.descriptor.assign(128, 0.25f);
    ev.on_file.compared = true;  // nobody else on file resembles it
    ev.image_bytes = {1, 2, 3};
    const Id image = f.records.enrolImage(f.admin, f.child, "amy.jpg", ev, {{2024, 1, 5}, "carer", "SW", true});
    const auto stale = f.records.overdue(f.lead).stale_images;
    REQUIRE(stale.size() == 1);  // Amy is 7: 12 months maximum, the photo is 26 months old
    CHECK(stale[0].entry.image.id == image);
    const auto imgs = f.repo.approvedImages(f.child, true);
    REQUIRE(imgs.size() == 1);
    CHECK(imgs[0].descriptor == std::vector<float>(128, 0.25f));
    CHECK(imgs[0].image == std::vector<std::uint8_t>{1, 2, 3});
    // No face, several faces, no consent: refused and nothing stored.
    ev.faces = 0;
    CHECK_THROWS_WITH(f.records.enrolImage(f.admin, f.child, "x.jpg", ev, {{2026, 1, 5}, "c", "s", true}),
                      Catch::Contains("no face"));
    ev.faces = 2;
    CHECK_THROWS_WITH(f.records.enrolImage(f.admin, f.child, "x.jpg", ev, {{2026, 1, 5}, "c", "s", true}),
                      Catch::Contains("2 faces"));
    ev.faces = 1;
    CHECK_THROWS_WITH(f.records.enrolImage(f.admin, f.child, "x.jpg", ev, {{2026, 1, 5}, "c", "s", false}),
                      Catch::Contains("consent"));
    CHECK(f.repo.approvedImages(f.child, false).size() == 1);
}

TEST_CASE("audit: every write is chained and a changed byte is found at its entry", "[store][audit]") {
    kiosk::test::TempDir tmp;
    const auto path = (tmp / "audit.db").string();
    const std::vector<store::DataKey> ring = {store::DataKey::generate()};
    std::int64_t entries = 0;
    {
        RecordsFixture f(path, "2026-03-02T10:00:00", ring);
        f.seedPeople();
        f.book(BookingKind::Visit, {2026, 3, 2}, "09:00");
        const auto v = store::verifyAuditChain(f.db);
        CHECK(v.intact);
        entries = v.entries;
        CHECK(entries == 7);  // 3 users, prisoner, child, arrangement, booking
        // The triggers refuse edits through SQL.
        CHECK_THROWS_AS(f.db.exec("UPDATE audit_log SET detail = 'x' WHERE seq = 2"), store::DatabaseError);
        CHECK_THROWS_AS(f.db.exec("DELETE FROM audit_log WHERE seq = 7"), store::DatabaseError);
    }
    {  // Someone with the file drops the trigger and changes one byte of entry 4.
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
        REQUIRE(sqlite3_exec(raw,
                             "DROP TRIGGER audit_log_no_update;"
                             "UPDATE audit_log SET detail = 'A1234BD' WHERE seq = 4;",
                             nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(raw);
    }
    store::RecordsStore s(path, ring, store::OpenMode::Inspect);
    const auto v = store::verifyAuditChain(s.db);
    CHECK_FALSE(v.intact);
    CHECK(v.first_broken_seq == 4);
    CHECK(v.entries == 3);
    CHECK_THAT(v.problem, Catch::Contains("changed"));
}

TEST_CASE("import: line-numbered errors and nothing imported when any row is bad", "[store][import]") {
    RecordsFixture f;
    f.seedPeople();
    const std::string good =
        "prison_number,first_name,last_name,pprc_status,establishment\n"
        "B2345CD,\"O'Neil, Jr\",Brown,pprc,HMP Test\r\n"
        "C3456DE,Carl,\"Multi\nLine\",not_pprc,HMP Test\n";
    auto r = importCsv(f.records, f.admin, ImportKind::Prisoners, good);
    CHECK(r.errors.empty());
    CHECK(r.imported == 2);
    CHECK(f.repo.prisonerByNumber("B2345CD")->first_name == "O'Neil, Jr");

    const std::string bad =
        "establishment,prison_number,first_name,last_name,pprc_status\n"
        "HMP Test,D4567EF,Dave,Green,pprc\n"
        "HMP Test,12345,Eve,White,pprc\n"
        "HMP Test,E5678FG,Fay,Black,maybe\n"
        "HMP Test,D4567EF,Dup,Licate,pprc\n";
    r = importCsv(f.records, f.admin, ImportKind::Prisoners, bad);
    REQUIRE(r.errors.size() == 3);
    CHECK(r.errors[0].line == 3);
    CHECK_THAT(r.errors[0].message, Catch::Contains("not like A1234BC"));
    CHECK(r.errors[1].line == 4);
    CHECK(r.errors[2].line == 5);
    CHECK_THAT(r.errors[2].message, Catch::Contains("is also on line 2 of this file"));
    CHECK(r.imported == 0);
    CHECK_FALSE(f.repo.prisonerByNumber("D4567EF"));  // the good row 2 was rolled back too

    const std::string bookings =
        "ref,kind,prison_number,date,time,children\n"
        "BK1,visit,A1234BC,2026-03-09,10:00,CS-1\n"
        "BK2,boat,A1234BC,2026-03-09,10:00,CS-1\n"
        "BK3,visit,Z9999ZZ,2026-03-09,10:00,CS-1\n"
        "BK4,visit,A1234BC,2026-02-30,10:00,CS-1\n"
        "BK5,visit,A1234BC,2026-03-09,25:00,CS-1\n"
        "BK6,visit,A1234BC,2026-03-09,10:00,CS-404\n";
    r = importCsv(f.records, f.admin, ImportKind::Bookings, bookings);
    REQUIRE(r.errors.size() == 5);
    for (std::size_t i = 0; i < r.errors.size(); ++i) CHECK(r.errors[i].line == static_cast<int>(i) + 3);
    CHECK(f.records.bookingsOn(f.officer, {2026, 3, 9}).empty());
    CHECK_THROWS_WITH(importCsv(f.records, f.admin, ImportKind::Bookings, "kind,date\nvisit,2026-01-01\n"),
                      Catch::Contains("missing column 'prison_number'"));
    CHECK(store::verifyAuditChain(f.db).intact);
}

