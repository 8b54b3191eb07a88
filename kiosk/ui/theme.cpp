#include "kiosk/ui/theme.hpp"

#include <filesystem>

namespace kiosk::ui {
namespace {

constexpr const char* kFontDir = "/usr/share/fonts/truetype/dejavu/";

// Latin plus the symbols the screens use (✓ ✗ • – …).
const ImWchar kGlyphs[] = {0x0020, 0x00FF, 0x2013, 0x2026, 0x2190, 0x2193, 0x2713, 0x2717, 0x25CF, 0x25CF, 0};

}  // namespace

Theme setupTheme(float scale) {
    Theme t;
    t.scale = scale;
    ImGuiIO& io = ImGui::GetIO();
    const std::string regular = std::string(kFontDir) + "DejaVuSans.ttf";
    const std::string bold = std::string(kFontDir) + "DejaVuSans-Bold.ttf";
    if (std::filesystem::exists(regular)) {
        t.body = io.Fonts->AddFontFromFileTTF(regular.c_str(), 22.0f * scale, nullptr, kGlyphs);
        const std::string& strong = std::filesystem::exists(bold) ? bold : regular;
        t.heading = io.Fonts->AddFontFromFileTTF(strong.c_str(), 30.0f * scale, nullptr, kGlyphs);
        t.huge = io.Fonts->AddFontFromFileTTF(strong.c_str(), 44.0f * scale, nullptr, kGlyphs);
    }
    if (!t.body || !t.heading || !t.huge) {
        t.font_problem = "DejaVu fonts not found in " + std::string(kFontDir) + " (install fonts-dejavu-core)";
        ImFontConfig cfg;
        cfg.SizePixels = 13.0f * scale;
        t.body = t.heading = t.huge = io.Fonts->AddFontDefault(&cfg);
    }
    io.FontDefault = t.body;

    ImGui::StyleColorsDark();
    ImGuiStyle& s = ImGui::GetStyle();
    s.WindowRounding = 0;
    s.FrameRounding = 6;
    s.GrabRounding = 6;
    s.FramePadding = {14, 12};
    s.ItemSpacing = {12, 12};
    s.ItemInnerSpacing = {10, 10};
    s.ScrollbarSize = 28;  // a finger can drag it
    s.GrabMinSize = 28;
    s.TouchExtraPadding = {4, 4};
    s.ScaleAllSizes(scale);
    ImVec4* c = s.Colors;
    c[ImGuiCol_WindowBg] = {0.07f, 0.08f, 0.10f, 1.0f};
    c[ImGuiCol_ChildBg] = {0.11f, 0.12f, 0.15f, 1.0f};
    c[ImGuiCol_Text] = {0.96f, 0.97f, 0.98f, 1.0f};
    c[ImGuiCol_Button] = {0.20f, 0.27f, 0.38f, 1.0f};
    c[ImGuiCol_ButtonHovered] = {0.26f, 0.35f, 0.50f, 1.0f};
    c[ImGuiCol_ButtonActive] = {0.32f, 0.44f, 0.62f, 1.0f};
    c[ImGuiCol_Header] = {0.18f, 0.24f, 0.34f, 1.0f};
    c[ImGuiCol_HeaderHovered] = {0.24f, 0.32f, 0.46f, 1.0f};
    c[ImGuiCol_HeaderActive] = {0.30f, 0.40f, 0.58f, 1.0f};
    c[ImGuiCol_FrameBg] = {0.16f, 0.18f, 0.22f, 1.0f};
    c[ImGuiCol_Separator] = {0.35f, 0.38f, 0.44f, 1.0f};
    return t;
}

ImVec4 bandColour(core::Band b) {
    switch (b) {
    case core::Band::StrongMatch: return colours::kGood;
    case core::Band::PossibleMatch: return colours::kWarning;
    case core::Band::NoMatch: return colours::kDanger;
    case core::Band::CannotAssess: return {0.45f, 0.47f, 0.52f, 1.0f};
    }
    return colours::kNeutral;
}

ImVec4 bandTextColour(core::Band b) {
    return b == core::Band::PossibleMatch ? ImVec4{0, 0, 0, 1} : ImVec4{1, 1, 1, 1};
}

const char* bandSymbol(core::Band b) {
    switch (b) {
    case core::Band::StrongMatch: return "\u2713";
    case core::Band::PossibleMatch: return "?";
    case core::Band::NoMatch: return "\u2717";
    case core::Band::CannotAssess: return "\u2013";
    }
    return "";
}

const char* bandWords(core::Band b) {
    switch (b) {
    case core::Band::StrongMatch: return "STRONG MATCH";
    case core::Band::PossibleMatch: return "POSSIBLE MATCH - CHECK CAREFULLY";
    case core::Band::NoMatch: return "NO MATCH";
    case core::Band::CannotAssess: return "CANNOT ASSESS";
    }
    return "";
}

const char* bandAdvice(core::Band b) {
    switch (b) {
    case core::Band::StrongMatch: return "The live face is very close to the approved images. You decide.";
    case core::Band::PossibleMatch:
        return "Close, but a different person sometimes scores this close. Compare the faces yourself.";
    case core::Band::NoMatch: return "The live face is not close to the approved images.";
    case core::Band::CannotAssess: return "The machine could not compare the faces: see the reasons below.";
    }
    return "";
}

bool bigButton(const Theme& t, const char* label, ImVec2 size) {
    if (size.y <= 0) size.y = t.touchHeight();
    return ImGui::Button(label, size);
}

bool colouredButton(const Theme& t, const char* label, ImVec4 colour, ImVec2 size, ImVec4 text) {
    ImGui::PushStyleColor(ImGuiCol_Button, colour);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4{colour.x * 1.1f, colour.y * 1.1f, colour.z * 1.1f, 1});
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4{colour.x * 0.8f, colour.y * 0.8f, colour.z * 0.8f, 1});
    ImGui::PushStyleColor(ImGuiCol_Text, text);
    const bool pressed = bigButton(t, label, size);
    ImGui::PopStyleColor(4);
    return pressed;
}

bool touchRow(const Theme& t, const char* id, bool selected, float height) {
    return ImGui::Selectable(id, selected, ImGuiSelectableFlags_None, {0, height > 0 ? height : t.touchHeight()});
}

void banner(const Theme& t, const std::string& text, ImVec4 colour, ImVec4 text_colour) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, colour);
    ImGui::PushStyleColor(ImGuiCol_Text, text_colour);
    const float w = ImGui::GetContentRegionAvail().x;
    const float wrap = w - t.px(24);
    const ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
    ImGui::BeginChild(ImGui::GetID(text.c_str()), {w, size.y + t.px(20)}, false, ImGuiWindowFlags_NoScrollbar);
    ImGui::SetCursorPos({t.px(12), t.px(10)});
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    ImGui::PopStyleColor(2);
}

void headingText(const Theme& t, const std::string& text) {
    ImGui::PushFont(t.heading);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopFont();
}

void wrappedText(const std::string& text, ImVec4 colour) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

}  // namespace kiosk::ui
