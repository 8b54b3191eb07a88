// Two processes, one database: the kiosk and a review station write the same file at once
// (WAL, busy timeout, short BEGIN IMMEDIATE transactions) and nothing is lost.
#include <catch2/catch.hpp>

#include "kiosk/store/audit_chain.hpp"
#include "tests/store/store_fixture.hpp"
#include "tests/support/stations.hpp"
#include "tests/support/test_support.hpp"

using namespace core;

TEST_CASE("two processes writing one database lose nothing and keep the audit chain", "[store][concurrency]") {
    kiosk::test::TempDir tmp;
    const auto path = (tmp / "shared.db").string();
    const std::vector<store::DataKey> ring = {store::DataKey::generate()};
    {
        kiosk::test::RecordsFixture f(path, "2026-03-02T10:00:00", ring);
        f.seedPeople();
    }
    constexpr int kPerProcess = 150;
    for (const int status : kiosk::test::runStations(2, "writer", [&](int p) {
             // Each process has its own connection, as the kiosk and the review station do.
             store::RecordsStore opened(path, ring);
             auto& repo = opened.repo;
             core::Records records(repo);
             const auto who = records.requireUser(p == 0 ? "officer" : "lead");
             for (int i = 0; i < kPerProcess; ++i) {
                 const Id inc = records.raiseWelfareConcern(who, 1, std::nullopt, 1,
                                                            "process " + std::to_string(p) + " concern " + std::to_string(i));
                 if (p == 1 && i % 2 == 0) records.acknowledge(who, repo.notificationsOf(inc)[0].id);
             }
         })) {
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    store::RecordsStore opened(path, ring);
    auto& db = opened.db;
    auto& repo = opened.repo;
    CHECK(repo.incidents(false).size() == 2 * kPerProcess);
    CHECK(repo.notifications(false).size() == 3 * 2 * kPerProcess);
    CHECK(repo.notifications(true).size() == 3 * 2 * kPerProcess - kPerProcess / 2);
    const auto v = store::verifyAuditChain(db);
    CHECK(v.intact);
    // 6 setup rows (3 users, prisoner, child, arrangement); each concern = incident + 3 notifications; each acknowledgement = 1 row.
    CHECK(v.entries == 6 + 2 * kPerProcess * 4 + kPerProcess / 2);
}
