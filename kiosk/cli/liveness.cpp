// kiosk liveness --video FILE [--start SECONDS] [--max-seconds N] [--json]
//               [--sweep [--step S]] [--synthetic-still IMG | --synthetic-pan IMG] [--every K] [--trace]
// Runs the liveness check (blink / head turn / static scene) over a video from a starting point,
// or from many starting points (--sweep) to measure how quickly live people pass and whether any
// static attack ever does. The synthetic sources build a static attack from one still image.
#include <algorithm>
#include <cstdio>
#include <functional>

#include <opencv2/videoio.hpp>

#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/common.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/image_io.hpp"
#include "vision/liveness.hpp"
#include "vision/quality.hpp"

namespace kiosk::cli {
namespace {

struct LivenessArgs {
    std::string video;
    std::string synthetic_still;
    std::string synthetic_pan;
    double synthetic_seconds = 30.0;
    double start = 0.0;
    double max_seconds = 10.0;
    double step = 5.0;
    int every = 1;
    bool sweep = false;
    bool json = false;
    bool trace = false;
};

// Frames from a file or made from a still; `open(start)` positions at `start` seconds.
class FrameSource {
public:
    explicit FrameSource(const LivenessArgs& a) : args_(a) {
        if (!a.synthetic_still.empty() || !a.synthetic_pan.empty()) {
            still_ = vision::loadImage(a.synthetic_still.empty() ? a.synthetic_pan : a.synthetic_still);
            pan_ = a.synthetic_still.empty();
            fps_ = 25.0;
            duration_ = a.synthetic_seconds;
            name_ = (pan_ ? "synthetic-pan:" : "synthetic-still:") + (pan_ ? a.synthetic_pan : a.synthetic_still);
        } else {
            if (a.video.empty()) throw std::invalid_argument("give --video FILE, --synthetic-still IMG or --synthetic-pan IMG");
            cap_.open(a.video, cv::CAP_FFMPEG);
            if (!cap_.isOpened()) throw std::invalid_argument("cannot open video " + a.video);
            fps_ = cap_.get(cv::CAP_PROP_FPS);
            if (!(fps_ > 0 && fps_ < 1000)) fps_ = 25.0;
            duration_ = cap_.get(cv::CAP_PROP_FRAME_COUNT) / fps_;
            name_ = a.video;
        }
    }
    void open(double start) {
        index_ = static_cast<int>(std::lround(start * fps_));
        if (cap_.isOpened()) cap_.set(cv::CAP_PROP_POS_FRAMES, index_);
    }
    // Next frame and its time in seconds from the start of the video.
    bool read(cv::Mat& frame, double& t) {
        t = index_ / fps_;
        if (t >= duration_) return false;
        ++index_;
        if (cap_.isOpened()) return cap_.read(frame) && !frame.empty();
        frame = pan_ ? vision::syntheticPanFrame(still_, t, duration_) : vision::syntheticStillFrame(still_, t);
        return true;
    }
    double duration() const { return duration_; }
    double fps() const { return fps_; }
    const std::string& name() const { return name_; }

private:
    const LivenessArgs& args_;
    cv::VideoCapture cap_;
    cv::Mat still_;
    bool pan_ = false;
    double fps_ = 25.0, duration_ = 0.0;
    int index_ = 0;
    std::string name_;
};

struct RunResult {
    double start = 0;
    vision::LivenessStatus status;
};

RunResult runOnce(FrameSource& src, vision::FaceAnalyzer& analyzer, vision::QualityAssessor& lm,
                  const LivenessArgs& args, double start) {
    vision::LivenessThresholds t;
    t.max_seconds = args.max_seconds;
    vision::LivenessSession session(analyzer, lm, t);
    src.open(start);
    cv::Mat frame;
    double ts = 0;
    for (int k = 0; src.read(frame, ts); ++k) {
        if (k % args.every != 0) continue;
        const auto& st = session.feed(ts, frame);
        if (args.trace) {
            if (const auto& s = session.checker().lastSample())
                std::fprintf(stderr, "t=%7.2f face=%d ear=%.3f yaw=%6.1f change=%6.2f nonrigid=%.4f %s\n", s->t, s->face,
                             s->ear, s->yaw, s->face_change, s->nonrigid,
                             std::string(vision::livenessStateName(st.state)).c_str());
        }
        if (st.state != vision::LivenessState::Pending) break;
    }
    return {start, session.checker().status()};
}

nlohmann::json toJson(const RunResult& r) {
    return {{"start", r.start},
            {"state", std::string(vision::livenessStateName(r.status.state))},
            {"cue", std::string(vision::livenessCueName(r.status.cue))},
            {"at_seconds", r.status.at_seconds},
            {"reason", r.status.reason},
            {"frames", r.status.frames},
            {"frames_with_face", r.status.frames_with_face}};
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(std::clamp(p * static_cast<double>(v.size() - 1) + 0.5, 0.0,
                                                       static_cast<double>(v.size() - 1)));
    return v[i];
}

int run(const LivenessArgs& args, const GlobalOptions& global) {
    if (args.every < 1) throw std::invalid_argument("--every must be at least 1");
    if (args.max_seconds <= 0 || args.step <= 0) throw std::invalid_argument("--max-seconds and --step must be positive");
    FrameSource src(args);  // bad files are reported before the models load
    const auto models = vision::ModelPaths::locate(global.models_dir);
    models.require(true);
    vision::FaceAnalyzer analyzer(models);
    vision::QualityAssessor lm(models);

    if (!args.sweep) {
        const auto r = runOnce(src, analyzer, lm, args, args.start);
        nlohmann::json j = toJson(r);
        j["video"] = src.name();
        if (args.json) {
            printJson(j);
        } else {
            std::printf("Liveness %s from %.1f s: %s", src.name().c_str(), args.start,
                        std::string(vision::livenessStateName(r.status.state)).c_str());
            if (r.status.state != vision::LivenessState::Pending) std::printf(" after %.2f s", r.status.at_seconds);
            std::printf("\n  %s\n", r.status.reason.empty() ? "(video ended before a decision)" : r.status.reason.c_str());
        }
        return kOk;
    }

    // Sweep: a run from every `step` seconds while a whole max-seconds window still fits.
    std::vector<RunResult> results;
    for (double s = args.start; s + args.max_seconds < src.duration() - 0.5; s += args.step) {
        results.push_back(runOnce(src, analyzer, lm, args, s));
        if (!args.json)
            std::fprintf(stderr, "liveness: start %6.1f s -> %s %.2f s %s\n", s,
                         std::string(vision::livenessStateName(results.back().status.state)).c_str(),
                         results.back().status.at_seconds,
                         std::string(vision::livenessCueName(results.back().status.cue)).c_str());
    }
    std::vector<double> pass_times;
    int failed = 0, pending = 0, within5 = 0, blinks = 0, turns = 0;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : results) {
        list.push_back(toJson(r));
        if (r.status.state == vision::LivenessState::Passed) {
            pass_times.push_back(r.status.at_seconds);
            within5 += r.status.at_seconds <= 5.0;
            (r.status.cue == vision::LivenessCue::Blink ? blinks : turns)++;
        } else if (r.status.state == vision::LivenessState::Failed) {
            ++failed;
        } else {
            ++pending;
        }
    }
    nlohmann::json j = {{"video", src.name()},
                        {"runs", results.size()},
                        {"passed", pass_times.size()},
                        {"passed_within_5s", within5},
                        {"passed_by_blink", blinks},
                        {"passed_by_head_turn", turns},
                        {"failed", failed},
                        {"undecided", pending},
                        {"max_seconds", args.max_seconds},
                        {"step", args.step},
                        {"every", args.every},
                        {"pass_seconds",
                         {{"median", percentile(pass_times, 0.5)},
                          {"p90", percentile(pass_times, 0.9)},
                          {"max", pass_times.empty() ? 0.0 : *std::max_element(pass_times.begin(), pass_times.end())}}},
                        {"results", list}};
    if (args.json) {
        printJson(j);
    } else {
        std::printf("Liveness sweep %s: %zu runs (every %.1f s, up to %.0f s each)\n", src.name().c_str(),
                    results.size(), args.step, args.max_seconds);
        std::printf("  passed %zu (blink %d, head turn %d), within 5 s %d; failed %d; undecided %d\n",
                    pass_times.size(), blinks, turns, within5, failed, pending);
        std::printf("  pass time median %.2f s, p90 %.2f s, max %.2f s\n", j["pass_seconds"]["median"].get<double>(),
                    j["pass_seconds"]["p90"].get<double>(), j["pass_seconds"]["max"].get<double>());
        for (const auto& r : results)
            if (r.status.state == vision::LivenessState::Failed)
                std::printf("  failed from %.1f s: %s\n", r.start, r.status.reason.c_str());
    }
    return kOk;
}

}  // namespace

void registerLiveness(CLI::App& app, GlobalOptions& global, int& exit_code) {
    auto args = std::make_shared<LivenessArgs>();
    auto* cmd = app.add_subcommand("liveness", "Check liveness (blink, head turn, static image) over video frames");
    cmd->add_option("--video", args->video, "Video file");
    cmd->add_option("--synthetic-still", args->synthetic_still, "Build the video by repeating this still image");
    cmd->add_option("--synthetic-pan", args->synthetic_pan, "Build the video by slowly panning and zooming this still");
    cmd->add_option("--synthetic-seconds", args->synthetic_seconds, "Length of a synthetic video")
        ->capture_default_str()->check(CLI::Range(1.0, 600.0));
    cmd->add_option("--start", args->start, "Seconds into the video to start from")
        ->capture_default_str()->check(CLI::Range(0.0, 86'400.0));
    cmd->add_option("--max-seconds", args->max_seconds, "Fail when no cue is seen within this long")
        ->capture_default_str()->check(CLI::Range(0.1, 3600.0));
    cmd->add_flag("--sweep", args->sweep, "Run from many starting points and report pass times and failures");
    cmd->add_option("--step", args->step, "Sweep: seconds between starting points")
        ->capture_default_str()->check(CLI::Range(0.1, 3600.0));
    cmd->add_option("--every", args->every, "Process every K-th frame (reduced frame rate)")
        ->capture_default_str()->check(CLI::Range(1, 100));
    cmd->add_flag("--trace", args->trace, "Print each frame's measurements to stderr");
    cmd->add_flag("--json", args->json, "Print one JSON document instead of text");
    cmd->footer("Exit status: 0 a result was produced (whatever it says), 2 bad input or usage, 3 models missing.");
    cmd->callback([args, &global, &exit_code] { exit_code = guarded("liveness", [&] { return run(*args, global); }); });
}

}  // namespace kiosk::cli
