#include "vision/face_analyzer.hpp"

#include <algorithm>
#include <chrono>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <opencv2/imgproc.hpp>

#include "vision/cnn_detector.hpp"
#include "vision/dlib_bridge.hpp"
#include "vision/embedder.hpp"
#include "vision/errors.hpp"

namespace vision {
namespace {

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

cv::Rect scaleRect(const dlib::rectangle& r, double inv_scale, int offset) {
    const auto c = bridge::toCv(r);
    return cv::Rect(static_cast<int>(std::lround(c.x * inv_scale)) - offset,
                    static_cast<int>(std::lround(c.y * inv_scale)) - offset,
                    static_cast<int>(std::lround(c.width * inv_scale)),
                    static_cast<int>(std::lround(c.height * inv_scale)));
}

}  // namespace

struct FaceAnalyzer::Impl {
    ModelPaths models;
    dlib::frontal_face_detector hog = dlib::get_frontal_face_detector();
    dlib::shape_predictor sp5;
    Embedder embedder;
    std::unique_ptr<CnnDetector> cnn;  // loaded on first use

    explicit Impl(const ModelPaths& m) : models(m), embedder(m.embedder()) {
        try {
            dlib::deserialize(m.landmarks5().string()) >> sp5;
        } catch (const std::exception& e) {
            throw ModelMissingError(m.landmarks5(), std::string("cannot be loaded (") + e.what() + ")");
        }
    }
};

std::vector<DetectedFace> FaceAnalyzer::hogPass(const cv::Mat& gray, double scale, int pad) {
    cv::Mat input = gray;
    if (pad > 0) cv::copyMakeBorder(input, input, pad, pad, pad, pad, cv::BORDER_REPLICATE);
    if (scale != 1.0)
        cv::resize(input, input, cv::Size(), scale, scale, scale < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
    std::vector<dlib::rect_detection> dets;
    impl_->hog(bridge::viewGray(input), dets);
    std::vector<DetectedFace> faces;
    for (const auto& d : dets) faces.push_back({scaleRect(d.rect, 1.0 / scale, pad), d.detection_confidence, {}});
    return faces;
}

FaceAnalyzer::FaceAnalyzer(const ModelPaths& models) {
    models.require();
    impl_ = std::make_unique<Impl>(models);
}
FaceAnalyzer::~FaceAnalyzer() = default;

const ModelPaths& FaceAnalyzer::models() const { return impl_->models; }

std::vector<DetectedFace> FaceAnalyzer::detect(const cv::Mat& bgr, const DetectOptions& opts, bool* used_cnn,
                                               StageTimings* timings) {
    CV_Assert(bgr.type() == CV_8UC3);
    auto t0 = Clock::now();
    cv::Mat gray;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    const int longer = std::max(bgr.cols, bgr.rows);
    std::vector<DetectedFace> faces;
    if (opts.coarse_side > 0 && longer > opts.coarse_side)
        faces = hogPass(gray, static_cast<double>(opts.coarse_side) / longer, 0);
    if (faces.empty()) {
        if (longer > opts.max_detect_side)
            faces = hogPass(gray, static_cast<double>(opts.max_detect_side) / longer, 0);
        else if (longer < opts.upsample_below)
            faces = hogPass(gray, 2.0, std::max(8, longer / 8));  // room for the 80x80 window
        else
            faces = hogPass(gray, 1.0, 0);
    }

    if (faces.empty() && opts.cnn_fallback) {
        if (!impl_->cnn) impl_->cnn = std::make_unique<CnnDetector>(impl_->models.cnnDetector());
        cv::Mat input = bgr;
        double cnn_scale = 1.0;
        if (longer < opts.upsample_below) {
            cnn_scale = 2.0;
            cv::resize(bgr, input, cv::Size(), cnn_scale, cnn_scale, cv::INTER_LINEAR);
        } else if (longer > opts.max_detect_side) {
            cnn_scale = static_cast<double>(opts.max_detect_side) / longer;
            cv::resize(bgr, input, cv::Size(), cnn_scale, cnn_scale, cv::INTER_AREA);
        }
        for (const auto& hit : impl_->cnn->detect(input))
            faces.push_back({scaleRect(bridge::toDlib(hit.box), 1.0 / cnn_scale, 0), hit.confidence, {}});
        if (used_cnn) *used_cnn = !faces.empty();
    }
    if (timings) timings->detect_ms += msSince(t0);

    t0 = Clock::now();
    const auto view = bridge::viewBgr(bgr);
    for (auto& f : faces) f.landmarks = bridge::toPoints(impl_->sp5(view, bridge::toDlib(f.box)));
    if (timings) timings->landmarks_ms += msSince(t0);
    return faces;
}

int FaceAnalyzer::choose(const std::vector<DetectedFace>& faces, cv::Size image, FaceChoice choice) {
    if (faces.empty()) return -1;
    const cv::Point2f centre(image.width / 2.0f, image.height / 2.0f);
    auto key = [&](const DetectedFace& f) {
        if (choice == FaceChoice::Largest) return -static_cast<double>(f.box.area());
        const cv::Point2f c(f.box.x + f.box.width / 2.0f, f.box.y + f.box.height / 2.0f);
        return static_cast<double>(cv::norm(c - centre));
    };
    const auto it = std::min_element(faces.begin(), faces.end(),
                                     [&](const auto& a, const auto& b) { return key(a) < key(b); });
    return static_cast<int>(it - faces.begin());
}

cv::Mat FaceAnalyzer::alignedChip(const cv::Mat& bgr, const DetectedFace& face) const {
    dlib::matrix<dlib::rgb_pixel> chip;
    dlib::extract_image_chip(bridge::viewBgr(bgr), dlib::get_face_chip_details(bridge::toShape(face), kChipSize, 0.25),
                             chip);
    return bridge::toBgrMat(chip);
}

Descriptor FaceAnalyzer::embed(const cv::Mat& chip) { return impl_->embedder.embed(chip); }

Descriptor FaceAnalyzer::embedAveraged(const cv::Mat& chip, int jitter) {
    return impl_->embedder.embedAveraged(chip, jitter);
}

FaceAnalysis FaceAnalyzer::analyze(const cv::Mat& bgr, const AnalyzeOptions& opts) {
    FaceAnalysis out;
    DetectOptions dopts = opts.detect;
    if (opts.path == Path::Enrolment) dopts.cnn_fallback = true;
    if (opts.path == Path::Live && dopts.coarse_side == 0) dopts.coarse_side = kLiveCoarseSide;
    out.faces = detect(bgr, dopts, &out.used_cnn_fallback, &out.timings);
    out.chosen = choose(out.faces, bgr.size(), opts.choice);
    if (out.chosen < 0) return out;

    auto t0 = Clock::now();
    out.chip = alignedChip(bgr, out.faces[static_cast<std::size_t>(out.chosen)]);
    out.timings.chip_ms = msSince(t0);

    t0 = Clock::now();
    const bool average = opts.path == Path::Enrolment ? opts.enrol_average : opts.probe_mirror;
    const int jitter = opts.path == Path::Enrolment ? opts.enrol_jitter : 0;
    out.descriptor = average ? embedAveraged(out.chip, jitter) : embed(out.chip);
    out.timings.embed_ms = msSince(t0);
    return out;
}

}  // namespace vision
