// Records: incidents, notifications, reviews and the overdue lists (the safeguarding lead's work).
#include <algorithm>

#include "kiosk/core/errors.hpp"
#include "kiosk/core/records.hpp"

namespace core {
namespace {

std::string contactTypesWords(const std::set<ContactType>& types) {
    std::string out;
    for (const auto t : types) out += (out.empty() ? "" : ", ") + std::string(name(t));
    return out.empty() ? "no contact" : out;
}

// "Mia Patel: visits, phone; Leo Hughes: letters" — kept with the review as what the lead decided.
std::string variationWords(RecordsRepository& repo, const std::vector<std::pair<Arrangement, std::set<ContactType>>>& varied) {
    std::string out;
    for (const auto& [a, types] : varied) {
        const auto child = repo.child(a.child_id);
        out += (out.empty() ? "" : "; ") + (child ? child->fullName() : "child " + std::to_string(a.child_id)) + ": " +
               contactTypesWords(types);
    }
    return out;
}

}  // namespace

Id Records::raiseIncident(const User& by, Incident inc, const std::string& station) {
    inc.raised_by = by.id;
    inc.raised_at = now();
    inc.open = true;
    const Id id = repo_.addIncident(inc);
    inc.id = id;
    audit(by.username, "incident.raise", "incidents", id, std::string(name(inc.kind)));
    for (const RecipientRole role : recipientsFor(inc.kind)) {
        Notification n;
        n.incident_id = id;
        n.recipient = role;
        n.created_at = now();
        n.id = repo_.addNotification(n);
        audit(by.username, "notification.create", "notifications", n.id, std::string(name(role)));
        queueNotice(by, inc, n, station);
    }
    return id;
}

Id Records::raiseWelfareConcern(const User& by, Id prisoner_id, std::optional<Id> booking_id,
                                std::optional<Id> child_id, const std::string& details, const std::string& station) {
    authorise(by, Operation::RaiseWelfareConcern);
    if (!repo_.prisoner(prisoner_id)) throw NotFoundError("no prisoner " + std::to_string(prisoner_id));
    if (booking_id && !repo_.booking(*booking_id)) throw NotFoundError("no booking " + std::to_string(*booking_id));
    if (child_id && !repo_.child(*child_id)) throw NotFoundError("no child " + std::to_string(*child_id));
    if (details.find_first_not_of(" \t\r\n") == std::string::npos)
        throw InputError("a welfare concern needs details of what was seen or heard");
    Incident inc;
    inc.kind = IncidentKind::WelfareConcern;
    inc.prisoner_id = prisoner_id;
    inc.booking_id = booking_id;
    inc.child_id = child_id;
    inc.details = details;
    Id id = 0;
    repo_.inTransaction([&] { id = raiseIncident(by, inc, station); });
    return id;
}

void Records::acknowledge(const User& by, Id notification_id) {
    authorise(by, Operation::AcknowledgeNotification);
    const auto n = repo_.notification(notification_id);
    if (!n) throw NotFoundError("no notification " + std::to_string(notification_id));
    // Each person notified acknowledges their own role's notification; nobody acknowledges for
    // another (the stored role decides, as in authorise()).
    const auto stored = repo_.user(by.id);
    if (!stored || !mayAcknowledge(stored->role, n->recipient)) {
        const std::string refusal = by.username + " is " + (stored ? std::string(name(stored->role)) : "unknown") +
                                    ": only " + recipientWords(n->recipient) +
                                    " may acknowledge a notification sent to " + recipientWords(n->recipient);
        repo_.appendAuditCommitted({now(), by.username, "authz.denied", "notifications", notification_id,
                                    "AcknowledgeNotification: " + refusal});
        throw PermissionError(refusal);
    }
    if (n->acknowledged_at)
        throw InputError("notification " + std::to_string(notification_id) + " was already acknowledged on " +
                         whenWords(*n->acknowledged_at));
    repo_.inTransaction([&] {
        repo_.acknowledgeNotification(notification_id, by.id, now());
        audit(by.username, "notification.acknowledge", "notifications", notification_id,
              std::string(name(n->recipient)));
        const auto inc = repo_.incident(n->incident_id);
        if (inc && inc->open && !incidentClosesWithReview(inc->kind)) {
            bool all = true;
            for (const auto& other : repo_.notificationsOf(inc->id)) all = all && other.acknowledged_at.has_value();
            if (all) {
                repo_.closeIncident(inc->id, now());
                audit(by.username, "incident.close", "incidents", inc->id, "all notifications acknowledged");
            }
        }
    });
}

Review Records::requireReview(Id id) {
    const auto r = repo_.review(id);
    if (!r) throw NotFoundError("no review " + std::to_string(id));
    return *r;
}

Id Records::openReview(const User& by, Id prisoner_id, ReviewTrigger trigger, const std::string& notes) {
    authorise(by, Operation::OpenReview);
    if (!repo_.prisoner(prisoner_id)) throw NotFoundError("no prisoner " + std::to_string(prisoner_id));
    if (const auto open = repo_.openReviewOf(prisoner_id))
        throw InputError("prisoner already has review " + std::to_string(open->id) + " open");
    Review rv;
    rv.prisoner_id = prisoner_id;
    rv.opened_by = trigger;
    rv.opened_at = now();
    rv.notes = notes;
    Id id = 0;
    repo_.inTransaction([&] {
        id = repo_.addReview(rv);
        audit(by.username, "review.open", "reviews", id, std::string(name(trigger)));
    });
    return id;
}

Id Records::openReviewForIncident(const User& by, Id incident_id, const std::string& notes) {
    authorise(by, Operation::OpenReview);
    const auto inc = repo_.incident(incident_id);
    if (!inc) throw NotFoundError("no incident " + std::to_string(incident_id));
    if (inc->review_id) throw InputError("incident " + std::to_string(incident_id) + " already has review " +
                                         std::to_string(*inc->review_id));
    if (const auto open = repo_.openReviewOf(inc->prisoner_id))
        throw InputError("the prisoner already has review " + std::to_string(open->id) +
                         " open: complete it, it covers this incident too");
    Review rv;
    rv.prisoner_id = inc->prisoner_id;
    rv.opened_by = ReviewTrigger::Incident;
    rv.opened_incident_id = incident_id;
    rv.opened_at = now();
    rv.notes = notes;
    Id id = 0;
    repo_.inTransaction([&] {
        id = repo_.addReview(rv);
        repo_.setIncidentReview(incident_id, id);
        audit(by.username, "review.open", "reviews", id, "for incident " + std::to_string(incident_id));
    });
    return id;
}

Review Records::completeReview(const User& by, Id review_id, ReviewOutcome outcome, const std::string& notes,
                               const ReviewVariation& variation) {
    authorise(by, Operation::CompleteReview);
    Review rv = requireReview(review_id);
    if (rv.status != ReviewStatus::Open)
        throw InputError("review " + std::to_string(review_id) + " is already completed");
    // A varied outcome says what changes, per child; the other outcomes change every arrangement.
    std::vector<std::pair<Arrangement, std::set<ContactType>>> varied;
    if (outcome == ReviewOutcome::Varied) {
        if (variation.allowed.empty())
            throw InputError("a varied outcome must say which contact types each child's arrangement now allows");
        const auto arrangements = repo_.arrangementsOfPrisoner(rv.prisoner_id);
        for (const auto& entry : variation.allowed) {
            const Id child_id = entry.first;  // not a structured binding: clang 14 cannot capture one
            const auto& types = entry.second;
            const auto a = std::find_if(arrangements.begin(), arrangements.end(),
                                        [child_id](const Arrangement& x) { return x.child_id == child_id; });
            if (a == arrangements.end())
                throw InputError("child " + std::to_string(child_id) + " has no arrangement with this prisoner");
            if (a->status == ArrangementStatus::Ended)
                throw InputError("the arrangement with child " + std::to_string(child_id) + " has ended");
            varied.emplace_back(*a, types);
        }
        rv.variation = variationWords(repo_, varied);
    } else if (!variation.allowed.empty()) {
        throw InputError("contact types are changed only by a 'varied' outcome");
    }
    const std::string at = now();
    const ReviewDecision d = decideReview(outcome, today(), WorkingCalendar{});
    rv.status = ReviewStatus::Completed;
    rv.outcome = outcome;
    rv.decided_by = by.id;
    rv.decided_at = at;
    rv.inform_by = d.inform_by;
    if (!notes.empty()) rv.notes += (rv.notes.empty() ? "" : "\n") + notes;
    repo_.inTransaction([&] {
        repo_.updateReview(rv);
        audit(by.username, "review.complete", "reviews", review_id,
              std::string(name(outcome)) + ", inform prisoner by " + d.inform_by.iso());
        repo_.applyReviewToArrangements(rv.prisoner_id, d.arrangement_status, today(), d.next_review_due);
        audit(by.username, "arrangement.review", "prisoners", rv.prisoner_id,
              std::string(name(d.arrangement_status)) + ", next review due " + d.next_review_due.iso());
        for (const auto& [a, types] : varied) {
            repo_.setArrangementAllowed(a.id, types);
            audit(by.username, "arrangement.vary", "arrangements", a.id, contactTypesWords(types));
        }
        for (const auto& inc : repo_.incidents(true)) {
            if (inc.review_id == review_id) {
                repo_.closeIncident(inc.id, at);
                audit(by.username, "incident.close", "incidents", inc.id, "review completed");
            }
        }
    });
    return rv;
}

Review Records::recordPrisonerInformed(const User& by, Id review_id) {
    authorise(by, Operation::RecordPrisonerInformed);
    Review rv = requireReview(review_id);
    if (rv.status != ReviewStatus::Completed) throw InputError("review is not completed: nothing to inform yet");
    if (rv.informed_at) throw InputError("the prisoner was already informed at " + *rv.informed_at);
    rv.informed_at = now();
    rv.informed_by = by.id;
    repo_.inTransaction([&] {
        repo_.updateReview(rv);
        audit(by.username, "review.informed", "reviews", review_id, *rv.informed_at);
    });
    return rv;
}

Id Records::openArrangementReview(const User& by, Id arrangement_id, ReviewTrigger trigger, const std::string& notes) {
    authorise(by, Operation::OpenReview);
    if (trigger == ReviewTrigger::Incident)
        throw InputError("a review after an incident is opened from the incident (review open --incident)");
    const auto a = repo_.arrangement(arrangement_id);
    if (!a) throw NotFoundError("no arrangement " + std::to_string(arrangement_id));
    if (const auto open = repo_.openReviewOf(a->prisoner_id))
        throw InputError("the prisoner already has review " + std::to_string(open->id) +
                         " open: complete it, it covers this arrangement too");
    Review rv;
    rv.prisoner_id = a->prisoner_id;
    rv.opened_by = trigger;
    rv.opened_at = now();
    rv.notes = notes;
    rv.arrangement_id = arrangement_id;
    rv.blocks_contact = false;  // the arrangement stands while it is reviewed
    Id id = 0;
    repo_.inTransaction([&] {
        id = repo_.addReview(rv);
        audit(by.username, "review.open", "reviews", id,
              std::string(name(trigger)) + " review of arrangement " + std::to_string(arrangement_id));
    });
    return id;
}

Appeal Records::lodgeAppeal(const User& by, Id review_id, const Date& lodged_on, const std::string& grounds) {
    authorise(by, Operation::LodgeAppeal);
    const Review rv = requireReview(review_id);
    if (rv.status != ReviewStatus::Completed) throw InputError("only a completed decision can be appealed");
    if (grounds.find_first_not_of(" \t\r\n") == std::string::npos) throw InputError("an appeal needs its grounds");
    if (today() < lodged_on) throw InputError("the appeal's lodged date " + lodged_on.iso() + " is in the future");
    if (rv.decided_at && lodged_on.iso() < rv.decided_at->substr(0, 10))
        throw InputError("the appeal's lodged date " + lodged_on.iso() + " is before the decision it appeals");
    for (const auto& other : repo_.appeals(review_id))
        if (!other.outcome)
            throw InputError("appeal " + std::to_string(other.id) + " against this decision is still to be decided");
    Appeal a;
    a.review_id = review_id;
    a.lodged_on = lodged_on;
    a.recorded_by = by.id;
    a.recorded_at = now();
    a.grounds = grounds;
    repo_.inTransaction([&] {
        a.id = repo_.addAppeal(a);
        audit(by.username, "appeal.lodge", "appeals", a.id, "against review " + std::to_string(review_id));
    });
    return a;
}

Appeal Records::decideAppeal(const User& by, Id appeal_id, AppealOutcome outcome, const std::string& notes) {
    authorise(by, Operation::DecideAppeal);
    auto a = repo_.appeal(appeal_id);
    if (!a) throw NotFoundError("no appeal " + std::to_string(appeal_id));
    if (a->outcome) throw InputError("appeal " + std::to_string(appeal_id) + " was already " + std::string(name(*a->outcome)));
    a->outcome = outcome;
    a->decided_on = today();
    a->decided_by = by.id;
    a->notes = notes;
    repo_.inTransaction([&] {
        repo_.updateAppeal(*a);
        audit(by.username, "appeal.decide", "appeals", appeal_id, std::string(name(outcome)));
    });
    return *a;
}

std::vector<Appeal> Records::appeals(const User& by, std::optional<Id> review_id) {
    authorise(by, Operation::ViewReviews);
    return repo_.appeals(review_id);
}

std::vector<Incident> Records::incidents(const User& by, bool open_only) {
    authorise(by, Operation::ViewIncidents);
    return repo_.incidents(open_only);
}

std::optional<IdentityCheck> Records::recordedCheck(const User& by, Id check_id) {
    authorise(by, Operation::ViewIncidents);
    return repo_.check(check_id);
}

std::vector<Review> Records::reviews(const User& by, bool open_only) {
    authorise(by, Operation::ViewReviews);
    return repo_.reviews(open_only);
}

namespace {
// The lead sees every notification; the duty governor and OMU managers those sent to their role.
std::vector<Notification> visibleTo(RecordsRepository& repo, const User& by, std::vector<Notification> all) {
    const auto stored = repo.user(by.id);
    if (!stored || stored->role == Role::SafeguardingLead) return all;
    const auto mine = recipientRoleOf(stored->role);
    std::erase_if(all, [&](const Notification& n) { return n.recipient != mine; });
    return all;
}
}  // namespace

std::vector<Notification> Records::notifications(const User& by, bool unacknowledged_only) {
    authorise(by, Operation::ViewNotifications);
    return visibleTo(repo_, by, repo_.notifications(unacknowledged_only));
}

std::vector<Notification> Records::notificationsOf(const User& by, Id incident_id) {
    authorise(by, Operation::ViewNotifications);
    return visibleTo(repo_, by, repo_.notificationsOf(incident_id));
}

Id Records::recordUnknownFaceOnCall(const User& by, Id booking_id, const std::string& station,
                                    const std::string& what_was_seen, const std::vector<std::uint8_t>& snapshot_jpeg) {
    authorise(by, Operation::RaiseWelfareConcern);
    const auto b = repo_.booking(booking_id);
    if (!b) throw NotFoundError("no booking " + std::to_string(booking_id));
    if (b->kind != BookingKind::VideoCall) throw InputError("booking " + std::to_string(booking_id) + " is not a video call");
    if (what_was_seen.find_first_not_of(" \t\r\n") == std::string::npos)
        throw InputError("an unknown-face alert needs a description of what the monitor saw");
    requireJpegOrNothing(snapshot_jpeg);
    Incident inc;
    inc.kind = IncidentKind::WelfareConcern;
    inc.prisoner_id = b->prisoner_id;
    inc.booking_id = booking_id;
    inc.details = "In-call monitor, station " + station + ": " + what_was_seen;
    Id id = 0;
    repo_.inTransaction([&] {
        id = raiseIncident(by, inc, station);
        if (!snapshot_jpeg.empty()) repo_.setIncidentSnapshot(id, snapshot_jpeg);
        audit(by.username, "call.unknown_face", "bookings", booking_id,
              "incident " + std::to_string(id) + (snapshot_jpeg.empty() ? ", no snapshot" : ", with snapshot"));
    });
    return id;
}

std::vector<std::uint8_t> Records::incidentSnapshot(const User& by, Id incident_id) {
    authorise(by, Operation::ViewIncidents);
    if (!repo_.incident(incident_id)) throw NotFoundError("no incident " + std::to_string(incident_id));
    return repo_.incidentSnapshot(incident_id);
}

OverdueReport Records::overdue(const User& by) {
    authorise(by, Operation::ViewOverdue);
    OverdueReport report;
    const Date day = today();
    for (auto& r : repo_.reviews(false)) {
        if (r.status == ReviewStatus::Open) report.open_reviews.push_back(r);
        else if (isNoticeOverdue(r, day)) report.notices.push_back(r);
    }
    for (auto& a : repo_.allArrangements()) {
        if (!isArrangementReviewOverdue(a, day)) continue;
        const auto p = repo_.prisoner(a.prisoner_id);
        const auto c = repo_.child(a.child_id);
        report.arrangement_words.push_back((p ? p->fullName() + " (" + p->prison_number + ")" : "a prisoner") + " with " +
                                           (c ? c->fullName() : "a child"));
        report.arrangements.push_back(a);
    }
    for (auto& e : repo_.allActiveImages()) {
        const auto age = assessImageAge(e.child.date_of_birth, e.image.date_taken, day);
        if (age && age->stale) report.stale_images.push_back({e, *age});
    }
    return report;
}

}  // namespace core
