// Delivering the outbox (issue 13): claim the due messages through core (one transaction), send
// each over SMTP with no transaction open, then record the server's answer through core. The
// kiosk process runs it in the background (DeliveryWorker); `kiosk outbox flush` runs it once.
//
// Never sent twice: a message is claimed ('sending') before the server is contacted and marked
// sent after. If the process dies in between, the message may have arrived; core marks it failed
// as interrupted once its claim's lease ends, and only a person resends it (with the same
// Message-ID, so a duplicate is recognisable). Losing the answer is shown, never guessed.
// Thread safety: deliverDue() runs on the caller's thread and connection; DeliveryWorker owns its
// thread and connection, and status() may be read from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "kiosk/app/smtp_sender.hpp"
#include "kiosk/core/records.hpp"

namespace kiosk::app {

struct DeliveryCounts {
    int sent = 0;
    int retrying = 0;     // failed this time, tried again later
    int failed = 0;       // failed for good (permanent reply or too many tries)
    int interrupted = 0;  // found claimed past the lease: marked failed, not resent
    bool configured = true;  // smtp.url and smtp.from are set
    std::string problem;     // why nothing was tried (settings, password file), empty when tried
    bool anyFailed() const { return retrying + failed + interrupted > 0 || !problem.empty(); }
};

// Sends what is due now (at most `limit`). `by` none: the kiosk's own delivery ("system").
// Mail settings unset: nothing is claimed and counts.configured is false. A password file that
// cannot be used: nothing is claimed and counts.problem says why.
DeliveryCounts deliverDue(core::Records& records, const std::optional<core::User>& by, int limit = 50);

// The kiosk's background delivery: every `interval_seconds` (and at once after nudge()).
class DeliveryWorker {
public:
    DeliveryWorker(std::string db_path, std::string key_path, double interval_seconds = 10);
    ~DeliveryWorker();
    DeliveryWorker(const DeliveryWorker&) = delete;
    DeliveryWorker& operator=(const DeliveryWorker&) = delete;

    void nudge();
    struct Status {
        int runs = 0;
        DeliveryCounts last;
        std::string error;  // the last run's failure (database, settings), empty when it went well
    };
    Status status() const;

private:
    void run();

    std::string db_path_, key_path_;
    double interval_;
    mutable std::mutex m_;
    std::condition_variable cv_;
    bool stop_ = false, nudged_ = false;
    Status status_;
    std::thread thread_;
};

}  // namespace kiosk::app
