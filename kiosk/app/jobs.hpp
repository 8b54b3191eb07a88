// The one job mechanism of the app layer: what a slow job (database write, import, enrolment)
// hands back to the thread that asked for it, how it reports progress, how it is cancelled, and
// what its failure looks like. Front ends never see a job die silently: a job that throws comes
// back as a JobError *and* its failure handler runs, so whatever the front end disabled while the
// job ran ("Recording...", "Saving...") is enabled again (DESIGN.md §3, "Errors").
// Thread safety: JobProgress may be shared by any threads; the other types are plain values.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace kiosk::app {

// Runs on the owner's thread (the UI thread, at the top of a frame) to apply a job's result.
using Completion = std::function<void()>;

struct JobError {
    std::string message;  // "Could not finish recording the decision: database is locked"
    bool fatal = false;   // the records cannot be used at all: every screen shows it
};

// A finished job, as the owner drains it: the completion (the job's result, or on failure its
// failure handler; may be empty), and the error when the job threw.
struct JobOutcome {
    Completion apply;
    std::optional<JobError> error;
};

// Progress and cancellation of one long job, shared between the job and whoever shows it.
struct JobProgress {
    std::atomic<std::size_t> done{0}, total{0};
    std::atomic<bool> cancel{false};  // set by the owner; the job checks it between steps
    void report(std::size_t d, std::size_t t) {
        total = t;
        done = d;
    }
    bool cancelled() const { return cancel.load(); }
};

}  // namespace kiosk::app
