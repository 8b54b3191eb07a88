#include "vision/quality.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <dlib/image_processing/shape_predictor.h>
#include <opencv2/imgproc.hpp>

#include "vision/dlib_bridge.hpp"
#include "vision/errors.hpp"

namespace vision {
namespace {

constexpr double kDeg = 180.0 / std::numbers::pi;

// The prompts people see. Short, imperative, and about what to do rather than what is wrong.
constexpr const char* kPromptNoFace = "no face found: look at the camera";
constexpr const char* kPromptManyFaces = "more than one face: only the child should be in view";
constexpr const char* kPromptCloser = "move closer to the camera";
constexpr const char* kPromptInFrame = "face partly out of the picture: move to the middle of the screen";
constexpr const char* kPromptBlur = "blurred: hold still and look at the camera";
constexpr const char* kPromptDark = "too dark: more light on the face";
constexpr const char* kPromptBright = "too bright: move out of the direct light";
constexpr const char* kPromptUneven = "uneven light on the face: face the light";
constexpr const char* kPromptLookAtCamera = "look straight at the camera";
constexpr const char* kPromptLevel = "keep your head level and look at the camera";
constexpr const char* kPromptEyes = "eyes closed: open your eyes and look at the camera";

cv::Point2f mean(const std::vector<cv::Point2f>& p, int from, int to) {
    cv::Point2f s(0, 0);
    for (int i = from; i <= to; ++i) s += p[static_cast<std::size_t>(i)];
    return s * (1.0f / static_cast<float>(to - from + 1));
}

double dist(const cv::Point2f& a, const cv::Point2f& b) { return cv::norm(a - b); }

QualityComponent atLeast(std::string name, double value, double threshold, const char* prompt) {
    const bool ok = value >= threshold;
    return {std::move(name), value, threshold, ok, ok ? "" : prompt};
}
QualityComponent atMost(std::string name, double value, double threshold, const char* prompt) {
    const bool ok = value <= threshold;
    return {std::move(name), value, threshold, ok, ok ? "" : prompt};
}

void finish(QualityReport& r) {
    r.ok = true;
    r.issues.clear();
    for (const auto& c : r.components) {
        if (c.ok) continue;
        r.ok = false;
        if (std::find(r.issues.begin(), r.issues.end(), c.prompt) == r.issues.end()) r.issues.push_back(c.prompt);
    }
}

// Faces that count as people in view: the chosen one and any other at least `ratio` of its width.
int countPeople(const std::vector<DetectedFace>& faces, int chosen, double ratio) {
    const double w = faces[static_cast<std::size_t>(chosen)].box.width;
    int n = 0;
    for (const auto& f : faces)
        if (f.box.width >= ratio * w) ++n;
    return n;
}

double meanGrey(const cv::Mat& grey, cv::Rect r) {
    r &= cv::Rect(0, 0, grey.cols, grey.rows);
    if (r.area() <= 0) return 0.0;
    return cv::mean(grey(r))[0];
}

}  // namespace

const QualityComponent* QualityReport::find(std::string_view name) const {
    for (const auto& c : components)
        if (c.name == name) return &c;
    return nullptr;
}

double eyeAspectRatio(const std::vector<cv::Point2f>& p, bool first_eye) {
    CV_Assert(p.size() == 68);
    const std::size_t b = first_eye ? 36 : 42;
    const double width = dist(p[b], p[b + 3]);
    if (width <= 0) return 0.0;
    return (dist(p[b + 1], p[b + 5]) + dist(p[b + 2], p[b + 4])) / (2.0 * width);
}

double meanEyeAspectRatio(const std::vector<cv::Point2f>& p) {
    return 0.5 * (eyeAspectRatio(p, true) + eyeAspectRatio(p, false));
}

double eyeDistance68(const std::vector<cv::Point2f>& p) {
    CV_Assert(p.size() == 68);
    return dist(mean(p, 36, 41), mean(p, 42, 47));
}

FacePose estimatePose(const std::vector<cv::Point2f>& p) {
    CV_Assert(p.size() == 68);
    FacePose pose;
    const cv::Point2f e1 = mean(p, 36, 41), e2 = mean(p, 42, 47);
    const double angle = std::atan2(e2.y - e1.y, e2.x - e1.x);
    pose.roll = angle * kDeg;
    // De-roll about the eye midpoint so yaw and pitch read along the face's own axes.
    const cv::Point2f mid = (e1 + e2) * 0.5f;
    const double c = std::cos(-angle), s = std::sin(-angle);
    auto local = [&](int i) {
        const cv::Point2f d = p[static_cast<std::size_t>(i)] - mid;
        return cv::Point2d(c * d.x - s * d.y, s * d.x + c * d.y);
    };
    // Yaw: where the nose tip sits between the two cheek contours (jaw points 1 and 15). A turned
    // head brings the nose towards one cheek; asin of the offset is a cylinder-head approximation.
    const auto nose = local(30), j1 = local(1), j15 = local(15);
    const double span = j15.x - j1.x;
    if (span > 0) {
        const double offset = ((nose.x - j1.x) - (j15.x - nose.x)) / span;
        pose.yaw = std::asin(std::clamp(offset, -1.0, 1.0)) * kDeg;
    }
    // Pitch: the nose tip's height between the eye line and the chin, against the frontal ratio
    // (0.25: the median over franck.mp4, whose speaker faces the camera). Tipping the head up
    // shortens eye->nose relative to nose->chin. The scale maps a ratio change of 0.2 to ~30
    // degrees: an index for "not facing the camera", not a measurement.
    const auto chin = local(8);
    if (chin.y > 0) {
        const double ratio = nose.y / chin.y;
        pose.pitch = std::asin(std::clamp((0.25 - ratio) / 0.4, -1.0, 1.0)) * kDeg;
    }
    return pose;
}

double faceSharpness(const cv::Mat& image, const cv::Rect& box) {
    const cv::Rect r = box & cv::Rect(0, 0, image.cols, image.rows);
    if (r.width < 4 || r.height < 4) return 0.0;
    cv::Mat grey;
    if (image.channels() == 3)
        cv::cvtColor(image(r), grey, cv::COLOR_BGR2GRAY);
    else
        grey = image(r);
    // A fixed size makes the value describe the face, not the camera resolution. INTER_AREA when
    // shrinking so that a large sharp face is not penalised by aliasing; linear when enlarging.
    cv::resize(grey, grey, cv::Size(128, 128), 0, 0, r.width > 128 ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::Mat lap;
    cv::Laplacian(grey, lap, CV_64F);
    cv::Scalar m, sd;
    cv::meanStdDev(lap, m, sd);
    // Divided by the squared mean brightness (relative to mid-grey) so that a dark but sharp face
    // reads as dark, not as blurred: darkening scales the Laplacian linearly.
    const double level = std::max(cv::mean(grey)[0], 8.0) / 128.0;
    return sd[0] * sd[0] / (level * level);
}

struct QualityAssessor::Impl {
    ModelPaths models;
    bool loaded = false;
    dlib::shape_predictor sp68;

    void load() {
        if (loaded) return;
        models.require(true);
        try {
            dlib::deserialize(models.landmarks68().string()) >> sp68;
        } catch (const std::exception& e) {
            throw ModelMissingError(models.landmarks68(), std::string("cannot be loaded (") + e.what() + ")");
        }
        loaded = true;
    }
};

QualityAssessor::QualityAssessor(ModelPaths models, QualityThresholds thresholds)
    : impl_(std::make_unique<Impl>()), thresholds_(thresholds) {
    impl_->models = std::move(models);
}
QualityAssessor::~QualityAssessor() = default;
QualityAssessor::QualityAssessor(QualityAssessor&&) noexcept = default;
QualityAssessor& QualityAssessor::operator=(QualityAssessor&&) noexcept = default;

std::vector<cv::Point2f> QualityAssessor::landmarks68(const cv::Mat& bgr, const cv::Rect& box) {
    CV_Assert(bgr.type() == CV_8UC3);
    impl_->load();
    return bridge::toPoints(impl_->sp68(bridge::viewBgr(bgr), bridge::toDlib(box)));
}

QualityReport QualityAssessor::assess(const cv::Mat& bgr, const std::vector<DetectedFace>& faces, int chosen) {
    if (chosen < 0 || chosen >= static_cast<int>(faces.size())) return assessWithLandmarks(bgr, faces, -1, {});
    return assessWithLandmarks(bgr, faces, chosen, landmarks68(bgr, faces[static_cast<std::size_t>(chosen)].box));
}

QualityReport QualityAssessor::assessWithLandmarks(const cv::Mat& bgr, const std::vector<DetectedFace>& faces,
                                                   int chosen, const std::vector<cv::Point2f>& p) const {
    const QualityThresholds& t = thresholds_;
    QualityReport r;
    r.components.push_back(atLeast("face_found", static_cast<double>(faces.size()), 1, kPromptNoFace));
    if (chosen < 0 || chosen >= static_cast<int>(faces.size()) || p.size() != 68) {
        r.components.front().ok = false;
        r.components.front().prompt = kPromptNoFace;
        finish(r);
        return r;
    }
    CV_Assert(bgr.type() == CV_8UC3);
    const DetectedFace& face = faces[static_cast<std::size_t>(chosen)];
    r.components.push_back(
        atMost("single_face", countPeople(faces, chosen, t.background_face_ratio), 1, kPromptManyFaces));

    const double eye_px = eyeDistance68(p);
    r.components.push_back(atLeast("eye_distance", eye_px, t.min_eye_distance_px, kPromptCloser));

    // Head region: the landmarks' bounding box (brows to chin, cheek to cheek) raised by a third of
    // its height for the forehead. The detector box alone is tight around eyes-to-mouth and would
    // accept a face whose chin or forehead is cut off.
    cv::Rect2f lm_box = cv::boundingRect(p);
    lm_box.y -= lm_box.height * 0.33f;
    lm_box.height *= 1.33f;
    const cv::Rect2f inside = lm_box & cv::Rect2f(0, 0, static_cast<float>(bgr.cols), static_cast<float>(bgr.rows));
    const double in_frame = lm_box.area() > 0 ? inside.area() / lm_box.area() : 0.0;
    r.components.push_back(atLeast("in_frame", in_frame, t.min_in_frame, kPromptInFrame));

    r.components.push_back(atLeast("sharpness", faceSharpness(bgr, face.box), t.min_sharpness, kPromptBlur));

    // Exposure on the inner face (outer eye corners, brows to lower lip): hair and background
    // would otherwise decide it.
    cv::Mat grey;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    const float top = std::min(p[19].y, p[24].y), bottom = p[57].y;
    const float left = p[36].x, right = p[45].x, split = p[30].x;
    const cv::Rect inner(cv::Point(cvRound(left), cvRound(top)), cv::Point(cvRound(right), cvRound(bottom)));
    const double brightness = meanGrey(grey, inner);
    if (brightness < t.min_brightness)
        r.components.push_back(atLeast("brightness", brightness, t.min_brightness, kPromptDark));
    else
        r.components.push_back(atMost("brightness", brightness, t.max_brightness, kPromptBright));
    const double lh = meanGrey(grey, cv::Rect(cv::Point(cvRound(left), cvRound(top)), cv::Point(cvRound(split), cvRound(bottom))));
    const double rh = meanGrey(grey, cv::Rect(cv::Point(cvRound(split), cvRound(top)), cv::Point(cvRound(right), cvRound(bottom))));
    const double unevenness = std::max(lh, rh) > 0 ? std::abs(lh - rh) / std::max(lh, rh) : 0.0;
    r.components.push_back(atMost("evenness", unevenness, t.max_unevenness, kPromptUneven));

    const FacePose pose = estimatePose(p);
    r.components.push_back(atMost("yaw", std::abs(pose.yaw), t.max_yaw_deg, kPromptLookAtCamera));
    r.components.back().value = pose.yaw;
    r.components.push_back(atMost("pitch", std::abs(pose.pitch), t.max_pitch_deg, kPromptLookAtCamera));
    r.components.back().value = pose.pitch;
    r.components.push_back(atMost("roll", std::abs(pose.roll), t.max_roll_deg, kPromptLevel));
    r.components.back().value = pose.roll;

    r.components.push_back(atLeast("eyes_open", meanEyeAspectRatio(p), t.min_eye_aspect_ratio, kPromptEyes));
    finish(r);
    return r;
}

}  // namespace vision
