#include "kiosk/core/rules.hpp"

#include <algorithm>

#include "kiosk/core/errors.hpp"
#include "kiosk/core/face_checker.hpp"

namespace core {

Eligibility checkInEligibility(const Booking& booking, const Child& child, const std::vector<Arrangement>& arrangements,
                               std::optional<Id> open_review) {
    Eligibility e;
    const std::string who = child.fullName() + " (child " + std::to_string(child.id) + ")";
    if (open_review) {
        e.blocking_review = open_review;
        e.reason = "blocked pending review " + std::to_string(*open_review) +
                   ": no visit or video call with children until the prisoner's contact review is completed";
        return e;
    }
    if (booking.status != BookingStatus::Scheduled) {
        e.reason = "booking " + std::to_string(booking.id) + " is " + std::string(name(booking.status));
        return e;
    }
    if (std::find(booking.children.begin(), booking.children.end(), child.id) == booking.children.end()) {
        e.reason = who + " is not expected on booking " + std::to_string(booking.id);
        return e;
    }
    const auto it = std::find_if(arrangements.begin(), arrangements.end(),
                                 [&](const Arrangement& a) { return a.child_id == child.id; });
    if (it == arrangements.end()) {
        e.reason = "no contact arrangement between this prisoner and " + who;
        return e;
    }
    if (it->status != ArrangementStatus::Active) {
        e.reason = "the contact arrangement with " + who + " is " + std::string(name(it->status));
        return e;
    }
    const ContactType needed = contactFor(booking.kind);
    if (!it->allowed.contains(needed)) {
        std::string allowed;
        for (const auto c : it->allowed) allowed += (allowed.empty() ? "" : ", ") + std::string(name(c));
        e.reason = "the contact arrangement with " + who + " does not allow " + std::string(name(needed)) +
                   " (allows: " + (allowed.empty() ? "none" : allowed) + ")";
        return e;
    }
    e.allowed = true;
    return e;
}

std::vector<RecipientRole> recipientsFor(IncidentKind kind) {
    if (kind == IncidentKind::WelfareConcern)
        return {RecipientRole::SafeguardingLead, RecipientRole::DutyGovernor, RecipientRole::ProbationOmuManager};
    return {RecipientRole::SafeguardingLead};
}

CheckConsequences consequencesOf(BookingKind kind, Band band, Decision decision, std::string_view reason) {
    const bool machine_matched = band == Band::StrongMatch || band == Band::PossibleMatch;
    CheckConsequences c;
    switch (decision) {
    case Decision::Confirmed:
        if (!machine_matched)
            throw InputError("the result is " + std::string(name(band)) +
                             ": to admit the child anyway use decision 'override' with a reason");
        return c;
    case Decision::NotConfident:
        c.incident = kind == BookingKind::Visit ? IncidentKind::VisitRefused : IncidentKind::CallSuspended;
        c.opens_review = true;
        c.notify = recipientsFor(*c.incident);
        c.booking_status = kind == BookingKind::Visit ? BookingStatus::Refused : BookingStatus::Suspended;
        return c;
    case Decision::Override:
        if (machine_matched)
            throw InputError("the result is " + std::string(name(band)) + ": no override needed, use 'confirmed'");
        if (reason.find_first_not_of(" \t\r\n") == std::string_view::npos)
            throw InputError("an override needs a reason (--reason TEXT)");
        c.incident = IncidentKind::Override;
        c.notify = recipientsFor(IncidentKind::Override);
        return c;
    }
    return c;
}

bool decisionFits(Band band, Decision decision) {
    const bool machine_matched = band == Band::StrongMatch || band == Band::PossibleMatch;
    switch (decision) {
    case Decision::Confirmed: return machine_matched;
    case Decision::NotConfident: return true;
    case Decision::Override: return !machine_matched;
    }
    return false;
}

BookingStatus shownStatus(BookingStatus stored, bool prisoner_has_open_review) {
    if (stored == BookingStatus::Scheduled && prisoner_has_open_review) return BookingStatus::BlockedPendingReview;
    return stored;
}

BookingStatus shownStatus(const Booking& b, const std::vector<Arrangement>& arrangements, bool blocking_review) {
    const BookingStatus first = shownStatus(b.status, blocking_review);
    if (first != BookingStatus::Scheduled) return first;
    BookingStatus worst = BookingStatus::Scheduled;
    const auto rank = [](BookingStatus s) {
        return s == BookingStatus::ContactEnded ? 3 : s == BookingStatus::ContactSuspended ? 2 : s == BookingStatus::NotAllowed ? 1 : 0;
    };
    for (const Id child : b.children) {
        const auto a = std::find_if(arrangements.begin(), arrangements.end(),
                                    [&](const Arrangement& x) { return x.child_id == child; });
        BookingStatus s = BookingStatus::NotAllowed;
        if (a != arrangements.end()) {
            switch (contactStatus(*a, contactFor(b.kind), false)) {
            case ContactStatus::Allowed: s = BookingStatus::Scheduled; break;
            case ContactStatus::Ended: s = BookingStatus::ContactEnded; break;
            case ContactStatus::Suspended: s = BookingStatus::ContactSuspended; break;
            default: s = BookingStatus::NotAllowed; break;
            }
        }
        if (rank(s) > rank(worst)) worst = s;
    }
    return worst;
}

ContactStatus contactStatus(const Arrangement& a, ContactType type, bool blocking_review) {
    if (a.status == ArrangementStatus::Ended) return ContactStatus::Ended;
    if (!a.allowed.contains(type)) return ContactStatus::NotAllowed;
    if (a.status == ArrangementStatus::SuspendedPendingReview) return ContactStatus::Suspended;
    if (blocking_review) return ContactStatus::BlockedPendingReview;
    return ContactStatus::Allowed;
}

ReviewDecision decideReview(ReviewOutcome outcome, const Date& decided_on, const WorkingCalendar& calendar) {
    ReviewDecision d;
    d.inform_by = calendar.addWorkingDays(decided_on, 1);
    d.next_review_due = decided_on.plusYears(3);
    switch (outcome) {
    case ReviewOutcome::Unchanged:
    case ReviewOutcome::Varied: d.arrangement_status = ArrangementStatus::Active; break;
    case ReviewOutcome::Suspended: d.arrangement_status = ArrangementStatus::SuspendedPendingReview; break;
    case ReviewOutcome::Ended: d.arrangement_status = ArrangementStatus::Ended; break;
    }
    return d;
}

bool isNoticeOverdue(const Review& review, const Date& today) {
    return review.status == ReviewStatus::Completed && review.inform_by && !review.informed_at &&
           *review.inform_by < today;
}

bool isArrangementReviewOverdue(const Arrangement& a, const Date& today) {
    return a.status != ArrangementStatus::Ended && a.next_review_due < today;
}

void requireJpegOrNothing(const std::vector<std::uint8_t>& s) {
    if (!s.empty() && (s.size() < 4 || s[0] != 0xFF || s[1] != 0xD8 || s[2] != 0xFF))
        throw InputError("the in-call monitor's snapshot is not a JPEG image");
}

bool incidentClosesWithReview(IncidentKind kind) {
    return kind == IncidentKind::VisitRefused || kind == IncidentKind::CallSuspended;
}

std::optional<std::string> wrongChildSuspect(const ResemblanceOnFile& r) {
    if (!r.closest_other_distance) return std::nullopt;
    const bool closer_than_own = r.own_best && *r.closest_other_distance < *r.own_best;
    if (r.other_within_match || closer_than_own) return r.closest_other;
    return std::nullopt;
}

}  // namespace core
