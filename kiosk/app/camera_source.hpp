// Where the kiosk's camera frames come from, by `--camera SPEC` (DESIGN.md §6):
//   "0", "1"...            a camera device index (V4L2)
//   "/dev/video0"          a V4L2 capture device by path (no other device, FIFO or socket)
//   "rtsp://...", "http://..."  a stream URL: a video call's feed through OpenCV's FFmpeg backend
//   a folder               the images in it, in name order, each shown for a second, cycling
//   anything else          a video file, looped at its own frame rate
// Thread safety: CameraSource is owned by the capture thread and used from it only.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>

namespace kiosk::app {

struct CameraSpec {
    enum class Kind { Device, File, Stream, Folder };
    Kind kind = Kind::File;
    std::string text;  // as given
    int device = 0;
};

CameraSpec parseCameraSpec(const std::string& text);
// Why a file-system path cannot be a camera, or "" when it can: a regular video file, an image
// folder, or a V4L2 capture device (a /dev/video* character device) can; a FIFO, a socket or any
// other device would block the capture thread (a FIFO's open waits for a writer forever, and the
// kiosk could never exit) and is refused with this message. A path that does not exist is left to
// open() to report.
std::string cameraPathProblem(const std::string& path);
// For banners and the diagnostics panel: "camera 0", "video file franck.mp4 (looping)", ...
std::string describe(const CameraSpec& spec);

class CameraSource {
public:
    explicit CameraSource(CameraSpec spec) : spec_(std::move(spec)) {}

    // Opens (or re-opens) the source. False with `error` set when it cannot be opened.
    bool open(std::string& error);
    // The next frame (a new buffer each time, so consumers may keep it). Video files loop; for files
    // and folders this waits until the frame is due, so a file plays at its own speed. False with
    // `error` set when the source is lost (unplugged camera, dropped stream, deleted file).
    bool read(cv::Mat& frame, std::string& error);
    const CameraSpec& spec() const { return spec_; }

private:
    void waitUntilDue();

    CameraSpec spec_;
    cv::VideoCapture capture_;
    std::vector<std::string> images_;
    cv::Mat folder_frame_;  // the folder image on show, decoded once
    std::size_t image_index_ = 0;
    double frame_period_s_ = 1.0 / 25.0;
    std::chrono::steady_clock::time_point next_due_{};
    int folder_repeats_ = 0;
};

}  // namespace kiosk::app
