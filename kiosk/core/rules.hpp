// The safeguarding rules (seeds/001 §2.3, DESIGN.md §1) as pure functions over domain values, so
// each one is table-tested without a database and the UI and CLI share them through Records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/calendar.hpp"
#include "kiosk/core/domain.hpp"

namespace core {

struct ResemblanceOnFile;
// The wrong-child check at enrolment: the other child a photo offered for approval may really show
// (it is closer to them than to this child's own approved images, or within the match threshold of
// them), so approving it needs the admin's confirmation naming them; nullopt when it does not.
std::optional<std::string> wrongChildSuspect(const ResemblanceOnFile& r);

// May this child be checked in for this booking? When not, `reason` says why in words an officer
// can read out.
struct Eligibility {
    bool allowed = false;
    std::string reason;
    std::optional<Id> blocking_review;
};

// `arrangements` are the prisoner's; `open_review` is the prisoner's open review, if any.
Eligibility checkInEligibility(const Booking& booking, const Child& child, const std::vector<Arrangement>& arrangements,
                               std::optional<Id> open_review);

// What an officer's decision at a check forces to happen next.
struct CheckConsequences {
    std::optional<IncidentKind> incident;
    bool opens_review = false;
    std::vector<RecipientRole> notify;
    std::optional<BookingStatus> booking_status;  // new stored status of the booking, if it changes
};

// Throws InputError when the decision does not fit the band: `confirmed` needs strong_match or
// possible_match; `override` is only for no_match / cannot_assess and needs a reason.
CheckConsequences consequencesOf(BookingKind kind, Band band, Decision decision, std::string_view reason);

// Whether consequencesOf() accepts `decision` for `band` (a reason aside): the result screen offers
// only the decisions that fit — Confirm after a match, Override after no match / cannot assess.
bool decisionFits(Band band, Decision decision);

// Who must be told of an incident of this kind.
std::vector<RecipientRole> recipientsFor(IncidentKind kind);

// A scheduled booking of a prisoner with an open review shows as blocked_pending_review.
BookingStatus shownStatus(BookingStatus stored, bool prisoner_has_open_review);
// The same, and a scheduled booking with a child whose arrangement a review ended or suspended, or
// which no longer allows this kind of contact, shows as contact_ended / contact_suspended /
// not_allowed (the worst of its children): bookings follow a review's outcome at once.
BookingStatus shownStatus(const Booking& booking, const std::vector<Arrangement>& prisoners_arrangements,
                          bool prisoner_has_blocking_review);

// Whether `type` of contact with the arrangement's child may take place now. A review opened by a
// refusal or suspension blocks every type (visits, video calls, phone and letters).
ContactStatus contactStatus(const Arrangement& arrangement, ContactType type, bool prisoner_has_blocking_review);

// Completing a review: the prisoner must be told within one working day; the next review is due
// three years after the decision; the arrangements take the status the outcome implies.
struct ReviewDecision {
    Date inform_by;  // one working day after the decision
    Date next_review_due;
    ArrangementStatus arrangement_status = ArrangementStatus::Active;
};
ReviewDecision decideReview(ReviewOutcome outcome, const Date& decided_on, const WorkingCalendar& calendar);


// The deadline to tell the prisoner has passed without a record that they were told.
bool isNoticeOverdue(const Review& review, const Date& today);
// An arrangement not ended whose three-yearly review date has passed.
bool isArrangementReviewOverdue(const Arrangement& arrangement, const Date& today);

// The in-call monitor's snapshot kept with an incident: a JPEG (FF D8 FF), or none. Anything else
// would show the safeguarding lead nothing: InputError.
void requireJpegOrNothing(const std::vector<std::uint8_t>& snapshot);

// An incident tied to a review closes when the review completes; others close once every
// notification about them is acknowledged.
bool incidentClosesWithReview(IncidentKind kind);

// A username is 3 to 32 characters, each a-z, 0-9, '.', '_' or '-': no capitals, spaces, newlines,
// zero-width or look-alike (non-ASCII) characters, so two users can never look the same in a list
// or an audit entry. Throws InputError saying so.
void checkUsername(std::string_view username);

// A child's reference must not be digits only: on the command line a number names a child by id,
// so "123" as a reference could pick another child. Throws InputError saying so.
void checkChildRef(std::string_view ref);

// `text` safe to show on a terminal: control characters (C0, DEL, C1), invalid UTF-8 and the
// invisible format characters that reorder or hide text (bidi overrides, zero-width, line and
// paragraph separators) are written as visible escapes such as \x1B or \u202E, so a name or a note
// from the records can never move the cursor, recolour the screen or pose as another name.
// `keep_newlines` keeps '\n' and '\t' (multi-line messages); otherwise they are escaped too.
std::string printableText(std::string_view text, bool keep_newlines = false);

}  // namespace core
