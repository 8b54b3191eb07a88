// Dear ImGui without a window, for the UI tests that draw the real screens: fonts built on the CPU,
// frames ended without rendering.
// Thread safety: one thread (ImGui's context is global).
#pragma once

#include <imgui.h>

#include "kiosk/ui/theme.hpp"

namespace kiosk::test {

struct HeadlessImGui {
    explicit HeadlessImGui(ImVec2 display = {1280, 800}) {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        theme = ui::setupTheme(1.0f);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        io.DisplaySize = display;
        io.DeltaTime = 1.0f / 60;
    }
    ~HeadlessImGui() { ImGui::DestroyContext(); }
    HeadlessImGui(const HeadlessImGui&) = delete;
    HeadlessImGui& operator=(const HeadlessImGui&) = delete;
    ui::Theme theme;
};

}  // namespace kiosk::test
