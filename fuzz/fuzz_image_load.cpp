// libFuzzer target: arbitrary bytes through vision::decodeImage, the same code loadImage runs on a
// file's contents (size limits, the decompression-bomb header peek, OpenCV's decoders, conversion
// to 8-bit BGR). ImageLoadError is the expected refusal; anything else is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include <opencv2/core/utils/logger.hpp>

#include "vision/errors.hpp"
#include "vision/image_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool quiet = [] {  // OpenCV's decoders log every malformed input otherwise
        cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
        return true;
    }();
    (void)quiet;
    const std::vector<unsigned char> bytes(data, data + size);
    (void)vision::peekImageSize(bytes);
    try {
        // Smaller limits than the kiosk's (50 MP): the same checks, but a 50 MP decode per input
        // would make each run slow and grow the ASan allocator's RSS past libFuzzer's 2 GB limit.
        vision::ImageLimits limits;
        limits.max_pixels = 4'000'000;
        limits.max_side = 4000;
        const cv::Mat img = vision::decodeImage(bytes, "fuzz-input", limits);
        if (img.empty() || img.type() != CV_8UC3) std::abort();  // the documented guarantee
    } catch (const vision::ImageLoadError&) {
    }
    return 0;
}
