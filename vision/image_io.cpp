#include "vision/image_io.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

std::string megapixels(std::int64_t pixels) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(pixels) / 1e6);
    return buf;
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
    auto tooSmall = [&](std::int64_t w, std::int64_t h) {
        return w < limits.min_side || h < limits.min_side || w > h * limits.max_aspect || h > w * limits.max_aspect;
    };
    auto dims = [](std::int64_t w, std::int64_t h) { return std::to_string(w) + "x" + std::to_string(h); };
    const std::string small = "image too small or too narrow to be a photo of a face (";
    const std::string small_rule = "; at least " + std::to_string(limits.min_side) + " pixels a side, at most " +
                                   std::to_string(limits.max_aspect) + " times as long as it is wide)";
    // Only JPEG and PNG, whose declared size is checked before decoding: OpenCV would otherwise
    // decode any format it knows (BMP, TIFF, PNM, WebP...) and allocate whatever the header says
    // (fuzzing found a 54-byte BMP asking for 2.2 GB; fuzz/regressions/image_load/).
    const auto size = peekImageSize(bytes);
    if (!size) throw ImageLoadError(name, "not a readable image (not a JPEG or PNG, truncated or corrupt)");
    if (size->width <= 0 || size->height <= 0) throw ImageLoadError(name, "image header declares zero size");
    if (tooBig(size->width, size->height))
        throw ImageLoadError(name, "image dimensions " + dims(size->width, size->height) + " exceed the limit of " +
                                       std::to_string(limits.max_pixels / 1'000'000) + " megapixels");
    if (tooSmall(size->width, size->height)) throw ImageLoadError(name, small + dims(size->width, size->height) + small_rule);
    const std::int64_t pixels = std::int64_t{size->width} * size->height;
    const bool png = bytes[0] == 0x89;
    if (png && pixels > limits.max_decoded_pixels)
        throw ImageLoadError(name, "PNG image " + dims(size->width, size->height) + " is over " +
                                       megapixels(limits.max_decoded_pixels) +
                                       " megapixels, which a PNG cannot be decoded below: save it as JPEG or scale "
                                       "it down");
    // IMREAD_COLOR: 8-bit, 3-channel BGR whatever the source (grey, alpha, 16-bit, CMYK) and EXIF
    // orientation applied. A huge JPEG: the decoder's own 1/2, 1/4 or 1/8 scale (IMREAD_REDUCED_*),
    // the first that brings it within max_decoded_pixels.
    int flags = cv::IMREAD_COLOR;
    if (!png && pixels > limits.max_decoded_pixels) {
        flags = cv::IMREAD_REDUCED_COLOR_8;
        for (const auto& [factor, f] : {std::pair{2, cv::IMREAD_REDUCED_COLOR_2}, std::pair{4, cv::IMREAD_REDUCED_COLOR_4}}) {
            if (pixels / (factor * factor) <= limits.max_decoded_pixels) {
                flags = f;
                break;
            }
        }
    }
    cv::Mat img;
    try {
        img = cv::imdecode(bytes, flags);
    } catch (const cv::Exception& e) {
        throw ImageLoadError(name, std::string("cannot decode image: ") + e.what());
    }
    if (img.empty()) throw ImageLoadError(name, "not a readable image (unknown format, truncated or corrupt)");
    if (tooBig(img.cols, img.rows) || std::int64_t{img.cols} * img.rows > limits.max_decoded_pixels)
        throw ImageLoadError(name, "image dimensions " + dims(img.cols, img.rows) + " exceed the limit");
    if (tooSmall(img.cols, img.rows)) throw ImageLoadError(name, small + dims(img.cols, img.rows) + small_rule);
    return img;
}

std::vector<unsigned char> readImageFile(const std::filesystem::path& path, const ImageLimits& limits) {
    // O_NONBLOCK: a FIFO would otherwise block the open until a writer comes, forever. The type and
    // size come from the open file (fstat), so nothing can be swapped in after the check.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        const int err = errno;
        if (err == ENOENT) throw ImageLoadError(path, "no such file");
        if (err == EACCES) throw ImageLoadError(path, "cannot open file for reading (permissions?)");
        throw ImageLoadError(path, std::string("cannot open file: ") + std::strerror(err));
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw ImageLoadError(path, std::string("cannot read file: ") + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw ImageLoadError(path, "is a directory, not an image file");
    if (S_ISFIFO(st.st_mode)) throw ImageLoadError(path, "is a FIFO (named pipe), not an image file");
    if (S_ISSOCK(st.st_mode)) throw ImageLoadError(path, "is a socket, not an image file");
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) throw ImageLoadError(path, "is a device, not an image file");
    if (!S_ISREG(st.st_mode)) throw ImageLoadError(path, "is not a regular file");
    const auto size = static_cast<std::uintmax_t>(st.st_size);
    if (size > limits.max_file_bytes)
        throw ImageLoadError(path, "file is too large (" + std::to_string(size / (1024 * 1024)) + " MiB; limit " +
                                       std::to_string(limits.max_file_bytes / (1024 * 1024)) + " MiB)");
    std::vector<unsigned char> bytes(static_cast<std::size_t>(size));
    std::size_t got = 0;
    while (got < bytes.size()) {
        const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n < 0) throw ImageLoadError(path, std::string("read error: ") + std::strerror(errno));
        if (n == 0) break;  // shrank while read: decoding says what is left
        got += static_cast<std::size_t>(n);
    }
    bytes.resize(got);
    return bytes;
}

cv::Mat loadImage(const std::filesystem::path& path, const ImageLimits& limits) {
    return decodeImage(readImageFile(path, limits), path.string(), limits);
}

}  // namespace vision
