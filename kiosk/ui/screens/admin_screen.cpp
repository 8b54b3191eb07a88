// Admin: staff on file and approved images. Enrolment, retiring images, PIN changes and CSV
// import run as `kiosk enrol` / `kiosk import` / `kiosk user` for now (the next session brings
// them here as cancellable tasks with progress).
#include "kiosk/ui/screens/screens.hpp"

namespace kiosk::ui {

void AdminScreen::draw(const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    if (bigButton(t, "Refresh")) out.push_back(intent::Refresh{});
    ImGui::SameLine();
    if (bigButton(t, s.show_diagnostics ? "Hide diagnostics" : "Show diagnostics")) out.push_back(intent::ToggleDiagnostics{});
    ImGui::BeginChild("users", {ImGui::GetContentRegionAvail().x * 0.5f, 0}, true);
    headingText(t, "Staff");
    if (!s.admin.loaded) ImGui::TextColored(colours::kMuted, "Loading...");
    for (const auto& u : s.admin.users)
        ImGui::Text("%s  -  %s  (%s)", u.display_name.c_str(), roleWords(u.role).c_str(), u.username.c_str());
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("images", {0, 0}, true);
    headingText(t, "Approved images");
    ImGui::Text("%zu approved images on file", s.admin.active_images);
    wrappedText("Enrol with provenance: kiosk enrol --child REF IMAGES --date-taken DATE --provided-by WHO --verified-by WHO "
                "--carer-consent --officer USER ; "
                "import bookings: kiosk import bookings FILE.csv. These move onto this screen next.",
                colours::kMuted);
    ImGui::EndChild();
}

}  // namespace kiosk::ui
