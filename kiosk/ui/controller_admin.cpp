// The controller's admin station: enrolment (vision thread, then core on the database thread),
// retiring images, users and PINs, CSV import with progress. Rules are core's; this file turns
// the admin's intents into jobs and the jobs' outcomes into words on the screen.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <type_traits>

#include <opencv2/imgcodecs.hpp>

#include "kiosk/core/csv.hpp"
#include "kiosk/core/errors.hpp"
#include "kiosk/ui/controller.hpp"
#include "kiosk/ui/controller_detail.hpp"

namespace kiosk::ui {
namespace {

std::vector<std::string> filesIn(const std::string& dir, std::initializer_list<const char*> extensions) {
    std::vector<std::string> out;
    std::error_code ec;
    if (dir.empty() || !std::filesystem::is_directory(dir, ec)) return out;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
        if (!e.is_regular_file(ec)) continue;
        std::string ext = e.path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
        if (std::any_of(extensions.begin(), extensions.end(), [&](const char* x) { return ext == x; }))
            out.push_back(e.path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

const char* kindWords(core::ImportKind k) {
    switch (k) {
    case core::ImportKind::Prisoners: return "prisoners";
    case core::ImportKind::Children: return "children";
    case core::ImportKind::Arrangements: return "arrangements";
    case core::ImportKind::Bookings: return "bookings";
    }
    return "";
}

}  // namespace

void Controller::openAdmin() {
    // Coming back to the screen: a camera capture left running was stopped when the officer left.
    if (state_.admin.enrol.camera) {
        vision_.stop();
        state_.admin.enrol = AdminEnrol{};
    }
    loadAdmin();
}

void Controller::loadAdmin() {
    auto& a = state_.admin;
    a.enrol_dir = options_.enrol_dir;
    a.import_dir = options_.import_dir;
    a.image_files = filesIn(options_.enrol_dir, {".jpg", ".jpeg", ".png"});
    a.csv_files = filesIn(options_.import_dir, {".csv"});
    if (!state_.user) return;
    post("loading the admin lists", [child = a.child, user = *state_.user](core::Records& r) -> StateUpdate {
        auto users = r.activeUsers();
        auto locked = r.lockedOutUsers(user);
        const std::size_t images = r.allActiveImages(user).size();
        auto children = r.children(user);
        auto recipients = r.recipients(user);
        std::vector<ApprovedImageView> shown;
        if (child) shown = imageViews(r.imagesWithAge(user, *child, true));
        return [users = std::move(users), locked = std::move(locked), images, children = std::move(children),
                shown = std::move(shown), recipients = std::move(recipients)](AppState& s) {
            s.admin.recipients = recipients;
            s.admin.users = users;
            s.admin.locked_out = locked;
            s.login.users = users;  // the sign-in list shows added and deactivated staff at once
            s.admin.active_images = images;
            s.admin.children = children;
            s.admin.images = shown;
            s.admin.loaded = true;
        };
    });
}

void Controller::postAdminAction(std::string what, std::function<std::string(core::Records&)> body) {
    post(what, [body = std::move(body)](core::Records& r) -> StateUpdate {
        std::string text;
        bool ok = true;
        try {
            text = body(r);
        } catch (const std::exception& e) {
            text = std::string("Not done: ") + e.what();
            ok = false;
        }
        return [text, ok](AppState& s) {
            s.admin.message = text;
            s.admin.message_ok = ok;
        };
    });
    loadAdmin();
}

bool Controller::onAdminVision(VisionEvent& event) {
    auto& e = state_.admin.enrol;
    if (auto* live = std::get_if<LiveFace>(&event)) {
        if (state_.screen != ScreenId::Admin || !e.camera || live->token != e.token) return false;
        e.live = std::move(*live);
        return true;
    }
    if (auto* a = std::get_if<EnrolAnalysis>(&event)) {
        if (a->token == e.token && e.analysing) {
            e.analysing = false;
            e.camera = false;
            e.live.reset();
            vision_.stop();
            e.analysis = std::move(*a);
        }
        return true;
    }
    return false;
}

void Controller::pollAdminProgress() {
    auto& im = state_.admin.import;
    if (!im.running || !import_progress_) return;
    im.done = import_progress_->done.load();
    im.total = import_progress_->total.load();
}

void Controller::startEnrolment(std::string source, bool camera) {
    auto& e = state_.admin.enrol;
    e = AdminEnrol{};
    e.token = next_token_++;
    e.source = camera ? "camera" : source;
    e.analysing = true;
    e.camera = camera;
    if (camera) {
        CheckJob job;
        job.token = e.token;
        job.enrol = true;
        vision_.startCheck(std::move(job));
    } else {
        vision_.stop();
        vision_.enrolFile(e.token, std::move(source));
    }
}

void Controller::applyAdmin(const Intent& in) {
    if (!state_.user || state_.screen != ScreenId::Admin) return;
    const core::User user = *state_.user;
    auto& a = state_.admin;
    std::visit(
        [&](const auto& i) {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T, intent::AdminView>) {
                if (a.view == AdminView::Enrol && i.view != AdminView::Enrol && a.enrol.camera) {
                    vision_.stop();
                    a.enrol = AdminEnrol{};
                }
                a.view = i.view;
                a.message.clear();
            } else if constexpr (std::is_same_v<T, intent::AdminChooseChild>) {
                a.child = i.child_id;
                a.images.clear();
                a.enrol.result.clear();
                loadAdmin();
            } else if constexpr (std::is_same_v<T, intent::EnrolFromFile>) {
                startEnrolment(i.path, false);
            } else if constexpr (std::is_same_v<T, intent::EnrolFromCamera>) {
                startEnrolment("", true);
            } else if constexpr (std::is_same_v<T, intent::EnrolCapture>) {
                if (a.enrol.camera && a.enrol.analysing) vision_.captureNow(a.enrol.token, std::chrono::steady_clock::now());
            } else if constexpr (std::is_same_v<T, intent::EnrolSave>) {
                saveEnrolment(i);
            } else if constexpr (std::is_same_v<T, intent::RetireImage>) {
                postAdminAction("retiring the image", [user, i](core::Records& r) {
                    r.retireImage(user, i.image_id, i.reason);
                    return "Image " + std::to_string(i.image_id) + " retired: it is no longer used in identity checks.";
                });
            } else if constexpr (std::is_same_v<T, intent::AddUser>) {
                if (i.pin != i.pin_again) {
                    a.message = "The two PINs are different: type the new PIN twice.";
                    a.message_ok = false;
                    return;
                }
                postAdminAction("adding the user", [user, i](core::Records& r) {
                    const core::Id id = r.createUserWithPin(user, {0, i.username, i.name, i.role, true}, i.pin);
                    return i.name + " added as user " + std::to_string(id) + " (" + i.username + ").";
                });
            } else if constexpr (std::is_same_v<T, intent::ResetPin>) {
                if (i.pin != i.pin_again) {
                    a.message = "The two PINs are different: type the new PIN twice.";
                    a.message_ok = false;
                    return;
                }
                postAdminAction("resetting the PIN", [user, i](core::Records& r) {
                    r.resetPinTo(user, i.user_id, i.pin);
                    return "New PIN set for " + r.userDisplayName(user, i.user_id) + ".";
                });
            } else if constexpr (std::is_same_v<T, intent::DeactivateUser>) {
                postAdminAction("deactivating the user", [user, i](core::Records& r) {
                    r.deactivateUser(user, i.user_id);
                    return r.userDisplayName(user, i.user_id) + " can no longer sign in.";
                });
            } else if constexpr (std::is_same_v<T, intent::AddRecipient>) {
                postAdminAction("adding the recipient", [user, i](core::Records& r) {
                    r.addRecipient(user, i.role, i.name, i.email);
                    return i.name + " <" + i.email + "> will be e-mailed when an incident notifies " +
                           core::recipientWords(i.role) + ".";
                });
            } else if constexpr (std::is_same_v<T, intent::RemoveRecipient>) {
                postAdminAction("removing the recipient", [user, i](core::Records& r) {
                    r.removeRecipient(user, i.recipient_id);
                    return std::string("Removed: no further e-mails go to them (messages already sent stay on record).");
                });
            } else if constexpr (std::is_same_v<T, intent::ImportCsv>) {
                startImport(i.path, i.kind);
            }
        },
        in);
}

void Controller::saveEnrolment(const intent::EnrolSave& i) {
    auto& e = state_.admin.enrol;
    if (!e.analysis || e.saving || !state_.admin.child) return;
    const auto taken = core::Date::parse(i.date_taken);
    if (!taken) {
        e.result = "Date taken '" + i.date_taken + "' is not a date: write it as YYYY-MM-DD.";
        e.result_ok = false;
        return;
    }
    e.saving = true;
    core::Provenance prov{*taken, i.provided_by, i.verified_by, i.carer_consent};
    prov.confirmed_not = i.confirmed_not;
    post("saving the approved image", [user = *state_.user, child = *state_.admin.child, prov,
                                           source = e.analysis->source, ev = e.analysis->evidence,
                                           token = e.token, on_file = on_file_](core::Records& r) mutable -> StateUpdate {
        std::string text, suspect;
        bool ok = false;
        try {
            // Without the calibrated comparison core refuses the photo (fail closed).
            if (on_file) on_file->compare(ev, r.viewReferences(user, child), r.otherChildrenDescriptors(user, child));
            if (const auto who = core::wrongChildSuspect(ev.on_file); who && prov.confirmed_not != *who) suspect = *who;
            const core::Id id = r.enrolImage(user, child, source, ev, prov);
            const auto c = r.child(user, child);
            const auto age = core::assessImageAge(c->date_of_birth, prov.date_taken, r.today());
            text = "Saved: approved image " + std::to_string(id) + " of " + c->fullName() + ".";
            if (age && age->stale)
                text += " This image is already past the policy age limit for " + c->first_name + "'s age (" + age->message +
                        "): enrol a more recent photo.";
            else if (age)
                text += " " + age->message + ".";
            ok = true;
        } catch (const std::exception& ex) {
            text = std::string("Not saved: ") + ex.what();
        }
        return [text, ok, token, suspect](AppState& s) {
            auto& e2 = s.admin.enrol;
            if (e2.token != token) return;
            e2.saving = false;
            e2.result = text;
            e2.result_ok = ok;
            e2.suspect = ok ? std::string() : suspect;
            if (ok) e2.analysis.reset();
        };
    });
    loadAdmin();
}

void Controller::startImport(const std::string& path, core::ImportKind kind) {
    auto& im = state_.admin.import;
    if (im.running || !state_.user) return;
    im = AdminImport{};
    im.running = true;
    im.file = path;
    im.kind = kind;
    import_progress_ = std::make_shared<app::JobProgress>();
    post("importing the file", [user = *state_.user, path, kind, progress = import_progress_](core::Records& r) -> StateUpdate {
        std::optional<core::ImportResult> result;
        std::string message;
        try {
            // The same limits as `kiosk import`: a FIFO, a device or an oversized file is refused unread.
            const std::string text = core::readCsvFile(path);
            result = core::importCsv(r, user, kind, text, [&](std::size_t done, std::size_t total) { progress->report(done, total); });
            const std::string name = std::filesystem::path(path).filename().string();
            message = result->error_count == 0
                          ? "Imported " + std::to_string(result->imported) + " " + kindWords(kind) + " from " + name + "."
                          : std::to_string(result->error_count) + " bad row" + (result->error_count == 1 ? "" : "s") +
                                " of " + std::to_string(result->rows) + " in " + name +
                                ": nothing was imported. Correct the file and import it again.";
        } catch (const std::exception& e) {
            message = std::string("Nothing was imported: ") + e.what();
        }
        const std::size_t total = progress->total.load();
        return [result, message, total](AppState& s) {
            auto& im2 = s.admin.import;
            im2.running = false;
            im2.result = result;
            im2.message = message;
            if (result && result->error_count == 0) im2.done = im2.total = std::max(total, result->rows);
        };
    });
    loadAdmin();
}

}  // namespace kiosk::ui
