// Drives the real controller with its capture, vision and database threads by intents (no window,
// no pixels), as the UI thread would: shared by the scripted walk-through tests.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "kiosk/store/data_key.hpp"
#include "kiosk/ui/controller.hpp"
#include "tests/ui/ui_test_helpers.hpp"

namespace kiosk::test {

using namespace kiosk::ui;

struct Kiosk {
    Kiosk(const std::string& db, const std::string& camera, double lock_after = 600, std::string enrol_dir = {},
          std::string import_dir = {})
        : capture(app::parseCameraSpec(camera)), vision(modelsDir(), capture.forVision()), records(db, store::keyPathFor(db)),
          controller({"test-station", lock_after, {}, std::move(enrol_dir), std::move(import_dir)}, records, vision, &capture) {}
    // Runs frames (as the UI thread would) until `done` holds; fails after `seconds`.
    void pumpUntil(const std::function<bool(const AppState&)>& done, double seconds, const char* what) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (std::chrono::steady_clock::now() < until) {
            controller.beginFrame();
            if (done(controller.state())) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(15));
        }
        FAIL("timed out waiting for " << what << "; error banner: " << controller.state().error_banner);
    }
    void signIn(const std::string& user, const std::string& pin) {
        controller.apply(intent::ChooseUser{user});
        for (char k : pin) controller.apply(intent::PinKey{k});
        controller.apply(intent::SubmitPin{});
    }
    CaptureThread capture;
    VisionWorker vision;
    DbWorker records;
    Controller controller;
};

}  // namespace kiosk::test
