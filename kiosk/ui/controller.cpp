#include "kiosk/ui/controller.hpp"

#include <algorithm>
#include <type_traits>

namespace kiosk::ui {

const char* screenTitle(ScreenId s) {
    switch (s) {
    case ScreenId::Login: return "Sign in";
    case ScreenId::Visits: return "Visits hall";
    case ScreenId::VideoCall: return "Video calls";
    case ScreenId::Safeguarding: return "Safeguarding";
    case ScreenId::Admin: return "Admin";
    case ScreenId::Notified: return "Notifications";
    }
    return "";
}

ScreenId homeScreen(core::Role role) {
    switch (role) {
    case core::Role::VisitsOfficer: return ScreenId::Visits;
    case core::Role::VideoCallOfficer: return ScreenId::VideoCall;
    case core::Role::SafeguardingLead: return ScreenId::Safeguarding;
    case core::Role::Admin: return ScreenId::Admin;
    case core::Role::DutyGovernor:
    case core::Role::OmuManager: return ScreenId::Notified;
    case core::Role::BookingSystem: return ScreenId::Login;  // a service user has no station
    }
    return ScreenId::Login;
}

bool mayOpen(core::Role role, ScreenId screen) {
    // Each screen opens for the roles core lets run its main operation (core enforces it again).
    switch (screen) {
    case ScreenId::Login: return true;
    case ScreenId::Visits: return core::allowed(role, core::Operation::CheckVisit);
    case ScreenId::VideoCall: return core::allowed(role, core::Operation::CheckVideoCall);
    case ScreenId::Safeguarding: return core::allowed(role, core::Operation::ViewIncidents);
    case ScreenId::Admin: return core::allowed(role, core::Operation::EnrolImage);
    // The lead reads and acknowledges notices on the safeguarding screen itself.
    case ScreenId::Notified:
        return core::allowed(role, core::Operation::ViewNotifiedIncidents) && !mayOpen(role, ScreenId::Safeguarding);
    }
    return false;
}

Controller::Controller(ControllerOptions options, DbWorker& db, VisionWorker& vision, CaptureThread* capture)
    : options_(std::move(options)), db_(db), vision_(vision), capture_(capture),
      last_activity_(std::chrono::steady_clock::now()) {
    state_.station = options_.station;
    state_.video.feed_presets = options_.feeds;
    if (capture_) state_.video.feed = options_.feeds.empty() ? "" : options_.feeds.front();
    post("loading the list of staff", [](core::Records& r) -> StateUpdate {
        auto users = r.activeUsers();
        auto today = r.today().iso();
        return [users = std::move(users), today](AppState& s) {
            s.login.users = users;
            s.today = today;
        };
    });
}

void Controller::post(std::string what, UiJob job, StateUpdate on_failure) {
    // The completions run in beginFrame() on the UI thread, where `this` is alive and owns state_.
    db_.post(
        std::move(what),
        [this, job = std::move(job)](core::Records& r) -> app::Completion {
            StateUpdate update = job(r);
            if (!update) return {};
            return [this, update = std::move(update)] { update(state_); };
        },
        on_failure ? app::Completion([this, on_failure = std::move(on_failure)] { on_failure(state_); }) : app::Completion{});
}

void Controller::noteActivity() { last_activity_ = std::chrono::steady_clock::now(); }

app::CheckSession* Controller::currentCheck() {
    const ScreenId on = check_video_ ? ScreenId::VideoCall : ScreenId::Visits;
    return check_ && state_.screen == on ? check_.get() : nullptr;
}

void Controller::openCheck(core::Id booking_id, core::Id child_id) {
    if (!state_.user) return;
    const bool video = state_.screen == ScreenId::VideoCall;
    const auto& list = video ? state_.video.calls : state_.visits.bookings;
    const auto b = std::find_if(list.begin(), list.end(), [&](const BookingView& v) { return v.row.booking.id == booking_id; });
    if (b == list.end()) return;
    app::CheckSubject who;
    who.booking_id = booking_id;
    who.child_id = child_id;
    who.prisoner_id = b->row.booking.prisoner_id;
    who.kind = b->row.booking.kind;
    who.prisoner_name = b->row.prisoner_name + " (" + b->row.prison_number + ")";
    who.booking_time = b->row.booking.time;
    for (const auto& ch : b->children)
        if (ch.child.id == child_id) {
            who.child_name = ch.child.fullName();
            who.child_ref = ch.child.ref;
            who.attempt = ch.attempts + 1;
        }
    leaveCheck();
    check_video_ = video;
    check_ = app::CheckSession::open(std::move(who), *state_.user, state_.station, next_token_++, db_, vision_,
                                     [this, video](const core::CheckResult& res, const std::string& next) {
                                         // Each child's status comes back with the roll (loadBookings).
                                         if (video && res.decision == core::Decision::NotConfident) state_.video.call_message = next;
                                     });
    syncCheck();
}

void Controller::leaveCheck() {
    if (check_) check_->leave();
    check_.reset();
    (check_video_ ? state_.video.check : state_.visits.check).reset();
    copied_check_version_ = 0;
}

void Controller::syncCheck() {
    if (!check_ || check_->version() == copied_check_version_) return;
    (check_video_ ? state_.video.check : state_.visits.check) = check_->view();
    copied_check_version_ = check_->version();
}

void Controller::beginFrame() {
    if (capture_) {
        if (auto f = capture_->forUi().take()) {
            state_.camera_frame = std::move(f->bgr);
            state_.camera_frame_index = f->index;
        }
        state_.diag.camera = capture_->status();
        state_.diag.ui_dropped = capture_->forUi().dropped();
        state_.diag.vision_dropped = capture_->forVision().dropped();
    }
    state_.diag.vision = vision_.stats();
    state_.diag.db_jobs = db_.busy();
    for (auto& e : vision_.drain()) onVision(std::move(e));
    for (auto& done : db_.drain()) {
        if (done.error) (done.error->fatal ? state_.fatal : state_.error_banner) = done.error->message;
        if (done.apply) done.apply();
    }
    syncCheck();
    pollAdminProgress();
    // A sign-in that just succeeded lands on a screen whose data is not loaded yet.
    if (state_.user && state_.screen != ScreenId::Login && loaded_for_ != state_.screen) load(state_.screen);

    const double idle = std::chrono::duration<double>(std::chrono::steady_clock::now() - last_activity_).count();
    state_.seconds_to_lock = options_.lock_after_seconds - idle;
    if (state_.user && idle >= options_.lock_after_seconds)
        lock("Locked after " + std::to_string(static_cast<int>(options_.lock_after_seconds)) +
             " seconds without use. Sign in again to continue.");
}

void Controller::onVision(VisionEvent&& event) {
    if (onAdminVision(event)) return;
    std::visit(
        [this](auto&& e) {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, VisionReady>) {
                state_.vision_ready = e.ok;
                state_.vision_problem = e.message;
                on_file_ = e.on_file;
            } else if constexpr (std::is_same_v<T, LiveFace> || std::is_same_v<T, CheckOutcome>) {
                // The check's own events (tokens tie them to it); a stale one is dropped.
                if (check_ && check_->onVision(e) && check_->view().tap_to_result_ms)
                    state_.diag.last_tap_to_result_ms = check_->view().tap_to_result_ms;
            } else if constexpr (std::is_same_v<T, MonitorSnapshot>) {
                if (state_.video.monitoring) state_.video.monitor = std::move(e);
            } else if constexpr (std::is_same_v<T, UnknownFaceAlert>) {
                if (state_.video.monitoring) onUnknownFace(std::move(e));
            } else if constexpr (std::is_same_v<T, VisionFailure>) {
                state_.error_banner = e.message;
            }
            // EnrolAnalysis: onAdminVision()
        },
        std::move(event));
}

void Controller::lock(const std::string& why) {
    leaveCheck();
    vision_.stop();
    const auto users = std::move(state_.login.users);
    const auto today = state_.today;
    const bool diagnostics = state_.show_diagnostics;
    // Everything a child's data could be in goes: the locked screen shows nobody's data.
    AppState fresh;
    fresh.station = state_.station;
    fresh.today = today;
    fresh.login.users = users;
    fresh.notice = why;
    fresh.vision_ready = state_.vision_ready;
    fresh.vision_problem = state_.vision_problem;
    fresh.fatal = state_.fatal;
    fresh.show_diagnostics = diagnostics;
    fresh.diag = state_.diag;
    fresh.video.feed_presets = state_.video.feed_presets;  // the camera stays as it is: no child's data
    fresh.video.feed = state_.video.feed;
    state_ = std::move(fresh);
    loaded_for_.reset();
}

void Controller::load(ScreenId screen) {
    loaded_for_ = screen;
    switch (screen) {
    case ScreenId::Visits: loadBookings(core::BookingKind::Visit); break;
    case ScreenId::VideoCall: loadBookings(core::BookingKind::VideoCall); break;
    case ScreenId::Safeguarding: loadSafeguarding(); break;
    case ScreenId::Admin: openAdmin(); break;
    case ScreenId::Notified: loadNotified(); break;
    case ScreenId::Login: break;
    }
}

void Controller::apply(const Intent& in) {
    noteActivity();
    applyIntent(in);
    syncCheck();  // what the intent changed in the check shows in this frame
}

void Controller::applyIntent(const Intent& in) {
    std::visit(
        [this, &in](const auto& i) {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T, intent::ChooseUser>) {
                state_.login.selected = i.username;
                state_.login.pin.clear();
                state_.login.message.clear();
            } else if constexpr (std::is_same_v<T, intent::PinKey>) {
                auto& pin = state_.login.pin;
                if (i.key == '<' && !pin.empty()) pin.pop_back();
                else if (i.key == 'C') pin.clear();
                else if (i.key >= '0' && i.key <= '9' && pin.size() < 12) pin.push_back(i.key);
            } else if constexpr (std::is_same_v<T, intent::SubmitPin>) {
                auto& login = state_.login;
                if (login.selected.empty() || login.pin.empty() || login.checking) return;
                login.checking = true;
                login.message.clear();
                post("signing in", [user = login.selected, pin = login.pin,
                                        station = state_.station](core::Records& r) -> StateUpdate {
                    auto who = r.signIn(user, pin, station);
                    return [who, user](AppState& s) {
                        s.login.checking = false;
                        s.login.pin.clear();
                        if (who.until_reset) {
                            s.login.message = "Too many wrong PINs: ask an administrator to reset your PIN.";
                            return;
                        }
                        if (who.locked_until) {
                            s.login.message = "Too many wrong PINs: try again at " + who.try_again_at + ".";
                            return;
                        }
                        if (!who) {
                            s.login.message = "That PIN is not right for " + user + ". Try again.";
                            return;
                        }
                        s.user = who.user;
                        s.notice.clear();
                        s.screen = homeScreen(who.user->role);
                    };
                }, [](AppState& s) {
                    s.login.checking = false;  // the banner says why; the keypad works again
                    s.login.pin.clear();
                });
                // The home screen's data loads in beginFrame() once the sign-in result is applied.
            } else if constexpr (std::is_same_v<T, intent::SignOut>) {
                lock("Signed out.");
            } else if constexpr (std::is_same_v<T, intent::GoTo>) {
                if (!state_.user || !mayOpen(state_.user->role, i.screen)) return;
                leaveCheck();
                vision_.stop();
                state_.screen = i.screen;
                load(i.screen);
            } else if constexpr (std::is_same_v<T, intent::Search>) {
                state_.visits.search = i.text;
            } else if constexpr (std::is_same_v<T, intent::OpenCheck>) {
                openCheck(i.booking_id, i.child_id);
            } else if constexpr (std::is_same_v<T, intent::CaptureNow>) {
                if (auto* c = currentCheck()) c->captureNow();
            } else if constexpr (std::is_same_v<T, intent::CloseCheck>) {
                if (currentCheck()) leaveCheck();
                vision_.stop();
                loadBookings(state_.screen == ScreenId::Visits ? core::BookingKind::Visit : core::BookingKind::VideoCall);
            } else if constexpr (std::is_same_v<T, intent::Decide>) {
                if (auto* c = currentCheck(); c && c->state() == app::CheckSession::State::Result) {
                    c->decide(i.decision, i.reason);
                    loadBookings(c->view().kind);  // queued behind the write: the roll shows the decision
                }
            } else if constexpr (std::is_same_v<T, intent::RaiseWelfareConcern>) {
                if (auto* c = currentCheck()) c->raiseWelfareConcern(i.details);
            } else if constexpr (std::is_same_v<T, intent::OpenCall>) {
                if (check_video_) leaveCheck();
                state_.video.call = i.booking_id;
                state_.video.alerts.clear();
                state_.video.alert_records.clear();
                state_.video.monitoring = false;
                state_.video.call_message.clear();
            } else if constexpr (std::is_same_v<T, intent::CloseCall>) {
                if (check_video_) leaveCheck();
                vision_.stop();
                VideoCallState fresh;
                fresh.feed_presets = std::move(state_.video.feed_presets);
                fresh.feed = std::move(state_.video.feed);
                state_.video = std::move(fresh);
                loadBookings(core::BookingKind::VideoCall);
            } else if constexpr (std::is_same_v<T, intent::StartSession>) {
                runSession(i.booking_id, true);
            } else if constexpr (std::is_same_v<T, intent::EndSession>) {
                runSession(i.booking_id, false);
            } else if constexpr (std::is_same_v<T, intent::SuspendCall>) {
                suspendCall(i.reason);
            } else if constexpr (std::is_same_v<T, intent::FilterIncidents>) {
                state_.safeguarding.filter = i.filter;
                loadSafeguarding();
            } else if constexpr (std::is_same_v<T, intent::SelectIncident>) {
                loadIncident(i.incident_id);
            } else if constexpr (std::is_same_v<T, intent::Acknowledge>) {
                acknowledge(i.notification_id);
            } else if constexpr (std::is_same_v<T, intent::SelectNotified>) {
                loadNotifiedIncident(i.incident_id);
            } else if constexpr (std::is_same_v<T, intent::Refresh>) {
                load(state_.screen);
            } else if constexpr (std::is_same_v<T, intent::DismissError>) {
                state_.error_banner.clear();
            } else if constexpr (std::is_same_v<T, intent::ToggleDiagnostics>) {
                state_.show_diagnostics = !state_.show_diagnostics;
            } else if constexpr (std::is_same_v<T, intent::OpenReview> || std::is_same_v<T, intent::CompleteReview> ||
                                 std::is_same_v<T, intent::RecordPrisonerInformed> ||
                                 std::is_same_v<T, intent::LodgeAppeal> || std::is_same_v<T, intent::DecideAppeal> ||
                                 std::is_same_v<T, intent::OpenArrangementReview>) {
                applyReviewIntent(i);
            } else if constexpr (std::is_same_v<T, intent::SelectReview>) {
                loadReview(i.review_id);
            } else if constexpr (std::is_same_v<T, intent::ShowFeedChooser> || std::is_same_v<T, intent::ChooseFeed>) {
                applyFeedIntent(i);
            } else {
                applyAdmin(in);  // the admin station's intents (controller_admin.cpp)
            }
        },
        in);
}

}  // namespace kiosk::ui
