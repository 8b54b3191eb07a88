// Look and touch: DejaVu fonts from Debian at a size scaled by --scale, high contrast, hit targets
// of at least 48 px at scale 1, no hover-only controls (DESIGN.md §5.8). The four outcome bands
// have colour-blind-safe colours (Okabe-Ito: blue, orange, vermillion, grey) and are always shown
// with their words and a symbol, never by colour alone.
// Thread safety: UI thread only (ImGui).
#pragma once

#include <string>

#include <imgui.h>

#include "kiosk/core/domain.hpp"

namespace kiosk::ui {

struct Theme {
    float scale = 1.0f;
    ImFont* body = nullptr;     // 22 px at scale 1
    ImFont* heading = nullptr;  // 30 px
    ImFont* huge = nullptr;     // 44 px: the band, the keypad
    std::string font_problem;   // set when DejaVu could not be loaded (ImGui's font is used)

    float px(float v) const { return v * scale; }
    float touchHeight() const { return px(56.0f); }  // >= 48 px hit targets, with margin
};

// Loads fonts and sets colours and sizes on the current ImGui context.
Theme setupTheme(float scale);

ImVec4 bandColour(core::Band band);
ImVec4 bandTextColour(core::Band band);  // readable on bandColour
const char* bandSymbol(core::Band band); // ✓ ? ✗ –
const char* bandWords(core::Band band);  // "STRONG MATCH", ...
const char* bandAdvice(core::Band band); // one line for the officer

namespace colours {
inline const ImVec4 kDanger{0.835f, 0.369f, 0.0f, 1.0f};   // vermillion
inline const ImVec4 kWarning{0.902f, 0.624f, 0.0f, 1.0f};  // orange
inline const ImVec4 kGood{0.0f, 0.447f, 0.698f, 1.0f};     // blue
inline const ImVec4 kNeutral{0.30f, 0.33f, 0.38f, 1.0f};
inline const ImVec4 kMuted{0.72f, 0.75f, 0.80f, 1.0f};
}  // namespace colours

// Touch widgets. Each returns true on the frame it was tapped.
bool bigButton(const Theme& t, const char* label, ImVec2 size = {0, 0});
bool colouredButton(const Theme& t, const char* label, ImVec4 colour, ImVec2 size = {0, 0}, ImVec4 text = {1, 1, 1, 1});
// A selectable row at least one touch-height tall.
bool touchRow(const Theme& t, const char* id, bool selected, float height = 0.0f);
// A full-width coloured strip with text (banners: camera lost, locked, errors).
void banner(const Theme& t, const std::string& text, ImVec4 colour, ImVec4 text_colour = {1, 1, 1, 1});
void headingText(const Theme& t, const std::string& text);
void wrappedText(const std::string& text, ImVec4 colour = {0.95f, 0.96f, 0.98f, 1.0f});

}  // namespace kiosk::ui
