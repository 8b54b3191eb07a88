// The administration operations of core::Records on a real (in-memory) SQLite database: retiring
// images, PIN resets, deactivating users with its two refusals, the child list, and an enrolment
// refused for failing the quality check. Each write leaves its audit row.
#include <catch2/catch.hpp>

#include "kiosk/core/errors.hpp"
#include "kiosk/store/audit_chain.hpp"
#include "kiosk/store/pin_hash.hpp"
#include "tests/store/store_fixture.hpp"

using namespace kiosk::test;
using namespace core;

namespace {

EnrolmentEvidence oneFace() {
    EnrolmentEvidence ev;
    ev.faces = 1;
    ev.descriptor.assign(128, 0.1f);
    ev.image_bytes = {0xff, 0xd8, 0xff, 0xd9};
    return ev;
}

std::string lastAuditAction(store::Database& db) {
    auto& st = db.prepare("SELECT action || ' ' || detail FROM audit_log ORDER BY seq DESC LIMIT 1");
    REQUIRE(st.step());
    return st.text(0);
}

}  // namespace

TEST_CASE("admin: a retired image is no longer compared, needs a reason and is audited", "[store][admin]") {
    RecordsFixture f;
    f.seedPeople();
    const Provenance prov{{2026, 1, 5}, "carer Jo Smith", "SW Pat", true};
    const Id first = f.records.enrolImage(f.admin, f.child, "a.jpg", oneFace(), prov);
    const Id second = f.records.enrolImage(f.admin, f.child, "b.jpg", oneFace(), prov);

    CHECK_THROWS_AS(f.records.retireImage(f.admin, first, "  "), InputError);
    CHECK_THROWS_AS(f.records.retireImage(f.admin, 999, "gone"), NotFoundError);
    REQUIRE(f.repo.approvedImages(f.child, false).size() == 2);

    f.records.retireImage(f.admin, first, "replaced by a newer photo");
    const auto left = f.repo.approvedImages(f.child, false);
    REQUIRE(left.size() == 1);
    CHECK(left.front().id == second);
    const auto retired = f.repo.approvedImage(first);
    REQUIRE(retired);
    CHECK(retired->retired_at == std::optional<std::string>("2026-03-02T10:00:00"));
    CHECK_THAT(lastAuditAction(f.db), Catch::Contains("image.retire") && Catch::Contains("replaced by a newer photo"));
    CHECK_THROWS_WITH(f.records.retireImage(f.admin, first, "again"), Catch::Contains("already retired"));
    CHECK(store::verifyAuditChain(f.db).intact);
}

TEST_CASE("admin: an image failing the quality check is not approved", "[store][admin]") {
    RecordsFixture f;
    f.seedPeople();
    EnrolmentEvidence ev = oneFace();
    ev.quality_issues = {"move closer to the camera"};
    CHECK_THROWS_WITH(f.records.enrolImage(f.admin, f.child, "far.jpg", ev, {{2026, 1, 5}, "carer", "SW", true}),
                      Catch::Contains("quality check failed") && Catch::Contains("move closer"));
    CHECK(f.repo.approvedImages(f.child, false).empty());
}

TEST_CASE("admin: PIN reset, and deactivation never of yourself nor of the last admin", "[store][admin]") {
    RecordsFixture f;
    f.seedPeople();
    CHECK_THROWS_AS(checkNewPin("12"), InputError);
    CHECK_THROWS_AS(checkNewPin("12a4"), InputError);
    CHECK_NOTHROW(checkNewPin("4321"));

    f.records.resetPin(f.admin, f.officer.id, store::hashPin("4321", store::PinHashCost::Minimum));
    CHECK(f.records.signIn("officer", "4321", "test"));
    CHECK_FALSE(f.records.signIn("officer", "x", "test"));
    CHECK_THAT(lastAuditAction(f.db), Catch::Contains("auth.sign_in_failed"));

    CHECK_THROWS_WITH(f.records.deactivateUser(f.admin, f.admin.id), Catch::Contains("yourself"));
    // A second admin may not remove the only other one... until there are two.
    f.records.createUser(f.admin, {0, "admin2", "Second Admin", Role::Admin, true}, "x");
    const User admin2 = f.records.requireUser("admin2");
    f.records.deactivateUser(admin2, f.admin.id);
    CHECK_FALSE(f.repo.user(f.admin.id)->active);
    CHECK_THROWS_AS(f.records.requireUser("admin"), InputError);
    CHECK_FALSE(f.records.signIn("admin", "x", "test"));
    f.records.deactivateUser(admin2, f.officer.id);
    CHECK(f.records.activeUsers().size() == 2);  // admin2 and lead
    CHECK_THROWS_WITH(f.records.deactivateUser(admin2, f.officer.id), Catch::Contains("already inactive"));
    // The lead may not deactivate anyone (core's role table), least of all the last administrator.
    CHECK_THROWS_AS(f.records.deactivateUser(f.lead, admin2.id), PermissionError);
    CHECK(f.repo.user(admin2.id)->active);
    CHECK(store::verifyAuditChain(f.db).intact);
}

TEST_CASE("admin: the child list is in surname order", "[store][admin]") {
    RecordsFixture f;
    f.seedPeople();
    f.records.addChild(f.admin, {0, "CS-2", "Ben", "Adams", {2019, 2, 1}, "Jo Adams"});
    f.records.addChild(f.admin, {0, "CS-3", "Ann", "Adams", {2017, 2, 1}, "Jo Adams"});
    const auto kids = f.records.children(f.admin);
    REQUIRE(kids.size() == 3);
    CHECK(kids[0].ref == "CS-3");
    CHECK(kids[1].ref == "CS-2");
    CHECK(kids[2].ref == "CS-1");
}
