// The contact session's state machine, table-tested: every (state, event) pair for a visit and a
// video call, plus the derivation of the state from what is stored.
#include <catch2/catch.hpp>

#include <map>
#include <tuple>

#include "kiosk/core/contact_session.hpp"

using namespace core;

namespace {

constexpr SessionState kStates[] = {SessionState::Booked,     SessionState::Checking, SessionState::Cleared,
                                    SessionState::InProgress, SessionState::Ended,    SessionState::Refused,
                                    SessionState::Suspended,  SessionState::Cancelled};

// Two children; in Cleared and later both are confirmed, in Checking only Mia.
SessionFacts factsIn(SessionState state, BookingKind kind) {
    SessionFacts f;
    f.booking_id = 7;
    f.kind = kind;
    f.state = state;
    ExpectedChild mia{1, "Mia Patel", ChildCheckStatus::Unchecked, 0, {true, "", std::nullopt}};
    ExpectedChild leo{2, "Leo Patel", ChildCheckStatus::Unchecked, 0, {true, "", std::nullopt}};
    if (state == SessionState::Checking) mia.status = ChildCheckStatus::Confirmed;
    if (state == SessionState::Cleared || state == SessionState::InProgress || state == SessionState::Ended) {
        mia.status = ChildCheckStatus::Confirmed;
        leo.status = ChildCheckStatus::Overridden;
    }
    f.children = {mia, leo};
    return f;
}

struct Case {
    SessionEvent event;
    const char* label;
};

const Case kEvents[] = {
    {{SessionEventKind::Decide, 2, Decision::Confirmed}, "confirm Leo"},
    {{SessionEventKind::Decide, 2, Decision::Override}, "override Leo"},
    {{SessionEventKind::Decide, 2, Decision::NotConfident}, "not confident Leo"},
    {{SessionEventKind::Abandon, 2, Decision::NotConfident}, "abandon Leo"},
    {{SessionEventKind::Start, 0, Decision::NotConfident}, "start"},
    {{SessionEventKind::End, 0, Decision::NotConfident}, "end"},
    {{SessionEventKind::Suspend, 0, Decision::NotConfident}, "suspend"},
};

// Expected next state, or nullopt for a refusal: the whole table, written out.
std::optional<SessionState> expected(SessionState s, BookingKind kind, const std::string& ev) {
    using S = SessionState;
    const bool call = kind == BookingKind::VideoCall;
    if (s == S::Ended || s == S::Refused || s == S::Suspended || s == S::Cancelled) return std::nullopt;
    const bool before_start = s == S::Booked || s == S::Checking || s == S::Cleared;
    if (ev == "confirm Leo" || ev == "override Leo") {
        if (!before_start) return std::nullopt;
        // Leo's decision clears the booking only when Mia is already confirmed (Checking, Cleared).
        return s == S::Booked ? S::Checking : S::Cleared;
    }
    if (ev == "not confident Leo") return before_start ? std::optional(call ? S::Suspended : S::Refused) : std::nullopt;
    if (ev == "abandon Leo") return before_start ? std::optional(s == S::Booked ? S::Checking : s) : std::nullopt;
    if (ev == "start") return s == S::Cleared ? std::optional(S::InProgress) : std::nullopt;
    if (ev == "end") return s == S::InProgress ? std::optional(S::Ended) : std::nullopt;
    if (ev == "suspend") return call ? std::optional(S::Suspended) : std::nullopt;
    return std::nullopt;
}

}  // namespace

TEST_CASE("every state and event of a contact session, visit and video call") {
    int pairs = 0;
    for (const BookingKind kind : {BookingKind::Visit, BookingKind::VideoCall}) {
        for (const SessionState s : kStates) {
            for (const auto& c : kEvents) {
                INFO(std::string(name(kind)) << " in " << name(s) << ": " << c.label);
                const SessionTransition t = transition(factsIn(s, kind), c.event);
                const auto want = expected(s, kind, c.label);
                CHECK(t.allowed == want.has_value());
                if (want) CHECK(t.next == *want);
                if (!t.allowed) CHECK_FALSE(t.refusal.empty());
                ++pairs;
            }
        }
    }
    CHECK(pairs == 2 * 8 * 7);
}

TEST_CASE("the refusals say why, in words an officer reads out") {
    const auto unchecked = transition(factsIn(SessionState::Booked, BookingKind::VideoCall), {SessionEventKind::Start});
    CHECK(unchecked.refusal == "the video call cannot start: Mia Patel and Leo Patel have not been confirmed");
    const auto one = transition(factsIn(SessionState::Checking, BookingKind::Visit), {SessionEventKind::Start});
    CHECK(one.refusal == "the visit cannot start: Leo Patel has not been confirmed");
    const auto restart = transition(factsIn(SessionState::Suspended, BookingKind::VideoCall), {SessionEventKind::Start});
    CHECK_THAT(restart.refusal, Catch::Contains("suspended: it cannot be restarted"));
    const auto refused = transition(factsIn(SessionState::Refused, BookingKind::Visit),
                                    {SessionEventKind::Decide, 1, Decision::Confirmed});
    CHECK_THAT(refused.refusal, Catch::Contains("the visit was refused"));
}

TEST_CASE("a blocked child cannot be checked, and a cleared booking blocked since cannot start") {
    SessionFacts f = factsIn(SessionState::Booked, BookingKind::Visit);
    f.children[1].eligibility = {false, "blocked pending review 3: no visit or video call with children", 3};
    const auto check = transition(f, {SessionEventKind::Decide, 2, Decision::Confirmed});
    CHECK_FALSE(check.allowed);
    CHECK_THAT(check.refusal, Catch::Contains("blocked pending review 3"));

    SessionFacts cleared = factsIn(SessionState::Cleared, BookingKind::VideoCall);
    cleared.children[0].eligibility = {false, "blocked pending review 4: no visit or video call with children", 4};
    const auto start = transition(cleared, {SessionEventKind::Start});
    CHECK_FALSE(start.allowed);
    CHECK_THAT(start.refusal, Catch::Contains("the video call cannot start: blocked pending review 4"));
    // Suspending is always possible before the end: it only ever makes the booking safer.
    CHECK(transition(cleared, {SessionEventKind::Suspend}).allowed);
}

TEST_CASE("a child not on the booking cannot be decided, and a booking with no child cannot start") {
    const auto stranger = transition(factsIn(SessionState::Booked, BookingKind::Visit),
                                     {SessionEventKind::Decide, 99, Decision::Confirmed});
    CHECK_FALSE(stranger.allowed);
    SessionFacts empty = factsIn(SessionState::Cleared, BookingKind::Visit);
    empty.children.clear();
    CHECK_FALSE(transition(empty, {SessionEventKind::Start}).allowed);
}

TEST_CASE("the session state is derived from what is stored") {
    using S = SessionState;
    using C = ChildCheckStatus;
    const auto derive = [](BookingStatus b, bool started, bool ended, std::vector<C> st, bool any) {
        return deriveState(BookingKind::Visit, b, started, ended, st, any);
    };
    CHECK(derive(BookingStatus::Scheduled, false, false, {C::Unchecked, C::Unchecked}, false) == S::Booked);
    CHECK(derive(BookingStatus::Scheduled, false, false, {C::Unchecked, C::Unchecked}, true) == S::Checking);
    CHECK(derive(BookingStatus::Scheduled, false, false, {C::Confirmed, C::Unchecked}, true) == S::Checking);
    CHECK(derive(BookingStatus::Scheduled, false, false, {C::Confirmed, C::Overridden}, true) == S::Cleared);
    CHECK(derive(BookingStatus::Scheduled, true, false, {C::Confirmed, C::Confirmed}, true) == S::InProgress);
    CHECK(derive(BookingStatus::Completed, true, true, {C::Confirmed}, true) == S::Ended);
    CHECK(derive(BookingStatus::Refused, false, false, {C::NotConfident}, true) == S::Refused);
    CHECK(derive(BookingStatus::Suspended, false, false, {C::Unchecked}, false) == S::Suspended);
    CHECK(derive(BookingStatus::Cancelled, false, false, {C::Unchecked}, false) == S::Cancelled);
    // A stored "not confident" with a booking still scheduled (edited behind the kiosk's back)
    // counts as refused: the decision wins.
    CHECK(derive(BookingStatus::Scheduled, true, false, {C::NotConfident}, true) == S::Refused);
    CHECK(deriveState(BookingKind::VideoCall, BookingStatus::Scheduled, false, false, {C::NotConfident}, true) ==
          S::Suspended);
    CHECK(derive(BookingStatus::Scheduled, false, false, {}, false) == S::Booked);
}
