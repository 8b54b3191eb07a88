// Plain value types shared across the face pipeline. No dlib types leak through here so that
// callers (core, store, ui) can hold results without including dlib.
#pragma once

#include <array>
#include <vector>

#include <opencv2/core.hpp>

namespace vision {

inline constexpr int kDescriptorSize = 128;
inline constexpr int kChipSize = 150;

// A 128-D face descriptor from dlib's ResNet. Not unit length; compare with euclidean distance.
using Descriptor = std::array<float, kDescriptorSize>;

// One detected face in image coordinates.
struct DetectedFace {
    cv::Rect box;                      // detector rectangle, clipped to nothing (may leave the frame)
    double detector_score = 0.0;       // HOG SVM score (higher is more face-like); MMOD confidence
    std::vector<cv::Point2f> landmarks;  // 5 points: outer/inner corners of each eye, base of nose
    cv::Rect fr_box;                   // fr_detect.onnx's box for this face (empty when it did not run / see it)
    double fr_score = 0.0;             // fr_detect's face probability (0 when none)
};

// How to pick "the" face when an image holds several.
enum class FaceChoice {
    Largest,        // live camera: the person nearest the kiosk (largest box)
    NearestCentre,  // LFW convention: the labelled face is the one nearest the image centre
};

}  // namespace vision
