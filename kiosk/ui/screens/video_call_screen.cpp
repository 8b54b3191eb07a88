// Video calls: choose today's call, check each booked child on the call's feed (with the liveness
// challenge), suspend the call if not confident, then monitor the call for unknown faces.
#include "kiosk/ui/screens/screens.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {
const char* kSuspendReasons[] = {
    "A child on screen is not the approved child",
    "An adult or child who is not approved is on screen",
    "A photo or recording appears to be shown instead of the child",
    "The child could not be seen clearly",
};
}  // namespace

void VideoCallScreen::drawMonitor(const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    const auto& v = s.video;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::BeginChild("feed", {avail.x * 0.62f, 0}, false);
    const FittedImage img = drawFitted(ui.textures, s.camera_frame, ImGui::GetContentRegionAvail());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const auto& tr : v.monitor.tracks) {
        const bool known = !tr.label.empty();
        const ImU32 c = ImGui::ColorConvertFloat4ToU32(known ? colours::kGood : colours::kDanger);
        const ImVec2 a{img.origin.x + tr.box.x * img.scale, img.origin.y + tr.box.y * img.scale};
        const ImVec2 z{a.x + tr.box.width * img.scale, a.y + tr.box.height * img.scale};
        dl->AddRect(a, z, c, 0, 0, t.px(4));
        const std::string label = known ? tr.label : "UNKNOWN PERSON";
        dl->AddRectFilled({a.x, a.y - t.px(30)}, {a.x + ImGui::CalcTextSize(label.c_str()).x + t.px(12), a.y}, c);
        dl->AddText({a.x + t.px(6), a.y - t.px(28)}, IM_COL32_WHITE, label.c_str());
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("alerts", {0, 0}, true);
    headingText(t, "In-call monitor");
    if (v.alerts.empty()) wrappedText("No unknown face so far. Known faces are labelled with the child's name.", colours::kMuted);
    for (const auto& a : v.alerts) {
        banner(t, "ALERT: " + a.message, colours::kDanger);
        drawFitted(ui.textures, a.snapshot, {t.px(160), t.px(160)});
    }
    if (bigButton(t, "Stop monitoring", {-1, 0})) out.push_back(intent::StopMonitor{});
    ImGui::EndChild();
}

void VideoCallScreen::draw(const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    const auto& v = s.video;
    if (!v.call) {
        headingText(t, "Today's video calls - choose the call");
        ImGui::BeginChild("calls", {0, 0}, true);
        if (!v.loaded) ImGui::TextColored(colours::kMuted, "Loading today's calls...");
        for (const auto& b : v.calls) {
            ImGui::PushID(static_cast<int>(b.row.booking.id));
            if (bigButton(t, ("Open roll call: " + b.row.booking.time + " " + b.row.prisoner_name).c_str(), {t.px(520), 0}))
                out.push_back(intent::OpenCall{b.row.booking.id});
            ImGui::PopID();
            drawBookingRow(b, t, out, false);
        }
        ImGui::EndChild();
        return;
    }
    if (v.check) {
        check_.draw(*v.check, s, ui, out);
        return;
    }
    const auto b = std::find_if(v.calls.begin(), v.calls.end(), [&](const BookingView& x) { return x.row.booking.id == *v.call; });
    if (bigButton(t, "\u2190 All calls", {t.px(200), 0})) out.push_back(intent::CloseCall{});
    if (b == v.calls.end()) return;
    ImGui::SameLine();
    headingText(t, b->row.booking.time + " video call with " + b->row.prisoner_name);
    if (!v.call_message.empty()) banner(t, v.call_message, colours::kDanger);
    if (v.monitoring) {
        drawMonitor(s, ui, out);
        return;
    }
    ImGui::BeginChild("roll", {ImGui::GetContentRegionAvail().x * 0.6f, 0}, true);
    headingText(t, "Roll call: check every child before the prisoner joins");
    for (const auto& c : b->children) {
        ImGui::PushID(static_cast<int>(c.child.id));
        const bool done = std::find(v.confirmed_children.begin(), v.confirmed_children.end(), c.child.id) !=
                          v.confirmed_children.end();
        if (done) {
            ImGui::TextColored(colours::kGood, "\u2713 %s confirmed", c.child.fullName().c_str());
        } else if (!c.eligibility.allowed) {
            wrappedText("\u2717 " + c.child.fullName() + ": " + c.eligibility.reason, colours::kDanger);
        } else if (bigButton(t, ("Check " + c.child.fullName()).c_str(), {-1, 0})) {
            out.push_back(intent::OpenCheck{b->row.booking.id, c.child.id});
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("call_actions", {0, 0}, true);
    if (asking_suspend_) {
        ImGui::TextUnformatted("Why suspend the call?");
        for (const char* r : kSuspendReasons)
            if (bigButton(t, r, {-1, 0})) {
                out.push_back(intent::SuspendCall{r});
                asking_suspend_ = false;
            }
        if (bigButton(t, "Cancel", {-1, 0})) asking_suspend_ = false;
    } else {
        if (bigButton(t, "Start in-call monitor", {-1, 0})) out.push_back(intent::StartMonitor{});
        if (colouredButton(t, "Suspend call", colours::kDanger, {-1, t.px(72)})) asking_suspend_ = true;
    }
    ImGui::EndChild();
}

}  // namespace kiosk::ui
