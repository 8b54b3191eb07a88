// The touchscreen app: a GLFW window with Dear ImGui on the UI thread, and the capture, vision
// and database threads behind it. Also the headless mode for tests and documentation: render a
// screen for a demo session, save it as PNG, print frame-time figures.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::ui {

struct AppOptions {
    std::string db;
    std::string key;             // data key file (main.cpp resolves the default)
    int retention_days = 30;     // the start-up purge of unlinked evidence crops
    std::string camera;
    std::optional<std::filesystem::path> models_dir;
    bool fullscreen = false;
    float scale = 1.0f;
    int width = 1280;
    int height = 800;
    double lock_after_seconds = 120.0;
    std::string station = "visits-hall-1";
    std::vector<std::string> feed_presets;  // video-call feed chooser (the --camera feed first)
    std::string enrol_dir;   // admin: folder of images offered for enrolment
    std::string import_dir;  // admin: folder of CSV files offered for import

    // Headless rendering: sign in a demo user with the role `screen` needs (the demo PIN of
    // `kiosk demo seed`, or $KIOSK_PIN), render at least `frames` frames, save `screenshot` and exit.
    std::string screen;      // login | visits | video-call | safeguarding | admin
    std::string screenshot;  // PNG path
    int frames = 30;
    bool tap = false;        // with open_child: tap "Capture now" instead of waiting for the automatic capture
    std::string open_child;  // also open this child's check (reference, e.g. CS-1002) and wait for the result
                             // (admin: the child chosen on the enrol and images views)
    std::string admin_view = "enrol";  // with screen admin: enrol | images | users | import
    std::string call_view;   // video-call: roll | feed | monitor (open the first call that has children allowed)
    std::string sg_view;     // safeguarding: review | completed (the first incident with an open review)
    bool keyboard = false;   // open the on-screen keyboard on the screen's first text field
    std::string type_text;   // with keyboard: type this by tapping its keys, one per frame
    bool frame_stats = false;    // print UI frame-time figures on exit
    bool stress_vision = false;  // the vision thread verifies every frame (measurement)
    double max_seconds = 0;      // stop after this long (0 = until closed, or the screenshot is taken)
};

// Runs until the window closes (or the screenshot is saved). Returns the process exit code:
// 0 fine, 1 the screenshot could not be made (no display, timeout), 2 bad options.
int runApp(const AppOptions& options);

}  // namespace kiosk::ui
