// Editing a fixed-size, NUL-terminated text buffer one on-screen-keyboard key at a time. Pure: no
// ImGui, no state, so the rules (never overflow, never cut a UTF-8 character in half) are tested
// on their own and the touch keyboard only decides which key was tapped.
// Thread safety: none needed (works on the caller's buffer only).
#pragma once

#include <cstddef>
#include <string_view>

namespace kiosk::ui {

struct EditKey {
    enum class Kind { Insert, Backspace, Clear } kind = Kind::Insert;
    std::string_view text;  // Insert: the UTF-8 character(s) to append

    static EditKey insert(std::string_view s) { return {Kind::Insert, s}; }
    static EditKey space() { return {Kind::Insert, " "}; }
    static EditKey backspace() { return {Kind::Backspace, {}}; }
    static EditKey clear() { return {Kind::Clear, {}}; }
};

// Applies `key` to the end of `buf` (`capacity` bytes including the terminating NUL).
// Requires: buf points to `capacity` writable bytes, capacity >= 1.
// Ensures: buf is NUL-terminated within capacity; an insert happens whole or not at all (text that
// would not fit, or that contains a NUL, leaves buf unchanged); backspace removes one whole UTF-8
// code point. Returns true when buf changed.
bool applyEditKey(char* buf, std::size_t capacity, EditKey key);

}  // namespace kiosk::ui
