// dlib's MMOD CNN face detector: finds faces HOG misses (turned, small, partly lit) but takes ~0.6 s
// at 640x480 on this CPU, so it is a fallback for still images, never for live frames.
// Thread safety: NOT thread-safe; one instance per thread.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include <opencv2/core.hpp>

namespace vision {

class CnnDetector {
public:
    explicit CnnDetector(const std::filesystem::path& model_file);  // throws ModelMissingError
    ~CnnDetector();

    struct Hit {
        cv::Rect box;
        double confidence;
    };
    // Requires: CV_8UC3 BGR image. Returns boxes in that image's coordinates.
    std::vector<Hit> detect(const cv::Mat& bgr);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vision
