// Admin station: a list of tasks on the left (big touch targets), the task on the right.
// Enrol: choose the child, an image (folder list, a path, or the live camera); the vision thread
// runs the enrolment path and the quality check; the provenance is typed; Save goes through core.
// Images: a child's approved images with their age under the policy; Retire with a reason.
// Users: add, reset PIN (twice on the keypad), deactivate. Import: a CSV file with progress.
// Every rule (PIN length, the last admin, provenance, quality, all-or-nothing import) is core's.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "kiosk/ui/screens/screens.hpp"

namespace kiosk::ui {
namespace {

const ImVec4 kPanel{0.17f, 0.21f, 0.28f, 1};

std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

void copyTo(char* dst, std::size_t n, const std::string& src) {
    std::snprintf(dst, n, "%s", src.c_str());
}

// A labelled text field on one line: the label in a fixed column, the field filling the rest.
void labelledInput(UiContext& ui, const char* label, const char* id, char* buf, std::size_t n, float label_w,
                   const char* hint = nullptr) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine(label_w);
    touchText(ui, id, hint ? hint : label, buf, n, {-1, 0});
}

void outcome(const Theme& t, const std::string& text, bool ok) {
    if (text.empty()) return;
    banner(t, text, ok ? colours::kGood : colours::kDanger);
}

// 155, 98.8, 0.82: enough digits to compare with the limit, short enough for the column.
std::string shortNumber(double v) {
    char buf[32];
    const double a = std::abs(v);
    std::snprintf(buf, sizeof buf, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    return buf;
}

// The quality components' identifiers in words.
const char* qualityWords(const std::string& name) {
    static const std::pair<const char*, const char*> words[] = {
        {"face_found", "Face found"}, {"single_face", "Alone"},       {"eye_distance", "Face size"},
        {"in_frame", "In frame"},     {"sharpness", "Sharpness"},     {"brightness", "Brightness"},
        {"evenness", "Even light"},   {"yaw", "Turned"},              {"pitch", "Tilted"},
        {"roll", "Leaning"},          {"eyes_open", "Eyes open"}};
    for (const auto& [id, text] : words)
        if (name == id) return text;
    return name.c_str();
}


}  // namespace

void AdminScreen::draw(const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    const AdminState& a = s.admin;
    ImGui::BeginChild("admin-nav", {t.px(230), 0}, true);
    struct Tab { const char* label; AdminView view; };
    const Tab tabs[] = {{"Enrol image", AdminView::Enrol}, {"Approved images", AdminView::Images},
                        {"Users and PINs", AdminView::Users}, {"Import CSV", AdminView::Import},
                        {"Who is told", AdminView::Recipients}};
    ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, {0.0f, 0.5f});
    for (const auto& tab : tabs)
        if (colouredButton(t, tab.label, a.view == tab.view ? colours::kGood : kPanel, {-1, t.px(72)}))
            out.push_back(intent::AdminView{tab.view});
    ImGui::PopStyleVar();
    ImGui::Spacing();
    ImGui::TextColored(colours::kMuted, "%zu approved images", a.active_images);
    ImGui::TextColored(colours::kMuted, "%zu active staff", a.users.size());
    ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), ImGui::GetWindowHeight() - 2 * t.touchHeight() - t.px(30)));
    if (bigButton(t, "Refresh", {-1, 0})) out.push_back(intent::Refresh{});
    if (bigButton(t, s.show_diagnostics ? "Hide diagnostics" : "Diagnostics", {-1, 0}))
        out.push_back(intent::ToggleDiagnostics{});
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginGroup();
    if (!a.loaded) ImGui::TextColored(colours::kMuted, "Loading...");
    switch (a.view) {
    case AdminView::Enrol: drawEnrol(s, ui, out); break;
    case AdminView::Images: drawImages(s, ui, out); break;
    case AdminView::Users: drawUsers(s, ui, out); break;
    case AdminView::Import: drawImport(s, ui, out); break;
    case AdminView::Recipients: drawRecipients(s, ui, out); break;
    }
    ImGui::EndGroup();
}

void AdminScreen::drawChildPicker(const AppState& s, UiContext& ui, Intents& out, const char* heading) {
    const Theme& t = ui.theme;
    headingText(t, heading);
    touchText(ui, "##child-search", "Search", search_, sizeof search_, {-1, 0});
    ImGui::BeginChild("children", {0, 0}, false);
    for (const auto& c : s.admin.children) {
        if (!containsNoCase(c.fullName() + " " + c.ref, search_)) continue;
        ImGui::PushID(static_cast<int>(c.id));
        const bool chosen = s.admin.child == c.id;
        const std::string label = c.fullName() + "\n" + c.ref + "  " + c.date_of_birth.iso();
        ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, {0.0f, 0.5f});
        if (colouredButton(t, label.c_str(), chosen ? colours::kGood : kPanel, {-1, t.px(72)}))
            out.push_back(intent::AdminChooseChild{c.id});
        ImGui::PopStyleVar();
        ImGui::PopID();
    }
    ImGui::EndChild();
}

void AdminScreen::drawEnrol(const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    const AdminEnrol& e = s.admin.enrol;
    const float w = ImGui::GetContentRegionAvail().x;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    ImGui::BeginChild("enrol-child", {w * 0.23f, 0}, true);
    drawChildPicker(s, ui, out, "1. Child");
    ImGui::EndChild();
    ImGui::SameLine();

    ImGui::BeginChild("enrol-source", {w * 0.25f, 0}, true);
    headingText(t, "2. Image");
    wrappedText("Folder: " + (s.admin.enrol_dir.empty() ? std::string("(none given)") : s.admin.enrol_dir), colours::kMuted);
    const float list_h = std::max(t.px(120), ImGui::GetContentRegionAvail().y - 3 * t.touchHeight() - 4 * gap - t.px(30));
    ImGui::BeginChild("files", {0, list_h}, true);
    if (s.admin.image_files.empty()) wrappedText("No images in this folder. Type a path below, or use the camera.", colours::kMuted);
    for (const auto& f : s.admin.image_files) {
        ImGui::PushID(f.c_str());
        if (touchRow(t, fileName(f).c_str(), e.source == f)) {
            copyTo(path_, sizeof path_, f);
            out.push_back(intent::EnrolFromFile{f});
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
    touchText(ui, "##path", "or type a path", path_, sizeof path_, {-1, 0});
    ImGui::BeginDisabled(!s.vision_ready || e.analysing || !*path_);
    if (bigButton(t, "Use this file", {-1, 0})) out.push_back(intent::EnrolFromFile{path_});
    ImGui::EndDisabled();
    ImGui::BeginDisabled(!s.vision_ready || e.analysing);
    if (bigButton(t, "Use the camera", {-1, 0})) out.push_back(intent::EnrolFromCamera{});
    ImGui::EndDisabled();
    ImGui::EndChild();
    ImGui::SameLine();

    ImGui::BeginChild("enrol-result", {0, 0}, true);
    headingText(t, "3. Check and approve");
    if (!s.vision_ready)
        wrappedText(s.vision_problem.empty() ? "Face checking is starting..." : s.vision_problem, colours::kWarning);
    if (e.camera) {
        const float cam_h = std::min(ImGui::GetContentRegionAvail().y - 2 * t.touchHeight(), t.px(360));
        const FittedImage img = drawFitted(ui.textures, s.camera_frame, {ImGui::GetContentRegionAvail().x, cam_h});
        if (e.live && e.live->frame_size.width > 0) {
            ImDrawList* dl = ImGui::GetWindowDrawList();
            for (std::size_t i = 0; i < e.live->faces.size(); ++i) {
                const cv::Rect& b = e.live->faces[i];
                const bool chosen = static_cast<int>(i) == e.live->chosen;
                const ImVec4 c = chosen ? (e.live->quality_ok ? colours::kGood : colours::kWarning) : colours::kDanger;
                dl->AddRect({img.origin.x + b.x * img.scale, img.origin.y + b.y * img.scale},
                            {img.origin.x + b.br().x * img.scale, img.origin.y + b.br().y * img.scale},
                            ImGui::ColorConvertFloat4ToU32(c), 0, 0, t.px(4));
            }
            if (!e.live->quality_ok && !e.live->prompts.empty()) wrappedText("Ask the child to: " + e.live->prompts.front(), colours::kWarning);
            else if (e.live->quality_ok) wrappedText("Good - hold still; the best frame is taken automatically.", colours::kMuted);
        }
        if (colouredButton(t, "Capture now", colours::kGood, {-1, 0})) out.push_back(intent::EnrolCapture{});
    } else if (e.analysing) {
        ImGui::TextColored(colours::kMuted, "Looking at %s ...", fileName(e.source).c_str());
    }
    if (e.analysis) {
        const EnrolAnalysis& an = *e.analysis;
        if (!an.failure.empty()) {
            banner(t, "This image cannot be read: " + an.failure, colours::kDanger);
        } else {
            const bool one_face = an.evidence.faces == 1 && an.evidence.problem.empty();
            const bool quality_ok = an.evidence.quality_issues.empty();
            // The crop with the verdict under it, the quality components beside it.
            ImGui::BeginGroup();
            if (!an.chip.empty()) drawFitted(ui.textures, an.chip, {t.px(120), t.px(120)});
            else ImGui::Dummy({t.px(120), t.px(120)});
            const std::string faces = one_face ? "\u2713 One face"
                                      : an.evidence.faces == 0 ? "\u2717 No face"
                                                               : "\u2717 " + std::to_string(an.evidence.faces) + " faces";
            ImGui::TextColored(one_face ? colours::kGood : colours::kDanger, "%s", faces.c_str());
            ImGui::TextColored(quality_ok ? colours::kGood : colours::kDanger, quality_ok ? "\u2713 Quality" : "\u2717 Quality");
            ImGui::EndGroup();
            ImGui::SameLine();
            ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, {t.px(4), t.px(1)});
            if (!an.quality.empty() && ImGui::BeginTable("quality", 3, ImGuiTableFlags_RowBg)) {
                ImGui::TableSetupColumn("Check", ImGuiTableColumnFlags_WidthStretch);
                ImGui::TableSetupColumn("Measured / limit", ImGuiTableColumnFlags_WidthFixed, t.px(128));
                ImGui::TableSetupColumn("Result", ImGuiTableColumnFlags_WidthFixed, t.px(72));
                for (const auto& q : an.quality) {
                    ImGui::TableNextRow();
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(qualityWords(q.name));
                    ImGui::TableNextColumn();
                    ImGui::TextColored(colours::kMuted, "%s / %s", shortNumber(q.value).c_str(), shortNumber(q.threshold).c_str());
                    ImGui::TableNextColumn();
                    ImGui::TextColored(q.ok ? colours::kGood : colours::kDanger, q.ok ? "\u2713 pass" : "\u2717 FAIL");
                }
                ImGui::EndTable();
            }
            ImGui::PopStyleVar();
            if (an.evidence.faces > 1) wrappedText("The child must be alone in an approved image.", colours::kWarning);
            for (const auto& q : an.quality)
                if (!q.ok && !q.prompt.empty()) wrappedText("\u2022 " + q.prompt, colours::kWarning);
            if (!an.evidence.problem.empty()) wrappedText(an.evidence.problem, colours::kWarning);
        }
    }
    ImGui::Separator();
    const float label_w = t.px(200);
    const std::string today_hint = "YYYY-MM-DD, e.g. " + s.today;
    labelledInput(ui, "Date taken", "##date", date_, sizeof date_, label_w, today_hint.c_str());
    labelledInput(ui, "Provided by", "##provided", provided_, sizeof provided_, label_w);
    labelledInput(ui, "Identity verified by", "##verified", verified_, sizeof verified_, label_w);
    ImGui::Checkbox("The carer consents to this photo's use", &consent_);
    const bool can_save = e.analysis && e.analysis->failure.empty() && s.admin.child && !e.saving;
    ImGui::BeginDisabled(!can_save);
    if (colouredButton(t, e.saving ? "Saving..." : "Approve and save", colours::kGood, {-1, t.px(64)}))
        out.push_back(intent::EnrolSave{date_, provided_, verified_, consent_});
    // Core's wrong-child check refused it: a second, audited confirmation naming the other child.
    if (can_save && !e.suspect.empty() &&
        colouredButton(t, ("I have checked: this is not " + e.suspect + ", approve").c_str(), colours::kDanger,
                       {-1, t.px(64)}))
        out.push_back(intent::EnrolSave{date_, provided_, verified_, consent_, e.suspect});
    ImGui::EndDisabled();
    if (!s.admin.child) ImGui::TextColored(colours::kMuted, "Choose the child first.");
    else if (!e.analysis) ImGui::TextColored(colours::kMuted, "Choose an image or take a photo.");
    outcome(t, e.result, e.result_ok);
    ImGui::EndChild();
}

void AdminScreen::drawImages(const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    const float w = ImGui::GetContentRegionAvail().x;
    ImGui::BeginChild("images-child", {w * 0.32f, 0}, true);
    drawChildPicker(s, ui, out, "Child");
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("images-list", {0, 0}, true);
    headingText(t, "Approved images in use");
    outcome(t, s.admin.message, s.admin.message_ok);
    if (!s.admin.child) wrappedText("Choose a child to see their approved images.", colours::kMuted);
    else if (s.admin.images.empty()) wrappedText("No approved images in use: enrol one before this child's next visit.", colours::kWarning);
    for (const auto& img : s.admin.images) {
        ImGui::PushID(static_cast<int>(img.id));
        ImGui::BeginGroup();
        drawFitted(ui.textures, img.chip, {t.px(110), t.px(110)});
        ImGui::EndGroup();
        ImGui::SameLine();
        ImGui::BeginGroup();
        ImGui::Text("Image %lld, taken %s", static_cast<long long>(img.id), img.taken.iso().c_str());
        ImGui::TextColored(colours::kMuted, "Provided by %s", img.provided_by.c_str());
        if (img.age) {
            ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x);
            ImGui::TextColored(img.age->stale ? colours::kWarning : colours::kMuted, "%s%s",
                               img.age->stale ? "OUT OF DATE: " : "", img.age->message.c_str());
            ImGui::PopTextWrapPos();
        }
        if (retiring_ == img.id) {
            touchText(ui, "##reason", "Why is it retired? (e.g. replaced by a newer photo)", reason_, sizeof reason_, {-1, 0});
            ImGui::BeginDisabled(!*reason_);
            if (colouredButton(t, "Retire image", colours::kDanger, {t.px(200), 0})) {
                out.push_back(intent::RetireImage{img.id, reason_});
                retiring_ = 0;
                reason_[0] = 0;
            }
            ImGui::EndDisabled();
            ImGui::SameLine();
            if (bigButton(t, "Cancel", {t.px(140), 0})) retiring_ = 0;
        } else if (bigButton(t, "Retire...", {t.px(160), 0})) {
            retiring_ = img.id;
            reason_[0] = 0;
        }
        ImGui::EndGroup();
        ImGui::Separator();
        ImGui::PopID();
    }
    ImGui::EndChild();
}

bool AdminScreen::drawPinEntry(const Theme& t) {
    // Dots, never digits, beside what to type.
    std::string dots;
    for (std::size_t i = 0; i < pin_[pin_stage_].size(); ++i) dots += "\u25CF ";
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(pin_stage_ == 0 ? "New PIN (4-12 digits):" : "The same PIN again:");
    ImGui::SameLine();
    ImGui::PushFont(t.heading);
    ImGui::TextUnformatted(dots.c_str());
    ImGui::PopFont();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float key_w = std::min(t.px(140), (ImGui::GetContentRegionAvail().x - 2 * gap) / 3);
    const float key_h = t.px(52);
    std::string& pin = pin_[pin_stage_];
    if (const char k = pinKeypad(t, key_w, key_h)) {
        if (k == '<' && !pin.empty()) pin.pop_back();
        else if (k == 'C') pin.clear();
        else if (k >= '0' && k <= '9' && pin.size() < 12) pin.push_back(k);
    }
    ImGui::BeginDisabled(pin.empty());
    bool done = false;
    const float half = (key_w * 3 + gap) / 2;
    if (pin_stage_ == 0) {
        if (colouredButton(t, "Next", colours::kGood, {half, 0})) pin_stage_ = 1;
    } else {
        if (colouredButton(t, "Save", colours::kGood, {half, 0})) done = true;
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (bigButton(t, "Cancel", {half, 0})) form_ = UserForm::None;
    return done;
}

void AdminScreen::drawUsers(const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    const float w = ImGui::GetContentRegionAvail().x;
    auto startForm = [&](UserForm f, core::Id who) {
        form_ = f;
        pin_for_ = who;
        pin_[0].clear();
        pin_[1].clear();
        pin_stage_ = 0;
        confirm_deactivate_ = 0;
    };
    ImGui::BeginChild("users-list", {w * 0.52f, 0}, true);
    headingText(t, "Active staff");
    outcome(t, s.admin.message, s.admin.message_ok);
    if (colouredButton(t, "+ Add a user", colours::kGood, {t.px(220), 0})) {
        startForm(UserForm::Add, 0);
        username_[0] = name_[0] = 0;
    }
    for (const auto& u : s.admin.users) {
        ImGui::PushID(static_cast<int>(u.id));
        ImGui::Separator();
        ImGui::Text("%s", u.display_name.c_str());
        ImGui::TextColored(colours::kMuted, "%s  -  %s", roleWords(u.role).c_str(), u.username.c_str());
        for (const auto& l : s.admin.locked_out)
            if (l.user.id == u.id)
                wrappedText(l.until_reset ? "Locked out after too many wrong PINs: reset the PIN to let them in."
                                          : "Locked out after wrong PINs until " + l.try_again_at + " (or reset the PIN).",
                            colours::kDanger);
        if (bigButton(t, "Reset PIN", {t.px(170), 0})) startForm(UserForm::Reset, u.id);
        ImGui::SameLine();
        if (confirm_deactivate_ == u.id) {
            if (colouredButton(t, "Yes, deactivate", colours::kDanger, {t.px(210), 0})) {
                out.push_back(intent::DeactivateUser{u.id});
                confirm_deactivate_ = 0;
            }
            ImGui::SameLine();
            if (bigButton(t, "Keep", {t.px(110), 0})) confirm_deactivate_ = 0;
        } else if (bigButton(t, "Deactivate...", {t.px(190), 0})) {
            confirm_deactivate_ = u.id;
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("users-form", {0, 0}, true);
    if (form_ == UserForm::None) {
        headingText(t, "Users and PINs");
        wrappedText("Tap \"Add a user\", or \"Reset PIN\" beside a name. Deactivated users can no longer sign in; "
                    "the last active administrator cannot be deactivated.",
                    colours::kMuted);
    } else if (form_ == UserForm::Add) {
        headingText(t, "Add a user");
        const float label_w = t.px(130);
        labelledInput(ui, "Username", "##username", username_, sizeof username_, label_w);
        labelledInput(ui, "Full name", "##name", name_, sizeof name_, label_w);
        const auto& roles = core::staffRoles();
        const float gap = ImGui::GetStyle().ItemSpacing.x;
        const float bw = (ImGui::GetContentRegionAvail().x - gap) / 2;
        for (std::size_t i = 0; i < roles.size(); ++i) {
            if (i % 2) ImGui::SameLine();
            if (colouredButton(t, roleWords(roles[i]).c_str(), role_ == roles[i] ? colours::kGood : kPanel, {bw, 0})) role_ = roles[i];
        }
        if (drawPinEntry(t)) {
            out.push_back(intent::AddUser{username_, name_, role_, pin_[0], pin_[1]});
            form_ = UserForm::None;
        }
    } else {
        std::string who;
        for (const auto& u : s.admin.users)
            if (u.id == pin_for_) who = u.display_name;
        headingText(t, "New PIN for " + who);
        if (drawPinEntry(t)) {
            out.push_back(intent::ResetPin{pin_for_, pin_[0], pin_[1]});
            form_ = UserForm::None;
        }
    }
    ImGui::EndChild();
}

void AdminScreen::drawImport(const AppState& s, UiContext& ui, Intents& out) {
    const Theme& t = ui.theme;
    const AdminImport& im = s.admin.import;
    const float w = ImGui::GetContentRegionAvail().x;
    ImGui::BeginChild("import-pick", {w * 0.45f, 0}, true);
    headingText(t, "1. What the file holds");
    const char* kinds[] = {"Prisoners", "Children", "Arrangements", "Bookings"};
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float bw = (ImGui::GetContentRegionAvail().x - gap) / 2;
    for (int i = 0; i < 4; ++i) {
        if (i % 2) ImGui::SameLine();
        if (colouredButton(t, kinds[i], kind_ == i ? colours::kGood : kPanel, {bw, 0})) kind_ = i;
    }
    headingText(t, "2. The file");
    wrappedText("Folder: " + (s.admin.import_dir.empty() ? std::string("(none given)") : s.admin.import_dir), colours::kMuted);
    ImGui::BeginChild("csv-files", {0, std::max(t.px(100), ImGui::GetContentRegionAvail().y - 2 * t.touchHeight() - 3 * gap)}, true);
    if (s.admin.csv_files.empty()) wrappedText("No CSV files in this folder. Type a path below.", colours::kMuted);
    for (const auto& f : s.admin.csv_files)
        if (touchRow(t, fileName(f).c_str(), f == csv_path_)) copyTo(csv_path_, sizeof csv_path_, f);
    ImGui::EndChild();
    touchText(ui, "##csv", "or type a path", csv_path_, sizeof csv_path_, {-1, 0});
    ImGui::BeginDisabled(im.running || !*csv_path_);
    const std::string go = std::string("Import ") + kinds[kind_];
    if (colouredButton(t, go.c_str(), colours::kGood, {-1, 0}))
        out.push_back(intent::ImportCsv{csv_path_, static_cast<core::ImportKind>(kind_)});
    ImGui::EndDisabled();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("import-result", {0, 0}, true);
    headingText(t, "3. Result");
    wrappedText("All rows or none: if any row is wrong, nothing is imported and each bad row is listed with its line number.",
                colours::kMuted);
    if (im.running || im.result || !im.message.empty()) {
        const float frac = im.total ? static_cast<float>(im.done) / static_cast<float>(im.total) : 0.0f;
        char overlay[64];
        std::snprintf(overlay, sizeof overlay, "%zu / %zu rows", im.done, im.total);
        ImGui::ProgressBar(frac, {-1, t.px(40)}, im.total ? overlay : (im.running ? "reading the file..." : ""));
        if (!im.file.empty()) ImGui::TextColored(colours::kMuted, "%s", fileName(im.file).c_str());
    }
    if (!im.running) outcome(t, im.message, im.result && im.result->errors.empty());
    if (im.result && !im.result->errors.empty()) {
        ImGui::BeginChild("import-errors", {0, 0}, false);
        for (const auto& e : im.result->errors) {
            ImGui::TextColored(colours::kWarning, "Line %d:", e.line);
            ImGui::SameLine();
            ImGui::TextWrapped("%s", e.message.c_str());
        }
        ImGui::EndChild();
    }
    ImGui::EndChild();
}

}  // namespace kiosk::ui
