// Admin station, "Who is told": the people e-mailed when an incident notifies their role
// (safeguarding lead, duty governor, probation OMU managers; several each), with Add and Remove.
// The address check, duplicates and who may change the list are core's (notify.hpp, records).
#include <cstring>

#include "kiosk/ui/screens/screens.hpp"

namespace kiosk::ui {
namespace {
const ImVec4 kPanel{0.17f, 0.21f, 0.28f, 1};
constexpr core::RecipientRole kRoles[] = {core::RecipientRole::SafeguardingLead, core::RecipientRole::DutyGovernor,
                                          core::RecipientRole::ProbationOmuManager};
const char* roleTitle(core::RecipientRole r) {
    switch (r) {
    case core::RecipientRole::SafeguardingLead: return "Safeguarding lead";
    case core::RecipientRole::DutyGovernor: return "Duty governor";
    case core::RecipientRole::ProbationOmuManager: return "Probation OMU managers";
    }
    return "";
}
}  // namespace

void AdminScreen::drawRecipients(const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    const AdminState& a = s.admin;
    const float w = ImGui::GetContentRegionAvail().x;
    ImGui::BeginChild("recipients-list", {w * 0.55f, 0}, true);
    headingText(t, "Who is e-mailed about incidents");
    wrappedText("A refusal, a suspended call or a welfare concern is e-mailed to everyone listed for each role it "
                "notifies. The message says what happened, when, where, the prisoner number and the incident number.",
                colours::kMuted);
    if (!a.message.empty()) banner(t, a.message, a.message_ok ? colours::kGood : colours::kDanger);
    for (const auto role : kRoles) {
        ImGui::Separator();
        ImGui::TextUnformatted(roleTitle(role));
        bool any = false;
        for (const auto& r : a.recipients) {
            if (r.role != role || !r.active()) continue;
            any = true;
            ImGui::PushID(static_cast<int>(r.id));
            const float button_w = t.px(150);
            // Name above address, so a long address is never hidden behind the button.
            ImGui::BeginGroup();
            ImGui::TextUnformatted(r.name.c_str());
            ImGui::TextColored(colours::kMuted, "%s", r.email.c_str());
            ImGui::EndGroup();
            ImGui::SameLine(ImGui::GetContentRegionMax().x - (confirm_remove_ == r.id ? 2 * button_w + t.px(8) : button_w));
            if (confirm_remove_ == r.id) {
                if (colouredButton(t, "Yes, remove", colours::kDanger, {button_w, 0})) {
                    out.push_back(intent::RemoveRecipient{r.id});
                    confirm_remove_ = 0;
                }
                ImGui::SameLine();
                if (bigButton(t, "Keep", {button_w, 0})) confirm_remove_ = 0;
            } else if (bigButton(t, "Remove...", {button_w, 0})) {
                confirm_remove_ = r.id;
            }
            ImGui::PopID();
        }
        if (!any) wrappedText("Nobody: incidents are not e-mailed to this role.", colours::kWarning);
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("recipients-form", {0, 0}, true);
    headingText(t, "Add someone");
    const float bw = ImGui::GetContentRegionAvail().x;
    for (int k = 0; k < 3; ++k) {
        if (colouredButton(t, roleTitle(kRoles[k]), recipient_role_ == k ? colours::kGood : kPanel, {bw, 0}))
            recipient_role_ = k;
    }
    ImGui::TextUnformatted("Name");
    touchText(ui, "##recipient-name", "Their name", recipient_name_, sizeof recipient_name_, {-1, 0});
    ImGui::TextUnformatted("Work e-mail");
    touchText(ui, "##recipient-email", "name@example.gov.uk", recipient_email_, sizeof recipient_email_, {-1, 0});
    const bool ready = std::strlen(recipient_name_) > 0 && std::strlen(recipient_email_) > 0;
    if (!ready) ImGui::BeginDisabled();
    if (colouredButton(t, "Add", colours::kGood, {-1, 0}) && ready) {
        out.push_back(intent::AddRecipient{kRoles[recipient_role_], recipient_name_, recipient_email_});
        recipient_name_[0] = recipient_email_[0] = '\0';
    }
    if (!ready) ImGui::EndDisabled();
    ImGui::EndChild();
}

}  // namespace kiosk::ui
