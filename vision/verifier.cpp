#include "vision/verifier.hpp"

namespace vision {

EnrolledImage Verifier::enrol(const cv::Mat& bgr, std::string label, int jitter) {
    AnalyzeOptions opts;
    opts.path = Path::Enrolment;
    opts.enrol_jitter = jitter;
    const FaceAnalysis a = analyzer_.analyze(bgr, opts);
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

VerifyResult Verifier::verify(const cv::Mat& probe_bgr, const std::vector<EnrolledImage>& refs) {
    VerifyResult r;
    const FaceAnalysis a = analyzer_.analyze(probe_bgr, AnalyzeOptions{});
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

    if (r.faces == 0) r.quality.issues.push_back("no face found: look at the camera");
    if (r.faces > 1) r.quality.issues.push_back("more than one face: only the child should be in view");
    r.quality.ok = r.quality.issues.empty();

    if (!r.quality.ok || !r.best_distance) {
        r.band = Band::CannotAssess;
    } else {
        r.band = bandFor(*r.best_distance, thresholds_);
    }
    return r;
}

}  // namespace vision
