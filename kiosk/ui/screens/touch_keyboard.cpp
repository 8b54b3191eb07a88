#include "kiosk/ui/screens/touch_keyboard.hpp"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include <imgui_internal.h>  // ClearActiveID: a field being edited by ImGui would overwrite the keys' edit

#include "kiosk/ui/screens/screens.hpp"
#include "kiosk/ui/text_edit.hpp"

namespace kiosk::ui {
namespace {

// One key: its label (lower case for letters) and width in key units. Rows are centred.
struct KeyDef {
    const char* label;
    float units = 1.0f;
};
constexpr int kRows = 5;
constexpr float kRowUnits = 13.0f;
const std::vector<KeyDef> kLayout[kRows] = {
    {{"1"}, {"2"}, {"3"}, {"4"}, {"5"}, {"6"}, {"7"}, {"8"}, {"9"}, {"0"}, {"-"}, {"Back", 2}},
    {{"q"}, {"w"}, {"e"}, {"r"}, {"t"}, {"y"}, {"u"}, {"i"}, {"o"}, {"p"}, {"_"}, {"/"}, {":"}},
    {{"a"}, {"s"}, {"d"}, {"f"}, {"g"}, {"h"}, {"j"}, {"k"}, {"l"}, {"'"}, {"@"}, {"?"}},
    {{"Shift", 2}, {"z"}, {"x"}, {"c"}, {"v"}, {"b"}, {"n"}, {"m"}, {","}, {"."}, {"Clear", 2}},
    {{"Space", 7}, {"Done", 3}},
};

bool isWordKey(const std::string& l) { return l.size() > 1; }
bool isLetter(const std::string& l) { return l.size() == 1 && std::isalpha(static_cast<unsigned char>(l[0])); }

// A letter key's text with Shift or caps on (upper case); any other key's label as it is.
std::string shifted(const std::string& label, bool shift) {
    std::string s = label;
    if (shift && isLetter(s)) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

bool hasKey(const std::string& label) {
    for (const auto& row : kLayout)
        for (const auto& k : row)
            if (label == k.label) return true;
    return false;
}

// The end of `text` that fits in `width` with "..." in front when cut (whole UTF-8 characters).
std::string tailThatFits(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    std::size_t from = 0;
    while (from < text.size()) {
        ++from;
        while (from < text.size() && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) ++from;
        const std::string cut = "\u2026" + text.substr(from);
        if (ImGui::CalcTextSize(cut.c_str()).x <= width) return cut;
    }
    return "\u2026";
}

}  // namespace

bool touchText(UiContext& ui, const char* id, const char* hint, char* buf, std::size_t n, ImVec2 size, bool multiline) {
    if (ui.keyboard) return ui.keyboard->field(id, hint, buf, n, size, multiline);
    if (size.x != 0 && !multiline) ImGui::SetNextItemWidth(size.x);
    return multiline ? ImGui::InputTextMultiline(id, buf, n, size) : ImGui::InputTextWithHint(id, hint, buf, n);
}

bool TouchKeyboard::field(const char* id, const char* hint, char* buf, std::size_t capacity, ImVec2 size, bool multiline) {
    // The field's own id (after a multiline field the last item is the frame around it, not the field).
    const ImGuiID item = ImGui::GetID(id);
    if (size.x != 0 && !multiline) ImGui::SetNextItemWidth(size.x);
    bool changed = multiline ? ImGui::InputTextMultiline(id, buf, capacity, size)
                             : ImGui::InputTextWithHint(id, hint, buf, capacity);
    const ImRect rect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    // ImGui 1.86 skips a multiline field scrolled wholly out of sight (its text is a child window)
    // yet keeps it as the item being edited, so it never sees the tap elsewhere that ends the edit,
    // and while an item is being edited ImGui hovers nothing else: no key, no button would answer
    // a tap again. An edit of a field that is not on screen ends here.
    if (ImGui::GetActiveID() == item && !ImGui::IsRectVisible(rect.Min, rect.Max)) ImGui::ClearActiveID();
    if (ImGui::IsItemActivated() || (open_next_ && !target_)) {
        open_next_ = false;
        if (!target_ || target_->buf != buf) shift_ = Shift::Off;
        target_ = Target{buf, capacity, item, hint ? hint : "", {}, {}};
    }
    if (target_ && target_->buf == buf) {
        seen_ = true;
        target_->id = item;
        target_->min = rect.Min;
        target_->max = rect.Max;
        // The docked keyboard takes the bottom of the screen: keep the field being typed into in view.
        if (!ImGui::GetCurrentWindowRead()->ClipRect.Contains(rect)) ImGui::SetScrollHereY(0.5f);
        // Highlight the field being typed into, also when ImGui is not editing it.
        ImGui::GetWindowDrawList()->AddRect(rect.Min, rect.Max, ImGui::GetColorU32(colours::kGood), 4.0f, 0, 3.0f);
    }
    if (changed_ == buf) {
        changed_ = nullptr;
        changed = true;
    }
    return changed;
}

void TouchKeyboard::beginFrame(const AppState& s) {
    std::pair<ScreenId, std::string> now{s.screen, s.user ? s.user->username : std::string{}};
    if (!s.user || (context_ && *context_ != now) || (target_ && !seen_)) {
        hide();
        changed_ = nullptr;  // (a scripted openOnNextField waits for the first field, past the sign-in)
    }
    context_ = now;
    seen_ = false;
}

void TouchKeyboard::hide() {
    target_.reset();
    shift_ = Shift::Off;
    queued_.clear();
}

float TouchKeyboard::height(const Theme& t) const {
    if (!target_) return 0;
    const ImGuiStyle& st = ImGui::GetStyle();
    const float echo = t.heading ? t.heading->FontSize : t.px(30);
    return st.WindowPadding.y * 2 + echo + st.FramePadding.y * 2 + st.ItemSpacing.y +
           kRows * (t.touchHeight() + st.ItemSpacing.y);
}

bool TouchKeyboard::typeText(const std::string& text) {
    std::deque<std::string> taps;
    for (char c : text) {
        std::string key(1, static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        if (c == ' ') key = "Space";
        if (!hasKey(key) && key != "Space") return false;
        if (std::isupper(static_cast<unsigned char>(c))) taps.push_back("Shift");
        taps.push_back(key);
    }
    queued_.insert(queued_.end(), taps.begin(), taps.end());
    return true;
}

void TouchKeyboard::press(const std::string& label) {
    if (!target_) return;
    if (label == "Done") {
        hide();
        return;
    }
    if (label == "Shift") {
        shift_ = shift_ == Shift::Off ? Shift::Once : shift_ == Shift::Once ? Shift::Caps : Shift::Off;
        return;
    }
    const std::string text = shifted(label, shift_ != Shift::Off);
    EditKey key = EditKey::insert(text);
    if (label == "Back") key = EditKey::backspace();
    else if (label == "Clear") key = EditKey::clear();
    else if (label == "Space") key = EditKey::space();
    if (isLetter(label) && shift_ == Shift::Once) shift_ = Shift::Off;
    // While ImGui edits the field it copies its own copy of the text into the buffer every frame:
    // stop that edit so the field re-reads the buffer (a finger's tap on a key already did).
    if (ImGui::GetActiveID() == target_->id) ImGui::ClearActiveID();
    if (applyEditKey(target_->buf, target_->capacity, key)) changed_ = target_->buf;
}

void TouchKeyboard::draw(const Theme& t) {
    if (!target_) return;
    const ImGuiStyle& st = ImGui::GetStyle();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4{0.11f, 0.13f, 0.17f, 1});
    ImGui::BeginChild("touch-keyboard", {0, height(t)}, true, ImGuiWindowFlags_NoScrollbar);
    const float width = ImGui::GetContentRegionAvail().x;

    // The echo: what the field holds now, so the officer sees the text wherever the field is.
    ImGui::PushFont(t.heading);
    const std::string label = target_->hint.empty() ? std::string("Text") : target_->hint;
    const std::string head = tailThatFits(label, width * 0.35f) + ":  ";
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(colours::kMuted, "%s", head.c_str());
    ImGui::SameLine(0, 0);
    const std::string text = tailThatFits(std::string(target_->buf) + "|", ImGui::GetContentRegionAvail().x);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopFont();

    const float unit = (width - (kRowUnits - 1) * st.ItemSpacing.x) / kRowUnits;
    const float key_h = t.touchHeight();
    std::string tapped;
    for (int r = 0; r < kRows; ++r) {
        float row_w = -st.ItemSpacing.x;
        for (const auto& k : kLayout[r]) row_w += k.units * unit + (k.units - 1) * st.ItemSpacing.x + st.ItemSpacing.x;
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (width - row_w) / 2));
        for (std::size_t i = 0; i < kLayout[r].size(); ++i) {
            const KeyDef& k = kLayout[r][i];
            if (i > 0) ImGui::SameLine();
            const std::string l = k.label;
            std::string shown = shifted(l, shift_ != Shift::Off);
            if (l == "Back") shown = "\u2190 Back";
            if (l == "Shift") shown = shift_ == Shift::Caps ? "CAPS" : shift_ == Shift::Once ? "SHIFT" : "Shift";
            if (l == "Space") shown = "space";
            shown += "##key-" + l;
            const ImVec2 size{k.units * unit + (k.units - 1) * st.ItemSpacing.x, key_h};
            ImGui::PushFont(isWordKey(l) ? t.body : t.heading);
            bool hit = false;
            if (l == "Done") hit = colouredButton(t, shown.c_str(), colours::kGood, size);
            else if (l == "Shift" && shift_ != Shift::Off) hit = colouredButton(t, shown.c_str(), colours::kGood, size);
            else hit = bigButton(t, shown.c_str(), size);
            ImGui::PopFont();
            if (hit) tapped = l;
        }
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();

    if (!tapped.empty()) press(tapped);
    else if (!queued_.empty()) {
        const std::string next = queued_.front();
        queued_.pop_front();
        press(next);
    }
}

}  // namespace kiosk::ui
