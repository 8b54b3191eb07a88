// The controller: the only code that changes AppState. It applies the screens' intents — records
// through core::Records on the database thread, face work through the vision thread — and, at the
// top of every frame, drains what those threads published (swap under lock, apply outside).
// It never waits for either thread, so a slow disk or a slow face check cannot freeze the screen.
// Thread safety: UI thread only.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/ui/app_state.hpp"
#include "kiosk/app/capture_thread.hpp"
#include "kiosk/app/check_session.hpp"
#include "kiosk/app/db_worker.hpp"
#include "kiosk/ui/intents.hpp"
#include "kiosk/app/vision_worker.hpp"

namespace kiosk::ui {

// Runs on the UI thread: puts a database job's result into the state the screens read.
using StateUpdate = std::function<void(AppState&)>;
// A database job of the controller's (database thread), returning its StateUpdate.
using UiJob = std::function<StateUpdate(core::Records&)>;

struct ControllerOptions {
    std::string station = "visits-hall-1";
    double lock_after_seconds = 120.0;  // sign out after this long without a touch
    std::vector<std::string> feeds;     // video-call feed presets (--camera first)
    std::string enrol_dir;   // admin: folder whose images are offered for enrolment
    std::string import_dir;  // admin: folder whose CSV files are offered for import
};

// The screen a role lands on after signing in, and whether a role may open a screen.
ScreenId homeScreen(core::Role role);
bool mayOpen(core::Role role, ScreenId screen);

class Controller {
public:
    Controller(ControllerOptions options, DbWorker& db, VisionWorker& vision, CaptureThread* capture);

    // Top of a frame: newest camera frame, vision events, database results, auto-lock.
    void beginFrame();
    void apply(const Intent& intent);
    // A touch, click or key anywhere (resets the auto-lock timer).
    void noteActivity();

    const AppState& state() const { return state_; }
    AppState& state() { return state_; }
    // No database job queued or running, nothing half-applied (tests, screenshots).
    bool settled() const { return db_.busy() == 0; }

private:
    // Posts `job` to the database thread; `on_failure` runs instead of its update when it throws
    // (after the error banner is set), to free whatever the job held busy.
    void post(std::string what, UiJob job, StateUpdate on_failure = {});
    void applyIntent(const Intent& intent);
    void onVision(VisionEvent&& e);
    void lock(const std::string& why);
    void load(ScreenId screen);
    void loadBookings(core::BookingKind kind);
    void loadSafeguarding();
    void loadIncident(core::Id id);
    void loadReview(core::Id review_id);  // a review with no incident (scheduled, new information)
    void loadAdmin();
    // The duty governor's and OMU managers' screen, and acknowledging (controller_notify.cpp).
    void loadNotified();
    void loadNotifiedIncident(core::Id incident_id);
    void acknowledge(core::Id notification_id);
    // The child's identity check is an app::CheckSession; the controller forwards the officer's
    // intents to it and copies its view into state_ (visits.check or video.check).
    void openCheck(core::Id booking_id, core::Id child_id);
    void leaveCheck();  // Back, another screen, another call, sign-out, lock
    void syncCheck();
    void suspendCall(const std::string& reason);
    // Start or end the booking's visit or call through core (a call's start also starts the monitor).
    void runSession(core::Id booking_id, bool start);
    void startMonitor();
    // The check on the screen shown now, if any.
    app::CheckSession* currentCheck();

    // Safeguarding reviews and the video call's feed and monitor alerts (controller_calls_reviews.cpp).
    void applyReviewIntent(const Intent& in);
    void applyFeedIntent(const Intent& in);
    void onUnknownFace(UnknownFaceAlert&& alert);
    void afterReviewWrite(core::Id incident_id);
    // --- admin station (controller_admin.cpp) ---
    void openAdmin();
    void applyAdmin(const Intent& in);
    bool onAdminVision(VisionEvent& event);  // true when the event was the admin's
    void pollAdminProgress();
    void postAdminAction(std::string what, std::function<std::string(core::Records&)> body);
    void startEnrolment(std::string source, bool camera);
    void saveEnrolment(const intent::EnrolSave& i);
    void startImport(const std::string& path, core::ImportKind kind);
    std::shared_ptr<app::JobProgress> import_progress_;

    ControllerOptions options_;
    DbWorker& db_;
    VisionWorker& vision_;
    std::shared_ptr<const app::OnFileComparer> on_file_;  // from the vision thread once it is ready
    CaptureThread* capture_;
    AppState state_;
    std::uint64_t next_token_ = 1;
    std::shared_ptr<app::CheckSession> check_;  // the child's check open now, if any
    bool check_video_ = false;                  // on the video-call screen (else the visits hall)
    std::uint64_t copied_check_version_ = 0;
    std::chrono::steady_clock::time_point last_activity_;
    std::optional<ScreenId> loaded_for_;  // the screen whose data was last requested
};

}  // namespace kiosk::ui
