// The database thread: database writes (and reads) never run on the UI thread's frame path
// (DESIGN.md §3). It owns its own connection and core::Records; the owner posts jobs that call
// core::Records and return a Completion, which the owner runs when it drains the outcomes at the
// top of a frame. Jobs run one at a time, in order. A job that throws (database locked, a rule
// refusing the request) becomes a JobError plus its failure handler (jobs.hpp), never a crash and
// never a button left disabled.
// Thread safety: post(), drain() and busy() may be called from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/app/jobs.hpp"
#include "kiosk/core/records.hpp"

namespace kiosk::app {

// Runs on the database thread.
using DbJob = std::function<Completion(core::Records&)>;

class DbWorker {
public:
    // Opens `db_path` (which must exist: the caller seeds it) with the data key in `key_path` on
    // the worker thread, then runs the retention purge once (crops older than `retention_days`).
    DbWorker(std::string db_path, std::string key_path, int retention_days = 30);
    ~DbWorker();
    DbWorker(const DbWorker&) = delete;
    DbWorker& operator=(const DbWorker&) = delete;

    // `what` names the job in the message shown when it fails ("recording the decision").
    // `on_failure` runs on the owner's thread instead of the job's completion when the job throws.
    void post(std::string what, DbJob job, Completion on_failure = {});
    std::vector<JobOutcome> drain();
    // Jobs queued or running (screenshot mode waits for zero before saving).
    int busy() const { return busy_.load(); }

private:
    struct Queued {
        std::string what;
        DbJob job;
        Completion on_failure;
    };
    void run();
    void deliver(JobOutcome outcome);

    std::string path_;
    std::string key_path_;
    int retention_days_;
    std::mutex m_;
    std::condition_variable cv_;
    std::deque<Queued> jobs_;
    std::mutex out_m_;
    std::vector<JobOutcome> out_;
    std::atomic<int> busy_{0};
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace kiosk::app
