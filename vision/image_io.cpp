#include "vision/image_io.hpp"

#include <fstream>
#include <system_error>

#include <opencv2/imgcodecs.hpp>

#include "vision/errors.hpp"

namespace vision {
namespace {

std::uint32_t be32(const unsigned char* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}
int be16(const unsigned char* p) { return (p[0] << 8) | p[1]; }

std::optional<ImageSize> peekPng(const std::vector<unsigned char>& b) {
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (b.size() < 24 || !std::equal(sig, sig + 8, b.begin())) return std::nullopt;
    const std::uint32_t w = be32(&b[16]);
    const std::uint32_t h = be32(&b[20]);
    if (w > 0x7fffffffu || h > 0x7fffffffu) return ImageSize{0x7fffffff, 0x7fffffff};
    return ImageSize{static_cast<int>(w), static_cast<int>(h)};
}

std::optional<ImageSize> peekJpeg(const std::vector<unsigned char>& b) {
    if (b.size() < 4 || b[0] != 0xFF || b[1] != 0xD8) return std::nullopt;
    std::size_t i = 2;
    while (i + 4 <= b.size()) {
        if (b[i] != 0xFF) return std::nullopt;
        const unsigned char marker = b[i + 1];
        if (marker == 0xFF) { ++i; continue; }  // fill byte
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { i += 2; continue; }
        const int len = be16(&b[i + 2]);
        if (len < 2) return std::nullopt;
        const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            if (i + 9 > b.size()) return std::nullopt;
            return ImageSize{be16(&b[i + 7]), be16(&b[i + 5])};
        }
        i += 2 + static_cast<std::size_t>(len);
    }
    return std::nullopt;
}

}  // namespace

std::optional<ImageSize> peekImageSize(const std::vector<unsigned char>& bytes) {
    if (auto png = peekPng(bytes)) return png;
    return peekJpeg(bytes);
}

cv::Mat decodeImage(const std::vector<unsigned char>& bytes, const std::string& name, const ImageLimits& limits) {
    if (bytes.empty()) throw ImageLoadError(name, "file is empty (0 bytes)");
    if (bytes.size() > limits.max_file_bytes)
        throw ImageLoadError(name, "file is too large (" + std::to_string(bytes.size() / (1024 * 1024)) +
                                       " MiB; limit " + std::to_string(limits.max_file_bytes / (1024 * 1024)) + " MiB)");
    auto tooBig = [&](std::int64_t w, std::int64_t h) {
        return w > limits.max_side || h > limits.max_side || w * h > limits.max_pixels;
    };
    // Only JPEG and PNG, whose declared size is checked before decoding: OpenCV would otherwise
    // decode any format it knows (BMP, TIFF, PNM, WebP...) and allocate whatever the header says
    // (fuzzing found a 54-byte BMP asking for 2.2 GB; fuzz/regressions/image_load/).
    const auto size = peekImageSize(bytes);
    if (!size) throw ImageLoadError(name, "not a readable image (not a JPEG or PNG, truncated or corrupt)");
    if (size->width <= 0 || size->height <= 0) throw ImageLoadError(name, "image header declares zero size");
    if (tooBig(size->width, size->height))
        throw ImageLoadError(name, "image dimensions " + std::to_string(size->width) + "x" +
                                       std::to_string(size->height) + " exceed the limit of " +
                                       std::to_string(limits.max_pixels / 1'000'000) + " megapixels");
    cv::Mat img;
    try {
        // IMREAD_COLOR: 8-bit, 3-channel BGR whatever the source (grey, alpha, 16-bit, CMYK) and
        // EXIF orientation applied.
        img = cv::imdecode(bytes, cv::IMREAD_COLOR);
    } catch (const cv::Exception& e) {
        throw ImageLoadError(name, std::string("cannot decode image: ") + e.what());
    }
    if (img.empty()) throw ImageLoadError(name, "not a readable image (unknown format, truncated or corrupt)");
    if (tooBig(img.cols, img.rows))
        throw ImageLoadError(name, "image dimensions " + std::to_string(img.cols) + "x" + std::to_string(img.rows) +
                                       " exceed the limit");
    return img;
}

std::vector<unsigned char> readImageFile(const std::filesystem::path& path, const ImageLimits& limits) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) throw ImageLoadError(path, "no such file");
    if (std::filesystem::is_directory(status)) throw ImageLoadError(path, "is a directory, not an image file");
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) throw ImageLoadError(path, "cannot read file size: " + ec.message());
    if (size > limits.max_file_bytes)
        throw ImageLoadError(path, "file is too large (" + std::to_string(size / (1024 * 1024)) + " MiB; limit " +
                                       std::to_string(limits.max_file_bytes / (1024 * 1024)) + " MiB)");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ImageLoadError(path, "cannot open file for reading (permissions?)");
    std::vector<unsigned char> bytes(static_cast<std::size_t>(size));
    if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size)))
        throw ImageLoadError(path, "read error");
    return bytes;
}

cv::Mat loadImage(const std::filesystem::path& path, const ImageLimits& limits) {
    return decodeImage(readImageFile(path, limits), path.string(), limits);
}

}  // namespace vision
