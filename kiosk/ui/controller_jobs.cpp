// The controller's database jobs for the visits hall, the video-call roll and the safeguarding
// queue: each runs on the database thread, reads core's read models, and returns the update the
// UI thread applies. A child's identity check itself is app::CheckSession's.
#include <algorithm>

#include "kiosk/ui/controller.hpp"
#include "kiosk/core/errors.hpp"
#include "kiosk/ui/controller_detail.hpp"

namespace kiosk::ui {

IncidentDetail incidentDetailView(core::IncidentDetailView v) {
    IncidentDetail d;
    d.row = std::move(v.row);
    d.check = std::move(v.check);
    if (d.check) d.evidence = app::decodeJpeg(d.check->evidence.evidence_jpeg);
    d.officer = std::move(v.officer);
    d.snapshot = app::decodeJpeg(v.snapshot_jpeg);
    d.images = imageViews(v.images);
    d.notifications = std::move(v.notifications);
    d.notices = std::move(v.notices);
    d.access = v.access;
    d.next_arrangement_review = v.next_arrangement_review;
    d.contact = std::move(v.contact);
    d.appeals = std::move(v.appeals);
    return d;
}

void Controller::loadBookings(core::BookingKind kind) {
    if (!state_.user) return;
    post("loading today's bookings", [kind, user = *state_.user](core::Records& r) -> StateUpdate {
        auto rows = r.bookingViews(user, r.today(), kind);
        return [kind, rows = std::move(rows)](AppState& s) {
            if (kind == core::BookingKind::Visit) {
                s.visits.bookings = rows;
                s.visits.loaded = true;
            } else {
                s.video.calls = rows;
                s.video.loaded = true;
            }
        };
    });
}

void Controller::suspendCall(const std::string& reason) {
    if (!state_.user || !state_.video.call) return;
    const core::Id call = *state_.video.call;
    vision_.stop();
    state_.video.monitoring = false;
    // A child's check open now is left first (an abandoned attempt, recorded before the
    // suspension); the suspension itself is an incident on the call, never a made-up check.
    if (check_video_) leaveCheck();
    // What the in-call monitor saw of an unknown face goes with the incident as evidence.
    const cv::Mat snapshot = state_.video.alerts.empty() ? cv::Mat() : state_.video.alerts.front().snapshot;
    post("suspending the call", [user = *state_.user, call, station = state_.station, reason, snapshot](core::Records& r) -> StateUpdate {
        const core::CheckResult res = r.suspendCall(user, call, station, reason, snapshotJpeg(snapshot));
        std::string next = res.refused ? "Not recorded: " + res.refusal
                                       : app::whatHappensNext(res, core::BookingKind::VideoCall, "");
        return [next](AppState& s) { s.video.call_message = next; };
    });
    loadBookings(core::BookingKind::VideoCall);
}

void Controller::runSession(core::Id booking_id, bool start) {
    if (!state_.user) return;
    const bool video = state_.screen == ScreenId::VideoCall;
    // Core decides whether it may start (every child confirmed, nobody blocked since); a refusal
    // comes back as the sentence to show, and nothing was recorded.
    post(start ? "starting" : "ending", [user = *state_.user, booking_id, start, video](core::Records& r) -> StateUpdate {
        std::string refusal;
        try {
            if (start) r.startSession(user, booking_id);
            else r.endSession(user, booking_id);
        } catch (const core::RuleRefusal& e) {
            refusal = e.what();
        }
        return [refusal, start, video, booking_id](AppState& s) {
            std::string& message = video ? s.video.call_message : s.visits.message;
            message = refusal.empty() ? "" : "Not started: " + refusal;
            if (!refusal.empty() || !video) return;
            if (start && s.video.call == booking_id) s.video.monitoring = true;
            if (!start) s.video.monitoring = false;
        };
    });
    if (video && start) startMonitor();
    if (video && !start) vision_.stop();
    loadBookings(video ? core::BookingKind::VideoCall : core::BookingKind::Visit);
}

void Controller::startMonitor() {
    if (!state_.user || !state_.video.call) return;
    const core::Id call = *state_.video.call;
    auto b = std::find_if(state_.video.calls.begin(), state_.video.calls.end(),
                          [&](const BookingView& v) { return v.row.booking.id == call; });
    if (b == state_.video.calls.end()) return;
    std::vector<core::Child> children;
    for (const auto& ch : b->children) children.push_back(ch.child);
    state_.video.alerts.clear();
    state_.video.alert_records.clear();
    if (check_video_) leaveCheck();
    // Queued behind the start: the monitor runs only once core has recorded the call as started.
    post("loading the faces expected on the call", [user = *state_.user, call, children, vision = &vision_](core::Records& r) -> StateUpdate {
        if (r.session(user, call).state != core::SessionState::InProgress) return {};
        std::vector<OtherChildFace> known;
        for (const auto& c : children)
            for (auto& d : r.viewReferences(user, c.id)) known.push_back({c.fullName(), std::move(d.descriptor)});
        return [known = std::move(known), vision](AppState& s) mutable {
            if (s.video.monitoring) vision->startMonitor(std::move(known));
        };
    });
}

void Controller::loadSafeguarding() {
    if (!state_.user) return;
    post("loading the incidents queue", [filter = state_.safeguarding.filter, user = *state_.user](core::Records& r) -> StateUpdate {
        std::vector<IncidentRow> rows;
        for (auto& row : r.incidentRows(user, filter == IncidentFilter::Open))
            if (filter != IncidentFilter::Closed || !row.incident.open) rows.push_back(std::move(row));
        auto overdue = r.overdue(user);
        auto unack = r.notifications(user, true);
        return [rows = std::move(rows), overdue = std::move(overdue), unack = std::move(unack), now = r.now()](AppState& s) {
            s.now = now;
            s.safeguarding.incidents = rows;
            s.safeguarding.overdue = overdue;
            s.safeguarding.unacknowledged = unack;
            s.safeguarding.loaded = true;
        };
    });
}

void Controller::loadReview(core::Id review_id) {
    if (!state_.user) return;
    state_.safeguarding.review_message.clear();
    post("opening the review", [review_id, user = *state_.user](core::Records& r) -> StateUpdate {
        auto v = r.reviewDetail(user, review_id);
        if (!v) return [](AppState& s) { s.safeguarding.detail.reset(); };
        return [d = incidentDetailView(std::move(*v))](AppState& s) { s.safeguarding.detail = d; };
    });
}

void Controller::loadIncident(core::Id id) {
    const auto& rows = state_.safeguarding.incidents;
    auto it = std::find_if(rows.begin(), rows.end(), [&](const IncidentRow& r) { return r.incident.id == id; });
    if (it == rows.end() || !state_.user) return;
    state_.safeguarding.review_message.clear();
    post("opening the incident", [id, user = *state_.user](core::Records& r) -> StateUpdate {
        auto d = r.incidentDetail(user, id);
        if (!d) return {};
        return [d = incidentDetailView(std::move(*d))](AppState& s) { s.safeguarding.detail = d; };
    });
}

}  // namespace kiosk::ui
