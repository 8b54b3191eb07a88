// Presentation-attack check: fr_liveness.onnx (npm faceplugin-face-recognition-js@0.0.1), a
// classifier of "live face" against "photo or screen held to the camera". Preprocessing as the
// package's lib/fr_liveness.js, in BGR (in RGB a third of franck.mp4's real frames fail): the
// detector's box made square (side = its height), widened 2.7x about its centre and kept inside
// the image, resized to 128x128, raw 0-255 floats; output `output`, 3 logits, softmax class 0 =
// live. The threshold is chosen from the bona-fide rejection rate measured on the project's real
// faces (docs/CONFIDENCE.md); attack samples could not be made here, so APCER is unmeasured.
//
// Thread safety: NOT thread-safe (cv::dnn::Net); one instance per thread.
#pragma once

#include <filesystem>
#include <memory>

#include <opencv2/core.hpp>

#include "vision/types.hpp"

namespace vision {

inline constexpr const char* kPresentationAttackReason = "possible photo or screen: check the child in person";
// Live score below this -> cannot_assess (docs/CONFIDENCE.md "Presentation attacks" for the BPCER).
inline constexpr double kDefaultLiveThreshold = 0.005;

// The box the check crops around for a detected face: fr_detect's own box when it saw the face
// (what fr_liveness was trained on), else the HOG box widened to about fr_detect's (the live path).
cv::Rect livenessBoxFor(const DetectedFace& face);

class PresentationChecker {
public:
    explicit PresentationChecker(const std::filesystem::path& model_file);  // throws ModelMissingError
    ~PresentationChecker();
    PresentationChecker(PresentationChecker&&) noexcept;
    PresentationChecker& operator=(PresentationChecker&&) noexcept;

    // The 128x128 crop the network sees for a face box (any detector's; made square here).
    static cv::Mat crop(const cv::Mat& bgr, const cv::Rect& face_box);
    // Probability that the face in `face_box` is live (0..1).
    double liveScore(const cv::Mat& bgr, const cv::Rect& face_box);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vision
