#include "kiosk/app/vision_worker.hpp"

#include <algorithm>
#include <exception>

#include <opencv2/imgcodecs.hpp>

#include "vision/errors.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/image_io.hpp"
#include "vision/liveness.hpp"
#include "vision/lookalike.hpp"
#include "vision/monitor.hpp"
#include "vision/verifier.hpp"

namespace kiosk::app {
namespace {

// Frames with good quality seen before the best one is captured automatically: ~0.5 s of a
// steady face at the vision thread's ~20 frames/s.
constexpr int kAutoCaptureGoodFrames = 10;

}  // namespace

// Everything dlib: created and used on the vision thread only.
struct VisionWorker::Pipeline {
    explicit Pipeline(FaceServiceOptions options) : faces(std::move(options)) {}
    FaceService faces;
    vision::BestFrameSelector selector{25};
    vision::LivenessChecker liveness;
    std::optional<vision::FaceMonitor> monitor;
    // The check in progress.
    std::optional<CheckJob> job;
    FaceReferences refs;  // the child's approved images and the other children's
    int good_frames = 0;
    bool captured = false;
};

VisionWorker::VisionWorker(std::filesystem::path models_dir, FrameMailbox& frames,
                           std::optional<std::filesystem::path> calibration_file)
    : models_dir_(std::move(models_dir)), calibration_file_(std::move(calibration_file)), frames_(frames) {
    thread_ = std::thread([this] { run(); });
}

VisionWorker::~VisionWorker() {
    stop_ = true;
    frames_.wake();
    if (thread_.joinable()) thread_.join();
}

void VisionWorker::startCheck(CheckJob job) {
    std::lock_guard lock(cmd_m_);
    mode_ = Mode::Check;
    pending_job_ = std::move(job);
    pending_capture_.reset();
    mode_changed_ = true;
}

void VisionWorker::captureNow(std::uint64_t token, SteadyTime tapped_at) {
    std::lock_guard lock(cmd_m_);
    pending_capture_ = {token, tapped_at};
}

void VisionWorker::startMonitor(std::vector<OtherChildFace> known) {
    std::lock_guard lock(cmd_m_);
    mode_ = Mode::Monitor;
    pending_monitor_ = std::move(known);
    mode_changed_ = true;
}

void VisionWorker::enrolFile(std::uint64_t token, std::string path) {
    {
        std::lock_guard lock(cmd_m_);
        pending_enrol_file_ = {token, std::move(path)};
    }
    frames_.wake();
}

void VisionWorker::stop() {
    std::lock_guard lock(cmd_m_);
    mode_ = Mode::Idle;
    mode_changed_ = true;
}

std::vector<VisionEvent> VisionWorker::drain() {
    std::vector<VisionEvent> out;
    std::lock_guard lock(out_m_);
    out.swap(out_);
    return out;
}

VisionStats VisionWorker::stats() const {
    std::lock_guard lock(stats_m_);
    return stats_;
}

void VisionWorker::publish(VisionEvent e) {
    std::lock_guard lock(out_m_);
    // A UI that stopped draining (minimised, locked) must not make this grow without bound.
    if (out_.size() > 256) out_.erase(out_.begin(), out_.begin() + 128);
    out_.push_back(std::move(e));
}

namespace {

CheckOutcome verifyFrame(FaceService& faces, const cv::Mat& frame, const FaceReferences& refs, std::uint64_t token) {
    const auto t0 = std::chrono::steady_clock::now();
    CheckOutcome o;
    static_cast<FaceComparison&>(o) = faces.compare(frame, refs, /*live=*/true);
    o.token = token;
    o.verify_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return o;
}

// The enrolment path (as `kiosk enrol`) plus the quality check the live path uses, on one image.
EnrolAnalysis analyzeEnrolment(FaceService& faces, const cv::Mat& img, std::string source, std::uint64_t token) {
    EnrolAnalysis a;
    a.token = token;
    a.source = std::move(source);
    const auto candidate = faces.analyseForApproval(img, a.source);
    const auto& [e, q] = candidate;
    a.evidence = FaceService::evidenceOf(candidate);
    a.chip = e.chip.clone();
    for (const auto& c : q.components) a.quality.push_back({c.name, c.value, c.threshold, c.ok, c.prompt});
    return a;
}

}  // namespace

void VisionWorker::run() {
    std::unique_ptr<Pipeline> p;
    try {
        FaceServiceOptions options;
        if (!models_dir_.empty()) options.models_dir = models_dir_;
        options.calibration_file = calibration_file_;
        options.live_checks = true;  // liveness and live quality use the 68-point landmarks
        p = std::make_unique<Pipeline>(std::move(options));
        p->faces.load();  // here, so the login screen appears before dlib has read the models
        publish(VisionReady{true, "", std::make_shared<const OnFileComparer>(p->faces.onFileComparer())});
    } catch (const std::exception& e) {
        publish(VisionReady{false, std::string("Face checking is unavailable: ") + e.what() +
                                       ". Run `bash models/fetch-models.sh`, then restart the kiosk.",
                                   nullptr});
        return;
    }

    vision::DetectOptions live;
    live.coarse_side = vision::FaceAnalyzer::kLiveCoarseSide;
    Mode mode = Mode::Idle;
    while (!stop_) {
        std::optional<std::pair<std::uint64_t, SteadyTime>> capture;
        {
            std::lock_guard lock(cmd_m_);
            if (mode_changed_) {
                mode_changed_ = false;
                mode = mode_;
                p->job.reset();
                p->monitor.reset();
                if (mode == Mode::Check && pending_job_) {
                    p->job = std::move(*pending_job_);
                    pending_job_.reset();
                    p->refs = FaceReferences(p->job->refs, p->job->others);
                    p->selector.clear();
                    p->liveness.reset();
                    p->good_frames = 0;
                    p->captured = false;
                }
                if (mode == Mode::Monitor && pending_monitor_) {
                    std::vector<vision::KnownFace> known;
                    for (const auto& k : *pending_monitor_)
                        if (auto d = toDescriptor(k.descriptor)) known.push_back({k.child_name, *d});
                    p->monitor.emplace(p->faces.analyzer(), std::move(known));
                    pending_monitor_.reset();
                }
            }
            capture = pending_capture_;
            pending_capture_.reset();
        }
        std::optional<std::pair<std::uint64_t, std::string>> enrol_file;
        {
            std::lock_guard lock(cmd_m_);
            enrol_file.swap(pending_enrol_file_);
        }
        if (enrol_file) {
            try {
                // Read once: the bytes approved are the bytes analysed.
                auto bytes = vision::readImageFile(enrol_file->second);
                EnrolAnalysis a = analyzeEnrolment(p->faces, vision::decodeImage(bytes, enrol_file->second),
                                                   enrol_file->second, enrol_file->first);
                a.evidence.image_bytes = std::move(bytes);
                publish(std::move(a));
            } catch (const std::exception& e) {
                EnrolAnalysis a;
                a.token = enrol_file->first;
                a.source = enrol_file->second;
                a.failure = e.what();
                publish(std::move(a));
            }
            continue;
        }
        if (mode == Mode::Idle && !stress_) {
            // Nothing to do: sleep on the mailbox without spending CPU on frames nobody needs.
            frames_.waitTake(stop_, 100);
            continue;
        }
        std::optional<Frame> frame = frames_.waitTake(stop_, 100);
        if (!frame) continue;
        const auto t0 = std::chrono::steady_clock::now();
        try {
            if (mode == Mode::Monitor && p->monitor) {
                const vision::MonitorUpdate u = p->monitor->process(frame->bgr, static_cast<int>(frame->index));
                MonitorSnapshot snap;
                snap.frame_size = frame->bgr.size();
                for (const auto& t : u.tracks) snap.tracks.push_back({t.face.box, t.label});
                publish(std::move(snap));
                for (const auto& a : u.alerts) publish(UnknownFaceAlert{a.message, a.snapshot, a.frame_index, a.nearest_distance});
            } else if (mode == Mode::Check && p->job) {
                auto faces = p->faces.analyzer().detect(frame->bgr, live);
                const int chosen = vision::FaceAnalyzer::choose(faces, frame->bgr.size(), vision::FaceChoice::Largest);
                auto& qa = p->faces.verifier().qualityAssessor();
                std::vector<cv::Point2f> lm68;
                if (chosen >= 0) lm68 = qa.landmarks68(frame->bgr, faces[static_cast<std::size_t>(chosen)].box);
                const vision::QualityReport q = chosen >= 0 ? qa.assessWithLandmarks(frame->bgr, faces, chosen, lm68)
                                                            : qa.assess(frame->bgr, faces, chosen);
                if (!p->captured) p->selector.offer(static_cast<int>(frame->index), frame->bgr, faces, chosen, q);
                if (q.ok) ++p->good_frames;
                LiveFace lf;
                lf.token = p->job->token;
                lf.frame_size = frame->bgr.size();
                for (const auto& f : faces) lf.faces.push_back(f.box);
                lf.chosen = chosen;
                lf.quality_ok = q.ok;
                lf.prompts = q.issues;
                lf.good_frames = p->good_frames;
                if (p->job->liveness) {
                    const auto& s = p->liveness.feed(frame->t, frame->bgr, lm68);
                    lf.liveness = std::string(vision::livenessStateName(s.state));
                    lf.liveness_detail = s.reason;
                }
                publish(std::move(lf));

                const bool live_ok = !p->job->liveness ||
                                     p->liveness.status().state == vision::LivenessState::Passed;
                const bool automatic = p->job->auto_capture && !p->captured && live_ok &&
                                       p->good_frames >= kAutoCaptureGoodFrames;
                const bool manual = capture && capture->first == p->job->token;
                if (p->job->enrol && (automatic || manual)) {
                    const auto best = p->selector.best();
                    const cv::Mat& still = best ? best->frame : frame->bgr;
                    const std::int64_t index = best ? best->frame_index : frame->index;
                    EnrolAnalysis a = analyzeEnrolment(p->faces, still,
                                                       "camera frame " + std::to_string(index), p->job->token);
                    cv::imencode(".jpg", still, a.evidence.image_bytes, {cv::IMWRITE_JPEG_QUALITY, 95});
                    p->captured = true;
                    publish(std::move(a));
                } else if (automatic || manual || stress_) {
                    const auto best = p->selector.best();
                    const cv::Mat& probe = best ? best->frame : frame->bgr;
                    CheckOutcome o = verifyFrame(p->faces, probe, p->refs, p->job->token);
                    o.automatic = automatic && !manual;
                    if (manual) o.tapped_at = capture->second;
                    if (p->job->liveness) {
                        const auto& s = p->liveness.status();
                        o.liveness = std::string(vision::livenessStateName(s.state)) +
                                     (s.reason.empty() ? "" : ": " + s.reason);
                        // A face that has not shown it is live cannot be assessed (DESIGN.md §2).
                        if (s.state != vision::LivenessState::Passed) {
                            o.evidence.band = core::Band::CannotAssess;
                            o.evidence.quality_issues.push_back(s.state == vision::LivenessState::Failed
                                                           ? "liveness check failed: " + s.reason
                                                           : "liveness not yet shown (no blink or head turn)");
                        }
                    }
                    if (!stress_ || manual || automatic) {
                        p->captured = true;
                        publish(std::move(o));
                    }
                    std::lock_guard lock(stats_m_);
                    ++stats_.verifications;
                }
            } else if (stress_) {
                // Measurement without a check: a verification of every frame against nothing.
                verifyFrame(p->faces, frame->bgr, {}, 0);
                std::lock_guard lock(stats_m_);
                ++stats_.verifications;
            }
        } catch (const std::exception& e) {
            publish(VisionFailure{std::string("face check failed on a frame: ") + e.what()});
        }
        std::lock_guard lock(stats_m_);
        ++stats_.frames_processed;
        stats_.last_frame_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    }
}

}  // namespace kiosk::app
