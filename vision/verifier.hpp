// One probe image against the approved images of one child: the answer the officer sees.
//
// Both networks describe every face (dlib's ResNet and fr_feature, vision/face_template.hpp); the
// score the bands use is their fusion (vision/fusion.hpp), fitted with the calibration. The
// per-image distances of both networks stay in the result as evidence. The probe's face is also
// checked for a photo or screen held to the camera (vision/presentation.hpp).
//
// Approved images go through the enrolment path (once, more work); the probe through the live
// path (fast). The machine advises; it never decides: the result is a band plus its evidence.
// Thread safety: borrows a FaceAnalyzer, so the same rule applies: one Verifier per thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "vision/face_analyzer.hpp"
#include "vision/calibration.hpp"
#include "vision/face_template.hpp"
#include "vision/lookalike.hpp"
#include "vision/matcher.hpp"
#include "vision/presentation.hpp"
#include "vision/quality.hpp"  // QualityReport lives there

namespace vision {

// An approved image after enrolment: its descriptor (if a face was found) and why not otherwise.
struct EnrolledImage {
    std::string label;  // path or record id, for messages and output
    int faces = 0;
    std::optional<Descriptor> descriptor;  // dlib's (kept for the look-alike index)
    std::optional<FaceTemplate> face;      // both networks: what is stored and compared
    cv::Mat chip;       // aligned 150x150 BGR crop, evidence for the side-by-side view
    std::string problem;  // empty when usable

    // An approved image from its stored template (FaceTemplate::serialise); a 128-float descriptor
    // from before templates is kept but not compared (problem: kOlderModelReason).
    static EnrolledImage fromStored(std::string label, const std::vector<float>& stored);
};

struct ReferenceScore {
    std::string label;
    std::optional<double> distance;       // fused score (what the bands use)
    std::string problem;
    std::optional<double> dlib_distance;  // euclidean, dlib ResNet
    std::optional<double> fr_distance;    // cosine distance, fr_feature
};

// What kind of image the probe is, which decides how hard detection works:
// - Still (a file, a tapped capture): one full-resolution HOG pass, so a smaller second person in
//   view is counted (the live coarse pass stops at the first large face), then the MMOD CNN when
//   HOG finds nothing.
// - LiveFrame (the camera's best frame): the fast coarse pass; the FaceMonitor's periodic full
//   passes over the feed count the people instead, which keeps a capture within its time budget.
enum class ProbeKind { Still, LiveFrame };
AnalyzeOptions probeOptions(ProbeKind kind);

// What the verifier needs to know beyond the images. (Image age is a records rule, not a vision one:
// kiosk/core/image_age.hpp.)
struct VerifyContext {
    const DescriptorIndex* others = nullptr;  // other children on file (siblings...) for the look-alike check
    double lookalike_margin = 0.05;  // in dlib distance (the look-alike check uses dlib's distances)
    ProbeKind probe = ProbeKind::Still;
    bool presentation_check = true;  // fr_liveness on the probe's face
    double live_threshold = kDefaultLiveThreshold;
};

struct VerifyResult {
    Band band = Band::CannotAssess;
    std::string reason;  // why cannot_assess (first quality prompt, photo/screen, older model...)
    std::optional<double> best_distance;       // fused score of the best approved image
    std::optional<double> best_dlib_distance;  // that image's per-network distances
    std::optional<double> best_fr_distance;
    std::optional<double> live_score;          // fr_liveness: probability the face is live
    double live_threshold = 0.0;               // what live_score was held to (below: cannot_assess)
    int rotation = 0;                          // probe found only turned by this much (degrees)
    int best_ref = -1;
    int faces = 0;  // faces found in the probe
    QualityReport quality;
    std::vector<ReferenceScore> refs;
    // Set on strong/possible matches only (calibrated): the band's rate, fmr->text the wording.
    std::optional<FmrEstimate> fmr;
    std::vector<Lookalike> lookalikes;   // other children as close as the approved one
    cv::Mat probe_chip;
    StageTimings timings;
};

class Verifier {
public:
    // Calibrated: bands, FMR estimates and the enrolment setting from models/calibration.json.
    Verifier(FaceAnalyzer& analyzer, Calibration calibration) : analyzer_(analyzer), calibration_(std::move(calibration)) {}
    // Uncalibrated (tests, tools): bare thresholds, no FMR estimate.
    explicit Verifier(FaceAnalyzer& analyzer, BandThresholds thresholds = {}) : analyzer_(analyzer) {
        calibration_.bands = thresholds;
    }

    // The enrolment path; `jitter` < 0 uses the calibration's setting (what thresholds were fitted with).
    EnrolledImage enrol(const cv::Mat& bgr, std::string label, int jitter = -1);

    // An image offered as an approved image: the enrolment path plus the quality check on the same
    // face the descriptor comes from. The CLI and the admin station both approve through this, so
    // neither can approve a photo the other would refuse.
    struct ApprovalCandidate {
        EnrolledImage image;
        QualityReport quality;
    };
    ApprovalCandidate enrolForApproval(const cv::Mat& bgr, std::string label);

    // Band rules: cannot_assess when quality fails or no approved image is usable; otherwise the
    // band of the best (smallest) distance over the approved images, except that a look-alike
    // (another child as close as the approved one) caps the band at possible_match.
    VerifyResult verify(const cv::Mat& probe_bgr, const std::vector<EnrolledImage>& refs, const VerifyContext& ctx = {});

    const BandThresholds& thresholds() const { return calibration_.bands; }
    const Calibration& calibration() const { return calibration_; }

private:
    // The enrolment path's analysis (full detection, jitter < 0: the calibration's setting).
    FaceAnalysis analyzeForEnrolment(const cv::Mat& bgr, int jitter);

    FaceAnalyzer& analyzer_;
    Calibration calibration_;
    std::unique_ptr<PresentationChecker> presentation_;  // loaded on first probe
    // Face quality of the probe (components and prompts); loads the 68-point predictor on first use.
    QualityAssessor quality_{analyzer_.models()};

public:
    QualityAssessor& qualityAssessor() { return quality_; }
};

}  // namespace vision
