// Loading images from files or memory into 8-bit BGR cv::Mat, safely. Only JPEG and PNG are
// accepted: their declared size is checked before any decoding.
//
// Honours EXIF orientation, converts grey / alpha / 16-bit inputs to 8-bit BGR, and refuses files
// that are too large or declare huge dimensions *before* decoding them (decompression bombs), and
// images too small or too narrow to be a photo of a face. A JPEG larger than max_decoded_pixels is
// decoded at reduced scale, so the image returned may be smaller than the file's.
// Thread safety: free functions, safe to call from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace vision {

struct ImageLimits {
    std::uintmax_t max_file_bytes = 40u * 1024u * 1024u;  // 40 MiB
    std::int64_t max_pixels = 50'000'000;                 // 50 megapixels, as declared
    int max_side = 20'000;
    // Smaller than this, or longer than max_aspect times its width (or height), is not a photo of
    // a face: refused with that message rather than failing deep inside a library.
    int min_side = 32;
    int max_aspect = 10;
    // What a decoded image may hold. A larger JPEG is decoded at 1/2, 1/4 or 1/8 scale by the JPEG
    // decoder itself (the full-size pixels never exist in memory); a PNG, which cannot be decoded at
    // a reduced scale, is refused above it, by its header, before decoding. 12.5 megapixels keep
    // the decoded image under 40 MB and a whole check under ~300 MB (docs/PERFORMANCE.md).
    std::int64_t max_decoded_pixels = 12'500'000;
};

struct ImageSize {
    int width = 0;
    int height = 0;
};

// Reads the width/height declared in a PNG or JPEG header without decoding the pixels.
// Returns nullopt for other formats or a header too short to tell.
std::optional<ImageSize> peekImageSize(const std::vector<unsigned char>& bytes);

// The bytes of an image file, refused before reading when missing, not a regular file (a directory,
// a FIFO, a socket or a device: checked on the open file, which is opened without blocking) or over
// the file-size limit (ImageLoadError naming the file). For callers that keep the file as well as
// decoding it.
std::vector<unsigned char> readImageFile(const std::filesystem::path& path, const ImageLimits& limits = {});

// Requires: path names a readable image file within the limits.
// Ensures: a non-empty CV_8UC3 BGR image, EXIF orientation applied.
// Throws ImageLoadError naming the file and the reason (missing, directory, empty, too large, not a
// JPEG or PNG, corrupt).
cv::Mat loadImage(const std::filesystem::path& path, const ImageLimits& limits = {});

// As loadImage, from bytes already in memory; `name` is used in messages.
cv::Mat decodeImage(const std::vector<unsigned char>& bytes, const std::string& name,
                    const ImageLimits& limits = {});

}  // namespace vision
