// Video calls: choose the call's feed and today's call, check each booked child on the feed (with
// the liveness challenge), suspend the call if not confident, then start the call with the
// monitor labelling every face and alerting (once) on an unknown one.
#include "kiosk/ui/screens/screens.hpp"

#include <algorithm>
#include <filesystem>

namespace kiosk::ui {

namespace {
const char* kSuspendReasons[] = {
    "A child on screen is not the approved child",
    "An adult or child who is not approved is on screen",
    "A photo or recording appears to be shown instead of the child",
    "The child could not be seen clearly",
};
// "franck.mp4", "camera 0", "rtsp://host/call": short enough for a button.
std::string feedLabel(const std::string& spec) {
    if (spec.find("://") != std::string::npos) return spec;
    if (!spec.empty() && spec.size() <= 3 && spec.find_first_not_of("0123456789") == std::string::npos)
        return "Camera " + spec;
    const std::filesystem::path p(spec);
    return p.filename().empty() ? p.parent_path().filename().string() + "/" : p.filename().string();
}

}  // namespace

void VideoCallScreen::drawSuspend(const Theme& t, Intents& out) {
    if (asking_suspend_) {
        ImGui::TextUnformatted("Why suspend the call?");
        for (const char* r : kSuspendReasons)
            if (bigButton(t, r, {-1, 0})) {
                out.push_back(intent::SuspendCall{r});
                asking_suspend_ = false;
            }
        if (bigButton(t, "Cancel", {-1, 0})) asking_suspend_ = false;
    } else if (colouredButton(t, "Suspend call", colours::kDanger, {-1, t.px(72)})) {
        asking_suspend_ = true;
    }
}

// The call's feed: what is in use and whether it is live, with the chooser behind "Change feed".
void VideoCallScreen::drawFeed(const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    const auto& v = s.video;
    const auto& cam = s.diag.camera;
    if (!v.choosing_feed) {
        const std::string state = cam.connected ? "live" : cam.problem.empty() ? "connecting" : "NOT CONNECTED";
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(cam.connected ? colours::kMuted : colours::kDanger, "Feed: %s (%s)", cam.source.c_str(), state.c_str());
        ImGui::SameLine();
        if (bigButton(t, "Change feed")) out.push_back(intent::ShowFeedChooser{true});
        return;
    }
    headingText(t, "Choose the call's feed");
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::BeginChild("feed_preview", {avail.x * 0.5f, 0}, true);
    ImGui::TextColored(cam.connected ? colours::kGood : colours::kDanger, "%s: %s", cam.source.c_str(),
                       cam.connected ? "live" : (cam.problem.empty() ? "connecting" : cam.problem.c_str()));
    drawFitted(ui.textures, s.camera_frame, ImGui::GetContentRegionAvail());
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("feed_choices", {0, 0}, true);
    wrappedText("The video call's picture: the call's stream, a camera, or a recording.", colours::kMuted);
    for (const auto& p : v.feed_presets) {
        ImGui::PushID(p.c_str());
        const bool current = p == v.feed;
        const std::string label = (current ? "\u2713 " : "") + feedLabel(p);
        if (colouredButton(t, label.c_str(), current ? colours::kGood : ImVec4{0.20f, 0.27f, 0.38f, 1}, {-1, 0}))
            out.push_back(intent::ChooseFeed{p});
        ImGui::PopID();
    }
    ImGui::Spacing();
    ImGui::TextUnformatted("Stream URL, camera number, video file or image folder:");
    ImGui::PushFont(t.heading);
    touchText(ui, "##feed", "rtsp://... or 0", feed_text_, sizeof feed_text_, {-1, 0});
    ImGui::PopFont();
    const bool has_text = feed_text_[0] != '\0';
    if (!has_text) ImGui::BeginDisabled();
    if (bigButton(t, "Use this feed", {-1, 0}) && has_text) out.push_back(intent::ChooseFeed{feed_text_});
    if (!has_text) ImGui::EndDisabled();
    if (bigButton(t, "Done", {-1, 0})) out.push_back(intent::ShowFeedChooser{false});
    ImGui::EndChild();
}

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
    headingText(t, "Call in progress");
    if (v.monitor.tracks.empty()) wrappedText("No face on screen.", colours::kMuted);
    if (v.alerts.empty()) wrappedText("No unknown face so far. Booked children are labelled with their names.", colours::kMuted);
    for (std::size_t i = 0; i < v.alerts.size(); ++i) {
        const auto& a = v.alerts[i];
        banner(t, "ALERT: " + a.message, colours::kDanger);
        drawFitted(ui.textures, a.snapshot, {t.px(150), t.px(150)});
        if (i < v.alert_records.size()) wrappedText(v.alert_records[i]);
    }
    drawSuspend(t, out);
    if (!asking_suspend_ && bigButton(t, "End call", {-1, 0})) out.push_back(intent::EndSession{*v.call});
    ImGui::EndChild();
}

void VideoCallScreen::draw(const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    const auto& v = s.video;
    drawFeed(s, ui, out);
    if (v.choosing_feed) return;
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
    headingText(t, "Roll call");
    wrappedText("Check every child on the call's feed before the prisoner joins.", colours::kMuted);
    for (const auto& c : b->children) {
        ImGui::PushID(static_cast<int>(c.child.id));
        const std::string tries = c.attempts > 0 ? "  (" + attemptsWords(c.attempts) + ")" : "";
        if (c.status == core::ChildCheckStatus::Confirmed || c.status == core::ChildCheckStatus::Overridden) {
            ImGui::TextColored(colours::kGood, "\u2713 %s %s%s", c.child.fullName().c_str(), childStatusWords(c.status).c_str(),
                               tries.c_str());
        } else if (!c.eligibility.allowed) {
            wrappedText("\u2717 " + c.child.fullName() + ": " + c.eligibility.reason, colours::kDanger);
        } else if (bigButton(t, ("Check " + c.child.fullName() + tries).c_str(), {-1, 0})) {
            out.push_back(intent::OpenCheck{b->row.booking.id, c.child.id});
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("call_actions", {0, 0}, true);
    const core::SessionState state = b->row.session;
    if (!b->session_note.empty()) wrappedText(b->session_note, colours::kDanger);
    if (!asking_suspend_ && b->session_note.empty()) {
        // Core decides: the call may start only once every child is confirmed (or overridden).
        const bool cleared = state == core::SessionState::Cleared;
        wrappedText(cleared ? "Every child is confirmed: the prisoner may join."
                            : "Check every child before starting the call.",
                    cleared ? colours::kGood : colours::kMuted);
        if (!cleared) ImGui::BeginDisabled();
        if (colouredButton(t, "Start call", cleared ? colours::kGood : ImVec4{0.20f, 0.27f, 0.38f, 1}, {-1, t.px(72)}))
            out.push_back(intent::StartSession{b->row.booking.id});
        if (!cleared) ImGui::EndDisabled();
        wrappedText("The monitor labels each face with the booked child's name and alerts on an unknown face.",
                    colours::kMuted);
    }
    // A suspended or ended call offers nothing more: it cannot be restarted.
    if (state == core::SessionState::Suspended || state == core::SessionState::Ended) {
        ImGui::EndChild();
        return;
    }
    drawSuspend(t, out);
    ImGui::EndChild();
}

}  // namespace kiosk::ui
