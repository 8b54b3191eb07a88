#include "kiosk/ui/db_worker.hpp"

#include <exception>
#include <filesystem>

#include "kiosk/store/data_key.hpp"
#include "kiosk/ui/app_state.hpp"

namespace kiosk::ui {

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

void DbWorker::post(std::string what, DbJob job) {
    ++busy_;
    {
        std::lock_guard lock(m_);
        jobs_.emplace_back(std::move(what), std::move(job));
    }
    cv_.notify_one();
}

std::vector<StateUpdate> DbWorker::drain() {
    std::vector<StateUpdate> out;
    std::lock_guard lock(out_m_);
    out.swap(out_);
    return out;
}

void DbWorker::run() {
    auto deliver = [this](StateUpdate u) {
        std::lock_guard lock(out_m_);
        out_.push_back(std::move(u));
    };
    std::unique_ptr<store::RecordsStore> opened;
    std::unique_ptr<core::Records> records;
    std::string open_error;
    try {
        if (path_ != ":memory:" && !std::filesystem::exists(path_)) throw std::runtime_error("no database at " + path_);
        opened = std::make_unique<store::RecordsStore>(path_, key_path_, store::OpenMode::Existing);
        records = std::make_unique<core::Records>(opened->repo);
    } catch (const std::exception& e) {
        open_error = std::string("The records database cannot be opened: ") + e.what();
        deliver([msg = open_error](AppState& s) { s.fatal = msg; });
    }
    if (records) {
        try {
            records->scheduledPurge(retention_days_);
        } catch (const std::exception& e) {
            deliver([msg = std::string("The retention purge failed: ") + e.what()](AppState& s) { s.error_banner = msg; });
        }
    }
    while (true) {
        std::pair<std::string, DbJob> job;
        {
            std::unique_lock lock(m_);
            cv_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
            if (stop_) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        StateUpdate update;
        if (!records) {
            update = [msg = open_error](AppState& s) { s.fatal = msg; };
        } else {
            try {
                update = job.second(*records);
            } catch (const std::exception& e) {
                // A locked database (another station writing for longer than the busy timeout), a
                // rule that refuses the request: tell the officer, keep everything else running.
                update = [msg = "Could not finish " + job.first + ": " + e.what()](AppState& s) {
                    s.error_banner = msg;
                };
            }
        }
        if (update) deliver(std::move(update));
        --busy_;
    }
}

}  // namespace kiosk::ui
