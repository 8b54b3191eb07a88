#include "kiosk/cli/face_adapter.hpp"

#include <utility>

#include <opencv2/imgcodecs.hpp>

#include "kiosk/face_bridge.hpp"
#include "vision/errors.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/image_io.hpp"
#include "vision/verifier.hpp"

namespace kiosk::cli {

struct VisionFaceChecker::Pipeline {
    explicit Pipeline(const vision::ModelPaths& models) : analyzer(models), verifier(analyzer) {}
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
    for (const auto& r : refs) {
        vision::EnrolledImage e;
        e.label = std::to_string(r.image_id);
        e.faces = 1;
        if (r.descriptor.size() == vision::kDescriptorSize) {
            vision::Descriptor d{};
            std::copy(r.descriptor.begin(), r.descriptor.end(), d.begin());
            e.descriptor = d;
        } else {
            e.problem = "stored descriptor unreadable";
        }
        enrolled.push_back(std::move(e));
    }
    const vision::VerifyResult v = pipeline().verifier.verify(probe, enrolled);
    core::FaceEvidence ev;
    ev.band = toCoreBand(v.band);
    ev.best_distance = v.best_distance;
    for (std::size_t i = 0; i < v.refs.size() && i < refs.size(); ++i)
        ev.distances.push_back({refs[i].image_id, v.refs[i].distance});
    ev.faces = v.faces;
    ev.quality_ok = v.quality.ok;
    ev.quality_issues = v.quality.issues;
    ev.evidence_jpeg = evidenceJpeg(v.probe_chip);
    return ev;
}

}  // namespace kiosk::cli
