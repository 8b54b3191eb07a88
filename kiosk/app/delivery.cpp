#include "kiosk/app/delivery.hpp"

#include <chrono>
#include <exception>

#include "kiosk/store/data_key.hpp"

namespace kiosk::app {

DeliveryCounts deliverDue(core::Records& records, const std::optional<core::User>& by, int limit) {
    DeliveryCounts counts;
    SmtpConfig config;
    config.settings = records.mailSettings();
    if (!config.settings.configured()) {
        counts.configured = false;
        return counts;
    }
    try {
        config.password = smtpPassword(config.settings);
    } catch (const std::exception& e) {
        counts.problem = e.what();
        return counts;
    }
    const auto claim = records.claimDeliveries(by, limit);
    counts.interrupted = claim.interrupted;
    for (const auto& m : claim.messages) {
        OutgoingMail mail;
        mail.to = m.address;
        mail.subject = m.subject;
        mail.body = m.body;
        mail.message_id = messageIdFor(m.message_key, config.settings.from);
        const SendResult r = sendMail(config, mail);
        if (r.ok) {
            records.recordSent(by, m.id, r.reply);
            ++counts.sent;
        } else if (records.recordFailure(by, m.id, r.reply, r.permanent).state == core::DeliveryState::Failed) {
            ++counts.failed;
        } else {
            ++counts.retrying;
        }
    }
    return counts;
}

DeliveryWorker::DeliveryWorker(std::string db_path, std::string key_path, double interval_seconds)
    : db_path_(std::move(db_path)), key_path_(std::move(key_path)), interval_(interval_seconds) {
    thread_ = std::thread([this] { run(); });
}

DeliveryWorker::~DeliveryWorker() {
    {
        std::lock_guard lock(m_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void DeliveryWorker::nudge() {
    {
        std::lock_guard lock(m_);
        nudged_ = true;
    }
    cv_.notify_all();
}

DeliveryWorker::Status DeliveryWorker::status() const {
    std::lock_guard lock(m_);
    return status_;
}

void DeliveryWorker::run() {
    std::unique_ptr<store::RecordsStore> opened;
    std::unique_ptr<core::Records> records;
    while (true) {
        Status now;
        try {
            // Its own connection, opened on this thread (the database thread keeps its own).
            if (!records) {
                opened = std::make_unique<store::RecordsStore>(db_path_, key_path_, store::OpenMode::Existing);
                records = std::make_unique<core::Records>(opened->repo);
            }
            now.last = deliverDue(*records, std::nullopt);
        } catch (const std::exception& e) {
            now.error = e.what();
            records.reset();  // open afresh next time (a rotated key, a database that came back)
            opened.reset();
        }
        std::unique_lock lock(m_);
        now.runs = status_.runs + 1;
        status_ = std::move(now);
        cv_.wait_for(lock, std::chrono::duration<double>(interval_), [&] { return stop_ || nudged_; });
        if (stop_) return;
        nudged_ = false;
    }
}

}  // namespace kiosk::app
