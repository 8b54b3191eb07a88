#include "kiosk/app/camera_source.hpp"

#include <algorithm>
#include <filesystem>
#include <thread>

#include <opencv2/imgcodecs.hpp>

namespace kiosk::app {
namespace fs = std::filesystem;

namespace {
constexpr double kFolderFps = 15.0;
constexpr int kFolderFramesPerImage = 15;  // one second per image
}  // namespace

CameraSpec parseCameraSpec(const std::string& text) {
    CameraSpec s;
    s.text = text;
    if (!text.empty() && text.size() <= 3 && text.find_first_not_of("0123456789") == std::string::npos) {
        s.kind = CameraSpec::Kind::Device;
        s.device = std::stoi(text);
    } else if (text.find("://") != std::string::npos) {
        s.kind = CameraSpec::Kind::Stream;
    } else if (fs::is_directory(text)) {
        s.kind = CameraSpec::Kind::Folder;
    } else {
        s.kind = CameraSpec::Kind::File;
    }
    return s;
}

std::string describe(const CameraSpec& s) {
    switch (s.kind) {
    case CameraSpec::Kind::Device: return "camera " + std::to_string(s.device);
    case CameraSpec::Kind::Stream: return "video feed " + s.text;
    case CameraSpec::Kind::Folder: return "image folder " + s.text;
    case CameraSpec::Kind::File: return "video file " + fs::path(s.text).filename().string() + " (looping)";
    }
    return s.text;
}

bool CameraSource::open(std::string& error) {
    capture_.release();
    images_.clear();
    image_index_ = 0;
    folder_repeats_ = 0;
    next_due_ = std::chrono::steady_clock::now();
    switch (spec_.kind) {
    case CameraSpec::Kind::Folder: {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(spec_.text, ec)) {
            auto ext = e.path().extension().string();
            std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
            if (ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".bmp") images_.push_back(e.path().string());
        }
        std::sort(images_.begin(), images_.end());
        if (images_.empty()) {
            error = "no .jpg/.png images in folder " + spec_.text;
            return false;
        }
        frame_period_s_ = 1.0 / kFolderFps;
        return true;
    }
    case CameraSpec::Kind::Device: capture_.open(spec_.device); break;
    case CameraSpec::Kind::Stream: capture_.open(spec_.text, cv::CAP_FFMPEG); break;
    case CameraSpec::Kind::File:
        if (!fs::exists(spec_.text)) {
            error = "no video file at " + spec_.text;
            return false;
        }
        capture_.open(spec_.text, cv::CAP_FFMPEG);  // FFmpeg directly: probing GStreamer first leaks in libusb
        break;
    }
    if (!capture_.isOpened()) {
        error = "cannot open " + describe(spec_);
        return false;
    }
    const double fps = capture_.get(cv::CAP_PROP_FPS);
    frame_period_s_ = (fps > 1 && fps < 121) ? 1.0 / fps : 1.0 / 25.0;
    return true;
}

void CameraSource::waitUntilDue() {
    // Devices and streams deliver at their own pace; files and folders would otherwise be read as
    // fast as the disk allows.
    const auto now = std::chrono::steady_clock::now();
    if (next_due_ > now) std::this_thread::sleep_until(next_due_);
    const auto period = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(frame_period_s_));
    // Fall behind gracefully: never try to catch up more than one frame.
    next_due_ = std::max(next_due_ + period, std::chrono::steady_clock::now());
}

bool CameraSource::read(cv::Mat& frame, std::string& error) {
    frame = cv::Mat();  // a fresh buffer: the previous one may still be on screen or in the vision thread
    if (spec_.kind == CameraSpec::Kind::Folder) {
        waitUntilDue();
        const std::string& path = images_[image_index_];
        frame = cv::imread(path, cv::IMREAD_COLOR);
        if (++folder_repeats_ >= kFolderFramesPerImage) {
            folder_repeats_ = 0;
            image_index_ = (image_index_ + 1) % images_.size();
        }
        if (frame.empty()) {
            error = "cannot read image " + path;
            return false;
        }
        return true;
    }
    if (spec_.kind == CameraSpec::Kind::File) waitUntilDue();
    if (!capture_.read(frame) || frame.empty()) {
        if (spec_.kind == CameraSpec::Kind::File) {
            // End of file: loop. A file that cannot be rewound or read again is lost.
            capture_.set(cv::CAP_PROP_POS_FRAMES, 0);
            if (capture_.read(frame) && !frame.empty()) return true;
        }
        error = describe(spec_) + " stopped delivering frames";
        return false;
    }
    return true;
}

}  // namespace kiosk::app
