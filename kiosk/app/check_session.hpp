// CheckSession: one child's identity check at the visits hall or the video-call station, from the
// officer's tap on the child to the recorded decision, as one object with explicit states:
//
//   Loading --(eligible, images on file)--> Live --(best frame compared)--> Result
//      |                                                                      |
//      +--(not eligible / no images)--> Refused            Recording <--(decide)
//                                                              |
//                                                          Recorded (or back to Result if the write failed)
//
// It drives the threads itself: the opening job runs on the database thread (core's CheckContext)
// and starts the vision thread's check from there; the vision thread's events come back through
// onVision(); the decision is one database job (Records::recordCheck). Front ends forward the
// officer's intents to it and show view(). A check left without a decision goes through leave(),
// the one place an abandoned attempt is to be recorded (issue 10, item 2). The per-booking child
// status (contact-session gates: "Start call" only when every child is confirmed) belongs to the
// booking, not to one check: core's BookingView (Records::bookingViews) carries each child's
// status, and OnRecorded is where the owner refreshes it after each decision.
// Thread safety: UI thread only (the owner's thread, which also drains the workers), except that
// the opening job runs on the database thread and touches only the shared gate.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "kiosk/app/db_worker.hpp"
#include "kiosk/app/vision_worker.hpp"
#include "kiosk/core/records.hpp"

namespace kiosk::app {

struct ApprovedImageView {
    core::Id id = 0;
    core::Date taken;
    std::string provided_by;
    std::optional<core::ImageAge> age;
    cv::Mat chip;  // aligned crop, BGR
};
// Approved images as front ends draw them (chips decoded when they were read).
std::vector<ApprovedImageView> imageViews(const std::vector<core::ApprovedImageWithAge>& images);

// Who is checked, for which booking: what the roll already shows when the officer taps the child.
struct CheckSubject {
    core::Id booking_id = 0;
    core::Id child_id = 0;
    core::Id prisoner_id = 0;
    core::BookingKind kind = core::BookingKind::Visit;
    std::string child_name, child_ref, prisoner_name, booking_time;
    int attempt = 1;  // this child's attempt at the booking, counting this one
};

// What the check shows: a copy the front end keeps in its own state.
struct CheckView {
    enum class Phase { Loading, Refused, Live, Result, Recorded };
    std::uint64_t token = 0;  // ties the threads' results to this check
    core::Id booking_id = 0;
    core::Id child_id = 0;
    core::Id prisoner_id = 0;
    core::BookingKind kind = core::BookingKind::Visit;
    std::string child_name, child_ref, prisoner_name, booking_time;
    int attempt = 1;  // "3rd attempt": every earlier one, abandoned ones too, is on record
    Phase phase = Phase::Loading;
    std::string refusal;
    std::vector<ApprovedImageView> images;
    std::optional<LiveFace> live;
    std::optional<CheckOutcome> outcome;
    std::optional<double> tap_to_result_ms;
    bool recording = false;          // a decision is on its way to the database (state Recording)
    core::Decision decided = core::Decision::NotConfident;
    std::string next_steps;          // what happens next, after the decision is recorded
    bool welfare_raised = false;
};

class CheckSession : public std::enable_shared_from_this<CheckSession> {
public:
    enum class State { Loading, Refused, Live, Result, Recording, Recorded };

    // Called on the owner's thread when a decision was recorded (or core refused to record it).
    using OnRecorded = std::function<void(const core::CheckResult& result, const std::string& next_steps)>;

    // Opens the check: the database thread reads core's CheckContext as `officer` and, when the
    // child may be checked, starts the vision thread's live check straight from there.
    static std::shared_ptr<CheckSession> open(CheckSubject subject, core::User officer, std::string station,
                                              std::uint64_t token, DbWorker& db, VisionWorker& vision,
                                              OnRecorded on_recorded = {});
    CheckSession(const CheckSession&) = delete;
    CheckSession& operator=(const CheckSession&) = delete;

    State state() const { return state_; }
    const CheckView& view() const { return view_; }
    // Bumped on every change, so the owner copies view() only when it changed.
    std::uint64_t version() const { return version_; }

    // The vision thread's events; true when the event was this check's.
    bool onVision(const VisionEvent& event);
    // The officer taps "capture now" (Live only).
    void captureNow();
    // The officer's decision on the result (Result only): recorded on the database thread.
    void decide(core::Decision decision, const std::string& reason);
    // The officer raises a welfare concern about this child (once).
    void raiseWelfareConcern(const std::string& details);
    // The officer leaves the check (Back, another screen, sign-out, lock). Stops the vision
    // check. Leaving a live check or a result without a decision records an abandoned attempt
    // with the scores and quality so far, so retrying until a match appears leaves a trail.
    void leave();
    // The comparison so far, as core records it (the in-call suspension's evidence).
    core::FaceEvidence evidence() const;

private:
    CheckSession(CheckSubject subject, core::User officer, std::string station, std::uint64_t token, DbWorker& db,
                 VisionWorker& vision, OnRecorded on_recorded);
    void changed() { ++version_; }
    // The opening job's result: `comparable` when the child may be checked and has approved images.
    void loaded(const core::Eligibility& eligibility, bool comparable, std::vector<ApprovedImageView> images);

    // Shared with the opening job: the vision check starts only while the session is open, and
    // leave() stops it under the same lock, so a check left while loading never starts late.
    struct Gate {
        std::mutex m;
        bool open = true;
    };

    core::User officer_;
    std::string station_;
    DbWorker& db_;
    VisionWorker& vision_;
    OnRecorded on_recorded_;
    std::shared_ptr<Gate> gate_ = std::make_shared<Gate>();
    State state_ = State::Loading;
    CheckView view_;
    std::uint64_t version_ = 1;
};

// "Identity confirmed and recorded (check 12). Mia may go through to the visit." and so on: the
// words for what core recorded (incident, review, notifications), never decided here.
std::string whatHappensNext(const core::CheckResult& res, core::BookingKind kind, const std::string& child);
// " Notified: the safeguarding lead, the duty governor and the probation OMU managers." (or "").
std::string notifiedText(const std::vector<core::RecipientRole>& notified);

}  // namespace kiosk::app
