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
    ev.on_file.compared = true;  // nobody else on file resembles it
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
    CHECK_THROWS_AS(checkNewPin("12", false), InputError);
    CHECK_THROWS_AS(checkNewPin("12a4", false), InputError);
    CHECK_NOTHROW(checkNewPin("493817", false));  // the form of a new PIN is resetPinTo's; resetPin takes a hash

    f.records.resetPin(f.admin, f.officer.id, f.repo.hashPin("4321"));
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

TEST_CASE("admin: a photo that looks more like another child on file needs a confirmation naming them, audited",
          "[store][admin][lookalike]") {
    RecordsFixture f;
    f.seedPeople();
    const Provenance prov{{2026, 1, 5}, "carer", "SW", true};
    EnrolmentEvidence ev = oneFace();
    ev.on_file = {};  // never compared with the children on file: refused, nothing stored
    CHECK_THROWS_WITH(f.records.enrolImage(f.admin, f.child, "a.jpg", ev, prov), Catch::Contains("not compared"));
    // Closer to Ben (another child) than to Amy's own approved images.
    ev.on_file = {true, 0.42, "Ben Jones", 0.31, true};
    CHECK_THROWS_AS(f.records.enrolImage(f.admin, f.child, "a.jpg", ev, prov), RuleRefusal);
    CHECK_THROWS_WITH(f.records.enrolImage(f.admin, f.child, "a.jpg", ev, prov),
                      Catch::Contains("looks more like Ben Jones") && Catch::Contains("confirm it is not Ben Jones"));
    Provenance wrong_name = prov;
    wrong_name.confirmed_not = "Ben";  // the confirmation must name the child the check found
    CHECK_THROWS_AS(f.records.enrolImage(f.admin, f.child, "a.jpg", ev, wrong_name), RuleRefusal);
    CHECK(f.repo.approvedImages(f.child, false).empty());
    Provenance confirmed = prov;
    confirmed.confirmed_not = "Ben Jones";
    const Id id = f.records.enrolImage(f.admin, f.child, "a.jpg", ev, confirmed);
    CHECK(f.repo.approvedImages(f.child, false).size() == 1);
    auto& st = f.db.prepare("SELECT detail FROM audit_log WHERE action = 'image.lookalike_confirmed' AND entity_id = ?");
    st.bind(1, id);
    REQUIRE(st.step());
    CHECK_THAT(st.text(0), Catch::Contains("looks like Ben Jones") && Catch::Contains("not Ben Jones"));
    st.reset();
    // The first photo of a child: within the match threshold of another child is enough to ask.
    ev.on_file = {true, std::nullopt, "Ben Jones", 0.55, true};
    CHECK(wrongChildSuspect(ev.on_file) == std::optional<std::string>("Ben Jones"));
    // Nearer its own images and far from everyone else: no question.
    ev.on_file = {true, 0.30, "Ben Jones", 0.72, false};
    CHECK_FALSE(wrongChildSuspect(ev.on_file));
    ev.on_file = {true, std::nullopt, "", std::nullopt, false};  // nobody else on file
    CHECK_FALSE(wrongChildSuspect(ev.on_file));
}
