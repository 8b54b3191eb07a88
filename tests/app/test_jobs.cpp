// The one job mechanism (kiosk/app/jobs.hpp, db_worker.hpp): a job's result comes back to the
// owner's thread; a job that throws comes back as a message *and* runs its failure handler, so a
// front end that disabled a button while the job ran enables it again; progress and cancel are
// shared between the job and its owner.
#include <catch2/catch.hpp>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "kiosk/app/db_worker.hpp"
#include "kiosk/store/data_key.hpp"
#include "tests/support/test_support.hpp"

using namespace kiosk::test;
using kiosk::app::DbWorker;
using kiosk::app::JobOutcome;

namespace {

std::vector<JobOutcome> drainAll(DbWorker& db) {
    std::vector<JobOutcome> all;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < until) {
        for (auto& o : db.drain()) all.push_back(std::move(o));
        if (db.busy() == 0) {
            for (auto& o : db.drain()) all.push_back(std::move(o));
            return all;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    FAIL("the database thread did not finish its jobs");
    return all;
}

std::string emptyDatabase(const TempDir& dir) {
    const std::string path = (dir / "records.db").string();
    store::RecordsStore created(path, store::keyPathFor(path), store::OpenMode::Create);
    return path;
}

}  // namespace

TEST_CASE("a job that throws comes back as a message and frees what its owner held busy", "[app][jobs]") {
    TempDir dir;
    const std::string db_path = emptyDatabase(dir);
    DbWorker db(db_path, store::keyPathFor(db_path));
    bool recording = true;  // what the check panel shows as "Recording..." while the job runs
    bool applied = false;
    db.post(
        "recording the decision", [](core::Records&) -> kiosk::app::Completion { throw std::runtime_error("database is locked"); },
        [&recording] { recording = false; });
    db.post("reading the staff list", [&applied](core::Records& r) -> kiosk::app::Completion {
        const auto users = r.activeUsers();  // the worker keeps running after a failed job
        return [&applied, n = users.size()] { applied = n == 0; };
    });
    auto outcomes = drainAll(db);
    // The retention purge at start may add nothing; the two jobs come back in order.
    REQUIRE(outcomes.size() == 2);
    REQUIRE(outcomes[0].error);
    CHECK(outcomes[0].error->message == "Could not finish recording the decision: database is locked");
    CHECK_FALSE(outcomes[0].error->fatal);
    CHECK_FALSE(outcomes[1].error);
    for (auto& o : outcomes)
        if (o.apply) o.apply();
    CHECK_FALSE(recording);
    CHECK(applied);
}

TEST_CASE("every job fails with the fatal message when the records cannot be opened", "[app][jobs]") {
    TempDir dir;
    DbWorker db((dir / "missing.db").string(), (dir / "missing.db.key").string());
    bool saving = true;
    db.post("saving the approved image", [](core::Records&) -> kiosk::app::Completion { return [] {}; },
            [&saving] { saving = false; });
    auto outcomes = drainAll(db);
    REQUIRE(outcomes.size() == 2);  // the open failure, then the job
    for (const auto& o : outcomes) {
        REQUIRE(o.error);
        CHECK(o.error->fatal);
        CHECK_THAT(o.error->message, Catch::Contains("cannot be opened"));
    }
    outcomes[1].apply();
    CHECK_FALSE(saving);
}

TEST_CASE("JobProgress carries progress and a cancel request between threads", "[app][jobs]") {
    kiosk::app::JobProgress p;
    std::thread job([&] {
        for (std::size_t i = 1; i <= 1000 && !p.cancelled(); ++i) {
            p.report(i, 1000);
            if (i == 10) while (!p.cancelled()) std::this_thread::yield();
        }
    });
    while (p.done.load() < 10) std::this_thread::yield();
    p.cancel = true;
    job.join();
    CHECK(p.done.load() == 10);
    CHECK(p.total.load() == 1000);
}
