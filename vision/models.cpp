#include "vision/models.hpp"

#include <cstdlib>
#include <system_error>

#include <unistd.h>

#include "vision/errors.hpp"

#ifndef KIOSK_SOURCE_DIR
#define KIOSK_SOURCE_DIR "."
#endif

namespace vision {
namespace {

std::filesystem::path executableDir() {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path{} : exe.parent_path();
}

void requireFile(const std::filesystem::path& p) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(p, ec)) throw ModelMissingError(p);
    if (std::filesystem::file_size(p, ec) == 0 || ec) throw ModelMissingError(p, "is empty");
    if (::access(p.c_str(), R_OK) != 0) throw ModelMissingError(p, "is not readable");
}

}  // namespace

ModelPaths ModelPaths::locate(const std::optional<std::filesystem::path>& override_dir) {
    if (override_dir) return {*override_dir};
    if (const char* env = std::getenv("KIOSK_MODELS_DIR"); env && *env) return {env};
    std::error_code ec;
    const auto beside = executableDir().parent_path() / "models";
    if (std::filesystem::exists(beside / "dlib_face_recognition_resnet_model_v1.dat", ec)) return {beside};
    return {std::filesystem::path(KIOSK_SOURCE_DIR) / "models"};
}

void ModelPaths::require(bool landmarks68_too, bool cnn_too) const {
    requireFile(embedder());
    requireFile(landmarks5());
    if (landmarks68_too) requireFile(landmarks68());
    if (cnn_too) requireFile(cnnDetector());
}

}  // namespace vision
