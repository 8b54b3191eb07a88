#include "vision/verifier.hpp"

#include <algorithm>
#include <chrono>

#include "vision/rate_text.hpp"

namespace vision {

AnalyzeOptions probeOptions(ProbeKind kind) {
    AnalyzeOptions opts;
    opts.path = Path::Live;
    if (kind == ProbeKind::Still) {
        opts.detect.coarse_side = -1;  // off: full resolution (upsampled when small)
        opts.detect.cnn_fallback = true;
        opts.detect.fr_detect = true;  // every face counted; sideways pictures caught
    }
    return opts;
}

namespace {
EnrolledImage fromAnalysis(const FaceAnalysis& a, std::string label) {
    EnrolledImage e;
    e.label = std::move(label);
    e.faces = static_cast<int>(a.faces.size());
    if (!a.hasFace()) {
        e.problem = a.rotation ? "approved image is turned on its side or upside down: turn the picture upright"
                               : "no face found in approved image";
        return e;
    }
    e.descriptor = a.descriptor;
    e.face = a.faceTemplate();
    e.chip = a.chip;
    if (a.rotation) e.problem = "approved image is turned on its side or upside down: turn the picture upright";
    return e;
}

constexpr const char* kPromptUpright = "turn the picture upright";
}  // namespace

EnrolledImage EnrolledImage::fromStored(std::string label, const std::vector<float>& stored) {
    EnrolledImage e;
    e.label = std::move(label);
    e.faces = 1;
    const TemplateRead t = deserialiseTemplate(stored);
    if (t.face) {
        e.face = t.face;
        e.descriptor = t.face->dlib;
    } else {
        e.problem = t.problem;
    }
    return e;
}

FaceAnalysis Verifier::analyzeForEnrolment(const cv::Mat& bgr, int jitter) {
    AnalyzeOptions opts;
    opts.path = Path::Enrolment;
    opts.enrol_jitter = jitter >= 0 ? jitter : calibration_.enrol_jitter;
    return analyzer_.analyze(bgr, opts);
}

EnrolledImage Verifier::enrol(const cv::Mat& bgr, std::string label, int jitter) {
    return fromAnalysis(analyzeForEnrolment(bgr, jitter), std::move(label));
}

Verifier::ApprovalCandidate Verifier::enrolForApproval(const cv::Mat& bgr, std::string label) {
    const FaceAnalysis a = analyzeForEnrolment(bgr, -1);
    QualityReport q = a.landmarks68.size() == 68 ? quality_.assessWithLandmarks(bgr, a.faces, a.chosen, a.landmarks68)
                                                 : quality_.assess(bgr, a.faces, a.chosen);
    if (a.rotation) {
        q.ok = false;
        q.issues.insert(q.issues.begin(), kPromptUpright);
        q.components.push_back({"upright", static_cast<double>(a.rotation), 0.0, false, kPromptUpright});
    }
    return {fromAnalysis(a, std::move(label)), q};
}

VerifyResult Verifier::verify(const cv::Mat& probe_bgr, const std::vector<EnrolledImage>& refs,
                             const VerifyContext& ctx) {
    VerifyResult r;
    const FaceAnalysis a = analyzer_.analyze(probe_bgr, probeOptions(ctx.probe));
    r.faces = static_cast<int>(a.faces.size());
    r.timings = a.timings;
    r.probe_chip = a.chip;
    r.rotation = a.rotation;
    const auto probe = a.faceTemplate();
    const FusionParams& fusion = calibration_.fusion;

    std::string ref_problem;
    for (const auto& e : refs) {
        ReferenceScore s{e.label, std::nullopt, e.problem, std::nullopt, std::nullopt};
        if (!e.face && e.descriptor && e.problem.empty()) s.problem = kOlderModelReason;
        if (probe && e.face) {
            s.dlib_distance = distance(probe->dlib, e.face->dlib);
            s.fr_distance = cosineDistance(probe->fr, e.face->fr);
            s.distance = fusion.score(*s.dlib_distance, *s.fr_distance);
            if (!r.best_distance || *s.distance < *r.best_distance) {
                r.best_distance = s.distance;
                r.best_dlib_distance = s.dlib_distance;
                r.best_fr_distance = s.fr_distance;
                r.best_ref = static_cast<int>(r.refs.size());
            }
        }
        if (!e.face && ref_problem.empty()) ref_problem = s.problem.empty() ? "approved image not usable" : s.problem;
        r.refs.push_back(std::move(s));
    }
    if (r.best_distance && ctx.others && a.descriptor) {
        // dlib's distance to the nearest approved image against dlib distances to the other children.
        double best_dlib = 1e9;
        for (const auto& s : r.refs)
            if (s.dlib_distance) best_dlib = std::min(best_dlib, *s.dlib_distance);
        r.lookalikes = findLookalikes(*a.descriptor, best_dlib, *ctx.others, calibration_.dlib_possible_below,
                                      ctx.lookalike_margin);
    }

    // Every quality component (face count, size, sharpness, exposure, pose, eyes, framing); any
    // failure means cannot_assess below, never a match.
    r.quality = a.landmarks68.size() == 68 ? quality_.assessWithLandmarks(probe_bgr, a.faces, a.chosen, a.landmarks68)
                                           : quality_.assess(probe_bgr, a.faces, a.chosen);
    if (a.rotation) {
        r.quality.ok = false;
        r.quality.issues.insert(r.quality.issues.begin(), kPromptUpright);
        r.quality.components.push_back({"upright", static_cast<double>(a.rotation), 0.0, false, kPromptUpright});
    }

    // A photo or screen held to the camera: the captured frame's face through fr_liveness.
    bool attack = false;
    if (ctx.presentation_check && a.hasFace()) {
        const auto t0 = std::chrono::steady_clock::now();
        if (!presentation_) presentation_ = std::make_unique<PresentationChecker>(analyzer_.models().frLiveness());
        r.live_score = presentation_->liveScore(probe_bgr, livenessBoxFor(*a.chosenFace()));
        r.timings.liveness_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        r.live_threshold = ctx.live_threshold;
        attack = *r.live_score < ctx.live_threshold;
    }

    if (!r.quality.ok) {
        r.band = Band::CannotAssess;
        r.reason = r.quality.issues.empty() ? "poor image quality" : r.quality.issues.front();
    } else if (attack) {
        r.band = Band::CannotAssess;
        r.reason = kPresentationAttackReason;
    } else if (!r.best_distance) {
        r.band = Band::CannotAssess;
        r.reason = !probe ? "no face could be described" : (ref_problem.empty() ? "no usable approved image" : ref_problem);
    } else {
        r.band = bandFor(*r.best_distance, calibration_.bands);
        if (r.band == Band::StrongMatch && !r.lookalikes.empty()) r.band = Band::PossibleMatch;
    }
    if ((r.band == Band::StrongMatch || r.band == Band::PossibleMatch) && !calibration_.table_distance.empty()) {
        FmrEstimate e;
        const Rate& rate = r.band == Band::StrongMatch ? calibration_.strong_fmr : calibration_.possible_fmr;
        e.fmr = rate.hi;
        e.upper_bound = true;
        e.one_in = roundedOneIn(rate.hi);
        e.text = rateText(r.band, calibration_);
        r.fmr = e;
    }
    return r;
}

}  // namespace vision
