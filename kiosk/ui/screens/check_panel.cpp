// One child's identity check: the live view (face box, quality prompts, liveness prompt), then the
// result with the live crop beside every approved image, the band in colour and words, the
// estimated false-match rate in plain language, warnings, and the officer's decision.
#include <cstdio>

#include "kiosk/core/rules.hpp"
#include "kiosk/ui/screens/screens.hpp"

namespace kiosk::ui {
namespace {

const char* kNotConfidentReasons[] = {
    "Child does not resemble the approved images",
    "Child's face could not be seen clearly",
    "A photo or a screen was held up to the camera",
    "Carer could not confirm who the child is",
    "Another person on screen who is not approved",
};
const char* kOverrideReasons[] = {
    "Officer knows the child well from previous visits",
    "Carer showed photo ID for the child; approved image is out of date",
    "Machine could not assess (lighting/camera); identity confirmed by other means",
};
const char* kWelfareReasons[] = {
    "Child appears distressed or frightened",
    "Visible injury or signs of neglect",
    "Something the child or carer said",
    "Concern about the adult bringing the child",
};

std::string distanceText(const std::optional<double>& d) {
    if (!d) return "no face";
    char buf[32];
    std::snprintf(buf, sizeof buf, "distance %.3f", *d);
    return buf;
}

void drawFaceBoxes(const FittedImage& img, const LiveFace& lf, const Theme& t) {
    if (lf.frame_size.width <= 0) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t i = 0; i < lf.faces.size(); ++i) {
        const cv::Rect& b = lf.faces[i];
        const bool chosen = static_cast<int>(i) == lf.chosen;
        const ImVec4 c = chosen ? (lf.quality_ok ? colours::kGood : colours::kWarning) : colours::kDanger;
        const ImVec2 a{img.origin.x + b.x * img.scale, img.origin.y + b.y * img.scale};
        const ImVec2 z{a.x + b.width * img.scale, a.y + b.height * img.scale};
        dl->AddRect(a, z, ImGui::ColorConvertFloat4ToU32(c), 0, 0, t.px(4));
    }
}

}  // namespace

void CheckPanel::draw(const CheckView& c, const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    if (c.token != token_) {  // a new check: close any reason list left open
        token_ = c.token;
        asking_ = Asking::Nothing;
    }
    if (bigButton(t, "\u2190 Back to list", {t.px(220), 0})) out.push_back(intent::CloseCheck{});
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::PushFont(t.heading);
    ImGui::Text("%s  (%s)", c.child_name.c_str(), c.child_ref.c_str());
    ImGui::PopFont();
    ImGui::TextColored(colours::kMuted, "%s %s with %s", c.booking_time.c_str(),
                       c.kind == core::BookingKind::Visit ? "visit" : "video call", c.prisoner_name.c_str());
    if (c.attempt > 1) {
        ImGui::SameLine();
        ImGui::TextColored(colours::kWarning, "  %s attempt: earlier ones are on record", ordinal(c.attempt).c_str());
    }
    ImGui::EndGroup();
    ImGui::Separator();

    switch (c.phase) {
    case CheckView::Phase::Loading: ImGui::TextColored(colours::kMuted, "Opening the approved images..."); break;
    case CheckView::Phase::Refused:
        banner(t, "NOT ELIGIBLE - no identity check can be made: " + c.refusal, colours::kDanger);
        break;
    case CheckView::Phase::Live: drawLive(c, s, ui, out); break;
    case CheckView::Phase::Result:
    case CheckView::Phase::Recorded: drawResult(c, ui, out); break;
    }
}

void CheckPanel::drawLive(const CheckView& c, const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::BeginChild("live", {avail.x * 0.62f, 0}, false);
    const float cam_h = ImGui::GetContentRegionAvail().y - t.px(150);
    const FittedImage img = drawFitted(ui.textures, s.camera_frame, {ImGui::GetContentRegionAvail().x, cam_h});
    if (c.live) drawFaceBoxes(img, *c.live, t);
    if (s.camera_frame.empty()) ImGui::TextColored(colours::kMuted, "Waiting for the camera...");
    // The prompt the child (or carer) can act on, large.
    ImGui::PushFont(t.heading);
    if (!s.vision_ready) {
        ImGui::TextColored(colours::kMuted, "Face checking is starting...");
    } else if (!c.live || c.live->faces.empty()) {
        ImGui::TextColored(colours::kWarning, "Ask the child to look at the camera");
    } else if (!c.live->quality_ok && !c.live->prompts.empty()) {
        std::string p = c.live->prompts.front();
        if (!p.empty()) p[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(p[0])));
        ImGui::TextColored(colours::kWarning, "%s", p.c_str());
    } else {
        ImGui::TextColored(colours::kGood, "Good - hold still (%d/10)", std::min(c.live->good_frames, 10));
    }
    if (c.live && !c.live->liveness.empty()) {
        if (c.live->liveness == "passed") ImGui::TextColored(colours::kGood, "\u2713 Live person seen");
        else if (c.live->liveness == "failed")
            ImGui::TextColored(colours::kDanger, "Liveness failed: %s", c.live->liveness_detail.c_str());
        else ImGui::TextColored(colours::kWarning, "Please blink, or turn your head slowly");
    }
    ImGui::PopFont();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("side", {0, 0}, false);
    ImGui::PushFont(t.heading);
    if (colouredButton(t, "Capture now", colours::kGood, {-1, t.px(90)})) out.push_back(intent::CaptureNow{});
    ImGui::PopFont();
    wrappedText("The best frame is captured automatically once the face is clear; tap to capture now.", colours::kMuted);
    ImGui::Spacing();
    ImGui::Text("Approved images on file: %zu", c.images.size());
    const float thumb = t.px(110);
    for (std::size_t i = 0; i < c.images.size(); ++i) {
        if (i % 2) ImGui::SameLine();
        drawFitted(ui.textures, c.images[i].chip, {thumb, thumb});
    }
    ImGui::EndChild();
}

void CheckPanel::drawResult(const CheckView& c, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    if (!c.outcome) return;
    const CheckOutcome& o = *c.outcome;
    // The band: colour, symbol and words, full width.
    const ImVec4 bc = bandColour(o.evidence.band);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, bc);
    ImGui::BeginChild("band", {0, t.px(112)}, false, ImGuiWindowFlags_NoScrollbar);
    ImGui::SetCursorPos({t.px(16), t.px(8)});
    ImGui::PushStyleColor(ImGuiCol_Text, bandTextColour(o.evidence.band));
    ImGui::PushFont(t.huge);
    ImGui::Text("%s  %s", bandSymbol(o.evidence.band), bandWords(o.evidence.band));
    ImGui::PopFont();
    ImGui::SetCursorPosX(t.px(16));
    ImGui::TextUnformatted(bandAdvice(o.evidence.band));
    ImGui::PopStyleColor();
    ImGui::EndChild();
    ImGui::PopStyleColor();

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::BeginChild("evidence", {avail.x * 0.58f, 0}, true);
    const float face = t.px(150);
    ImGui::BeginGroup();
    ImGui::TextUnformatted("Live (now)");
    drawFitted(ui.textures, o.probe_chip, {face, face});
    if (o.probe_chip.empty()) ImGui::TextColored(colours::kMuted, "no face found");
    ImGui::EndGroup();
    for (const auto& img : c.images) {
        ImGui::SameLine();
        ImGui::BeginGroup();
        ImGui::Text("Approved %s", img.taken.iso().c_str());
        drawFitted(ui.textures, img.chip, {face, face});
        std::optional<double> dist;
        for (const auto& d : o.evidence.distances)
            if (d.image_id == img.id) dist = d.distance;
        ImGui::TextUnformatted(distanceText(dist).c_str());
        if (img.age && img.age->stale) ImGui::TextColored(colours::kWarning, "OUT OF DATE");
        ImGui::EndGroup();
    }
    ImGui::Spacing();
    const bool matched = o.evidence.band == core::Band::StrongMatch || o.evidence.band == core::Band::PossibleMatch;
    if (matched && !o.fmr_text.empty()) wrappedText("How sure: " + o.fmr_text + ".");
    if (o.evidence.best_distance) ImGui::Text("Closest approved image: %s", distanceText(o.evidence.best_distance).c_str());
    for (const auto& img : c.images)
        if (img.age && img.age->stale) wrappedText("Image age: " + img.age->message, colours::kWarning);
    for (const auto& issue : o.evidence.quality_issues) wrappedText("Could not assess: " + issue, colours::kWarning);
    for (const auto& l : o.lookalikes) {
        char buf[256];
        std::snprintf(buf, sizeof buf, "LOOK-ALIKE: the live face is %s %s (distance %.3f). Check carefully.",
                      l.closer_than_approved ? "closer to" : "almost as close to", l.child_name.c_str(), l.distance);
        wrappedText(buf, colours::kWarning);
    }
    if (!o.liveness.empty()) wrappedText("Liveness: " + o.liveness, colours::kMuted);
    if (c.tap_to_result_ms) ImGui::TextColored(colours::kMuted, "Result in %.0f ms", *c.tap_to_result_ms);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("decide", {0, 0}, true);
    drawDecisions(c, ui, out);
    ImGui::EndChild();
}

void CheckPanel::drawDecisions(const CheckView& c, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    const core::Band band = c.outcome->evidence.band;
    if (c.phase == CheckView::Phase::Recorded) {
        headingText(t, "Recorded");
        const bool refused = c.decided == core::Decision::NotConfident;
        banner(t, c.next_steps, refused ? colours::kDanger : colours::kGood);
    } else {
        headingText(t, "Your decision");
        wrappedText("The machine advises; you decide.", colours::kMuted);
        ImGui::BeginDisabled(c.recording);
        auto reasons = [&](const char* const* list, std::size_t n, core::Decision d) {
            for (std::size_t i = 0; i < n; ++i)
                if (bigButton(t, list[i], {-1, 0})) {
                    out.push_back(intent::Decide{d, list[i]});
                    asking_ = Asking::Nothing;
                }
            if (bigButton(t, "Cancel", {-1, 0})) asking_ = Asking::Nothing;
        };
        if (asking_ == Asking::NotConfident) {
            ImGui::TextUnformatted("Why are you not confident?");
            reasons(kNotConfidentReasons, std::size(kNotConfidentReasons), core::Decision::NotConfident);
        } else if (asking_ == Asking::Override) {
            ImGui::TextUnformatted("Why proceed despite the result?");
            reasons(kOverrideReasons, std::size(kOverrideReasons), core::Decision::Override);
        } else if (asking_ == Asking::Nothing) {
            // Only the decisions core accepts for this band are offered.
            if (core::decisionFits(band, core::Decision::Confirmed) &&
                colouredButton(t, "\u2713 Confirm identity", colours::kGood, {-1, t.px(72)}))
                out.push_back(intent::Decide{core::Decision::Confirmed, ""});
            if (colouredButton(t, "\u2717 Not confident", colours::kDanger, {-1, t.px(72)})) asking_ = Asking::NotConfident;
            if (core::decisionFits(band, core::Decision::Override) && bigButton(t, "Override...", {-1, 0}))
                asking_ = Asking::Override;
            wrappedText(c.kind == core::BookingKind::Visit
                            ? "Not confident: the visit does not go ahead and the contact arrangements are reviewed."
                            : "Not confident: the video call is suspended and the contact arrangements are reviewed.",
                        colours::kMuted);
        }
        ImGui::EndDisabled();
        if (c.recording) ImGui::TextColored(colours::kMuted, "Recording...");
    }
    ImGui::Separator();
    if (asking_ == Asking::Welfare) {
        ImGui::TextUnformatted("What is the concern?");
        for (const char* r : kWelfareReasons)
            if (bigButton(t, r, {-1, 0})) {
                out.push_back(intent::RaiseWelfareConcern{r});
                asking_ = Asking::Nothing;
            }
        if (bigButton(t, "Cancel##welfare", {-1, 0})) asking_ = Asking::Nothing;
    } else if (!c.welfare_raised) {
        if (colouredButton(t, "Raise welfare concern", colours::kWarning, {-1, 0}, {0, 0, 0, 1})) asking_ = Asking::Welfare;
    }
    if (c.welfare_raised && c.phase != CheckView::Phase::Recorded && !c.next_steps.empty())
        banner(t, c.next_steps, colours::kNeutral);
    if (c.phase == CheckView::Phase::Recorded && bigButton(t, "Done - back to list", {-1, 0}))
        out.push_back(intent::CloseCheck{});
}

}  // namespace kiosk::ui
