// The capture thread (DESIGN.md §3): reads the camera source and writes each frame into one-slot
// mailboxes, newest wins. A consumer that is slower than the camera (the vision thread, or the UI
// when a frame takes long) simply sees fewer frames; each overwritten frame is counted as dropped.
// When the source is lost the thread says so in its status and retries every second until it is
// back: the kiosk never crashes on an unplugged camera or a dropped call.
// Thread safety: FrameMailbox and CaptureThread's public methods are safe from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <opencv2/core.hpp>

#include "kiosk/app/camera_source.hpp"

namespace kiosk::app {

struct Frame {
    cv::Mat bgr;            // never written after it is published
    std::int64_t index = 0;  // 0, 1, 2... since the capture thread started
    double t = 0.0;          // seconds since the capture thread started
};

class FrameMailbox {
public:
    void put(Frame f);
    // The newest frame not taken yet; nullopt when there is none.
    std::optional<Frame> take();
    // Blocks until a frame is there, `stop` becomes true or `timeout_ms` passes.
    std::optional<Frame> waitTake(const std::atomic<bool>& stop, int timeout_ms);
    std::int64_t dropped() const { return dropped_.load(); }
    void wake() { cv_.notify_all(); }

private:
    std::mutex m_;
    std::condition_variable cv_;
    std::optional<Frame> slot_;
    std::atomic<std::int64_t> dropped_{0};
};

struct CaptureStatus {
    bool connected = false;
    std::string source;   // describe(spec)
    std::string problem;  // why it is not connected (empty when connected)
    int reconnects = 0;
    std::int64_t frames = 0;
    double fps = 0.0;     // measured over the last second or so
};

class CaptureThread {
public:
    explicit CaptureThread(CameraSpec spec);
    ~CaptureThread();
    CaptureThread(const CaptureThread&) = delete;
    CaptureThread& operator=(const CaptureThread&) = delete;

    FrameMailbox& forUi() { return ui_; }
    FrameMailbox& forVision() { return vision_; }
    CaptureStatus status() const;
    // Switches to another source (the video-call feed chooser). Returns at once: the capture
    // thread closes the old source and opens the new one itself, so a slow stream URL never
    // holds up the screen; a source that will not open shows in status() and is retried.
    void switchTo(CameraSpec spec);

private:
    void run();
    void setStatus(bool connected, const std::string& problem);

    CameraSpec spec_;                     // capture thread only
    std::optional<CameraSpec> switch_to_;  // guarded by status_m_
    std::atomic<bool> switch_requested_{false};
    FrameMailbox ui_, vision_;
    mutable std::mutex status_m_;
    CaptureStatus status_;
    std::atomic<bool> stop_{false};
    std::mutex sleep_m_;
    std::condition_variable sleep_cv_;
    std::thread thread_;
};

}  // namespace kiosk::app
