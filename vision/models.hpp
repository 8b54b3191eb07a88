// Where the dlib model files live, and a check that they are there before anything loads them.
// Thread safety: value type; safe to copy between threads.
#pragma once

#include <filesystem>
#include <optional>

namespace vision {

struct ModelPaths {
    std::filesystem::path dir;

    std::filesystem::path embedder() const { return dir / "dlib_face_recognition_resnet_model_v1.dat"; }
    std::filesystem::path landmarks5() const { return dir / "shape_predictor_5_face_landmarks.dat"; }
    std::filesystem::path landmarks68() const { return dir / "shape_predictor_68_face_landmarks.dat"; }
    std::filesystem::path cnnDetector() const { return dir / "mmod_human_face_detector.dat"; }

    // Order of precedence: `override_dir` (a --models flag), $KIOSK_MODELS_DIR, models/ beside the
    // executable's parent folder, then the source tree's models/ (compiled in).
    static ModelPaths locate(const std::optional<std::filesystem::path>& override_dir = std::nullopt);

    // Throws ModelMissingError naming the first absent or empty file among the core three
    // (embedder, 5-point landmarks) and, when asked, the 68-point predictor and the CNN detector.
    void require(bool landmarks68_too = false, bool cnn_too = false) const;
};

}  // namespace vision
