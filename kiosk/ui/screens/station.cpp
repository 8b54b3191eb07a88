// The frame around the screens: the header, the banners, the signed-in screen, the diagnostics
// and the docked on-screen keyboard, in one window the size of the display.
#include "kiosk/ui/screens/screens.hpp"

namespace kiosk::ui {

void Station::draw(const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    if (ui.keyboard) ui.keyboard->beginFrame(s);
    if (!s.fatal.empty()) {
        banner(t, s.fatal + "\nThe kiosk cannot record checks. Call the system administrator.", colours::kDanger);
    } else {
        drawHeader(s, ui, out);
        drawBanners(s, ui, out, s.screen == ScreenId::Visits || s.screen == ScreenId::VideoCall);
        const float diag_h = s.show_diagnostics ? t.px(162) : 0;
        const float keyboard_h = ui.keyboard ? ui.keyboard->height(t) : 0;
        const float gap = keyboard_h > 0 ? ImGui::GetStyle().ItemSpacing.y : 0;
        ImGui::BeginChild("screen", {0, -(diag_h + keyboard_h + gap)}, false);
        drawScreen(s, ui, out);
        ImGui::EndChild();
        // The keyboard is the last thing in the window: nothing drawn above it moves its keys.
        if (s.show_diagnostics) drawDiagnostics(s, ui);
        if (ui.keyboard) ui.keyboard->draw(t);
    }
    ImGui::End();
}

void Station::drawScreen(const AppState& s, UiContext& ui, Intents& out) {
    switch (s.screen) {
    case ScreenId::Login: login_.draw(s, ui, out); break;
    case ScreenId::Visits: visits_.draw(s, ui, out); break;
    case ScreenId::VideoCall: video_.draw(s, ui, out); break;
    case ScreenId::Safeguarding: safeguarding_.draw(s, ui, out); break;
    case ScreenId::Admin: admin_.draw(s, ui, out); break;
    case ScreenId::Notified: notified_.draw(s, ui, out); break;
    }
}

}  // namespace kiosk::ui
