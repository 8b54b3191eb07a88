// The controller's database jobs: each runs on the database thread, calls core::Records, and
// returns the update the UI thread applies. Words for "what happens next" are built here from
// what core recorded (incident, review, notifications), never decided here.
#include <algorithm>

#include <opencv2/imgcodecs.hpp>

#include "kiosk/ui/controller.hpp"
#include "kiosk/ui/controller_detail.hpp"

namespace kiosk::ui {
namespace {

cv::Mat decode(const std::vector<std::uint8_t>& jpeg) {
    if (jpeg.empty()) return {};
    return cv::imdecode(jpeg, cv::IMREAD_COLOR);
}

std::string recipientName(core::RecipientRole r) {
    switch (r) {
    case core::RecipientRole::SafeguardingLead: return "the safeguarding lead";
    case core::RecipientRole::DutyGovernor: return "the duty governor";
    case core::RecipientRole::ProbationOmuManager: return "the probation OMU managers";
    }
    return "";
}

std::string whatHappensNext(const core::CheckResult& res, core::BookingKind kind,
                            const std::string& child) {
    const bool visit = kind == core::BookingKind::Visit;
    std::string text;
    if (res.decision == core::Decision::Confirmed) {
        text = "Identity confirmed and recorded (check " + std::to_string(res.check_id) + "). " + child +
               (visit ? " may go through to the visit." : " may stay on the call.");
    } else if (res.decision == core::Decision::NotConfident) {
        text = visit ? "The visit is not to go ahead." : "The video call is suspended.";
    } else {
        text = "Override recorded: the officer decided to proceed despite the result.";
    }
    if (res.incident_id) text += " Incident " + std::to_string(*res.incident_id) + " recorded.";
    if (res.review_id)
        text += " Contact arrangements review " + std::to_string(*res.review_id) +
                " opened: the prisoner's visits and video calls with children are blocked until it is completed.";
    if (res.incident_id) text += notifiedText(res.notified);
    return text;
}

core::FaceEvidence evidenceOf(const CheckView& c) {
    core::FaceEvidence ev;
    if (!c.outcome) {
        ev.quality_issues = {"no face comparison was made"};
        return ev;
    }
    return c.outcome->evidence;
}

}  // namespace

std::vector<ApprovedImageView> imagesOf(core::Records& r, const core::User& by, const core::Child& child, bool with_chips) {
    std::vector<ApprovedImageView> out;
    for (const auto& img : r.approvedImages(by, child.id, with_chips)) {
        ApprovedImageView v;
        v.id = img.id;
        v.taken = img.date_taken;
        v.provided_by = img.provided_by;
        v.age = core::assessImageAge(child.date_of_birth, img.date_taken, r.today());
        if (with_chips) v.chip = decode(img.chip_jpeg);
        out.push_back(std::move(v));
    }
    return out;
}

std::string notifiedText(const std::vector<core::RecipientRole>& ns) {
    std::string out;
    for (std::size_t i = 0; i < ns.size(); ++i)
        out += (i == 0 ? "" : i + 1 == ns.size() ? " and " : ", ") + recipientName(ns[i]);
    return out.empty() ? "" : " Notified: " + out + ".";
}

IncidentRow incidentRow(core::Records& r, const core::User& by, core::Incident i) {
    auto& repo = r.repository();  // names and the linked review, read once core allowed the incident
    IncidentRow row;
    if (auto p = repo.prisoner(i.prisoner_id)) row.prisoner = p->prison_number + " " + p->fullName();
    if (i.child_id)
        if (auto c = repo.child(*i.child_id)) row.child = c->fullName();
    if (auto u = repo.user(i.raised_by)) row.raised_by = u->display_name;
    if (i.review_id)
        for (auto& rv : r.reviews(by, false))
            if (rv.id == *i.review_id) row.review = rv;
    row.incident = std::move(i);
    return row;
}

IncidentDetail incidentDetail(core::Records& r, const core::User& by, IncidentRow row) {
    auto& repo = r.repository();  // names, read once core allowed the evidence
    IncidentDetail d;
    if (row.incident.check_id) d.check = r.recordedCheck(by, *row.incident.check_id);
    if (d.check) {
        d.evidence = decode(d.check->evidence.evidence_jpeg);
        if (auto u = repo.user(d.check->officer_id)) d.officer = u->display_name;
    }
    if (row.incident.snapshot_bytes > 0) d.snapshot = decode(r.incidentSnapshot(by, row.incident.id));
    if (row.incident.child_id)
        if (auto c = repo.child(*row.incident.child_id)) d.images = imagesOf(r, by, *c, true);
    d.notifications = r.notificationsOf(by, row.incident.id);
    for (const auto& a : repo.arrangementsOfPrisoner(row.incident.prisoner_id))
        if (!d.next_arrangement_review || a.next_review_due < *d.next_arrangement_review)
            d.next_arrangement_review = a.next_review_due;
    d.row = std::move(row);
    return d;
}

void Controller::loadBookings(core::BookingKind kind) {
    if (!state_.user) return;
    db_.post("loading today's bookings", [kind, user = *state_.user](core::Records& r) -> StateUpdate {
        std::vector<BookingView> rows;
        for (auto& row : r.bookingsOn(user, r.today())) {
            if (row.booking.kind != kind) continue;
            BookingView v;
            for (core::Id cid : row.booking.children)
                if (auto c = r.repository().child(cid)) v.children.push_back({*c, r.eligibility(user, row.booking.id, cid)});
            v.row = std::move(row);
            rows.push_back(std::move(v));
        }
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

void Controller::openCheck(core::Id booking_id, core::Id child_id) {
    if (!state_.user) return;
    const bool video = state_.screen == ScreenId::VideoCall;
    const auto& list = video ? state_.video.calls : state_.visits.bookings;
    const auto b = std::find_if(list.begin(), list.end(), [&](const BookingView& v) { return v.row.booking.id == booking_id; });
    if (b == list.end()) return;
    CheckView c;
    c.token = next_token_++;
    c.booking_id = booking_id;
    c.child_id = child_id;
    c.prisoner_id = b->row.booking.prisoner_id;
    c.kind = b->row.booking.kind;
    c.prisoner_name = b->row.prisoner_name + " (" + b->row.prison_number + ")";
    c.booking_time = b->row.booking.time;
    for (const auto& ch : b->children)
        if (ch.child.id == child_id) {
            c.child_name = ch.child.fullName();
            c.child_ref = ch.child.ref;
        }
    (video ? state_.video.check : state_.visits.check) = c;
    vision_.stop();
    db_.post("opening the child's approved images",
             [user = *state_.user, c, video, vision = &vision_](core::Records& r) -> StateUpdate {
                 const core::Eligibility e = r.eligibility(user, c.booking_id, c.child_id);
                 if (!e.allowed) {
                     return [token = c.token, video, reason = e.reason](AppState& s) {
                         auto& check = video ? s.video.check : s.visits.check;
                         if (!check || check->token != token) return;
                         check->phase = CheckView::Phase::Refused;
                         check->refusal = reason;
                     };
                 }
                 const auto child = r.repository().child(c.child_id);
                 CheckJob job;
                 job.token = c.token;
                 job.liveness = video;
                 for (auto& d : r.viewReferences(user, c.child_id)) job.refs.push_back({d.image_id, std::move(d.descriptor)});
                 for (auto& e2 : r.allActiveImages(user))
                     if (e2.child.id != c.child_id) job.others.push_back({e2.child.fullName(), std::move(e2.image.descriptor)});
                 auto images = imagesOf(r, user, *child, true);
                 return [job = std::move(job), images = std::move(images), video, vision](AppState& s) mutable {
                     auto& check = video ? s.video.check : s.visits.check;
                     if (!check || check->token != job.token) return;  // the officer moved on
                     check->images = std::move(images);
                     if (job.refs.empty()) {
                         check->phase = CheckView::Phase::Refused;
                         check->refusal = "no approved images on file for this child: an administrator must enrol one";
                         return;
                     }
                     check->phase = CheckView::Phase::Live;
                     vision->startCheck(std::move(job));
                 };
             });
}

void Controller::decide(core::Decision decision, const std::string& reason) {
    CheckView* c = currentCheck();
    if (!c || !state_.user || c->recording || c->phase != CheckView::Phase::Result) return;
    c->recording = true;
    c->decided = decision;
    core::CheckRequest req;
    req.booking_id = c->booking_id;
    req.child_id = c->child_id;
    req.station = state_.station;
    req.decision = decision;
    req.reason = reason;
    const bool video = state_.screen == ScreenId::VideoCall;
    db_.post("recording the decision", [user = *state_.user, req, ev = evidenceOf(*c), token = c->token, kind = c->kind,
                                        child = c->child_name, video](core::Records& r) -> StateUpdate {
        const core::CheckResult res = r.recordCheck(user, req, ev);
        std::string next = res.refused ? "Not recorded: " + res.refusal : whatHappensNext(res, kind, child);
        return [token, video, next, res](AppState& s) {
            auto& check = video ? s.video.check : s.visits.check;
            if (!check || check->token != token) return;
            check->recording = false;
            check->phase = CheckView::Phase::Recorded;
            check->next_steps = next;
            if (video && res.decision == core::Decision::Confirmed) s.video.confirmed_children.push_back(check->child_id);
            if (video && res.decision == core::Decision::NotConfident) s.video.call_message = next;
        };
    });
    loadBookings(c->kind);
}

void Controller::suspendCall(const std::string& reason) {
    if (!state_.user || !state_.video.call) return;
    const core::Id call = *state_.video.call;
    auto b = std::find_if(state_.video.calls.begin(), state_.video.calls.end(),
                          [&](const BookingView& v) { return v.row.booking.id == call; });
    if (b == state_.video.calls.end() || b->children.empty()) return;
    vision_.stop();
    state_.video.monitoring = false;
    // The child being checked (with the comparison so far), else the first child on the call.
    core::CheckRequest req;
    req.booking_id = call;
    req.child_id = state_.video.check ? state_.video.check->child_id : b->children.front().child.id;
    req.station = state_.station;
    req.decision = core::Decision::NotConfident;
    req.reason = reason;
    const core::FaceEvidence ev = state_.video.check ? evidenceOf(*state_.video.check) : core::FaceEvidence{};
    db_.post("suspending the call", [user = *state_.user, req, ev](core::Records& r) -> StateUpdate {
        const core::CheckResult res = r.recordCheck(user, req, ev);
        std::string next = res.refused ? "Not recorded: " + res.refusal
                                       : whatHappensNext(res, core::BookingKind::VideoCall, "");
        return [next](AppState& s) {
            s.video.call_message = next;
            s.video.check.reset();
        };
    });
    loadBookings(core::BookingKind::VideoCall);
}

void Controller::raiseWelfareConcern(const std::string& details) {
    CheckView* c = currentCheck();
    if (!c || !state_.user || c->welfare_raised) return;
    c->welfare_raised = true;
    const bool video = state_.screen == ScreenId::VideoCall;
    db_.post("raising the welfare concern", [user = *state_.user, prisoner = c->prisoner_id, booking = c->booking_id,
                                             child = c->child_id, details, token = c->token, video](core::Records& r) -> StateUpdate {
        const core::Id incident = r.raiseWelfareConcern(user, prisoner, booking, child, details);
        std::string text = "Welfare concern recorded (incident " + std::to_string(incident) + ")." +
                           notifiedText(core::recipientsFor(core::IncidentKind::WelfareConcern));
        return [text, token, video](AppState& s) {
            auto& check = video ? s.video.check : s.visits.check;
            if (check && check->token == token) check->next_steps = (check->next_steps.empty() ? "" : check->next_steps + "\n") + text;
        };
    });
}

void Controller::startMonitor() {
    if (!state_.user || !state_.video.call) return;
    const core::Id call = *state_.video.call;
    auto b = std::find_if(state_.video.calls.begin(), state_.video.calls.end(),
                          [&](const BookingView& v) { return v.row.booking.id == call; });
    if (b == state_.video.calls.end()) return;
    std::vector<core::Child> children;
    for (const auto& ch : b->children) children.push_back(ch.child);
    state_.video.monitoring = true;
    state_.video.alerts.clear();
    state_.video.alert_records.clear();
    state_.video.check.reset();
    db_.post("loading the faces expected on the call", [user = *state_.user, children, vision = &vision_](core::Records& r) -> StateUpdate {
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
    db_.post("loading the incidents queue", [filter = state_.safeguarding.filter, user = *state_.user](core::Records& r) -> StateUpdate {
        std::vector<IncidentRow> rows;
        for (auto& i : r.incidents(user, filter == IncidentFilter::Open)) {
            if (filter == IncidentFilter::Closed && i.open) continue;
            rows.push_back(incidentRow(r, user, std::move(i)));
        }
        std::sort(rows.begin(), rows.end(), [](const IncidentRow& a, const IncidentRow& b) {
            return a.incident.raised_at > b.incident.raised_at;  // newest first
        });
        auto overdue = r.overdue(user);
        auto unack = r.notifications(user, true);
        return [rows = std::move(rows), overdue = std::move(overdue), unack = std::move(unack)](AppState& s) {
            s.safeguarding.incidents = rows;
            s.safeguarding.overdue = overdue;
            s.safeguarding.unacknowledged = unack;
            s.safeguarding.loaded = true;
        };
    });
}

void Controller::loadIncident(core::Id id) {
    const auto& rows = state_.safeguarding.incidents;
    auto it = std::find_if(rows.begin(), rows.end(), [&](const IncidentRow& r) { return r.incident.id == id; });
    if (it == rows.end() || !state_.user) return;
    state_.safeguarding.review_message.clear();
    db_.post("opening the incident", [row = *it, user = *state_.user](core::Records& r) -> StateUpdate {
        auto d = incidentDetail(r, user, row);
        return [d = std::move(d)](AppState& s) { s.safeguarding.detail = d; };
    });
}

}  // namespace kiosk::ui
