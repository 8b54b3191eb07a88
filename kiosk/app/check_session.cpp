#include "kiosk/app/check_session.hpp"

#include <chrono>
#include <type_traits>


namespace kiosk::app {
namespace {

std::string recipientName(core::RecipientRole r) {
    switch (r) {
    case core::RecipientRole::SafeguardingLead: return "the safeguarding lead";
    case core::RecipientRole::DutyGovernor: return "the duty governor";
    case core::RecipientRole::ProbationOmuManager: return "the probation OMU managers";
    }
    return "";
}

}  // namespace

std::vector<ApprovedImageView> imageViews(const std::vector<core::ApprovedImageWithAge>& images) {
    std::vector<ApprovedImageView> out;
    for (const auto& [img, age] : images) {
        ApprovedImageView v;
        v.id = img.id;
        v.taken = img.date_taken;
        v.provided_by = img.provided_by;
        v.age = age;
        v.chip = decodeJpeg(img.chip_jpeg);
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

std::string whatHappensNext(const core::CheckResult& res, core::BookingKind kind, const std::string& child) {
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

CheckSession::CheckSession(CheckSubject s, core::User officer, std::string station, std::uint64_t token, DbWorker& db,
                           VisionWorker& vision, OnRecorded on_recorded)
    : officer_(std::move(officer)), station_(std::move(station)), db_(db), vision_(vision),
      on_recorded_(std::move(on_recorded)) {
    view_.token = token;
    view_.booking_id = s.booking_id;
    view_.child_id = s.child_id;
    view_.prisoner_id = s.prisoner_id;
    view_.kind = s.kind;
    view_.child_name = std::move(s.child_name);
    view_.child_ref = std::move(s.child_ref);
    view_.prisoner_name = std::move(s.prisoner_name);
    view_.booking_time = std::move(s.booking_time);
    view_.attempt = s.attempt;
}

std::shared_ptr<CheckSession> CheckSession::open(CheckSubject subject, core::User officer, std::string station,
                                                 std::uint64_t token, DbWorker& db, VisionWorker& vision,
                                                 OnRecorded on_recorded) {
    std::shared_ptr<CheckSession> s(
        new CheckSession(std::move(subject), std::move(officer), std::move(station), token, db, vision, std::move(on_recorded)));
    vision.stop();  // whatever the vision thread was doing belongs to a screen the officer left
    const bool liveness = s->view_.kind == core::BookingKind::VideoCall;  // a blink or head turn first
    db.post(
        "opening the child's approved images",
        [weak = std::weak_ptr<CheckSession>(s), gate = s->gate_, user = s->officer_, booking = s->view_.booking_id,
         child = s->view_.child_id, token, liveness, &vision](core::Records& r) -> Completion {
            core::CheckContext ctx = r.checkContext(user, booking, child);
            const bool comparable = ctx.eligibility.allowed && !ctx.approved.empty();
            if (comparable) {
                CheckJob job;
                job.token = token;
                job.liveness = liveness;
                job.refs = std::move(ctx.approved);
                job.others = std::move(ctx.others);
                // From here, not via the UI thread: the live check starts as soon as the records
                // allow it. The gate keeps a check the officer already left from starting.
                std::lock_guard lock(gate->m);
                if (gate->open) vision.startCheck(std::move(job));
            }
            return [weak, eligibility = std::move(ctx.eligibility), comparable, images = imageViews(ctx.images)]() mutable {
                if (auto self = weak.lock()) self->loaded(eligibility, comparable, std::move(images));
            };
        },
        [weak = std::weak_ptr<CheckSession>(s)] {
            // The records could not be read: say so in the check itself, not a dead "Loading".
            if (auto self = weak.lock(); self && self->state_ == State::Loading) {
                self->state_ = State::Refused;
                self->view_.phase = CheckView::Phase::Refused;
                self->view_.refusal = "the child's records could not be read: see the message above, then try again";
                self->changed();
            }
        });
    return s;
}

void CheckSession::loaded(const core::Eligibility& eligibility, bool comparable, std::vector<ApprovedImageView> images) {
    if (state_ != State::Loading) return;
    view_.images = std::move(images);
    if (!eligibility.allowed) {
        state_ = State::Refused;
        view_.refusal = eligibility.reason;
    } else if (!comparable) {
        state_ = State::Refused;
        view_.refusal = "no approved images on file for this child: an administrator must enrol one";
    } else {
        state_ = State::Live;  // the vision thread's check was started by the opening job
    }
    view_.phase = state_ == State::Live ? CheckView::Phase::Live : CheckView::Phase::Refused;
    changed();
}

bool CheckSession::onVision(const VisionEvent& event) {
    if (const auto* live = std::get_if<LiveFace>(&event)) {
        if (live->token != view_.token) return false;
        if (state_ == State::Live) {
            view_.live = *live;
            changed();
        }
        return true;
    }
    if (const auto* o = std::get_if<CheckOutcome>(&event)) {
        if (o->token != view_.token) return false;
        if (state_ != State::Live) return true;
        if (o->tapped_at)
            view_.tap_to_result_ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - *o->tapped_at).count();
        view_.outcome = *o;
        state_ = State::Result;
        view_.phase = CheckView::Phase::Result;
        vision_.stop();
        changed();
        return true;
    }
    return false;
}

void CheckSession::captureNow() {
    if (state_ == State::Live) vision_.captureNow(view_.token, std::chrono::steady_clock::now());
}

core::FaceEvidence CheckSession::evidence() const {
    if (!view_.outcome) {
        core::FaceEvidence ev;
        ev.quality_issues = {"no face comparison was made"};
        if (view_.live) {  // what the live view was prompting when the officer left
            ev.faces = static_cast<int>(view_.live->faces.size());
            ev.quality_issues.insert(ev.quality_issues.end(), view_.live->prompts.begin(), view_.live->prompts.end());
        }
        return ev;
    }
    return view_.outcome->evidence;
}

void CheckSession::decide(core::Decision decision, const std::string& reason) {
    if (state_ != State::Result) return;
    state_ = State::Recording;
    view_.recording = true;
    view_.decided = decision;
    changed();
    core::CheckRequest req;
    req.booking_id = view_.booking_id;
    req.child_id = view_.child_id;
    req.station = station_;
    req.decision = decision;
    req.reason = reason;
    db_.post(
        "recording the decision",
        [weak = weak_from_this(), user = officer_, req, ev = evidence(), kind = view_.kind,
         child = view_.child_name](core::Records& r) -> Completion {
            const core::CheckResult res = r.recordCheck(user, req, ev);
            std::string next = res.refused ? "Not recorded: " + res.refusal : whatHappensNext(res, kind, child);
            return [weak, res, next] {
                auto self = weak.lock();
                if (!self || self->state_ != State::Recording) return;
                self->state_ = State::Recorded;
                self->view_.recording = false;
                self->view_.phase = CheckView::Phase::Recorded;
                self->view_.next_steps = next;
                self->changed();
                if (self->on_recorded_) self->on_recorded_(res, next);
            };
        },
        [weak = weak_from_this()] {
            // Nothing was recorded: back to the result, the decision buttons work again.
            if (auto self = weak.lock(); self && self->state_ == State::Recording) {
                self->state_ = State::Result;
                self->view_.recording = false;
                self->changed();
            }
        });
}

void CheckSession::raiseWelfareConcern(const std::string& details) {
    if (view_.welfare_raised) return;
    view_.welfare_raised = true;
    changed();
    db_.post("raising the welfare concern",
             [weak = weak_from_this(), user = officer_, prisoner = view_.prisoner_id, booking = view_.booking_id,
              child = view_.child_id, details](core::Records& r) -> Completion {
                 const core::Id incident = r.raiseWelfareConcern(user, prisoner, booking, child, details);
                 std::string text = "Welfare concern recorded (incident " + std::to_string(incident) + ")." +
                                    notifiedText(core::recipientsFor(core::IncidentKind::WelfareConcern));
                 return [weak, text] {
                     if (auto self = weak.lock()) {
                         self->view_.next_steps = (self->view_.next_steps.empty() ? "" : self->view_.next_steps + "\n") + text;
                         self->changed();
                     }
                 };
             },
             [weak = weak_from_this()] {
                 if (auto self = weak.lock()) {
                     self->view_.welfare_raised = false;  // not recorded: the officer can raise it again
                     self->changed();
                 }
             });
}

void CheckSession::leave() {
    std::lock_guard lock(gate_->m);
    if (!gate_->open) return;
    gate_->open = false;
    // Stopped under the gate: an opening job still on the database thread cannot start it again.
    vision_.stop();
    if (state_ != State::Live && state_ != State::Result) return;
    core::CheckRequest req;
    req.booking_id = view_.booking_id;
    req.child_id = view_.child_id;
    req.station = station_;
    db_.post("recording the check left without a decision",
             [user = officer_, req, ev = evidence()](core::Records& r) -> Completion {
                 r.recordAbandonedAttempt(user, req, ev);
                 return {};
             });
}

}  // namespace kiosk::app
