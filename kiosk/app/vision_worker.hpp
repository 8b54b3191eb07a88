// The vision thread (DESIGN.md §3). It owns its own FaceService (the calibrated FaceAnalyzer and
// Verifier every front end compares through), BestFrameSelector, LivenessChecker and FaceMonitor — dlib's HOG detector is not
// thread-safe, so nothing here is shared with another thread. It takes the newest frame from the
// capture mailbox, does what the current job needs, and publishes events into a queue that the UI
// thread drains at the top of each frame (drain() swaps the queue out under the lock).
// Models load on this thread, so the login screen appears before dlib has finished reading them.
// Thread safety: every public method may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <opencv2/core.hpp>

#include "kiosk/core/domain.hpp"
#include "kiosk/app/capture_thread.hpp"
#include "kiosk/app/face_service.hpp"
#include "kiosk/core/face_checker.hpp"

namespace kiosk::app {

using SteadyTime = std::chrono::steady_clock::time_point;

// A child's face by name: another child on file (look-alike search), or one expected on a call.
using OtherChildFace = core::OtherChildDescriptor;

// One identity check of one child: what to compare the live face with.
struct CheckJob {
    std::uint64_t token = 0;  // ties events to the check that asked for them
    std::vector<core::StoredDescriptor> refs;  // the child's approved descriptors
    std::vector<OtherChildFace> others;        // every other child's
    bool liveness = false;      // video calls: a blink or head turn must be seen first
    bool auto_capture = true;   // capture the best frame once enough good frames were seen
    bool enrol = false;         // admin enrolment from the camera: the best frame goes through the
                                // enrolment path (EnrolAnalysis) instead of a comparison
};

// ---- events published to the UI thread -----------------------------------------------------------

struct VisionReady {
    bool ok = false;
    std::string message;  // when not ok: what is wrong and how to fix it
    // The calibrated wrong-child check at enrolment, for the admin's save on the database thread.
    std::shared_ptr<const OnFileComparer> on_file;
};

struct LiveFace {
    std::uint64_t token = 0;
    cv::Size frame_size;
    std::vector<cv::Rect> faces;
    int chosen = -1;
    bool quality_ok = false;
    std::vector<std::string> prompts;  // "move closer to the camera", ...
    int good_frames = 0;               // quality-ok frames since the check started
    std::string liveness;              // "pending" | "passed" | "failed" | "" when not asked
    std::string liveness_detail;
};

// FaceService's comparison of the best live frame, with what the live check added.
struct CheckOutcome : FaceComparison {
    std::uint64_t token = 0;
    std::string liveness;  // what the liveness check saw ("" when not asked)
    bool automatic = false;
    std::optional<SteadyTime> tapped_at;  // manual capture: when the officer tapped
    double verify_ms = 0.0;
};

struct MonitorTrack {
    cv::Rect box;
    std::string label;  // the child's name, or empty for unknown
};
struct MonitorSnapshot {
    cv::Size frame_size;
    std::vector<MonitorTrack> tracks;
};
struct UnknownFaceAlert {
    std::string message;
    cv::Mat snapshot;
    std::int64_t frame_index = 0;
    std::optional<double> nearest_distance;  // to the closest booked child's approved image
};

// An image offered for approval after the enrolment path and the face-quality check (admin).
struct QualityLine {
    std::string name;
    double value = 0, threshold = 0;
    bool ok = true;
    std::string prompt;
};
struct EnrolAnalysis {
    std::uint64_t token = 0;
    std::string source;               // the file, or "camera frame N"
    core::EnrolmentEvidence evidence; // what core stores (and refuses: no face, several, poor quality)
    cv::Mat chip;                     // aligned face crop, BGR
    std::vector<QualityLine> quality;
    std::string failure;              // the image could not be read at all
};

struct VisionFailure {
    std::string message;
};

using VisionEvent =
    std::variant<VisionReady, LiveFace, CheckOutcome, MonitorSnapshot, UnknownFaceAlert, VisionFailure, EnrolAnalysis>;

struct VisionStats {
    std::int64_t frames_processed = 0;
    double last_frame_ms = 0.0;
    std::int64_t verifications = 0;
};

class VisionWorker {
public:
    // `calibration_file`: default models/calibration.json, as every other FaceService.
    VisionWorker(std::filesystem::path models_dir, FrameMailbox& frames,
                 std::optional<std::filesystem::path> calibration_file = std::nullopt);
    ~VisionWorker();
    VisionWorker(const VisionWorker&) = delete;
    VisionWorker& operator=(const VisionWorker&) = delete;

    void startCheck(CheckJob job);
    void captureNow(std::uint64_t token, SteadyTime tapped_at);
    void startMonitor(std::vector<OtherChildFace> known);
    void stop();  // back to idle (no frames processed)
    // Admin: run an image file through the enrolment path and the quality check (EnrolAnalysis).
    void enrolFile(std::uint64_t token, std::string path);
    // Measurement: run a full verification on every frame (docs/PERFORMANCE.md, "Kiosk UI").
    void setStress(bool on) { stress_ = on; }

    // Everything published since the last call, oldest first (UI thread, top of the frame).
    std::vector<VisionEvent> drain();
    VisionStats stats() const;

private:
    struct Pipeline;
    void run();
    void publish(VisionEvent e);

    std::filesystem::path models_dir_;
    std::optional<std::filesystem::path> calibration_file_;
    FrameMailbox& frames_;

    std::mutex cmd_m_;
    enum class Mode { Idle, Check, Monitor } mode_ = Mode::Idle;
    std::optional<CheckJob> pending_job_;
    std::optional<std::vector<OtherChildFace>> pending_monitor_;
    std::optional<std::pair<std::uint64_t, SteadyTime>> pending_capture_;
    std::optional<std::pair<std::uint64_t, std::string>> pending_enrol_file_;
    bool mode_changed_ = false;

    std::mutex out_m_;
    std::vector<VisionEvent> out_;
    mutable std::mutex stats_m_;
    VisionStats stats_;
    std::atomic<bool> stress_{false};
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace kiosk::app
