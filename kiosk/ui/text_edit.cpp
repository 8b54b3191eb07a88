#include "kiosk/ui/text_edit.hpp"

#include <cstring>

namespace kiosk::ui {
namespace {

bool isContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

bool applyEditKey(char* buf, std::size_t capacity, EditKey key) {
    if (!buf || capacity == 0) return false;
    // A buffer without a NUL inside its capacity is repaired first (it is never read past the end).
    std::size_t len = 0;
    while (len < capacity && buf[len] != '\0') ++len;
    bool changed = false;
    if (len == capacity) {
        len = capacity - 1;
        while (len > 0 && isContinuation(buf[len])) --len;  // do not leave half a character behind
        buf[len] = '\0';
        changed = true;
    }
    switch (key.kind) {
    case EditKey::Kind::Insert:
        if (key.text.empty() || key.text.find('\0') != std::string_view::npos) return changed;
        if (key.text.size() > capacity - 1 - len) return changed;
        std::memcpy(buf + len, key.text.data(), key.text.size());
        buf[len + key.text.size()] = '\0';
        return true;
    case EditKey::Kind::Backspace:
        if (len == 0) return changed;
        --len;
        while (len > 0 && isContinuation(buf[len])) --len;
        buf[len] = '\0';
        return true;
    case EditKey::Kind::Clear:
        if (len == 0) return changed;
        buf[0] = '\0';
        return true;
    }
    return changed;
}

}  // namespace kiosk::ui
