// The contact session of one booking (a visit or a video call) as a pure state machine: the
// policy's central promise in one place. No contact goes ahead unless every expected child was
// confirmed (or overridden with a reason); a refusal or suspension is final for the booking; a
// prisoner blocked pending review cannot have a booking checked or started.
//
//   Booked --check--> Checking --(every child confirmed/overridden)--> Cleared --start--> InProgress
//   InProgress --end--> Ended
//   any check decided "not confident" --> Refused (visit) / Suspended (call)
//   a video call's officer may suspend it at any time before it ends --> Suspended
//
// The state is never stored as such: it is derived (deriveState) from what is stored — the
// booking's status, the session's start/end stamps and the decisions recorded for each child — so
// it cannot drift from the records. transition() decides whether an event may happen and what
// state follows; core::Records applies it inside the write transaction that records the event.
// Thread safety: pure functions over values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/domain.hpp"
#include "kiosk/core/rules.hpp"

namespace core {

struct ExpectedChild {
    Id child_id = 0;
    std::string name;            // "Mia Patel", for refusals an officer reads out
    ChildCheckStatus status = ChildCheckStatus::Unchecked;
    int attempts = 0;            // decided and abandoned, so far
    Eligibility eligibility;     // may this child be checked for this booking now?
};

// Everything the rules need to know about a booking's session, read in one transaction.
struct SessionFacts {
    Id booking_id = 0;
    BookingKind kind = BookingKind::Visit;
    SessionState state = SessionState::Booked;
    std::vector<ExpectedChild> children;
};

enum class SessionEventKind { Decide, Abandon, Start, End, Suspend };

struct SessionEvent {
    SessionEventKind kind = SessionEventKind::Decide;
    Id child_id = 0;                              // Decide, Abandon
    Decision decision = Decision::NotConfident;   // Decide
};

struct SessionTransition {
    bool allowed = false;
    SessionState next = SessionState::Booked;
    std::string refusal;  // when not allowed: a sentence an officer can read out
};

// The state the stored facts amount to. `started` / `ended`: the session's stamps; `statuses`:
// each expected child's latest decision; `any_attempt`: a check was opened (even if abandoned).
SessionState deriveState(BookingKind kind, BookingStatus stored, bool started, bool ended, const std::vector<ChildCheckStatus>& statuses,
                         bool any_attempt);

// May `event` happen to the session in `facts`, and what follows? Decisions for one child also
// consult the other children's statuses (the last confirmation clears the booking).
SessionTransition transition(const SessionFacts& facts, const SessionEvent& event);

// The expected child `child_id` in `facts`, or null when the booking does not expect them.
const ExpectedChild* expectedChild(const SessionFacts& facts, Id child_id);

// May a check of this child be opened now: the session's rules first (a refused or suspended
// booking, a call under way), then the child's own eligibility, with the review that blocks it.
Eligibility checkEligibility(const SessionFacts& facts, Id child_id);

// The latest decision recorded for a child stands: confirmed, overridden or not confident.
ChildCheckStatus statusAfter(Decision decision);

// "visit" / "video call", for sentences.
std::string contactWords(BookingKind kind);

}  // namespace core
