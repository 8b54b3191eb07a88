// The duty governor's and the probation OMU managers' screen (issue 13): the incidents notified to
// their role, newest first; the one tapped with the evidence core allows their role; their own
// notification's e-mail and Acknowledge. Also the notices block the safeguarding lead's incident
// detail shows. Who may acknowledge and what each role sees are core's (notify.hpp).
#include "kiosk/ui/screens/screens.hpp"

namespace kiosk::ui {

std::string deliveryWords(const core::DeliveryView& d, const std::string& now) {
    const auto& m = d.message;
    const std::string who = "E-mail to " + d.recipient_name + ": ";
    switch (m.state) {
    case core::DeliveryState::Queued: return who + "waiting to be sent";
    case core::DeliveryState::Sending: return who + "being sent";
    case core::DeliveryState::Sent: return who + "sent " + core::whenWordsShort(m.sent_at.value_or(""), now);
    case core::DeliveryState::Retrying:
        return who + "NOT DELIVERED yet (" + m.last_reply + "); trying again " + core::whenWordsShort(m.next_attempt_at, now);
    case core::DeliveryState::Failed: return who + "FAILED: " + m.last_reply;
    }
    return who;
}

void drawNotices(const std::vector<core::NotificationView>& notices, const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    ImGui::TextUnformatted("Notifications");
    for (const auto& v : notices) {
        const auto& n = v.notification;
        ImGui::PushID(static_cast<int>(n.id));
        std::string who = core::recipientWords(n.recipient);
        who[0] = static_cast<char>(who[0] - 'a' + 'A');
        if (n.acknowledged_at)
            wrappedText(who + ": acknowledged by " + v.acknowledged_by + ", " + core::whenWordsShort(*n.acknowledged_at, s.now),
                        colours::kGood);
        else
            wrappedText(who + ": NOT acknowledged", colours::kWarning);
        if (v.deliveries.empty())
            wrappedText("No e-mail: nobody for this role is on the admin's list.", colours::kMuted);
        for (const auto& d : v.deliveries) {
            const bool bad = d.message.state == core::DeliveryState::Failed || d.message.state == core::DeliveryState::Retrying;
            wrappedText("  " + deliveryWords(d, s.now), bad ? colours::kDanger : colours::kMuted);
        }
        if (v.may_acknowledge && bigButton(t, "Acknowledge", {-1, 0})) out.push_back(intent::Acknowledge{n.id});
        ImGui::PopID();
    }
}

void NotifiedScreen::draw(const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    const NotifiedState& ns = s.notified;
    std::size_t waiting = 0;
    for (const auto& row : ns.incidents)
        for (const auto& v : row.notices) waiting += v.may_acknowledge ? 1 : 0;
    banner(t,
           waiting == 0 ? std::string("Nothing waiting for your acknowledgement.")
                        : std::to_string(waiting) + (waiting == 1 ? " notification waits" : " notifications wait") +
                              " for your acknowledgement.",
           waiting == 0 ? colours::kNeutral : colours::kWarning, waiting == 0 ? ImVec4{1, 1, 1, 1} : ImVec4{0, 0, 0, 1});
    if (bigButton(t, "Refresh")) out.push_back(intent::Refresh{});
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::BeginChild("notified-list", {avail.x * 0.36f, 0}, true);
    if (!ns.loaded) ImGui::TextColored(colours::kMuted, "Loading...");
    else if (ns.incidents.empty()) wrappedText("No incident has been notified to you.", colours::kMuted);
    for (const auto& v : ns.incidents) {
        const auto& i = v.row.incident;
        ImGui::PushID(static_cast<int>(i.id));
        const bool selected = ns.detail && ns.detail->row.incident.id == i.id;
        bool mine_open = false;
        for (const auto& n : v.notices) mine_open = mine_open || n.may_acknowledge;
        if (touchRow(t, "##notified", selected, t.px(84))) out.push_back(intent::SelectNotified{i.id});
        ImGui::SameLine(t.px(12));
        ImGui::BeginGroup();
        ImGui::TextColored(mine_open ? colours::kWarning : colours::kMuted, "#%lld %s  %s", static_cast<long long>(i.id),
                           incidentWords(i.kind).c_str(), mine_open ? "TO ACKNOWLEDGE" : "acknowledged");
        ImGui::TextUnformatted(v.row.prisoner.c_str());
        ImGui::TextColored(colours::kMuted, "%s", core::whenWordsShort(i.raised_at, s.now).c_str());
        ImGui::EndGroup();
        ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("notified-detail", {0, 0}, true);
    if (!ns.message.empty()) banner(t, ns.message, colours::kGood);
    if (ns.detail) drawIncidentEvidence(*ns.detail, s, ui, out);
    else wrappedText("Tap an incident to see what happened and acknowledge your notification.", colours::kMuted);
    ImGui::EndChild();
}

}  // namespace kiosk::ui
