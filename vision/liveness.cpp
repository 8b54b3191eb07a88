#include "vision/liveness.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include <opencv2/imgproc.hpp>

#include "vision/face_analyzer.hpp"
#include "vision/quality.hpp"

namespace vision {
namespace {

std::string fmt(const char* f, double a, double b = 0.0) {
    char buf[160];
    std::snprintf(buf, sizeof buf, f, a, b);
    return buf;
}

// RMS distance left after the best 2-D similarity (scale, rotation, shift) maps `a` onto `b`: the
// part of the landmark motion a flat picture moved in the image plane cannot produce.
double similarityResidual(const std::vector<cv::Point2f>& a, const std::vector<cv::Point2f>& b) {
    const std::size_t n = std::min(a.size(), b.size());
    if (n < 3) return 0.0;
    cv::Point2d ca(0, 0), cb(0, 0);
    for (std::size_t i = 0; i < n; ++i) ca += cv::Point2d(a[i]), cb += cv::Point2d(b[i]);
    ca *= 1.0 / static_cast<double>(n);
    cb *= 1.0 / static_cast<double>(n);
    double saa = 0, sc = 0, ss = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const cv::Point2d p = cv::Point2d(a[i]) - ca, q = cv::Point2d(b[i]) - cb;
        saa += p.dot(p);
        sc += p.x * q.x + p.y * q.y;
        ss += p.x * q.y - p.y * q.x;
    }
    if (saa <= 0) return 0.0;
    const double c = sc / saa, s = ss / saa;
    double err = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const cv::Point2d p = cv::Point2d(a[i]) - ca, q = cv::Point2d(b[i]) - cb;
        const cv::Point2d pred(c * p.x - s * p.y, s * p.x + c * p.y);
        err += (q - pred).dot(q - pred);
    }
    return std::sqrt(err / static_cast<double>(n));
}

}  // namespace

std::string_view livenessStateName(LivenessState s) {
    switch (s) {
        case LivenessState::Pending: return "pending";
        case LivenessState::Passed: return "passed";
        case LivenessState::Failed: return "failed";
    }
    return "pending";
}

std::string_view livenessCueName(LivenessCue c) {
    switch (c) {
        case LivenessCue::None: return "none";
        case LivenessCue::Blink: return "blink";
        case LivenessCue::HeadTurn: return "head_turn";
    }
    return "none";
}

void LivenessChecker::reset() { *this = LivenessChecker(t_); }

double LivenessChecker::openLevel(double now) const {
    std::vector<double> ears;
    for (const auto& s : history_)
        if (s.t >= now - t_.baseline_seconds && s.t < now) ears.push_back(s.ear);
    if (ears.size() < 3) return 0.0;
    const auto k = static_cast<std::ptrdiff_t>(ears.size() * 8 / 10);
    std::nth_element(ears.begin(), ears.begin() + k, ears.end());
    return ears[static_cast<std::size_t>(k)];
}

const LivenessStatus& LivenessChecker::feed(double t, const cv::Mat& bgr, const std::vector<cv::Point2f>& lm68) {
    if (status_.state != LivenessState::Pending) return status_;
    if (!t0_) t0_ = t;
    ++status_.frames;
    LivenessSample s;
    s.t = t;
    s.face = lm68.size() == 68;
    if (!s.face) {
        prev_grey_.release();
        prev_lm_.clear();
        closed_since_.reset();
        last_ = s;
        if (t - *t0_ >= t_.max_seconds && !first_face_t_) {
            status_.state = LivenessState::Failed;
            status_.at_seconds = t - *t0_;
            status_.reason = "no face seen: the person should look at the camera";
        } else if (first_face_t_ && t - *first_face_t_ >= t_.max_seconds) {
            decide(s);
        }
        return status_;
    }
    CV_Assert(bgr.type() == CV_8UC3);
    ++status_.frames_with_face;
    if (!first_face_t_) first_face_t_ = t;

    s.ear = meanEyeAspectRatio(lm68);
    s.yaw = estimatePose(lm68).yaw;
    const double eye = std::max(eyeDistance68(lm68), 1.0);

    // Pixel change inside the face: the landmarks' box, compared with the same box last frame.
    cv::Mat grey;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    const cv::Rect box = cv::boundingRect(lm68) & cv::Rect(0, 0, grey.cols, grey.rows);
    if (!prev_grey_.empty() && prev_grey_.size() == grey.size() && box.area() > 0) {
        cv::Mat diff;
        cv::absdiff(grey(box), prev_grey_(box), diff);
        s.face_change = cv::mean(diff)[0];
    } else {
        s.face_change = 255.0;  // first frame with a face: nothing to compare yet
    }
    if (!prev_lm_.empty()) s.nonrigid = similarityResidual(prev_lm_, lm68) / eye;
    prev_grey_ = grey;
    prev_lm_ = lm68;
    last_ = s;
    decide(s);
    history_.push_back(s);
    const double keep = std::max({t_.baseline_seconds, t_.turn_window_seconds, 3.0});
    while (!history_.empty() && history_.front().t < t - keep) history_.pop_front();
    return status_;
}

void LivenessChecker::decide(const LivenessSample& s) {
    const double session = s.t - *t0_;
    auto pass = [&](LivenessCue cue, std::string why) {
        status_.state = LivenessState::Passed;
        status_.cue = cue;
        status_.at_seconds = session;
        status_.reason = std::move(why);
    };
    auto fail = [&](std::string why) {
        status_.state = LivenessState::Failed;
        status_.at_seconds = session;
        status_.reason = std::move(why);
    };

    if (s.face) {
        // Blink: closed against the person's own open level, then open again, quickly.
        const double open = openLevel(s.t);
        if (closed_since_ && s.t - *closed_since_ > t_.blink_max_seconds) closed_since_.reset();
        if (open >= t_.min_open_ear) {
            if (!closed_since_ && s.ear < t_.blink_close_ratio * open) {
                closed_since_ = s.t;
            } else if (closed_since_ && s.ear > t_.blink_open_ratio * open) {
                return pass(LivenessCue::Blink, fmt("blink: eyes closed and reopened within %.2f s", s.t - *closed_since_));
            }
        }

        // Head turn: the yaw index (median of three, against landmark glitches) spans enough.
        std::vector<double> yaws;
        for (const auto& h : history_)
            if (h.t >= s.t - t_.turn_window_seconds) yaws.push_back(h.yaw);
        yaws.push_back(s.yaw);
        double lo = 0.0, hi = 0.0;
        for (std::size_t i = 1; i + 1 < yaws.size(); ++i) {
            std::array<double, 3> w{yaws[i - 1], yaws[i], yaws[i + 1]};
            std::sort(w.begin(), w.end());
            if (i == 1) lo = hi = w[1];
            lo = std::min(lo, w[1]);
            hi = std::max(hi, w[1]);
        }
        if (hi - lo >= t_.turn_degrees) return pass(LivenessCue::HeadTurn, fmt("head turn: yaw moved %.0f degrees", hi - lo));

        // Static: the face region's pixels have not changed at all.
        if (s.face_change < t_.static_level) {
            if (!unchanged_since_) unchanged_since_ = s.t;
            if (s.t - *unchanged_since_ >= t_.static_seconds)
                return fail(fmt("static image: the face has not changed for %.1f s (a photo or a frozen picture)",
                                s.t - *unchanged_since_));
        } else {
            unchanged_since_.reset();
        }
    }

    if (first_face_t_ && s.t - *first_face_t_ >= t_.max_seconds) {
        return fail(fmt("no blink or head turn in %.0f s: ask the person to blink and turn their head",
                        t_.max_seconds));
    }
}

LivenessSession::LivenessSession(FaceAnalyzer& analyzer, QualityAssessor& landmarks, LivenessThresholds t)
    : analyzer_(analyzer), landmarks_(landmarks), checker_(t) {}

const LivenessStatus& LivenessSession::feed(double t, const cv::Mat& bgr) {
    if (checker_.status().state != LivenessState::Pending) return checker_.status();
    DetectOptions opts;
    opts.coarse_side = FaceAnalyzer::kLiveCoarseSide;
    const auto faces = analyzer_.detect(bgr, opts);
    const int chosen = FaceAnalyzer::choose(faces, bgr.size(), FaceChoice::Largest);
    if (chosen < 0) return checker_.feed(t, bgr, {});
    return checker_.feed(t, bgr, landmarks_.landmarks68(bgr, faces[static_cast<std::size_t>(chosen)].box));
}

cv::Mat syntheticStillFrame(const cv::Mat& still, double) { return still.clone(); }

cv::Mat syntheticPanFrame(const cv::Mat& still, double t, double duration, double noise) {
    const double u = duration > 0 ? std::clamp(t / duration, 0.0, 1.0) : 0.0;
    const double zoom = 1.0 + 0.25 * u;
    const double dx = 0.06 * still.cols * std::sin(2.0 * CV_PI * u);
    const double dy = 0.03 * still.rows * std::sin(CV_PI * u);
    cv::Mat m = cv::getRotationMatrix2D(cv::Point2f(still.cols / 2.0f, still.rows / 2.0f), 0.0, zoom);
    m.at<double>(0, 2) += dx;
    m.at<double>(1, 2) += dy;
    cv::Mat out;
    cv::warpAffine(still, out, m, still.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    if (noise > 0) {
        // Deterministic per frame so that runs and tests repeat exactly.
        cv::RNG rng(static_cast<std::uint64_t>(t * 1000.0) + 1);
        cv::Mat n(out.size(), CV_16SC3);
        rng.fill(n, cv::RNG::NORMAL, 0.0, noise);
        cv::Mat o16;
        out.convertTo(o16, CV_16SC3);
        o16 += n;
        o16.convertTo(out, CV_8UC3);
    }
    return out;
}

}  // namespace vision
