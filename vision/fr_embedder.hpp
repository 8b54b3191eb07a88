// The second face network: fr_feature.onnx (npm faceplugin-face-recognition-js@0.0.1), a 512-D
// ArcFace-style embedding run by OpenCV's DNN module. Preprocessing as measured in issue 14:
// five points from dlib's 68 (eye centres = mean of 36-41 / 42-47, nose tip 30, mouth corners 48,
// 54), a least-squares similarity (rotation, uniform scale, translation; closed form over all five
// points) onto the ArcFace reference points, warpAffine to 112x112, blob = (BGR - 127) / 128 (BGR
// order: RGB loses ~0.3 pt), then L2-normalised. Compare with cosine distance (1 - dot).
// (Not the package's own three-point getAffineTransform: it shears the face, ~88% on LFW.)
//
// Thread safety: NOT thread-safe (a cv::dnn::Net keeps per-call buffers); one instance per thread.
// It does not use dlib's BLAS, so it may run concurrently with a dlib Embedder on another thread.
#pragma once

#include <array>
#include <filesystem>
#include <memory>
#include <vector>

#include <opencv2/core.hpp>

namespace vision {

inline constexpr int kFrEmbeddingSize = 512;
inline constexpr int kFrCropSize = 112;
using FrEmbedding = std::array<float, kFrEmbeddingSize>;  // unit length

// The five ArcFace points from 68 dlib landmarks (image coordinates). Requires lm68.size() == 68.
std::array<cv::Point2f, 5> arcfacePoints(const std::vector<cv::Point2f>& lm68);

// Least-squares similarity mapping `from` onto `to` (2x3 CV_64F), closed form (Umeyama without
// reflection).
cv::Mat similarityTransform(const std::array<cv::Point2f, 5>& from, const std::array<cv::Point2f, 5>& to);

// 1 - cosine similarity of two unit vectors: 0 same direction, 1 orthogonal, 2 opposite.
double cosineDistance(const FrEmbedding& a, const FrEmbedding& b);

class FrEmbedder {
public:
    // Throws ModelMissingError when the file is absent or OpenCV cannot load it.
    explicit FrEmbedder(const std::filesystem::path& model_file);
    ~FrEmbedder();
    FrEmbedder(FrEmbedder&&) noexcept;
    FrEmbedder& operator=(FrEmbedder&&) noexcept;

    // 112x112 BGR crop aligned on the five points.
    static cv::Mat alignedCrop(const cv::Mat& bgr, const std::vector<cv::Point2f>& lm68);

    // Requires: a crop from alignedCrop. `mirror`: add the mirrored crop's embedding before
    // normalising (enrolment always; probes too, it costs one more forward pass).
    FrEmbedding embedCrop(const cv::Mat& crop112, bool mirror);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vision
