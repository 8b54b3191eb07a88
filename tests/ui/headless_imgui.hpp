// Dear ImGui without a window, for the UI tests that draw the real screens: fonts built on the CPU,
// frames ended without rendering. A Finger finds a widget where it is drawn, by the window it is
// in and its label, and taps it with the mouse as a touchscreen does (press, release).
// Thread safety: one thread (ImGui's context is global).
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <imgui.h>
#include <imgui_internal.h>

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

class Finger {
public:
    // frame: draws one whole frame (NewFrame ... EndFrame) and applies its intents.
    explicit Finger(std::function<void()> frame) : frame_(std::move(frame)) {}

    // Where the widget labelled `label` (its whole ImGui label, "##id" part included) is drawn in the
    // child window named `window` ("review", "touch-keyboard"): the middle of the points over which
    // ImGui says it is hovered, found by moving the mouse over the window, one frame a point, and
    // kept until forget(). Looking leaves a field being edited as it was.
    std::optional<ImVec2> find(const std::string& window, const std::string& label) {
        const auto id = idOf(window, label);
        if (!id) return std::nullopt;
        if (!found_.contains(*id)) scan(window);
        if (const auto it = found_.find(*id); it != found_.end()) return it->second;
        return std::nullopt;
    }
    void forget() { found_.clear(); }

    // Press and release where the widget was found, as a touch does. False when it is not on
    // screen, or when the press did not reach it (ImGui made something else, or nothing, active).
    bool tap(const std::string& window, const std::string& label) {
        const auto at = find(window, label);
        if (!at) return false;
        const ImGuiID id = *idOf(window, label);
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = *at;
        io.MouseDown[0] = true;
        frame_();
        const bool pressed = GImGui->ActiveId == id;
        io.MouseDown[0] = false;
        frame_();
        return pressed;
    }

private:
    // A child window is named "<parent>/<name>_<its id in 8 hex digits>".
    static ImGuiWindow* childWindow(const std::string& name) {
        for (ImGuiWindow* w : GImGui->Windows) {
            const std::string_view full = w->Name;
            const std::string_view last = full.substr(full.rfind('/') + 1);
            if (w->Active && last.size() == name.size() + 9 && last.substr(0, name.size() + 1) == name + "_") return w;
        }
        return nullptr;
    }
    static std::optional<ImGuiID> idOf(const std::string& window, const std::string& label) {
        ImGuiWindow* w = childWindow(window);
        if (!w) return std::nullopt;
        return ImHashStr(label.c_str(), 0, w->ID);
    }
    // Every widget ImGui reports hovered over a grid of the window's visible part.
    // ImGui hovers nothing else while a field is being edited: the edit is set aside while looking.
    void scan(const std::string& window) {
        const ImGuiID editing = GImGui->ActiveId;
        ImGuiWindow* editing_in = GImGui->ActiveIdWindow;
        ImGui::ClearActiveID();
        frame_();  // the window as it is now (the last tap may have changed the layout)
        ImGuiWindow* w = childWindow(window);
        if (w) look(w);
        if (editing != 0) {
            ImGui::SetActiveID(editing, editing_in);
            frame_();
        }
    }
    void look(ImGuiWindow* w) {
        const ImRect r = w->InnerClipRect;
        const ImGuiID window_id = w->ID;
        std::map<ImGuiID, std::pair<ImVec2, ImVec2>> seen;  // id -> the points' min and max
        constexpr float kStep = 8.0f;
        for (float y = r.Min.y + kStep / 2; y < r.Max.y; y += kStep)
            for (float x = r.Min.x + kStep / 2; x < r.Max.x; x += kStep) {
                ImGui::GetIO().MousePos = {x, y};
                frame_();
                const ImGuiID id = GImGui->HoveredId;
                if (id == 0 || id == window_id) continue;
                auto [it, fresh] = seen.try_emplace(id, ImVec2{x, y}, ImVec2{x, y});
                if (!fresh) {
                    it->second.first = {std::min(it->second.first.x, x), std::min(it->second.first.y, y)};
                    it->second.second = {std::max(it->second.second.x, x), std::max(it->second.second.y, y)};
                }
            }
        for (const auto& [id, box] : seen)
            found_[id] = {(box.first.x + box.second.x) / 2, (box.first.y + box.second.y) / 2};
    }

    std::function<void()> frame_;
    std::map<ImGuiID, ImVec2> found_;
};

}  // namespace kiosk::test
