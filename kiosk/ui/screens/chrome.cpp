// The frame around every screen: who is signed in where, banners for what is wrong, diagnostics.
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "kiosk/ui/controller.hpp"
#include "kiosk/ui/screens/screens.hpp"

namespace kiosk::ui {

bool containsNoCase(std::string_view hay, std::string_view needle) {
    const auto lower = [](unsigned char c) { return std::tolower(c); };
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [&](char a, char b) {
               return lower(static_cast<unsigned char>(a)) == lower(static_cast<unsigned char>(b));
           }) != hay.end();
}

std::string incidentWords(core::IncidentKind k) {
    switch (k) {
    case core::IncidentKind::VisitRefused: return "Visit refused";
    case core::IncidentKind::CallSuspended: return "Call suspended";
    case core::IncidentKind::WelfareConcern: return "Welfare concern";
    case core::IncidentKind::Override: return "Decision override";
    }
    return "";
}

std::string statusWords(core::BookingStatus s) {
    switch (s) {
    case core::BookingStatus::Scheduled: return "Scheduled";
    case core::BookingStatus::Refused: return "Refused";
    case core::BookingStatus::Suspended: return "Suspended";
    case core::BookingStatus::Completed: return "Completed";
    case core::BookingStatus::Cancelled: return "Cancelled";
    case core::BookingStatus::BlockedPendingReview: return "BLOCKED pending review";
    case core::BookingStatus::ContactSuspended: return "Contact SUSPENDED by review";
    case core::BookingStatus::ContactEnded: return "Contact ENDED by review";
    case core::BookingStatus::NotAllowed: return "NOT ALLOWED by the arrangement";
    }
    return "";
}

std::string childStatusWords(core::ChildCheckStatus s) {
    switch (s) {
    case core::ChildCheckStatus::Unchecked: return "not checked";
    case core::ChildCheckStatus::Confirmed: return "confirmed";
    case core::ChildCheckStatus::Overridden: return "overridden (reason recorded)";
    case core::ChildCheckStatus::NotConfident: return "not confident";
    }
    return "";
}

std::string ordinal(int n) {
    const int tens = n % 100;
    const char* suffix = (tens >= 11 && tens <= 13) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
    return std::to_string(n) + suffix;
}

std::string attemptsWords(int n) { return std::to_string(n) + (n == 1 ? " attempt" : " attempts"); }

std::string roleWords(core::Role r) {
    switch (r) {
    case core::Role::VisitsOfficer: return "Visits officer";
    case core::Role::VideoCallOfficer: return "Video-call officer";
    case core::Role::SafeguardingLead: return "Safeguarding lead";
    case core::Role::Admin: return "Administrator";
    case core::Role::DutyGovernor: return "Duty governor";
    case core::Role::OmuManager: return "Probation OMU manager";
    case core::Role::BookingSystem: return "Booking system (service)";
    }
    return "";
}

void drawHeader(const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4{0.13f, 0.18f, 0.27f, 1.0f});
    ImGui::BeginChild("header", {0, t.px(76)}, false, ImGuiWindowFlags_NoScrollbar);
    ImGui::SetCursorPos({t.px(16), t.px(10)});
    ImGui::PushFont(t.heading);
    ImGui::Text("%s", screenTitle(s.screen));
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::SetCursorPosY(t.px(20));
    ImGui::TextColored(colours::kMuted, "  %s  \xC2\xB7  %s", s.station.c_str(), s.today.c_str());
    if (s.user) {
        // Tabs for the screens core lets this role open, when there is more than one.
        const ScreenId screens[] = {ScreenId::Visits, ScreenId::VideoCall, ScreenId::Safeguarding, ScreenId::Admin,
                                    ScreenId::Notified};
        if (std::count_if(std::begin(screens), std::end(screens), [&](ScreenId id) { return mayOpen(s.user->role, id); }) > 1) {
            for (ScreenId id : screens) {
                if (!mayOpen(s.user->role, id)) continue;
                ImGui::SameLine();
                ImGui::SetCursorPosY(t.px(10));
                const bool here = s.screen == id;
                if (colouredButton(t, screenTitle(id), here ? colours::kGood : ImVec4{0.20f, 0.27f, 0.38f, 1}))
                    out.push_back(intent::GoTo{id});
            }
        }
        // Who is signed in, as much as fits between the title (and the admin's tabs) and Sign out.
        const float used = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + t.px(16);
        const float sign_out_w = t.px(150);
        const float right = ImGui::GetWindowWidth() - sign_out_w - t.px(40);
        std::string who = s.user->display_name + " (" + roleWords(s.user->role) + ")";
        if (right - ImGui::CalcTextSize(who.c_str()).x < used) who = s.user->display_name;
        const float who_x = right - ImGui::CalcTextSize(who.c_str()).x;
        if (who_x >= used) {
            ImGui::SameLine(who_x);
            ImGui::SetCursorPosY(t.px(22));
            ImGui::TextUnformatted(who.c_str());
        }
        ImGui::SameLine(right + t.px(24));
        ImGui::SetCursorPosY(t.px(10));
        if (bigButton(t, "Sign out", {sign_out_w, 0})) out.push_back(intent::SignOut{});
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

void drawBanners(const AppState& s, UiContext& ui, Intents& out, bool uses_camera) {
    const Theme& t = ui.theme;
    if (!t.font_problem.empty()) banner(t, t.font_problem, colours::kWarning, {0, 0, 0, 1});
    if (uses_camera && !s.vision_problem.empty()) banner(t, s.vision_problem, colours::kDanger);
    if (uses_camera && !s.diag.camera.connected)
        banner(t,
               "CAMERA LOST: " + s.diag.camera.source + " - " + s.diag.camera.problem +
                   ". Retrying every second. Check the cable or the call's feed; checks cannot be made until it is back.",
               colours::kDanger);
    if (!s.error_banner.empty()) {
        banner(t, s.error_banner, colours::kWarning, {0, 0, 0, 1});
        if (bigButton(t, "Dismiss message")) out.push_back(intent::DismissError{});
    }
}

void drawDiagnostics(const AppState& s, UiContext& ui) {
    const Theme& t = ui.theme;
    const Diagnostics& d = s.diag;
    ImGui::BeginChild("diagnostics", {0, t.px(150)}, true);
    ImGui::Text("Camera: %s  %s  %.1f frames/s  frames %lld  reconnects %d", d.camera.source.c_str(),
                d.camera.connected ? "connected" : ("LOST: " + d.camera.problem).c_str(), d.camera.fps,
                static_cast<long long>(d.camera.frames), d.camera.reconnects);
    ImGui::Text("Dropped frames: display %lld, face checking %lld   Vision: %lld frames, %.1f ms last, %lld verifications",
                static_cast<long long>(d.ui_dropped), static_cast<long long>(d.vision_dropped),
                static_cast<long long>(d.vision.frames_processed), d.vision.last_frame_ms,
                static_cast<long long>(d.vision.verifications));
    char tap[32] = "-";
    if (d.last_tap_to_result_ms) std::snprintf(tap, sizeof tap, "%.0f ms", *d.last_tap_to_result_ms);
    ImGui::Text("UI frame time p50 %.1f ms, p95 %.1f ms   Tap to result %s   Database jobs waiting %d", d.frame_ms_p50,
                d.frame_ms_p95, tap, d.db_jobs);
    ImGui::EndChild();
}

}  // namespace kiosk::ui
