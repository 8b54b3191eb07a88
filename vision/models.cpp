#include "vision/models.hpp"

#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <system_error>
#include <vector>

#include <sodium.h>
#include <unistd.h>

#include "vision/errors.hpp"
#include "vision/model_checksums.hpp"

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

std::string sha256Hex(const std::filesystem::path& p) {
    if (sodium_init() < 0) throw VisionError("libsodium could not be initialised");
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    std::ifstream in(p, std::ios::binary);
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(buf.data()),
                                  static_cast<unsigned long long>(in.gcount()));
    }
    if (in.bad()) throw ModelMissingError(p, "cannot be read");
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, out);
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return hex;
}

// A model is refused unless its SHA-256 is the one models/SHA256SUMS had at build time: a damaged
// or swapped network still loads and gives confident nonsense. Each file is hashed once per process.
void requireChecksum(const std::filesystem::path& p) {
    const std::string name = p.filename().string();
    const char* want = nullptr;
    for (const auto& m : generated::kModelChecksums)
        if (name == m.file) want = m.sha256;
    if (!want) return;  // not one of the published dlib models
    static std::mutex mutex;
    static std::map<std::string, bool> checked;
    std::error_code ec;
    const std::string key = std::filesystem::canonical(p, ec).string() + ":" +
                            std::to_string(std::filesystem::file_size(p, ec)) + ":" +
                            std::to_string(std::filesystem::last_write_time(p, ec).time_since_epoch().count());
    std::lock_guard lock(mutex);
    if (checked.contains(key)) return;
    const std::string got = sha256Hex(p);
    if (got != want)
        throw ModelMissingError(p, "does not match its checksum (SHA-256 " + got.substr(0, 16) + "..., expected " +
                                       std::string(want).substr(0, 16) + "...): it is damaged or has been changed");
    checked[key] = true;
}

void requireFile(const std::filesystem::path& p) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(p, ec)) throw ModelMissingError(p);
    if (std::filesystem::file_size(p, ec) == 0 || ec) throw ModelMissingError(p, "is empty");
    if (::access(p.c_str(), R_OK) != 0) throw ModelMissingError(p, "is not readable");
    requireChecksum(p);
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

void ModelPaths::require(bool /*landmarks68_too*/, bool cnn_too) const {
    requireFile(embedder());
    requireFile(landmarks5());
    requireFile(landmarks68());
    requireFile(frFeature());
    requireFile(frDetect());
    requireFile(frLiveness());
    if (cnn_too) requireFile(cnnDetector());
}

std::vector<ModelDigest> scoringModelDigests() {
    std::vector<ModelDigest> out;
    for (const char* name : {"dlib_face_recognition_resnet_model_v1.dat", "shape_predictor_5_face_landmarks.dat",
                             "shape_predictor_68_face_landmarks.dat", "fr_feature.onnx"})
        for (const auto& m : generated::kModelChecksums)
            if (std::string(name) == m.file) out.push_back({m.file, m.sha256});
    return out;
}

}  // namespace vision
