#include "vision/face_analyzer.hpp"

#include <algorithm>
#include <chrono>
#include <future>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <opencv2/imgproc.hpp>

#include "vision/cnn_detector.hpp"
#include "vision/dlib_bridge.hpp"
#include "vision/embedder.hpp"
#include "vision/errors.hpp"
#include "vision/fr_detector.hpp"
#include "vision/fr_embedder.hpp"

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
    dlib::shape_predictor sp68;
    Embedder embedder;
    FrEmbedder fr;
    FrDetector frdet;
    std::unique_ptr<CnnDetector> cnn;  // loaded on first use

    explicit Impl(const ModelPaths& m)
        : models(m), embedder(m.embedder()), fr(m.frFeature()), frdet(m.frDetect()) {
        for (auto [file, sp] : {std::pair{m.landmarks5(), &sp5}, std::pair{m.landmarks68(), &sp68}}) {
            try {
                dlib::deserialize(file.string()) >> *sp;
            } catch (const std::exception& e) {
                throw ModelMissingError(file, std::string("cannot be loaded (") + e.what() + ")");
            }
        }
    }
};

namespace {
double overlap(const cv::Rect& a, const cv::Rect& b) {  // intersection over the smaller box
    const double i = (a & b).area();
    const double m = std::min(a.area(), b.area());
    return m > 0 ? i / m : 0.0;
}

// A HOG-like box (tight around brows to chin, square) from fr_detect's, which reaches the hairline:
// dlib's shape predictors were trained on HOG's boxes.
cv::Rect hogLikeBox(const cv::Rect& fr) {
    const double side = 0.8 * std::max(fr.width, fr.height);
    const double cx = fr.x + fr.width / 2.0, cy = fr.y + fr.height * 0.56;
    return cv::Rect(cvRound(cx - side / 2), cvRound(cy - side / 2), cvRound(side), cvRound(side));
}

cv::Mat turned(const cv::Mat& img, int degrees) {
    cv::Mat out;
    if (degrees == 90) cv::rotate(img, out, cv::ROTATE_90_CLOCKWISE);
    else if (degrees == 180) cv::rotate(img, out, cv::ROTATE_180);
    else cv::rotate(img, out, cv::ROTATE_90_COUNTERCLOCKWISE);
    return out;
}
}  // namespace

std::vector<DetectedFace> FaceAnalyzer::hogPass(const cv::Mat& gray, double scale, int pad) {
    cv::Mat input = gray;
    if (pad > 0) cv::copyMakeBorder(input, input, pad, pad, pad, pad, cv::BORDER_REPLICATE);
    if (scale != 1.0)
        cv::resize(input, input, cv::Size(), scale, scale, scale < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
    std::vector<dlib::rect_detection> dets;
    impl_->hog(bridge::viewGray(input), dets);
    std::vector<DetectedFace> faces;
    for (const auto& d : dets) faces.push_back({scaleRect(d.rect, 1.0 / scale, pad), d.detection_confidence, {}, {}, 0.0});
    return faces;
}

FaceAnalyzer::FaceAnalyzer(const ModelPaths& models) {
    models.require();
    impl_ = std::make_unique<Impl>(models);
}
FaceAnalyzer::~FaceAnalyzer() = default;

const ModelPaths& FaceAnalyzer::models() const { return impl_->models; }

std::vector<DetectedFace> FaceAnalyzer::detect(const cv::Mat& bgr, const DetectOptions& opts, bool* used_cnn,
                                               StageTimings* timings, int* rotation) {
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

    const std::size_t hog_count = faces.size();
    if (opts.fr_detect) {
        // Every fr_detect face is a face: matched to HOG's where they overlap (HOG's box stays, the
        // landmarks were trained on it), added where HOG missed it.
        std::vector<FrDetectorHit> hits = detectFr(bgr);
        for (const auto& h : hits) {
            DetectedFace* same = nullptr;
            for (auto& f : faces)
                if (overlap(f.box, h.box) > 0.5) same = &f;
            if (same) {
                if (h.score > same->fr_score) same->fr_box = h.box, same->fr_score = h.score;
            } else {
                faces.push_back({hogLikeBox(h.box), h.score, {}, h.box, h.score});
            }
        }
        // Faces only fr_detect sees (HOG, which finds upright faces only, saw none there): is the
        // face turned? fr_detect fires on sideways and upside-down faces nearly as surely as on
        // upright ones, so its scores cannot tell; HOG's frontal detector can (it finds faces within
        // about 30 degrees of upright only). The face's surroundings, enlarged to HOG's scale, are
        // tried as they are and turned each way (4 small HOG passes, only on this path).
        bool top_hog_confirmed = false;
        for (std::size_t k = 0; k < hog_count && !hits.empty(); ++k)
            top_hog_confirmed = top_hog_confirmed || overlap(faces[k].box, hits.front().box) > 0.5;
        if (!hits.empty() && !top_hog_confirmed && rotation) {
            const cv::Rect b = hits.front().box;
            const int side = static_cast<int>(1.6 * std::max(b.width, b.height));
            const cv::Rect around = cv::Rect(b.x + b.width / 2 - side / 2, b.y + b.height / 2 - side / 2, side, side) &
                                    cv::Rect(0, 0, bgr.cols, bgr.rows);
            if (around.area() > 0) {
                cv::Mat crop_gray;
                cv::cvtColor(bgr(around), crop_gray, cv::COLOR_BGR2GRAY);
                const int crop_side = std::max(crop_gray.cols, crop_gray.rows);
                const double scale = std::clamp(320.0 / crop_side, 0.5, 4.0);
                auto hogFinds = [&](const cv::Mat& g) { return !hogPass(g, scale, std::max(8, crop_side / 8)).empty(); };
                if (!hogFinds(crop_gray)) {
                    for (int deg : {90, 180, 270}) {
                        if (hogFinds(turned(crop_gray, deg))) {
                            *rotation = deg;
                            break;
                        }
                    }
                }
            }
        }
        if (hits.empty() && rotation) {
            for (int deg : {90, 180, 270}) {
                const auto turned_hits = detectFr(turned(bgr, deg));
                if (!turned_hits.empty() && turned_hits.front().score >= 0.9) {
                    *rotation = deg;
                    break;
                }
            }
        }
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
            faces.push_back({scaleRect(bridge::toDlib(hit.box), 1.0 / cnn_scale, 0), hit.confidence, {}, {}, 0.0});
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

std::vector<cv::Point2f> FaceAnalyzer::landmarks68(const cv::Mat& bgr, const cv::Rect& box) const {
    return bridge::toPoints(impl_->sp68(bridge::viewBgr(bgr), bridge::toDlib(box)));
}

FrEmbedding FaceAnalyzer::embedFr(const cv::Mat& bgr, const std::vector<cv::Point2f>& lm68, bool mirror) {
    return impl_->fr.embedCrop(FrEmbedder::alignedCrop(bgr, lm68), mirror);
}

std::vector<FrDetectorHit> FaceAnalyzer::detectFr(const cv::Mat& bgr) {
    std::vector<FrDetectorHit> out;
    for (const auto& h : impl_->frdet.detect(bgr)) out.push_back({h.box, h.score});
    return out;
}

std::optional<FaceTemplate> FaceAnalysis::faceTemplate() const {
    if (!descriptor || !fr) return std::nullopt;
    FaceTemplate t;
    t.dlib = *descriptor;
    t.fr = *fr;
    return t;
}

Descriptor FaceAnalyzer::embedAveraged(const cv::Mat& chip, int jitter) {
    return impl_->embedder.embedAveraged(chip, jitter);
}

FaceAnalysis FaceAnalyzer::analyze(const cv::Mat& bgr, const AnalyzeOptions& opts) {
    FaceAnalysis out;
    DetectOptions dopts = opts.detect;
    if (opts.path == Path::Enrolment) dopts.cnn_fallback = true, dopts.fr_detect = true;
    if (opts.path == Path::Live && dopts.coarse_side == 0) dopts.coarse_side = kLiveCoarseSide;
    out.faces = detect(bgr, dopts, &out.used_cnn_fallback, &out.timings, &out.rotation);
    out.chosen = choose(out.faces, bgr.size(), opts.choice);
    if (out.chosen < 0) return out;

    auto t0 = Clock::now();
    out.chip = alignedChip(bgr, out.faces[static_cast<std::size_t>(out.chosen)]);
    out.timings.chip_ms = msSince(t0);

    const bool enrolling = opts.path == Path::Enrolment;
    const cv::Rect box = out.faces[static_cast<std::size_t>(out.chosen)].box;
    auto second = [&] {
        const auto t1 = Clock::now();
        out.landmarks68 = landmarks68(bgr, box);
        out.fr = embedFr(bgr, out.landmarks68, enrolling || opts.fr_probe_mirror);
        out.timings.fr_ms = msSince(t1);
    };
    std::future<void> fr_job;
    if (opts.second_network) {
        if (opts.concurrent) fr_job = std::async(std::launch::async, second);
        else second();
    }
    t0 = Clock::now();
    const bool average = enrolling ? opts.enrol_average : opts.probe_mirror;
    const int jitter = enrolling ? opts.enrol_jitter : 0;
    try {
        out.descriptor = average ? embedAveraged(out.chip, jitter) : embed(out.chip);
    } catch (...) {
        if (fr_job.valid()) fr_job.wait();
        throw;
    }
    out.timings.embed_ms = msSince(t0);
    if (fr_job.valid()) fr_job.get();
    return out;
}

}  // namespace vision
