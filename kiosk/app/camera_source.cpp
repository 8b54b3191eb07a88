#include "kiosk/app/camera_source.hpp"

#include <algorithm>
#include <filesystem>
#include <thread>

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "vision/errors.hpp"
#include "vision/image_io.hpp"

namespace kiosk::app {
namespace fs = std::filesystem;

namespace {
constexpr double kFolderFps = 15.0;
constexpr int kFolderFramesPerImage = 15;  // one second per image
constexpr unsigned kV4l2Major = 81;        // Linux's video4linux character devices (/dev/video*)

bool isV4l2Device(const struct stat& st) { return S_ISCHR(st.st_mode) && ::major(st.st_rdev) == kV4l2Major; }
}  // namespace

std::string cameraPathProblem(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return "";  // missing: open() says so
    if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) || isV4l2Device(st)) return "";
    const char* what = S_ISFIFO(st.st_mode)   ? "a FIFO (named pipe)"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                       : S_ISCHR(st.st_mode)  ? "a character device that is not a video capture device"
                       : S_ISBLK(st.st_mode)  ? "a block device"
                                              : "not a regular file";
    return path + " is " + what +
           ", not a camera: give a camera index (0), a /dev/video* device, a video file, a stream URL or an image folder";
}

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
    folder_frame_ = cv::Mat();
    image_index_ = 0;
    folder_repeats_ = 0;
    next_due_ = std::chrono::steady_clock::now();
    switch (spec_.kind) {
    case CameraSpec::Kind::Folder: {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(spec_.text, ec)) {
            auto ext = e.path().extension().string();
            std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
            if (ext == ".jpg" || ext == ".jpeg" || ext == ".png") images_.push_back(e.path().string());
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
    case CameraSpec::Kind::File: {
        if (!fs::exists(spec_.text)) {
            error = "no video file at " + spec_.text;
            return false;
        }
        if (const auto problem = cameraPathProblem(spec_.text); !problem.empty()) {
            error = problem;
            return false;
        }
        struct stat st {};
        if (::stat(spec_.text.c_str(), &st) == 0 && isV4l2Device(st))
            capture_.open(spec_.text, cv::CAP_V4L2);
        else
            capture_.open(spec_.text, cv::CAP_FFMPEG);  // FFmpeg directly: probing GStreamer first leaks in libusb
        break;
    }
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
        // The safe loader: a FIFO or device named *.jpg, a decompression bomb or a 1x1 image in the
        // folder is refused with its reason instead of blocking or exhausting memory. The image is
        // decoded once and shown for its second.
        std::string problem;
        if (folder_repeats_ == 0 || folder_frame_.empty()) {
            try {
                folder_frame_ = vision::loadImage(path);
            } catch (const vision::ImageLoadError& e) {
                folder_frame_ = cv::Mat();
                problem = e.what();
            }
        }
        if (++folder_repeats_ >= kFolderFramesPerImage) {
            folder_repeats_ = 0;
            image_index_ = (image_index_ + 1) % images_.size();
        }
        if (folder_frame_.empty()) {
            error = "cannot read image " + (problem.empty() ? path : problem);
            return false;
        }
        frame = folder_frame_.clone();  // a fresh buffer each time, as for the other sources
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
