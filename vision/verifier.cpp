#include "vision/verifier.hpp"

#include <algorithm>

namespace vision {

AnalyzeOptions probeOptions(ProbeKind kind) {
    AnalyzeOptions opts;
    opts.path = Path::Live;
    if (kind == ProbeKind::Still) {
        opts.detect.coarse_side = -1;  // off: full resolution (upsampled when small)
        opts.detect.cnn_fallback = true;
    }
    return opts;
}

namespace {
EnrolledImage fromAnalysis(const FaceAnalysis& a, std::string label) {
    EnrolledImage e;
    e.label = std::move(label);
    e.faces = static_cast<int>(a.faces.size());
    if (!a.hasFace()) {
        e.problem = "no face found in approved image";
        return e;
    }
    e.descriptor = a.descriptor;
    e.chip = a.chip;
    return e;
}
}  // namespace

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
    return {fromAnalysis(a, std::move(label)), quality_.assess(bgr, a.faces, a.chosen)};
}

VerifyResult Verifier::verify(const cv::Mat& probe_bgr, const std::vector<EnrolledImage>& refs,
                             const VerifyContext& ctx) {
    VerifyResult r;
    const FaceAnalysis a = analyzer_.analyze(probe_bgr, probeOptions(ctx.probe));
    r.faces = static_cast<int>(a.faces.size());
    r.timings = a.timings;
    r.probe_chip = a.chip;

    std::vector<std::optional<Descriptor>> ref_descriptors;
    for (const auto& e : refs) ref_descriptors.push_back(e.descriptor);
    if (a.descriptor) {
        const MatchScores s = scoreAgainst(*a.descriptor, ref_descriptors);
        r.best_distance = s.best_distance;
        r.best_ref = s.best_index;
        for (std::size_t i = 0; i < refs.size(); ++i) r.refs.push_back({refs[i].label, s.per_ref[i], refs[i].problem});
    } else {
        for (const auto& e : refs) r.refs.push_back({e.label, std::nullopt, e.problem});
    }
    if (r.best_distance) {
        if (!calibration_.table_distance.empty()) r.fmr = calibration_.fmrAt(*r.best_distance);
        if (ctx.others && a.descriptor)
            r.lookalikes = findLookalikes(*a.descriptor, *r.best_distance, *ctx.others,
                                          calibration_.bands.possible_below, ctx.lookalike_margin);
    }

    // Every quality component (face count, size, sharpness, exposure, pose, eyes, framing); any
    // failure means cannot_assess below, never a match.
    r.quality = quality_.assess(probe_bgr, a.faces, a.chosen);

    if (!r.quality.ok || !r.best_distance) {
        r.band = Band::CannotAssess;
    } else {
        r.band = bandFor(*r.best_distance, calibration_.bands);
        if (r.band == Band::StrongMatch && !r.lookalikes.empty()) r.band = Band::PossibleMatch;
    }
    return r;
}

}  // namespace vision
