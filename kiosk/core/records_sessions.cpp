// Records: the contact session of a booking (start, end, suspend), every attempt at a child's
// check, and what contact a prisoner may have now. The rules are contact_session.hpp's; this file
// reads the facts and applies a transition inside the transaction that records it.
#include "kiosk/core/errors.hpp"
#include "kiosk/core/records.hpp"

namespace core {
namespace {

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// A child's attempts at this booking: how many, and the status the latest decision left.
void countAttempts(ExpectedChild& ec, const std::vector<CheckAttempt>& attempts) {
    for (const auto& a : attempts) {
        if (a.child_id != ec.child_id) continue;
        ++ec.attempts;
        if (a.decision) ec.status = statusAfter(*a.decision);
    }
}

Operation runOperation(BookingKind kind) {
    return kind == BookingKind::Visit ? Operation::RunVisit : Operation::RunVideoCall;
}

}  // namespace

Id Records::prisonerIdFrom(const std::string& text) {
    std::optional<Prisoner> p = repo_.prisonerByNumber(text);
    if (!p && !text.empty() && text.find_first_not_of("0123456789") == std::string::npos)
        p = repo_.prisoner(std::stoll(text));
    if (!p) throw NotFoundError("no prisoner '" + text + "'");
    return p->id;
}

Booking Records::requireBooking(Id id) {
    auto b = repo_.booking(id);
    if (!b) throw NotFoundError("no booking " + std::to_string(id));
    return *b;
}

std::optional<Id> Records::blockingReviewOf(Id prisoner_id) {
    const auto open = repo_.openReviewOf(prisoner_id);
    return open && open->blocks_contact ? std::optional<Id>(open->id) : std::nullopt;
}

SessionFacts Records::factsOf(const Booking& b) {
    return factsOf(b, repo_.arrangementsOfPrisoner(b.prisoner_id), blockingReviewOf(b.prisoner_id));
}

SessionFacts Records::factsOf(const Booking& b, const std::vector<Arrangement>& arrangements, std::optional<Id> blocking) {
    SessionFacts f;
    f.booking_id = b.id;
    f.kind = b.kind;
    const auto attempts = repo_.attemptsOf(b.id);
    std::vector<ChildCheckStatus> statuses;
    for (const Id cid : b.children) {
        ExpectedChild ec;
        ec.child_id = cid;
        const auto child = repo_.child(cid);
        ec.name = child ? child->fullName() : "child " + std::to_string(cid);
        countAttempts(ec, attempts);
        if (child) ec.eligibility = checkInEligibility(b, *child, arrangements, blocking);
        else ec.eligibility.reason = "child " + std::to_string(cid) + " is not on record";
        statuses.push_back(ec.status);
        f.children.push_back(std::move(ec));
    }
    f.state = stateFrom(b, attempts, statuses);
    return f;
}

SessionState Records::sessionStateOf(const Booking& b) {
    const auto attempts = repo_.attemptsOf(b.id);
    std::vector<ChildCheckStatus> statuses;
    for (const Id cid : b.children) {
        ExpectedChild ec;
        ec.child_id = cid;
        countAttempts(ec, attempts);
        statuses.push_back(ec.status);
    }
    return stateFrom(b, attempts, statuses);
}

SessionState Records::stateFrom(const Booking& b, const std::vector<CheckAttempt>& attempts,
                                const std::vector<ChildCheckStatus>& statuses) {
    const auto rec = repo_.session(b.id);
    return deriveState(b.kind, b.status, rec.has_value(), rec && rec->ended_at, statuses, !attempts.empty());
}

SessionView Records::viewOf(const Booking& b) {
    SessionFacts f = factsOf(b);
    SessionView v;
    v.booking = b;
    if (const auto p = repo_.prisoner(b.prisoner_id)) {
        v.prison_number = p->prison_number;
        v.prisoner_name = p->fullName();
    }
    v.state = f.state;
    v.children = std::move(f.children);
    v.record = repo_.session(b.id);
    v.blocking_review = blockingReviewOf(b.prisoner_id);
    return v;
}

SessionView Records::session(const User& by, Id booking_id) {
    authorise(by, Operation::ViewBookings);
    return viewOf(requireBooking(booking_id));
}

SessionView Records::startSession(const User& by, Id booking_id) {
    authorise(by, runOperation(requireBooking(booking_id).kind));
    std::string refusal;
    repo_.inTransaction([&] {
        const Booking b = requireBooking(booking_id);
        const SessionTransition t = transition(factsOf(b), {SessionEventKind::Start});
        if (!t.allowed) {
            refusal = t.refusal;
            return;
        }
        repo_.startSession(booking_id, by.id, now());
        audit(by.username, "session.start", "bookings", booking_id, contactWords(b.kind) + " started");
    });
    if (!refusal.empty()) {
        repo_.appendAuditCommitted({now(), by.username, "session.start_refused", "bookings", booking_id, refusal});
        throw RuleRefusal(refusal);
    }
    return viewOf(requireBooking(booking_id));
}

SessionView Records::endSession(const User& by, Id booking_id) {
    authorise(by, runOperation(requireBooking(booking_id).kind));
    std::string refusal;
    repo_.inTransaction([&] {
        const Booking b = requireBooking(booking_id);
        const SessionTransition t = transition(factsOf(b), {SessionEventKind::End});
        if (!t.allowed) {
            refusal = t.refusal;
            return;
        }
        repo_.endSession(booking_id, by.id, now());
        repo_.setBookingStatus(booking_id, BookingStatus::Completed);
        audit(by.username, "session.end", "bookings", booking_id, contactWords(b.kind) + " ended");
    });
    if (!refusal.empty()) throw RuleRefusal(refusal);
    return viewOf(requireBooking(booking_id));
}

CheckResult Records::suspendCall(const User& by, Id booking_id, const std::string& station, const std::string& reason,
                                 const std::vector<std::uint8_t>& snapshot_jpeg) {
    authorise(by, Operation::RunVideoCall);
    if (requireBooking(booking_id).kind != BookingKind::VideoCall)
        throw InputError("booking " + std::to_string(booking_id) + " is a visit: a visit is refused at a child's check");
    if (blank(reason)) throw InputError("suspending a call needs the reason (what was seen or heard)");
    requireJpegOrNothing(snapshot_jpeg);
    CheckResult r;
    r.decision = Decision::NotConfident;
    repo_.inTransaction([&] {
        const Booking b = requireBooking(booking_id);
        const SessionTransition t = transition(factsOf(b), {SessionEventKind::Suspend});
        if (!t.allowed) {
            r.refused = true;
            r.refusal = t.refusal;
            return;
        }
        Incident inc;
        inc.kind = IncidentKind::CallSuspended;
        inc.prisoner_id = b.prisoner_id;
        inc.booking_id = booking_id;
        inc.details = "Call suspended at station " + station + ": " + reason;
        refuseContact(by, b, inc, r, station);
        if (!snapshot_jpeg.empty()) repo_.setIncidentSnapshot(*r.incident_id, snapshot_jpeg);
        r.session = t.next;
        audit(by.username, "call.suspend", "bookings", booking_id,
              "incident " + std::to_string(*r.incident_id) + (snapshot_jpeg.empty() ? "" : ", with snapshot"));
    });
    if (r.refused)
        repo_.appendAuditCommitted({now(), by.username, "call.suspend_refused", "bookings", booking_id, r.refusal});
    return r;
}

void Records::refuseContact(const User& by, const Booking& booking, Incident inc, CheckResult& r,
                            const std::string& station) {
    const BookingStatus status =
        booking.kind == BookingKind::Visit ? BookingStatus::Refused : BookingStatus::Suspended;
    repo_.setBookingStatus(booking.id, status);
    audit(by.username, "booking.status", "bookings", booking.id, std::string(name(status)));
    r.incident_id = raiseIncident(by, inc, station);
    for (const auto& n : repo_.notificationsOf(*r.incident_id)) {
        r.notification_ids.push_back(n.id);
        r.notified.push_back(n.recipient);
    }
    // One open review per prisoner: a refusal joins the review already open, and a scheduled
    // review it joins now blocks contact too.
    if (auto open = repo_.openReviewOf(booking.prisoner_id)) {
        r.review_id = open->id;
        if (!open->blocks_contact) {
            open->blocks_contact = true;
            repo_.updateReview(*open);
            audit(by.username, "review.blocks", "reviews", open->id,
                  "after incident " + std::to_string(*r.incident_id) + ": contact blocked until completed");
        }
    } else {
        Review rv;
        rv.prisoner_id = booking.prisoner_id;
        rv.opened_by = ReviewTrigger::Incident;
        rv.opened_incident_id = r.incident_id;
        rv.opened_at = now();
        r.review_id = repo_.addReview(rv);
        audit(by.username, "review.open", "reviews", r.review_id,
              "prisoner " + std::to_string(booking.prisoner_id) + " after incident " + std::to_string(*r.incident_id));
    }
    repo_.setIncidentReview(*r.incident_id, *r.review_id);
}

Id Records::recordAbandonedAttempt(const User& by, const CheckRequest& req, const FaceEvidence& evidence) {
    authorise(by, checkOperation(req.booking_id));
    Id id = 0;
    std::string refusal;
    repo_.inTransaction([&] {
        const Booking b = requireBooking(req.booking_id);
        const SessionFacts facts = factsOf(b);
        const SessionTransition t = transition(facts, {SessionEventKind::Abandon, req.child_id});
        if (!t.allowed) {
            refusal = t.refusal;
            return;
        }
        const int attempt = expectedChild(facts, req.child_id)->attempts + 1;  // allowed: the child is expected
        CheckAttempt a;
        a.abandoned = true;
        a.booking_id = req.booking_id;
        a.child_id = req.child_id;
        a.station = req.station;
        a.officer_id = by.id;
        a.at = now();
        a.evidence = evidence;
        a.evidence.evidence_jpeg.clear();
        a.attempt = attempt;
        id = repo_.addAbandonedAttempt(a);
        audit(by.username, "check.abandoned", "abandoned_attempts", id,
              "booking " + std::to_string(req.booking_id) + " child " + std::to_string(req.child_id) + " attempt " +
                  std::to_string(attempt) + " band " + std::string(name(evidence.band)) + ": left without a decision");
    });
    if (!refusal.empty()) throw RuleRefusal(refusal);
    return id;
}

std::vector<CheckAttempt> Records::attempts(const User& by, Id booking_id) {
    authorise(by, Operation::ViewAttempts);
    requireBooking(booking_id);
    return repo_.attemptsOf(booking_id);
}

std::vector<ContactRow> Records::contactArrangements(const User& by, Id prisoner_id) {
    authorise(by, Operation::ViewArrangements);
    if (!repo_.prisoner(prisoner_id)) throw NotFoundError("no prisoner " + std::to_string(prisoner_id));
    const auto blocking = blockingReviewOf(prisoner_id);
    std::vector<ContactRow> rows;
    for (auto& a : repo_.arrangementsOfPrisoner(prisoner_id)) {
        ContactRow row;
        if (auto c = repo_.child(a.child_id)) row.child = *c;
        for (const auto type : {ContactType::Visit, ContactType::VideoCall, ContactType::Phone, ContactType::Letter})
            row.status[type] = contactStatus(a, type, blocking.has_value());
        row.blocking_review = blocking;
        row.arrangement = std::move(a);
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace core
