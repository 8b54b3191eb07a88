// One probe image against the approved images of one child: the answer the officer sees.
//
// Approved images go through the enrolment path (once, more work); the probe through the live
// path (fast). The machine advises; it never decides: the result is a band plus its evidence.
// Thread safety: borrows a FaceAnalyzer, so the same rule applies: one Verifier per thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "vision/face_analyzer.hpp"
#include "vision/matcher.hpp"

namespace vision {

// A face-quality verdict: ok, or the plain prompts a person can act on ("move closer", ...).
struct QualityReport {
    bool ok = true;
    std::vector<std::string> issues;
};

// An approved image after enrolment: its descriptor (if a face was found) and why not otherwise.
struct EnrolledImage {
    std::string label;  // path or record id, for messages and output
    int faces = 0;
    std::optional<Descriptor> descriptor;
    cv::Mat chip;       // aligned 150x150 BGR crop, evidence for the side-by-side view
    std::string problem;  // empty when usable
};

struct ReferenceScore {
    std::string label;
    std::optional<double> distance;
    std::string problem;
};

struct VerifyResult {
    Band band = Band::CannotAssess;
    std::optional<double> best_distance;
    int best_ref = -1;
    int faces = 0;  // faces found in the probe
    QualityReport quality;
    std::vector<ReferenceScore> refs;
    cv::Mat probe_chip;
    StageTimings timings;
};

class Verifier {
public:
    Verifier(FaceAnalyzer& analyzer, BandThresholds thresholds = {}) : analyzer_(analyzer), thresholds_(thresholds) {}

    EnrolledImage enrol(const cv::Mat& bgr, std::string label, int jitter = 0);
    VerifyResult verify(const cv::Mat& probe_bgr, const std::vector<EnrolledImage>& refs);

    const BandThresholds& thresholds() const { return thresholds_; }

private:
    FaceAnalyzer& analyzer_;
    BandThresholds thresholds_;
};

}  // namespace vision
