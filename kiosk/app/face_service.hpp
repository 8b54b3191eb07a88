// FaceService: the one calibrated adapter from the face pipeline (vision) to the records domain
// (core). The kiosk's vision thread, `kiosk check`, `kiosk enrol`, `kiosk verify` and `demo seed`
// all compare and enrol through it, so they share one calibration file (models/calibration.json),
// one enrolment path (the calibration's jitter: what the thresholds were fitted with) and one
// look-alike search over the other children's approved descriptors: one probe gets one band on
// every path. Every vision -> core mapping (bands, distances, evidence crops, FMR wording,
// look-alike warnings) lives here and nowhere else; core and vision stay unaware of each other.
// The models load on first use, so a command that is refused before comparing never waits for dlib.
// Thread safety: one per thread, like the vision::Verifier it owns (dlib's detector is not
// thread-safe); the kiosk's vision thread owns its own.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "kiosk/core/domain.hpp"
#include "kiosk/core/face_checker.hpp"
#include "kiosk/core/records.hpp"
#include "vision/calibration.hpp"
#include "vision/lookalike.hpp"
#include "vision/verifier.hpp"

namespace vision {
class FaceAnalyzer;
}

namespace kiosk::app {

struct FaceServiceOptions {
    std::optional<std::filesystem::path> models_dir;        // default: located as vision::ModelPaths does
    std::optional<std::filesystem::path> calibration_file;  // default: models/calibration.json
    bool live_checks = false;  // the kiosk: the 68-point landmarks for liveness and live quality too
};

// Another child on file as close to the probe as the approved child (a sibling, a look-alike).
struct LookalikeWarning {
    std::string child_name;
    double distance = 0.0;
    bool closer_than_approved = false;
};

// One comparison as every front end shows and core records it.
struct FaceComparison {
    core::FaceEvidence evidence;  // band, distances, quality, crop: what core records with the check
    std::string fmr_text;         // plain language, empty when uncalibrated or no distance
    std::vector<LookalikeWarning> lookalikes;  // one per other child, closest first
    cv::Mat probe_chip;           // aligned crop of the probe's face (evidence)
};

// What a probe is compared with, prepared once per check: the child's approved descriptors and
// every other child's (named for the look-alike warning).
class FaceReferences {
public:
    FaceReferences() = default;
    FaceReferences(const std::vector<core::StoredDescriptor>& approved, const std::vector<core::OtherChildDescriptor>& others);
    // Approved images given as images (kiosk verify): enrolled through the enrolment path.
    void addApproved(vision::EnrolledImage image) { approved_.push_back(std::move(image)); }
    void addOther(std::string child_name, const vision::Descriptor& d) { others_.add(std::move(child_name), d); }
    const std::vector<vision::EnrolledImage>& approved() const { return approved_; }
    const vision::DescriptorIndex& others() const { return others_; }

private:
    std::vector<vision::EnrolledImage> approved_;  // labels are core image ids ("" for files)
    std::vector<core::Id> ids_;
    vision::DescriptorIndex others_;
    friend class FaceService;
};

// The wrong-child check at enrolment: how close a photo offered for approval is to the child's own
// approved images and to every other child's, on the calibrated distance and match threshold, for
// core's rule (core::wrongChildSuspect). The descriptors compared are dlib's, so the threshold is
// dlib's own match threshold from the calibration (as the look-alike check), never the fused
// score's bands (another scale: a dlib distance is never below a negative z-score). Immutable: usable on any thread (the admin's save runs on
// the database thread).
class OnFileComparer {
public:
    explicit OnFileComparer(double dlib_match_below) : match_below_(dlib_match_below) {}
    void compare(core::EnrolmentEvidence& ev, const std::vector<core::StoredDescriptor>& own,
                 const std::vector<core::OtherChildDescriptor>& others) const;

private:
    double match_below_;
};

class FaceService final : public core::FaceChecker {
public:
    explicit FaceService(FaceServiceOptions options = {});
    ~FaceService() override;
    FaceService(const FaceService&) = delete;
    FaceService& operator=(const FaceService&) = delete;

    // Loads the models and the calibration now (the vision thread does at start, so the first
    // check does not wait). Throws vision's typed faults (missing model, bad calibration file).
    void load();

    // --- core::FaceChecker (kiosk check, kiosk enrol, demo seed) ------------------------------
    core::EnrolmentEvidence enrol(const std::string& image_path) override;
    core::FaceEvidence compare(const std::string& probe_path, const std::vector<core::StoredDescriptor>& refs,
                               const std::vector<core::OtherChildDescriptor>& others) override;

    // --- images already in memory (the vision thread, kiosk verify) ----------------------------
    // `live`: a camera frame (fast detection); otherwise a still image (the CLI's probes).
    FaceComparison compare(const cv::Mat& probe, const FaceReferences& refs, bool live = false);
    // The same, with everything the pipeline measured (timings, quality components, per-image scores).
    FaceComparison compare(const cv::Mat& probe, const FaceReferences& refs, bool live, vision::VerifyResult& detail);
    // The enrolment path plus the face-quality check, on one image (admin station, enrol).
    vision::Verifier::ApprovalCandidate analyseForApproval(const cv::Mat& image, std::string label);
    // What core is asked to approve: core refuses no face, several faces, and a failed quality check.
    static core::EnrolmentEvidence evidenceOf(const vision::Verifier::ApprovalCandidate& candidate);

    const vision::Calibration& calibration();
    OnFileComparer onFileComparer() { return OnFileComparer(calibration().dlib_possible_below); }
    vision::FaceAnalyzer& analyzer();  // the vision thread's detector for live frames
    vision::Verifier& verifier();      // its quality assessor

private:
    struct Pipeline;
    Pipeline& pipeline();
    FaceServiceOptions options_;
    std::unique_ptr<Pipeline> pipeline_;
};

// Evidence crops are stored as JPEG (quality 92: faces stay sharp, ~10 KB a 150x150 chip).
std::vector<std::uint8_t> evidenceJpeg(const cv::Mat& img);
// A stored crop back as BGR pixels; empty for no bytes.
cv::Mat decodeJpeg(const std::vector<std::uint8_t>& jpeg);
// The dlib part of a stored face template that today's models made (look-alike index, monitor);
// none for anything else (another model's descriptor, unreadable bytes).
std::optional<vision::Descriptor> toDescriptor(const std::vector<float>& v);

// A photo through the enrolment path, then compared with the children on file (the child's own
// approved images and every other child's, read as `by`: audited as views), ready for
// Records::enrolImage (kiosk enrol, demo seed).
core::EnrolmentEvidence enrolAgainstFile(FaceService& faces, core::Records& records, const core::User& by,
                                         core::Id child_id, const std::string& image_path);

}  // namespace kiosk::app
