// Safeguarding lead: the incidents queue (open / closed / all), an incident's evidence, the
// notifications to acknowledge, overdue notices and reviews, and stale approved images.
// Completing a review is done with `kiosk review complete` until this screen gains it.
#include <cstdio>

#include "kiosk/ui/screens/screens.hpp"

namespace kiosk::ui {
namespace {

void drawDetail(const IncidentDetail& d, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    const core::Incident& i = d.row.incident;
    headingText(t, "Incident " + std::to_string(i.id) + ": " + incidentWords(i.kind));
    ImGui::Text("Prisoner %s", d.row.prisoner.c_str());
    if (!d.row.child.empty()) ImGui::Text("Child %s", d.row.child.c_str());
    ImGui::Text("Raised %s by %s", i.raised_at.c_str(), d.row.raised_by.c_str());
    wrappedText("Details: " + i.details);
    if (d.row.review)
        ImGui::TextColored(d.row.review->status == core::ReviewStatus::Open ? colours::kWarning : colours::kGood,
                           "Review %lld: %s", static_cast<long long>(d.row.review->id),
                           d.row.review->status == core::ReviewStatus::Open ? "OPEN - contact blocked until completed"
                                                                            : "completed");
    if (d.check) {
        const auto& c = *d.check;
        ImGui::Separator();
        char buf[160];
        std::snprintf(buf, sizeof buf, "Check %lld at %s, station %s, officer %s", static_cast<long long>(c.id), c.at.c_str(),
                      c.station.c_str(), d.officer.c_str());
        ImGui::TextUnformatted(buf);
        const std::string band = std::string(bandSymbol(c.evidence.band)) + "  " + bandWords(c.evidence.band);
        colouredButton(t, band.c_str(), bandColour(c.evidence.band), {0, 0}, bandTextColour(c.evidence.band));  // a label, not an action
        if (c.evidence.best_distance) ImGui::Text("Best distance %.3f   faces %d", *c.evidence.best_distance, c.evidence.faces);
        for (const auto& q : c.evidence.quality_issues) wrappedText("Quality: " + q, colours::kWarning);
        wrappedText("Officer's reason: " + (c.reason.empty() ? std::string("(none)") : c.reason));
        const float face = t.px(130);
        ImGui::BeginGroup();
        ImGui::TextUnformatted("Live crop");
        drawFitted(ui.textures, d.evidence, {face, face});
        ImGui::EndGroup();
        for (const auto& img : d.images) {
            ImGui::SameLine();
            ImGui::BeginGroup();
            ImGui::Text("Approved %s", img.taken.iso().c_str());
            drawFitted(ui.textures, img.chip, {face, face});
            for (const auto& dist : c.evidence.distances)
                if (dist.image_id == img.id && dist.distance) ImGui::Text("%.3f", *dist.distance);
            ImGui::EndGroup();
        }
    }
    ImGui::Separator();
    ImGui::TextUnformatted("Notifications");
    for (const auto& n : d.notifications) {
        ImGui::PushID(static_cast<int>(n.id));
        static const char* who[] = {"Safeguarding lead", "Duty governor", "Probation OMU manager"};
        ImGui::Text("%s: %s", who[static_cast<int>(n.recipient)],
                    n.acknowledged_at ? ("acknowledged " + *n.acknowledged_at).c_str() : "NOT acknowledged");
        if (!n.acknowledged_at) {
            ImGui::SameLine();
            if (bigButton(t, "Acknowledge")) out.push_back(intent::Acknowledge{n.id});
        }
        ImGui::PopID();
    }
}

}  // namespace

void SafeguardingScreen::draw(const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    const auto& sg = s.safeguarding;
    // Summary strip: what is overdue or waiting.
    char summary[256];
    std::snprintf(summary, sizeof summary,
                  "Open reviews %zu   Notices overdue %zu   Arrangement reviews overdue %zu   Stale images %zu   "
                  "Unacknowledged notifications %zu",
                  sg.overdue.open_reviews.size(), sg.overdue.notices.size(), sg.overdue.arrangements.size(),
                  sg.overdue.stale_images.size(), sg.unacknowledged.size());
    banner(t, summary, sg.overdue.notices.empty() ? colours::kNeutral : colours::kDanger);
    for (auto [f, label] : {std::pair{IncidentFilter::Open, "Open"}, {IncidentFilter::Closed, "Closed"}, {IncidentFilter::All, "All"}}) {
        if (colouredButton(t, label, sg.filter == f ? colours::kGood : ImVec4{0.20f, 0.27f, 0.38f, 1}, {t.px(140), 0}))
            out.push_back(intent::FilterIncidents{f});
        ImGui::SameLine();
    }
    if (bigButton(t, "Refresh")) out.push_back(intent::Refresh{});
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::BeginChild("queue", {avail.x * 0.42f, 0}, true);
    if (!sg.loaded) ImGui::TextColored(colours::kMuted, "Loading incidents...");
    else if (sg.incidents.empty()) ImGui::TextUnformatted("No incidents in this list.");
    for (const auto& row : sg.incidents) {
        ImGui::PushID(static_cast<int>(row.incident.id));
        const bool selected = sg.detail && sg.detail->row.incident.id == row.incident.id;
        if (touchRow(t, "##incident", selected, t.px(84))) out.push_back(intent::SelectIncident{row.incident.id});
        ImGui::SameLine(t.px(12));
        ImGui::BeginGroup();
        ImGui::TextColored(row.incident.open ? colours::kWarning : colours::kMuted, "#%lld %s  %s",
                           static_cast<long long>(row.incident.id), incidentWords(row.incident.kind).c_str(),
                           row.incident.open ? (row.review && row.review->status == core::ReviewStatus::Open ? "UNDER REVIEW" : "NEW")
                                             : "CLOSED");
        ImGui::Text("%s", row.prisoner.c_str());
        ImGui::TextColored(colours::kMuted, "%s  %s", row.incident.raised_at.c_str(), row.child.c_str());
        ImGui::EndGroup();
        ImGui::PopID();
    }
    if (!sg.overdue.stale_images.empty()) {
        ImGui::Separator();
        ImGui::TextUnformatted("Approved images out of date:");
        for (const auto& st : sg.overdue.stale_images)
            wrappedText(st.entry.child.fullName() + ", image " + std::to_string(st.entry.image.id) + " (" +
                            st.entry.image.date_taken.iso() + "): " + st.age.message,
                        colours::kWarning);
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("detail", {0, 0}, true);
    if (sg.detail) drawDetail(*sg.detail, ui, out);
    else wrappedText("Tap an incident to see its evidence.", colours::kMuted);
    ImGui::EndChild();
}

}  // namespace kiosk::ui
