#include "kiosk/app/capture_thread.hpp"

#include <chrono>
#include <cstdio>
#include <memory>

namespace kiosk::app {

void FrameMailbox::put(Frame f) {
    {
        std::lock_guard lock(m_);
        if (slot_) dropped_.fetch_add(1);
        slot_ = std::move(f);
    }
    cv_.notify_one();
}

std::optional<Frame> FrameMailbox::take() {
    std::lock_guard lock(m_);
    std::optional<Frame> out = std::move(slot_);
    slot_.reset();
    return out;
}

std::optional<Frame> FrameMailbox::waitTake(const std::atomic<bool>& stop, int timeout_ms) {
    std::unique_lock lock(m_);
    cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return slot_.has_value() || stop.load(); });
    std::optional<Frame> out = std::move(slot_);
    slot_.reset();
    return out;
}

CaptureThread::CaptureThread(CameraSpec spec) : spec_(std::move(spec)) {
    status_.source = describe(spec_);
    status_.problem = "starting";
    thread_ = std::thread([this] { run(); });
}

CaptureThread::~CaptureThread() {
    stop_ = true;
    sleep_cv_.notify_all();
    ui_.wake();
    vision_.wake();
    if (thread_.joinable()) thread_.join();
}

CaptureStatus CaptureThread::status() const {
    std::lock_guard lock(status_m_);
    return status_;
}

void CaptureThread::setStatus(bool connected, const std::string& problem) {
    std::lock_guard lock(status_m_);
    if (!connected && status_.connected) ++status_.reconnects;
    // The banner tells the officer; the log tells whoever looks after the kiosk (once per problem).
    if (!connected && (status_.connected || problem != status_.problem))
        std::fprintf(stderr, "kiosk: %s is unavailable: %s (retrying every second)\n", status_.source.c_str(),
                     problem.c_str());
    status_.connected = connected;
    status_.problem = problem;
}

void CaptureThread::switchTo(CameraSpec spec) {
    {
        std::lock_guard lock(status_m_);
        status_.source = describe(spec);
        status_.connected = false;
        status_.problem = "switching to " + status_.source;
        switch_to_ = std::move(spec);
    }
    switch_requested_ = true;
    sleep_cv_.notify_all();
}

void CaptureThread::run() {
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    auto source = std::make_unique<CameraSource>(spec_);
    std::int64_t index = 0;
    auto fps_since = clock::now();
    std::int64_t fps_frames = 0;
    while (!stop_) {
        if (switch_requested_.exchange(false)) {
            std::lock_guard lock(status_m_);
            if (switch_to_) spec_ = std::move(*switch_to_);
            switch_to_.reset();
            source = std::make_unique<CameraSource>(spec_);
        }
        std::string error;
        if (!source->open(error)) {
            setStatus(false, error);
            // Retry every second; a stop or switch request wakes the wait at once.
            std::unique_lock lock(sleep_m_);
            sleep_cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stop_.load() || switch_requested_.load(); });
            continue;
        }
        setStatus(true, "");
        while (!stop_ && !switch_requested_) {
            Frame f;
            if (!source->read(f.bgr, error)) {
                setStatus(false, error);
                break;  // reopen
            }
            f.index = index++;
            f.t = std::chrono::duration<double>(clock::now() - start).count();
            ui_.put(f);  // shares the pixels; nobody writes into a published frame
            vision_.put(std::move(f));
            ++fps_frames;
            const double since = std::chrono::duration<double>(clock::now() - fps_since).count();
            std::lock_guard lock(status_m_);
            ++status_.frames;
            if (since >= 1.0) {
                status_.fps = fps_frames / since;
                fps_frames = 0;
                fps_since = clock::now();
            }
        }
    }
}

}  // namespace kiosk::app
