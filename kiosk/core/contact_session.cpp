#include "kiosk/core/contact_session.hpp"

#include <algorithm>

namespace core {
namespace {

bool cleared(ChildCheckStatus s) { return s == ChildCheckStatus::Confirmed || s == ChildCheckStatus::Overridden; }

SessionTransition refuse(std::string why) { return {false, SessionState::Booked, std::move(why)}; }
SessionTransition to(SessionState next) { return {true, next, {}}; }

bool isFinal(SessionState s) {
    return s == SessionState::Ended || s == SessionState::Refused || s == SessionState::Suspended ||
           s == SessionState::Cancelled;
}

std::string finalWords(SessionState s, BookingKind kind) {
    const std::string review = "; the prisoner's contact arrangements are reviewed before any further visit or call";
    switch (s) {
    case SessionState::Refused: return "the visit was refused: it cannot go ahead" + review;
    case SessionState::Suspended: return "the video call was suspended: it cannot be restarted" + review;
    case SessionState::Ended: return "the " + contactWords(kind) + " has ended";
    case SessionState::Cancelled: return "the booking was cancelled";
    default: return {};
    }
}

// "Mia Patel", "Mia Patel and Leo Hughes", "A, B and C"
std::string namesList(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i)
        out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
    return out;
}

}  // namespace

std::string contactWords(BookingKind kind) { return kind == BookingKind::Visit ? "visit" : "video call"; }

ChildCheckStatus statusAfter(Decision d) {
    switch (d) {
    case Decision::Confirmed: return ChildCheckStatus::Confirmed;
    case Decision::Override: return ChildCheckStatus::Overridden;
    case Decision::NotConfident: return ChildCheckStatus::NotConfident;
    }
    return ChildCheckStatus::NotConfident;
}

SessionState deriveState(BookingKind kind, BookingStatus stored, bool started, bool ended,
                         const std::vector<ChildCheckStatus>& statuses, bool any_attempt) {
    switch (stored) {
    case BookingStatus::Refused: return SessionState::Refused;
    case BookingStatus::Suspended: return SessionState::Suspended;
    case BookingStatus::Completed: return SessionState::Ended;
    case BookingStatus::Cancelled: return SessionState::Cancelled;
    default: break;
    }
    // A "not confident" decision always refuses or suspends the booking in the same transaction;
    // should the two ever disagree, the decision wins (fail closed).
    if (std::find(statuses.begin(), statuses.end(), ChildCheckStatus::NotConfident) != statuses.end())
        return kind == BookingKind::Visit ? SessionState::Refused : SessionState::Suspended;
    if (ended) return SessionState::Ended;
    if (started) return SessionState::InProgress;
    if (!statuses.empty() && std::all_of(statuses.begin(), statuses.end(), cleared)) return SessionState::Cleared;
    const bool any_checked = std::any_of(statuses.begin(), statuses.end(),
                                         [](ChildCheckStatus s) { return s != ChildCheckStatus::Unchecked; });
    return any_checked || any_attempt ? SessionState::Checking : SessionState::Booked;
}

const ExpectedChild* expectedChild(const SessionFacts& f, Id child_id) {
    const auto it = std::find_if(f.children.begin(), f.children.end(),
                                 [child_id](const ExpectedChild& c) { return c.child_id == child_id; });
    return it == f.children.end() ? nullptr : &*it;
}

Eligibility checkEligibility(const SessionFacts& f, Id child_id) {
    const auto t = transition(f, {SessionEventKind::Decide, child_id, Decision::Confirmed});
    const ExpectedChild* c = expectedChild(f, child_id);
    return {t.allowed, t.refusal, c ? c->eligibility.blocking_review : std::nullopt};
}

SessionTransition transition(const SessionFacts& f, const SessionEvent& e) {
    const std::string contact = contactWords(f.kind);
    if (isFinal(f.state)) return refuse(finalWords(f.state, f.kind));
    const ExpectedChild* child = expectedChild(f, e.child_id);
    switch (e.kind) {
    case SessionEventKind::Decide:
    case SessionEventKind::Abandon: {
        if (f.state == SessionState::InProgress)
            return refuse("the " + contact + " is under way: children are checked before it starts");
        if (!child) return refuse("that child is not expected on this booking");
        if (e.kind == SessionEventKind::Abandon)
            return to(f.state == SessionState::Booked ? SessionState::Checking : f.state);
        if (!child->eligibility.allowed) return refuse(child->eligibility.reason);
        if (e.decision == Decision::NotConfident)
            return to(f.kind == BookingKind::Visit ? SessionState::Refused : SessionState::Suspended);
        bool all = true;
        for (const auto& c : f.children)
            all = all && cleared(c.child_id == e.child_id ? statusAfter(e.decision) : c.status);
        return to(all ? SessionState::Cleared : SessionState::Checking);
    }
    case SessionEventKind::Start: {
        if (f.state == SessionState::InProgress) return refuse("the " + contact + " is already under way");
        std::vector<std::string> unconfirmed;
        for (const auto& c : f.children)
            if (!cleared(c.status)) unconfirmed.push_back(c.name);
        if (f.children.empty()) return refuse("the " + contact + " cannot start: no child is booked on it");
        if (!unconfirmed.empty())
            return refuse("the " + contact + " cannot start: " + namesList(unconfirmed) +
                          (unconfirmed.size() == 1 ? " has" : " have") + " not been confirmed");
        // Confirmed earlier is not enough: another station may have blocked the prisoner since.
        for (const auto& c : f.children)
            if (!c.eligibility.allowed) return refuse("the " + contact + " cannot start: " + c.eligibility.reason);
        return to(SessionState::InProgress);
    }
    case SessionEventKind::End:
        if (f.state != SessionState::InProgress) return refuse("the " + contact + " has not started");
        return to(SessionState::Ended);
    case SessionEventKind::Suspend:
        if (f.kind == BookingKind::Visit)
            return refuse("a visit is refused at a child's check (Not confident); only a video call is suspended");
        return to(SessionState::Suspended);
    }
    return refuse("unknown event");
}

}  // namespace core
