// The on-screen keyboard: the kiosk has a touchscreen and no physical keyboard. Tapping a text field
// (drawn with touchText) makes it the keyboard's target; the keyboard is docked at the bottom of the
// window (the screen above it shrinks, so it never covers the field) with a one-line echo of the
// target's text. Keys edit the field's own buffer through applyEditKey (kiosk/ui/text_edit.hpp).
// A physical keyboard keeps working in the field as before.
// It forgets its target when the screen or the signed-in officer changes (sign out, auto-lock):
// the locked screen shows no keyboard and no echo of a child's details.
// Thread safety: UI thread only (ImGui).
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>

#include <imgui.h>

#include "kiosk/ui/app_state.hpp"
#include "kiosk/ui/theme.hpp"

namespace kiosk::ui {

class TouchKeyboard {
public:
    // A text field that takes part: ImGui's own field (physical typing, its caret), and on tap the
    // keyboard's target. Returns true when the text changed this frame, by either keyboard.
    // size: {width, 0} for one line (width 0 = ImGui's default item width, -1 = fill); multiline
    // fields give a height.
    bool field(const char* id, const char* hint, char* buf, std::size_t capacity, ImVec2 size = {0, 0},
               bool multiline = false);

    // Before the screens draw: hide and forget the target when the screen or the officer changed, or
    // when the target's field was not drawn last frame (its form closed).
    void beginFrame(const AppState& s);
    // Height of the docked keyboard when visible (0 when hidden), for the screen above to leave room.
    float height(const Theme& t) const;
    // After the screens: the echo line and the keys, at the cursor (the bottom of the window), and
    // the key taps queued by tapKey/typeText, one per frame, through the same path as a finger's.
    void draw(const Theme& t);

    bool visible() const { return target_.has_value(); }
    void hide();
    const char* targetHint() const { return target_ ? target_->hint.c_str() : ""; }
    // Where the target field was last drawn (screen pixels), e.g. for a test's tap on it.
    ImVec2 targetMin() const { return target_ ? target_->min : ImVec2{}; }
    ImVec2 targetMax() const { return target_ ? target_->max : ImVec2{}; }

    // Scripted taps (headless --keyboard, tests). A key by its label: "a".."z", "0".."9", the
    // punctuation shown, "Shift", "Back", "Clear", "Space", "Done".
    void tapKey(std::string label) { queued_.push_back(std::move(label)); }
    // Queues the taps a person would make to type `text` (Shift before a capital letter).
    // Returns false (queuing nothing) when a character has no key.
    bool typeText(const std::string& text);
    bool idle() const { return queued_.empty() && changed_ == nullptr; }  // and the field has shown the last key
    // The next field drawn becomes the target, as if it had been tapped.
    void openOnNextField() { open_next_ = true; }

private:
    enum class Shift { Off, Once, Caps };
    struct Target {
        char* buf = nullptr;
        std::size_t capacity = 0;
        ImGuiID id = 0;
        std::string hint;
        ImVec2 min, max;
    };
    void press(const std::string& label);

    std::optional<Target> target_;
    bool seen_ = false;         // the target's field was drawn this frame
    char* changed_ = nullptr;   // a buffer edited by keys: its field reports the change next frame
    bool open_next_ = false;
    Shift shift_ = Shift::Off;
    std::deque<std::string> queued_;
    std::optional<std::pair<ScreenId, std::string>> context_;  // screen and officer the target belongs to
};

}  // namespace kiosk::ui
