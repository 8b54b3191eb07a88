#include "kiosk/core/rules.hpp"

#include <algorithm>
#include <cstdio>

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

void checkUsername(std::string_view username) {
    const bool ok = username.size() >= 3 && username.size() <= 32 &&
                    std::all_of(username.begin(), username.end(), [](char c) {
                        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                    });
    if (!ok)
        throw InputError("username '" + printableText(username) +
                         "' must be 3 to 32 characters, each a-z, 0-9, '.', '_' or '-' (lower case, no spaces)");
}

void checkChildRef(std::string_view ref) {
    if (!ref.empty() && ref.find_first_not_of("0123456789") == std::string_view::npos)
        throw InputError("child reference '" + std::string(ref) +
                         "' is only digits: a number names a child by id on the command line, so give the "
                         "reference a letter or a prefix (e.g. C-" + std::string(ref) + ")");
}

std::string printableText(std::string_view text, bool keep_newlines) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    auto escByte = [&](unsigned char b) { out += "\\x"; out += hex[b >> 4]; out += hex[b & 0xF]; };
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if ((c < 0x20 || c == 0x7F) && !(keep_newlines && (c == '\n' || c == '\t'))) escByte(c);
            else out += static_cast<char>(c);
            ++i;
            continue;
        }
        // A well-formed UTF-8 sequence (no overlong forms, no surrogates), else each byte escaped.
        const std::size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool ok = len > 0 && i + len <= text.size();
        char32_t cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (std::size_t k = 1; ok && k < len; ++k) {
            const auto d = static_cast<unsigned char>(text[i + k]);
            ok = (d & 0xC0) == 0x80;
            cp = (cp << 6) | (d & 0x3F);
        }
        if (ok) ok = !(len == 2 && cp < 0x80) && !(len == 3 && cp < 0x800) && !(len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) &&
                     !(cp >= 0xD800 && cp <= 0xDFFF);
        if (!ok) {
            escByte(c);
            ++i;
            continue;
        }
        const bool hidden = (cp >= 0x80 && cp <= 0x9F)        // C1 controls (CSI, OSC...)
                            || cp == 0xAD                        // soft hyphen
                            || (cp >= 0x200B && cp <= 0x200F)    // zero-width, LRM, RLM
                            || (cp >= 0x2028 && cp <= 0x202E)    // line/paragraph separators, bidi embeddings
                            || (cp >= 0x2060 && cp <= 0x206F)    // word joiner, bidi isolates, invisible operators
                            || cp == 0xFEFF;                     // zero-width no-break space
        if (hidden) {
            char buf[12];
            std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
            out += buf;
        } else {
            out.append(text.substr(i, len));
        }
        i += len;
    }
    return out;
}

}  // namespace core
