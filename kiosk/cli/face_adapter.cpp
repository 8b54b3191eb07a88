#include "kiosk/cli/face_adapter.hpp"

#include <algorithm>
#include <utility>

#include <opencv2/imgcodecs.hpp>

#include "kiosk/face_bridge.hpp"
#include "vision/errors.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/image_io.hpp"
#include "vision/verifier.hpp"

namespace kiosk::cli {

struct VisionFaceChecker::Pipeline {
    // Calibrated: the bands are thresholds on the fused score, fitted with the calibration.
    explicit Pipeline(const vision::ModelPaths& models)
        : analyzer(models), verifier(analyzer, vision::Calibration::load(vision::Calibration::defaultFile(models.dir))) {}
    vision::FaceAnalyzer analyzer;
    vision::Verifier verifier;
};

VisionFaceChecker::VisionFaceChecker(const GlobalOptions& global) : global_(global) {}
VisionFaceChecker::~VisionFaceChecker() = default;

VisionFaceChecker::Pipeline& VisionFaceChecker::pipeline() {
    if (!pipeline_) {
        const auto models = vision::ModelPaths::locate(global_.models_dir);
        models.require();
        pipeline_ = std::make_unique<Pipeline>(models);
    }
    return *pipeline_;
}

core::EnrolmentEvidence VisionFaceChecker::enrol(const std::string& path) {
    // Read once: the bytes stored are the bytes analysed (typed errors for a missing or corrupt file).
    auto bytes = vision::readImageFile(path);
    const auto [e, q] = pipeline().verifier.enrolForApproval(vision::decodeImage(bytes, path), path);
    core::EnrolmentEvidence ev = enrolmentEvidence(e, q);
    ev.image_bytes = std::move(bytes);
    return ev;
}

core::FaceEvidence VisionFaceChecker::compare(const std::string& probe_path,
                                              const std::vector<core::StoredDescriptor>& refs) {
    const cv::Mat probe = vision::loadImage(probe_path);
    std::vector<vision::EnrolledImage> enrolled;
    // A stored 128-float descriptor (before templates) is refused with kOlderModelReason.
    for (const auto& r : refs) enrolled.push_back(vision::EnrolledImage::fromStored(std::to_string(r.image_id), r.descriptor));
    const vision::VerifyResult v = pipeline().verifier.verify(probe, enrolled);
    core::FaceEvidence ev;
    ev.band = toCoreBand(v.band);
    ev.best_distance = v.best_distance;
    for (std::size_t i = 0; i < v.refs.size() && i < refs.size(); ++i)
        ev.distances.push_back({refs[i].image_id, v.refs[i].distance});
    ev.faces = v.faces;
    ev.quality_ok = v.quality.ok;
    ev.quality_issues = v.quality.issues;
    // core has no field for other reasons (photo or screen, older face model): carried as an issue.
    if (v.band == vision::Band::CannotAssess && !v.reason.empty() &&
        std::find(ev.quality_issues.begin(), ev.quality_issues.end(), v.reason) == ev.quality_issues.end())
        ev.quality_issues.push_back(v.reason);
    ev.evidence_jpeg = evidenceJpeg(v.probe_chip);
    return ev;
}

}  // namespace kiosk::cli
