// Typed faults of the face pipeline. Expected outcomes (no face, no match, poor quality) are values,
// never exceptions; these are for things that stop the pipeline from running at all.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace vision {

class VisionError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A file that cannot be read or decoded as an image, or one refused by the size limits.
class ImageLoadError : public VisionError {
public:
    ImageLoadError(std::filesystem::path path, const std::string& reason)
        : VisionError(path.string() + ": " + reason), path_(std::move(path)) {}
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

// A model file that is absent or unreadable. The message names the file and how to fetch it.
class ModelMissingError : public VisionError {
public:
    explicit ModelMissingError(std::filesystem::path path, const std::string& detail = "not found")
        : VisionError("model file " + path.string() + " " + detail +
                      "; fetch the models with: bash models/fetch-models.sh (or bash scripts/setup.sh)"),
          path_(std::move(path)) {}
    const std::filesystem::path& path() const noexcept { return path_; }

protected:
    struct Verbatim {};
    ModelMissingError(std::filesystem::path path, const std::string& message, Verbatim)
        : VisionError(message), path_(std::move(path)) {}

private:
    std::filesystem::path path_;
};

// A calibration fitted for other model files (or before fusion): comparing scores from one model
// against thresholds fitted on another would print confident nonsense. Exit 3 like a missing model.
class CalibrationMismatchError : public ModelMissingError {
public:
    CalibrationMismatchError(std::filesystem::path file, const std::string& detail)
        : ModelMissingError(file, "calibration " + file.string() + " " + detail +
                                      "; refit it with: kiosk eval PAIRS.csv --fit-calibration " + file.string(),
                            Verbatim{}) {}
};

}  // namespace vision
