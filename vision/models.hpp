// Where the dlib model files live, and a check that they are there before anything loads them.
// Thread safety: value type; safe to copy between threads.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace vision {

struct ModelPaths {
    std::filesystem::path dir;

    std::filesystem::path embedder() const { return dir / "dlib_face_recognition_resnet_model_v1.dat"; }
    std::filesystem::path landmarks5() const { return dir / "shape_predictor_5_face_landmarks.dat"; }
    std::filesystem::path landmarks68() const { return dir / "shape_predictor_68_face_landmarks.dat"; }
    std::filesystem::path cnnDetector() const { return dir / "mmod_human_face_detector.dat"; }
    // The second network's files (npm faceplugin-face-recognition-js@0.0.1, fetched at setup).
    std::filesystem::path frFeature() const { return dir / "fr_feature.onnx"; }
    std::filesystem::path frDetect() const { return dir / "fr_detect.onnx"; }
    std::filesystem::path frLiveness() const { return dir / "fr_liveness.onnx"; }

    // Order of precedence: `override_dir` (a --models flag), $KIOSK_MODELS_DIR, models/ beside the
    // executable's parent folder, then the source tree's models/ (compiled in).
    static ModelPaths locate(const std::optional<std::filesystem::path>& override_dir = std::nullopt);

    // Throws ModelMissingError naming the first absent, empty or wrong-checksum file among those the
    // pipeline always needs (dlib embedder, 5- and 68-point landmarks, fr_feature, fr_detect,
    // fr_liveness) and, when asked, the CNN detector. (`landmarks68_too` is kept for callers: the
    // 68-point predictor is always required now, fr_feature's alignment uses it.)
    void require(bool landmarks68_too = false, bool cnn_too = false) const;
};

// The files a similarity score depends on (so a calibration names exactly what it was fitted for),
// with the SHA-256 each must have (compiled in from models/SHA256SUMS).
struct ModelDigest {
    std::string file;
    std::string sha256;
};
std::vector<ModelDigest> scoringModelDigests();


}  // namespace vision
