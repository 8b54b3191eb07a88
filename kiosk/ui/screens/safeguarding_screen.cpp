// Safeguarding lead: the incidents queue (open / closed / all), an incident's evidence, its
// contact review (open, complete with outcome and notes, prisoner told, appeal), the
// notifications to acknowledge, overdue notices and reviews, and stale approved images.
#include <cstdio>
#include <cstring>

#include "kiosk/ui/screens/screens.hpp"

namespace kiosk::ui {
namespace {

constexpr std::pair<core::ReviewOutcome, const char*> kOutcomes[] = {
    {core::ReviewOutcome::Unchanged, "Unchanged"},
    {core::ReviewOutcome::Varied, "Varied"},
    {core::ReviewOutcome::Suspended, "Suspended"},
    {core::ReviewOutcome::Ended, "Ended"},
};

const char* outcomeLabel(core::ReviewOutcome o) {
    for (const auto& [k, label] : kOutcomes)
        if (k == o) return label;
    return "";
}

const ImVec4 kChoice{0.20f, 0.27f, 0.38f, 1};

void drawDetail(const IncidentDetail& d, const AppState& s, UiContext& ui, Intents& out) {
    drawIncidentEvidence(d, s, ui, out);
}

}  // namespace

void drawIncidentEvidence(const IncidentDetail& d, const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    const core::Incident& i = d.row.incident;
    if (i.id == 0) {  // a review with no incident: scheduled or on new information
        headingText(t, "Review of " + d.row.prisoner + "'s contact arrangements");
        wrappedText(i.details, colours::kMuted);
        for (const auto& c : d.contact) {
            std::string line = c.child.fullName() + ":";
            for (const auto& [type, st] : c.status)
                line += "  " + std::string(core::name(type)) + " " + std::string(core::name(st));
            wrappedText(line);
        }
        return;
    }
    headingText(t, "Incident " + std::to_string(i.id) + ": " + incidentWords(i.kind));
    ImGui::Text("Prisoner %s", d.row.prisoner.c_str());
    if (!d.row.child.empty()) ImGui::Text("Child %s", d.row.child.c_str());
    ImGui::Text("Raised %s by %s", core::whenWords(i.raised_at).c_str(), d.row.raised_by.c_str());
    wrappedText("Details: " + i.details);
    if (!d.snapshot.empty()) {
        // Who joined the call: the face the in-call monitor saw when it raised this concern.
        ImGui::Separator();
        wrappedText("Snapshot from the in-call monitor, " + core::whenWords(i.raised_at));
        drawFitted(ui.textures, d.snapshot, {t.px(200), t.px(200)});
    } else if (i.snapshot_bytes > 0) {
        wrappedText("The in-call monitor's snapshot is on file but could not be opened.", colours::kWarning);
    }
    if (d.check) {
        const auto& c = *d.check;
        ImGui::Separator();
        char buf[160];
        std::snprintf(buf, sizeof buf, "Check %lld at %s, station %s, officer %s", static_cast<long long>(c.id), c.at.c_str(),
                      c.station.c_str(), d.officer.c_str());
        wrappedText(buf);
        const std::string band = std::string(bandSymbol(c.evidence.band)) + "  " + bandWords(c.evidence.band);
        colouredButton(t, band.c_str(), bandColour(c.evidence.band), {0, 0}, bandTextColour(c.evidence.band));  // a label, not an action
        if (c.evidence.best_distance) {
            ImGui::SameLine();
            ImGui::BeginGroup();
            ImGui::Text("best distance %.3f", *c.evidence.best_distance);
            ImGui::Text("faces %d", c.evidence.faces);
            ImGui::EndGroup();
        }
        for (const auto& q : c.evidence.quality_issues) wrappedText("Quality: " + q, colours::kWarning);
        if (c.reason != i.details) wrappedText("Officer's reason: " + (c.reason.empty() ? std::string("(none)") : c.reason));
        const float face = t.px(120);
        if (!d.access.evidence_crop) {
            // Core shows the child's pictures to the safeguarding lead only (core::evidenceFor).
            wrappedText("The child's pictures from the check are kept for the safeguarding lead.", colours::kMuted);
        } else {
            ImGui::BeginGroup();
            ImGui::TextUnformatted("At the check");
            drawFitted(ui.textures, d.evidence, {face, face});
            ImGui::EndGroup();
        }
        const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
        for (const auto& img : d.images) {
            // Side by side while they fit; a child with many approved images wraps onto more rows.
            if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + face <= right) ImGui::SameLine();
            ImGui::BeginGroup();
            ImGui::TextUnformatted("Approved");
            drawFitted(ui.textures, img.chip, {face, face});
            std::string caption = img.taken.iso();
            for (const auto& dist : c.evidence.distances)
                if (dist.image_id == img.id && dist.distance) {
                    char num[16];
                    std::snprintf(num, sizeof num, "  %.2f", *dist.distance);
                    caption += num;
                }
            ImGui::TextUnformatted(caption.c_str());
            ImGui::EndGroup();
        }
    }
    ImGui::Separator();
    drawNotices(d.notices, s, ui, out);
}

// A varied outcome: per child, tap the contact types the arrangement allows from now on.
void SafeguardingScreen::drawVariation(const IncidentDetail& d, const Theme& t) {
    constexpr std::pair<core::ContactType, const char*> kTypes[] = {{core::ContactType::Visit, "Visits"},
                                                                    {core::ContactType::VideoCall, "Video calls"},
                                                                    {core::ContactType::Phone, "Phone"},
                                                                    {core::ContactType::Letter, "Letters"}};
    wrappedText("Contact each child may have from now on (tap to change):", colours::kMuted);
    const float w = (ImGui::GetContentRegionAvail().x - 3 * ImGui::GetStyle().ItemSpacing.x) / 4;
    for (const auto& c : d.contact) {
        if (c.arrangement.status == core::ArrangementStatus::Ended) continue;
        ImGui::PushID(static_cast<int>(c.child.id));
        ImGui::TextUnformatted(c.child.fullName().c_str());
        auto& allowed = vary_.allowed[c.child.id];
        for (std::size_t k = 0; k < std::size(kTypes); ++k) {
            const auto [type, label] = kTypes[k];
            const bool on = allowed.contains(type);
            if (k > 0) ImGui::SameLine();
            const std::string text = std::string(on ? "\u2713 " : "\u2717 ") + label;
            if (colouredButton(t, text.c_str(), on ? colours::kGood : kChoice, {w, 0})) {
                if (on) allowed.erase(type);
                else allowed.insert(type);
            }
        }
        ImGui::PopID();
    }
}

void SafeguardingScreen::drawReview(const IncidentDetail& d, const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    const auto& sg = s.safeguarding;
    // The form belongs to the incident on screen, or (id 0) to the scheduled review on screen.
    const core::Id form_key = d.row.incident.id != 0 ? d.row.incident.id : -(d.row.review ? d.row.review->id : 0);
    if (form_incident_ != form_key) {
        form_incident_ = form_key;
        outcome_ = -1;
        vary_ = {};
        for (const auto& c : d.contact) vary_.allowed[c.child.id] = c.arrangement.allowed;
        notes_[0] = appeal_[0] = '\0';
    }
    headingText(t, "Contact review");
    if (!sg.review_message.empty())
        banner(t, sg.review_message, sg.review_message.rfind("Not recorded", 0) == 0 ? colours::kDanger : colours::kGood);
    const bool busy = sg.review_busy;
    const auto& rv = d.row.review;
    if (!rv) {
        if (!d.row.incident.open) {
            wrappedText("Closed without a contact review.", colours::kMuted);
            return;
        }
        wrappedText("No review is open for this incident. Opening one blocks the prisoner's visits and video calls "
                    "with children until it is completed.");
        touchText(ui, "##open_notes", "Why a review is needed (optional)", notes_, sizeof notes_, {-1, 0});
        if (colouredButton(t, busy ? "Opening..." : "Open a review", colours::kWarning, {-1, 0}, {0, 0, 0, 1}) && !busy)
            out.push_back(intent::OpenReview{d.row.incident.id, notes_});
        return;
    }
    if (rv->status == core::ReviewStatus::Open) {
        wrappedText("Review " + std::to_string(rv->id) + " OPEN since " + rv->opened_at, colours::kWarning);
        if (rv->blocks_contact)
            wrappedText("The prisoner's visits, video calls, phone and letters with children are blocked until it is "
                        "completed.",
                        colours::kWarning);
        else
            wrappedText("Contact continues while the arrangements are reviewed.", colours::kMuted);
        if (!rv->notes.empty()) wrappedText("Notes so far: " + rv->notes, colours::kMuted);
        ImGui::TextUnformatted("Outcome:");
        const float w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
        int n = 0;
        for (const auto& [o, label] : kOutcomes) {
            const bool chosen = outcome_ == static_cast<int>(o);
            const std::string text = std::string(chosen ? "\u2713 " : "") + label;
            if (n++ % 2 == 1) ImGui::SameLine();
            if (colouredButton(t, text.c_str(), chosen ? colours::kGood : kChoice, {w, 0})) outcome_ = static_cast<int>(o);
        }
        if (outcome_ == static_cast<int>(core::ReviewOutcome::Varied)) drawVariation(d, t);
        ImGui::TextUnformatted("Notes:");
        touchText(ui, "##review_notes", "Notes", notes_, sizeof notes_, {-1, t.px(80)}, true);
        if (outcome_ < 0) {
            ImGui::BeginDisabled();
            bigButton(t, "Choose an outcome", {-1, 0});
            ImGui::EndDisabled();
        } else if (colouredButton(t, busy ? "Recording..." : "Complete review", colours::kGood, {-1, 0}) && !busy) {
            const auto outcome = static_cast<core::ReviewOutcome>(outcome_);
            out.push_back(intent::CompleteReview{rv->id, outcome, notes_,
                                                 outcome == core::ReviewOutcome::Varied ? vary_ : core::ReviewVariation{}});
        }
        return;
    }
    wrappedText("Review " + std::to_string(rv->id) + " completed " + rv->decided_at.value_or("") + ": " +
                    (rv->outcome ? outcomeLabel(*rv->outcome) : ""),
                colours::kGood);
    if (!rv->notes.empty()) wrappedText("Notes: " + rv->notes, colours::kMuted);
    if (d.next_arrangement_review) wrappedText("Next arrangement review due " + d.next_arrangement_review->iso());
    if (rv->informed_at) {
        ImGui::Text("Prisoner told %s", rv->informed_at->c_str());
    } else {
        const std::string by = rv->inform_by ? rv->inform_by->iso() : std::string("?");
        const bool late = rv->inform_by && s.today > by;
        wrappedText(std::string(late ? "OVERDUE: tell" : "Tell") + " the prisoner of the decision by " + by + ".",
                    late ? colours::kDanger : colours::kWarning);
        if (bigButton(t, busy ? "Recording..." : "Prisoner told", {-1, 0}) && !busy)
            out.push_back(intent::RecordPrisonerInformed{rv->id});
    }
    bool undecided = false;
    for (const auto& a : d.appeals) {
        ImGui::PushID(static_cast<int>(a.id));
        wrappedText("Appeal lodged " + a.lodged_on.iso() + ": " + a.grounds +
                        (a.outcome ? " \u2014 " + std::string(core::name(*a.outcome)) + " " + a.decided_on->iso() : ""),
                    a.outcome ? colours::kMuted : colours::kWarning);
        if (!a.outcome) {
            undecided = true;
            const float w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
            if (bigButton(t, "Appeal upheld", {w, 0}) && !busy) out.push_back(intent::DecideAppeal{a.id, core::AppealOutcome::Upheld});
            ImGui::SameLine();
            if (bigButton(t, "Appeal dismissed", {w, 0}) && !busy)
                out.push_back(intent::DecideAppeal{a.id, core::AppealOutcome::Dismissed});
        }
        ImGui::PopID();
    }
    if (!undecided) {
        touchText(ui, "##appeal", "The prisoner's appeal, in brief", appeal_, sizeof appeal_, {-1, 0});
        const bool has_text = std::strlen(appeal_) > 0;
        if (!has_text) ImGui::BeginDisabled();
        if (bigButton(t, "Record appeal", {-1, 0}) && !busy && has_text) out.push_back(intent::LodgeAppeal{rv->id, appeal_});
        if (!has_text) ImGui::EndDisabled();
    }
}

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
    ImGui::BeginChild("queue", {avail.x * 0.31f, 0}, true);
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
    if (!sg.overdue.notices.empty()) {
        ImGui::Separator();
        ImGui::TextColored(colours::kDanger, "Prisoner not told of a decision in time:");
        for (const auto& rv : sg.overdue.notices) {
            ImGui::PushID(static_cast<int>(rv.id) + 100000);
            wrappedText("Review " + std::to_string(rv.id) + ": was due by " + (rv.inform_by ? rv.inform_by->iso() : "?"),
                        colours::kDanger);
            if (bigButton(t, "Prisoner told", {-1, 0}) && !sg.review_busy) out.push_back(intent::RecordPrisonerInformed{rv.id});
            ImGui::PopID();
        }
    }
    if (!sg.overdue.arrangements.empty()) {
        ImGui::Separator();
        ImGui::TextColored(colours::kWarning, "Contact arrangements past their three-yearly review:");
        for (std::size_t k = 0; k < sg.overdue.arrangements.size(); ++k) {
            const auto& a = sg.overdue.arrangements[k];
            ImGui::PushID(static_cast<int>(a.id) + 200000);
            const std::string who = k < sg.overdue.arrangement_words.size() ? sg.overdue.arrangement_words[k] : "";
            wrappedText(who + ": review was due " + a.next_review_due.iso(), colours::kWarning);
            if (bigButton(t, "Open scheduled review", {-1, 0}) && !sg.review_busy)
                out.push_back(intent::OpenArrangementReview{a.id});
            ImGui::PopID();
        }
    }
    // Reviews with no incident (scheduled, new information): opened here to be decided.
    for (const auto& rv : sg.overdue.open_reviews) {
        if (rv.opened_incident_id) continue;
        ImGui::PushID(static_cast<int>(rv.id) + 300000);
        if (bigButton(t, ("Decide " + std::string(core::name(rv.opened_by)) + " review " + std::to_string(rv.id)).c_str(), {-1, 0}))
            out.push_back(intent::SelectReview{rv.id});
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
    if (sg.detail) {
        // Evidence on the left, the review beside it: both in view at 1280x800 without scrolling.
        ImGui::BeginChild("evidence", {ImGui::GetContentRegionAvail().x * 0.55f, 0}, false);
        drawDetail(*sg.detail, s, ui, out);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("review", {0, 0}, false);
        drawReview(*sg.detail, s, ui, out);
        ImGui::EndChild();
    }
    else wrappedText("Tap an incident to see its evidence.", colours::kMuted);
    ImGui::EndChild();
}

}  // namespace kiosk::ui
