// core::FaceChecker on the real face pipeline (vision::Verifier). The models load on first use,
// so commands that turn out not to need them (a refused check) never wait for dlib.
// Thread safety: one per thread, like the Verifier it wraps.
#pragma once

#include <memory>

#include "kiosk/cli/common.hpp"
#include "kiosk/core/face_checker.hpp"

namespace kiosk::cli {

class VisionFaceChecker final : public core::FaceChecker {
public:
    explicit VisionFaceChecker(const GlobalOptions& global);
    ~VisionFaceChecker() override;
    core::EnrolmentEvidence enrol(const std::string& image_path) override;
    core::FaceEvidence compare(const std::string& probe_path, const std::vector<core::StoredDescriptor>& refs) override;

private:
    struct Pipeline;
    Pipeline& pipeline();
    GlobalOptions global_;
    std::unique_ptr<Pipeline> pipeline_;
};

}  // namespace kiosk::cli
