// Sign in: choose yourself from the staff list, type your PIN on a large keypad. The locked
// screen shows no child's data: only staff names and the station.
#include <algorithm>

#include "kiosk/ui/screens/screens.hpp"

namespace kiosk::ui {

char pinKeypad(const Theme& t, float key_w, float key_h) {
    const char* keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "Clear", "0", "\u2190 Back"};
    const char codes[] = {'1', '2', '3', '4', '5', '6', '7', '8', '9', 'C', '0', '<'};
    char pressed = 0;
    ImGui::PushFont(t.heading);
    for (int i = 0; i < 12; ++i) {
        if (i % 3 != 0) ImGui::SameLine();
        if (bigButton(t, keys[i], {key_w, key_h})) pressed = codes[i];
    }
    ImGui::PopFont();
    return pressed;
}

void LoginScreen::draw(const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (!s.notice.empty()) banner(t, s.notice, colours::kNeutral);

    ImGui::BeginChild("staff", {avail.x * 0.45f, 0}, true);
    headingText(t, "1. Who are you?");
    if (s.login.users.empty()) ImGui::TextColored(colours::kMuted, "Loading staff list...");
    // Each person is one big button (name and role), the chosen one in blue.
    ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, {0.0f, 0.5f});
    for (const auto& u : s.login.users) {
        ImGui::PushID(static_cast<int>(u.id));
        const bool selected = s.login.selected == u.username;
        const std::string label = u.display_name + "  -  " + roleWords(u.role);
        if (colouredButton(t, label.c_str(), selected ? colours::kGood : ImVec4{0.17f, 0.21f, 0.28f, 1}, {-1, t.px(72)}))
            out.push_back(intent::ChooseUser{u.username});
        ImGui::PopID();
    }
    ImGui::PopStyleVar();
    ImGui::EndChild();
    ImGui::SameLine();

    ImGui::BeginChild("pin", {0, 0}, true);
    headingText(t, "2. Your PIN");
    const bool chosen = !s.login.selected.empty();
    if (!chosen) ImGui::TextColored(colours::kMuted, "Tap your name first.");
    // Dots, never digits: someone may be standing behind the officer.
    ImGui::PushFont(t.huge);
    std::string dots;
    for (std::size_t i = 0; i < s.login.pin.size(); ++i) dots += "\u25CF ";
    ImGui::TextUnformatted(dots.empty() ? " " : dots.c_str());
    ImGui::PopFont();
    if (!s.login.message.empty()) wrappedText(s.login.message, colours::kWarning);

    const ImVec2 gap = ImGui::GetStyle().ItemSpacing;
    const float key_w = std::min(t.px(130), (ImGui::GetContentRegionAvail().x - 2 * gap.x) / 3);
    const float key_h = t.px(78);
    // The keypad and Sign in sit at the bottom of the panel, so a prompt or message above them
    // never moves a key from under the officer's finger (four rows, a gap, Sign in).
    const float keys_h = 4 * (key_h + gap.y) + gap.y + key_h;
    ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), ImGui::GetWindowContentRegionMax().y - keys_h));
    ImGui::BeginDisabled(!chosen || s.login.checking);
    if (const char key = pinKeypad(t, key_w, key_h)) out.push_back(intent::PinKey{key});
    ImGui::Spacing();
    ImGui::PushFont(t.heading);
    if (colouredButton(t, s.login.checking ? "Checking..." : "Sign in", colours::kGood, {key_w * 3 + 2 * gap.x, key_h}))
        out.push_back(intent::SubmitPin{});
    ImGui::PopFont();
    ImGui::EndDisabled();
    ImGui::EndChild();
}

}  // namespace kiosk::ui
