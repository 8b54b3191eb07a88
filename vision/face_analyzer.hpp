// Image -> faces -> aligned chip -> 128-D descriptor: the core of the face pipeline.
//
// Detection: stills and enrolment (DetectOptions::fr_detect) also run fr_detect.onnx, which counts
// every face of a group photo (HOG misses small and turned ones) and finds faces HOG finds none of
// (then the MMOD CNN is only a last resort for enrolment); when no face is found upright, or only
// HOG's, the image is tried turned by 90/180/270 degrees so that a sideways or upside-down picture
// is reported as such ("turn the picture upright") rather than passing quality or finding no face.
// HOG: dlib HOG on a grey copy, scaled so the longer side is at most `max_detect_side`
// (speed) and doubled when the image is small (HOG's window is 80x80, so small faces need
// upsampling; tightly cropped faces also get a border so the window fits). Optionally the MMOD CNN
// detector is tried when HOG finds nothing (stills only: ~0.6 s a frame).
// Landmarks: 5-point shape predictor on the full-resolution image. Chip: 150x150, padding 0.25.
// Second network: 68-point landmarks of the chosen face -> 112x112 ArcFace crop -> fr_feature
// 512-D embedding (vision/fr_embedder.hpp). When `concurrent`, dlib's and fr_feature's embeddings
// run on two threads at once (dlib's BLAS lock is not taken by OpenCV DNN).
//
// Thread safety: NOT thread-safe. dlib's HOG detector and networks keep per-call state; give each
// thread its own FaceAnalyzer (the vision thread owns one, the CLI one).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

#include "vision/face_template.hpp"
#include "vision/models.hpp"
#include "vision/types.hpp"

namespace vision {

struct FrDetectorHit {
    cv::Rect box;
    double score;
};

struct DetectOptions {
    // Live frames: a first HOG pass on a copy scaled to this longer side (0 = off); faces near the
    // kiosk are large, and a 320-pixel pass costs a quarter of a 640-pixel one. If it finds nothing,
    // the normal pass runs, so small faces cost time but are not missed.
    int coarse_side = 0;  // 0: the path's default (Live: kLiveCoarseSide); negative: off
    int max_detect_side = 1024;  // larger images are scaled down for detection only
    int upsample_below = 500;    // images whose longer side is below this are doubled first
    bool cnn_fallback = false;   // try the MMOD CNN when HOG and fr_detect find nothing (slow; stills only)
    bool fr_detect = false;      // also run fr_detect.onnx (every face counted; rotation check)
};

// Which pipeline an image goes through: approved images are enrolled once and can afford more work;
// probes (live frames, captured stills) must stay fast.
enum class Path { Live, Enrolment };

struct AnalyzeOptions {
    Path path = Path::Live;  // Live: coarse pass first; Enrolment: CNN fallback when HOG finds nothing
    FaceChoice choice = FaceChoice::Largest;
    DetectOptions detect{};
    // Enrolment path: the descriptor is the mean over the chip, its mirror image and `enrol_jitter`
    // jittered copies; enrol_average = false describes the one chip, exactly as the live path does.
    bool enrol_average = true;
    int enrol_jitter = 0;
    // Live path: describe the chip and its mirror image and average them (costs one more embedding).
    bool probe_mirror = false;
    // fr_feature on the probe's mirrored crop too (enrolment always mirrors).
    bool fr_probe_mirror = false;
    // Compute fr_feature's embedding as well (false: dlib only, e.g. the live monitor's tracking).
    bool second_network = true;
    // Run the two networks on two threads (a captured frame); false where the caller already keeps
    // every core busy (kiosk eval's worker pool).
    bool concurrent = true;
};

struct StageTimings {
    double detect_ms = 0, landmarks_ms = 0, chip_ms = 0, embed_ms = 0;
    double fr_ms = 0;        // 68 landmarks + ArcFace crop + fr_feature (concurrent with embed_ms)
    double liveness_ms = 0;  // presentation-attack check (Verifier)
    double total() const { return detect_ms + landmarks_ms + chip_ms + embed_ms; }
};

struct FaceAnalysis {
    std::vector<DetectedFace> faces;  // every face found, with landmarks, in image coordinates
    int chosen = -1;                  // index of the face described, -1 when none
    bool used_cnn_fallback = false;
    cv::Mat chip;                     // 150x150 BGR aligned chip of the chosen face (empty if none)
    std::optional<Descriptor> descriptor;           // dlib
    std::optional<FrEmbedding> fr;                  // fr_feature (unit length)
    std::vector<cv::Point2f> landmarks68;           // of the chosen face, when fr was computed
    int rotation = 0;  // 90/180/270: faces found only with the image turned (clockwise) by this much
    StageTimings timings;

    bool hasFace() const { return chosen >= 0; }
    // Both embeddings, as stored for an approved image; nullopt unless both were computed.
    std::optional<FaceTemplate> faceTemplate() const;
    const DetectedFace* chosenFace() const { return chosen >= 0 ? &faces[static_cast<std::size_t>(chosen)] : nullptr; }
};

class FaceAnalyzer {
public:
    // Loads the embedder and 5-point predictor (and the CNN detector lazily, on first fallback).
    // Throws ModelMissingError when a file is absent or unreadable.
    explicit FaceAnalyzer(const ModelPaths& models);
    ~FaceAnalyzer();
    FaceAnalyzer(const FaceAnalyzer&) = delete;
    FaceAnalyzer& operator=(const FaceAnalyzer&) = delete;

    // Requires: CV_8UC3 BGR. Ensures: faces with 5 landmarks each, in image coordinates.
    std::vector<DetectedFace> detect(const cv::Mat& bgr, const DetectOptions& opts = {},
                                     bool* used_cnn = nullptr, StageTimings* timings = nullptr,
                                     int* rotation = nullptr);

    // Index of the face to describe, by `choice`; -1 for an empty list.
    static int choose(const std::vector<DetectedFace>& faces, cv::Size image, FaceChoice choice);

    // 150x150 BGR chip aligned on the 5 landmarks.
    cv::Mat alignedChip(const cv::Mat& bgr, const DetectedFace& face) const;

    Descriptor embed(const cv::Mat& chip);
    Descriptor embedAveraged(const cv::Mat& chip, int jitter);

    // 68 landmarks of a face box (image coordinates).
    std::vector<cv::Point2f> landmarks68(const cv::Mat& bgr, const cv::Rect& box) const;
    // fr_feature's embedding of a face from its 68 landmarks.
    FrEmbedding embedFr(const cv::Mat& bgr, const std::vector<cv::Point2f>& lm68, bool mirror);
    // fr_detect.onnx on the image (boxes in image coordinates), for the monitor and the liveness crop.
    std::vector<FrDetectorHit> detectFr(const cv::Mat& bgr);

    // The whole pipeline on one image.
    FaceAnalysis analyze(const cv::Mat& bgr, const AnalyzeOptions& opts = {});

    static constexpr int kLiveCoarseSide = 320;

    // The model folder this analyzer loaded from (so that companions, e.g. the QualityAssessor's
    // 68-point predictor, load from the same place).
    const ModelPaths& models() const;

private:
    std::vector<DetectedFace> hogPass(const cv::Mat& gray, double scale, int pad);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vision
