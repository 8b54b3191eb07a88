#include "kiosk/app/db_worker.hpp"

#include <exception>
#include <filesystem>

#include "kiosk/store/data_key.hpp"

namespace kiosk::app {

DbWorker::DbWorker(std::string db_path, std::string key_path, int retention_days)
    : path_(std::move(db_path)), key_path_(std::move(key_path)), retention_days_(retention_days) {
    thread_ = std::thread([this] { run(); });
}

DbWorker::~DbWorker() {
    {
        std::lock_guard lock(m_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void DbWorker::post(std::string what, DbJob job, Completion on_failure) {
    ++busy_;
    {
        std::lock_guard lock(m_);
        jobs_.push_back({std::move(what), std::move(job), std::move(on_failure)});
    }
    cv_.notify_one();
}

std::vector<JobOutcome> DbWorker::drain() {
    std::vector<JobOutcome> out;
    std::lock_guard lock(out_m_);
    out.swap(out_);
    return out;
}

void DbWorker::deliver(JobOutcome outcome) {
    std::lock_guard lock(out_m_);
    out_.push_back(std::move(outcome));
}

void DbWorker::run() {
    std::unique_ptr<store::RecordsStore> opened;
    std::unique_ptr<core::Records> records;
    std::string open_error;
    try {
        if (path_ != ":memory:" && !std::filesystem::exists(path_)) throw std::runtime_error("no database at " + path_);
        opened = std::make_unique<store::RecordsStore>(path_, key_path_, store::OpenMode::Existing);
        records = std::make_unique<core::Records>(opened->repo);
    } catch (const std::exception& e) {
        open_error = std::string("The records database cannot be opened: ") + e.what();
        deliver({{}, JobError{open_error, true}});
    }
    if (records) {
        try {
            records->scheduledPurge(retention_days_);
        } catch (const std::exception& e) {
            deliver({{}, JobError{std::string("The retention purge failed: ") + e.what(), false}});
        }
    }
    while (true) {
        Queued job;
        {
            std::unique_lock lock(m_);
            cv_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
            if (stop_) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        if (!records) {
            deliver({std::move(job.on_failure), JobError{open_error, true}});
        } else {
            try {
                if (Completion done = job.job(*records)) deliver({std::move(done), std::nullopt});
            } catch (const std::exception& e) {
                // A locked database (another station writing for longer than the busy timeout), a
                // rule that refuses the request: tell the officer, free what the job held.
                deliver({std::move(job.on_failure), JobError{"Could not finish " + job.what + ": " + e.what(), false}});
            }
        }
        --busy_;
    }
}

}  // namespace kiosk::app
