// A migrated database (in memory or a temp file) with the records facade, a fixed clock and a few
// people on file, for the store tests.
#pragma once

#include <memory>
#include <string>

#include "kiosk/core/records.hpp"
#include "kiosk/store/data_key.hpp"
#include "tests/support/test_support.hpp"

namespace kiosk::test {

// Contact by visits only, decided 2025-01-10, next review 2028-01-10: the arrangement most tests need.
inline core::Arrangement visitsArrangement(core::Id prisoner, core::Id child) {
    core::Arrangement a;
    a.prisoner_id = prisoner;
    a.child_id = child;
    a.allowed = {core::ContactType::Visit};
    a.decision_date = {2025, 1, 10};
    a.next_review_due = {2028, 1, 10};
    return a;
}

struct RecordsFixture {
    // A migrated database unlocked with `ring` (by default a fresh key held in memory).
    explicit RecordsFixture(const std::string& path = ":memory:", std::string now = "2026-03-02T10:00:00",
                            const std::vector<store::DataKey>& ring = {store::DataKey::generate()})
        : opened(path, ring), db(opened.db), repo(opened.repo), records(repo, [this] { return clock; }),
          clock(std::move(now)) {
        repo.usePinHashCost(store::PinHashCost::Minimum);  // quick to hash; the scheme is the same
    }
    // admin + officer + lead, prisoner A1234BC with child CS-1 allowed visits only.
    void seedPeople() {
        // Everyone's PIN is kTestPin, so a real `kiosk` process can sign them in too.
        const std::string hash = repo.hashPin(kiosk::test::kTestPin);
        records.createUserAtSetup({0, "admin", "Admin", core::Role::Admin, true}, hash);
        admin = records.requireUser("admin");
        records.createUser(admin, {0, "officer", "Officer", core::Role::VisitsOfficer, true}, hash);
        records.createUser(admin, {0, "lead", "Lead", core::Role::SafeguardingLead, true}, hash);
        officer = records.requireUser("officer");
        lead = records.requireUser("lead");
        prisoner = records.addPrisoner(admin, {0, "A1234BC", "Dan", "Smith", "pprc", "HMP Test"});
        child = records.addChild(admin, {0, "CS-1", "Amy", "Smith", {2018, 4, 1}, "Jo Smith"});
        records.addArrangement(admin, kiosk::test::visitsArrangement(prisoner, child));
    }
    // Amy's arrangement allows video calls too (for the tests that book one).
    void allowVideoCalls() {
        repo.setArrangementAllowed(repo.arrangementsOfPrisoner(prisoner).at(0).id,
                                   {core::ContactType::Visit, core::ContactType::VideoCall});
    }
    core::Id book(core::BookingKind kind, core::Date day, const std::string& time) {
        return records.addBooking(admin, {0, "", kind, prisoner, day, time, core::BookingStatus::Scheduled, {child}});
    }

    store::RecordsStore opened;
    store::Database& db;
    store::SqliteRecords& repo;
    core::Records records;
    std::string clock;
    core::User admin, officer, lead;
    core::Id prisoner = 0, child = 0;
};

inline core::FaceEvidence evidence(core::Band band, double distance) {
    core::FaceEvidence e;
    e.band = band;
    e.best_distance = distance;
    e.distances = {{1, distance}};
    e.faces = 1;
    e.quality_ok = true;
    e.evidence_jpeg = {0xff, 0xd8, 0xff, 0xd9};
    return e;
}

}  // namespace kiosk::test
