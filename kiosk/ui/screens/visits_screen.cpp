// Visits hall: today's visits (search by prisoner or child; blocked bookings say why), then one
// child's check in the CheckPanel.
#include <algorithm>

#include "kiosk/ui/screens/screens.hpp"

namespace kiosk::ui {

bool bookingMatchesSearch(const BookingView& b, const std::string& search) {
    if (search.empty()) return true;
    if (containsNoCase(b.row.prisoner_name + " " + b.row.prison_number, search)) return true;
    return std::any_of(b.children.begin(), b.children.end(), [&](const ChildOnBooking& c) {
        return containsNoCase(c.child.fullName() + " " + c.child.ref, search);
    });
}

void drawBookingRow(const BookingView& b, const Theme& t, Intents& out, bool child_buttons) {
    ImGui::PushID(static_cast<int>(b.row.booking.id));
    const bool blocked = b.row.shown_status == core::BookingStatus::BlockedPendingReview;
    ImGui::BeginGroup();
    ImGui::PushFont(t.heading);
    ImGui::Text("%s", b.row.booking.time.c_str());
    ImGui::PopFont();
    ImGui::EndGroup();
    ImGui::SameLine(t.px(110));
    ImGui::BeginGroup();
    ImGui::PushFont(t.heading);
    ImGui::Text("%s", b.row.prisoner_name.c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextColored(colours::kMuted, "%s", b.row.prison_number.c_str());
    if (b.row.shown_status != core::BookingStatus::Scheduled) {
        ImGui::SameLine();
        ImGui::TextColored(blocked || b.row.shown_status == core::BookingStatus::Refused ? colours::kDanger : colours::kWarning,
                           "  %s", statusWords(b.row.shown_status).c_str());
    }
    if (!b.session_note.empty()) wrappedText(b.session_note, colours::kDanger);
    for (const auto& c : b.children) {
        ImGui::PushID(static_cast<int>(c.child.id));
        const bool cleared = c.status == core::ChildCheckStatus::Confirmed || c.status == core::ChildCheckStatus::Overridden;
        const std::string tries = c.attempts > 0 ? ", " + attemptsWords(c.attempts) : "";
        if (cleared) {
            ImGui::TextColored(colours::kGood, "\u2713 %s  (%s): %s%s", c.child.fullName().c_str(), c.child.ref.c_str(),
                               childStatusWords(c.status).c_str(), tries.c_str());
        } else if (c.eligibility.allowed && !child_buttons) {
            ImGui::Text("%s  (%s)%s", c.child.fullName().c_str(), c.child.ref.c_str(), tries.c_str());
        } else if (c.eligibility.allowed) {
            const std::string label = "Check " + c.child.fullName() + "  (" + c.child.ref + ")" + tries;
            if (bigButton(t, label.c_str(), {t.px(460), 0})) out.push_back(intent::OpenCheck{b.row.booking.id, c.child.id});
        } else {
            wrappedText("\u2717 " + c.child.fullName() + " (" + c.child.ref + "): " + c.eligibility.reason, colours::kDanger);
        }
        ImGui::PopID();
    }
    // The visit itself: it starts only once every child is confirmed, as core decides.
    if (child_buttons && b.row.session == core::SessionState::Cleared) {
        if (colouredButton(t, "Start visit", colours::kGood, {t.px(460), 0})) out.push_back(intent::StartSession{b.row.booking.id});
    } else if (child_buttons && b.row.session == core::SessionState::InProgress) {
        ImGui::TextColored(colours::kGood, "Visit under way");
        ImGui::SameLine();
        if (bigButton(t, "End visit")) out.push_back(intent::EndSession{b.row.booking.id});
    } else if (b.row.session == core::SessionState::Ended) {
        ImGui::TextColored(colours::kMuted, "Visit ended");
    }
    ImGui::EndGroup();
    ImGui::Separator();
    ImGui::PopID();
}

void VisitsScreen::draw(const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    if (s.visits.check) {
        check_.draw(*s.visits.check, s, ui, out);
        return;
    }
    ImGui::PushFont(t.heading);
    if (touchText(ui, "##search", "Search prisoner or child", search_, sizeof search_, {t.px(520), 0}))
        out.push_back(intent::Search{search_});
    ImGui::PopFont();
    ImGui::SameLine();
    if (bigButton(t, "Clear")) {
        search_[0] = 0;
        out.push_back(intent::Search{""});
    }
    ImGui::SameLine();
    if (bigButton(t, "Refresh")) out.push_back(intent::Refresh{});
    if (!s.visits.message.empty()) banner(t, s.visits.message, colours::kDanger);
    ImGui::BeginChild("bookings", {0, 0}, true);
    if (!s.visits.loaded) ImGui::TextColored(colours::kMuted, "Loading today's visits...");
    else if (s.visits.bookings.empty()) ImGui::TextUnformatted("No visits booked today.");
    for (const auto& b : s.visits.bookings)
        if (bookingMatchesSearch(b, s.visits.search)) drawBookingRow(b, t, out, true);
    ImGui::EndChild();
}

}  // namespace kiosk::ui
